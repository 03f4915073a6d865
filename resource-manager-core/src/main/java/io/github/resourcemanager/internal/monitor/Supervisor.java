package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.internal.NamedThreads;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tick's {@link TickStep}s on a worker thread and watches each against its deadline, so that no call into
 * user code can stall the caller.
 *
 * <p>The calling thread (the scheduler's, or the caller of {@code sampleNow}) hands the steps to the worker through
 * preallocated fields and parks until the worker is done. While it waits it is the watchdog: when the step in
 * progress passes its deadline, it marks the step stuck, leaves the worker thread to that call and starts a
 * replacement worker for the rest of the run and for later runs. The abandoned thread ends when its call returns,
 * after clearing the step's mark. Threads are created only then, never per tick: a steady run allocates nothing.
 *
 * <p>A run therefore takes at most its steps' own time plus one deadline per step that gets stuck in it. After
 * {@link #stopRuns()}, the run in progress ends after its current step, or at that step's deadline.
 *
 * <p>Runs are serialized by the caller. Every method but {@link #run} may be called from any thread.
 */
public final class Supervisor {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  /** How often the waiting thread looks again when it sees no step in progress (the worker is between steps). */
  private static final long RECHECK_NANOS = 10_000_000L;
  private static final TickStep[] NO_STEPS = new TickStep[0];

  private final String workerName;
  private final @Nullable ThreadFactory threadFactory;
  private final long deadlineNanos;
  private final @Nullable Runnable onAbandon;

  // Hand-over between the waiting thread and the worker. The step in progress and its claim are guarded by
  // 'handover', so that a worker finishing a step and the watchdog abandoning it agree on which happened.
  private final Object handover = new Object();
  private long claim; // stamp of the step in progress, 0 between steps
  private long nextStamp;
  private int stepIndex;
  private long stepStart;
  private long stepDeadline;

  private volatile TickStep[] steps = NO_STEPS;
  private volatile int resumeAt;
  private volatile long requested;
  private volatile long finished;
  private volatile @Nullable Thread waiter;
  private volatile @Nullable Worker worker;
  private volatile long stoppedRun; // the run stopRuns() ended, 0 for none
  private volatile boolean shutdown;
  private volatile @Nullable Throwable fatal;
  private int workerNumber; // guarded by handover
  private final AtomicLong overruns = new AtomicLong();
  private final AtomicLong workersStarted = new AtomicLong();

  /**
   * A supervisor whose workers are named {@code workerName-N}.
   *
   * @param threadFactory the user's factory, or null for the library's daemon threads
   * @param deadlineNanos how long a step may take unless it has a deadline of its own
   * @param onAbandon run on the waiting thread when a step is abandoned, before the replacement worker starts; null
   *     for nothing
   */
  public Supervisor(String workerName, @Nullable ThreadFactory threadFactory, long deadlineNanos,
      @Nullable Runnable onAbandon) {
    this.workerName = workerName;
    this.threadFactory = threadFactory;
    this.deadlineNanos = deadlineNanos;
    this.onAbandon = onAbandon;
  }

  /**
   * Runs {@code program} in order on the worker and returns when every step has run, been skipped (stuck since an
   * earlier run) or been abandoned at its deadline, or when {@code budgetNanos} has passed. A
   * {@linkplain Faults#isFatal fatal} error a step let through is rethrown here, after the run.
   *
   * @param budgetNanos how long to wait for the whole run at most, or {@code Long.MAX_VALUE}; past it, the worker
   *     finishes the run on its own
   * @return whether the run finished (false: the budget ran out or the supervisor was stopped mid-step)
   */
  public boolean run(TickStep[] program, long budgetNanos) {
    waiter = Thread.currentThread();
    steps = program;
    resumeAt = 0;
    long r = requested + 1;
    Worker w = worker;
    if (w == null || w.retired) {
      w = startWorker(r - 1);
    }
    requested = r;
    LockSupport.unpark(w.thread);
    boolean done = await(r, budgetNanos);
    Throwable f = fatal;
    if (f != null) {
      fatal = null;
      throw (VirtualMachineError) f;
    }
    return done;
  }

  /** Runs with no budget: until every step has run, been skipped or been abandoned. */
  public void run(TickStep[] program) {
    run(program, Long.MAX_VALUE);
  }

  private boolean await(long r, long budgetNanos) {
    long begin = System.nanoTime();
    while (finished != r) {
      long now = System.nanoTime();
      if (budgetNanos != Long.MAX_VALUE && now - begin >= budgetNanos) {
        return false;
      }
      long wait;
      TickStep abandoned = null;
      int index = 0;
      long elapsed = 0;
      synchronized (handover) {
        if (claim != 0) {
          long over = (now - stepStart) - stepDeadline; // no overflow with TickStep.NO_DEADLINE
          if (over >= 0) {
            index = stepIndex;
            abandoned = steps[index];
            abandoned.stuck = true;
            claim = 0;
            elapsed = now - stepStart;
            Worker w = worker;
            if (w != null) {
              w.retired = true;
            }
          }
          // During a step without deadline, look again now and then: the step after it may have one.
          wait = stepDeadline == TickStep.NO_DEADLINE ? RECHECK_NANOS : -over;
        } else {
          wait = RECHECK_NANOS;
        }
      }
      if (abandoned != null) {
        onOverrun(abandoned, elapsed);
        if (onAbandon != null) {
          onAbandon.run();
        }
        if (stoppedRun == r) {
          finished = r; // nothing more to run: the run ends here
          return false;
        }
        resumeAt = index + 1;
        startWorker(r - 1); // picks up request r and resumes after the stuck step
        continue;
      }
      if (budgetNanos != Long.MAX_VALUE) {
        wait = Math.min(wait, budgetNanos - (now - begin));
      }
      LockSupport.parkNanos(this, Math.max(1, wait));
    }
    return true;
  }

  private void onOverrun(TickStep step, long elapsedNanos) {
    overruns.incrementAndGet();
    try {
      step.overran(elapsedNanos);
    } catch (Throwable t) {
      Faults.rethrowIfFatal(t);
      log.error("reporting the overrun of {} failed", step.description(), t);
    }
  }

  private Worker startWorker(long seen) {
    Worker w;
    synchronized (handover) {
      workerNumber++;
      w = new Worker(seen, workerName + "-" + workerNumber);
      worker = w;
    }
    workersStarted.incrementAndGet();
    w.thread.start();
    return w;
  }

  /** Ends the run in progress (if any) after its current step, or at that step's deadline; later runs still run. */
  public void stopRuns() {
    stoppedRun = requested;
    Thread t = waiter;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Lets the worker end once it is idle; a worker stuck in a call ends when the call returns. */
  public void shutdown() {
    shutdown = true;
    Worker w = worker;
    if (w != null) {
      LockSupport.unpark(w.thread);
    }
  }

  /** Waits up to {@code timeoutNanos} for the current worker to end (after {@link #shutdown}); whether it did. */
  public boolean awaitWorker(long timeoutNanos) {
    Worker w = worker;
    if (w == null) {
      return true;
    }
    try {
      w.thread.join(Math.max(1, timeoutNanos / 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !w.thread.isAlive();
  }

  /** Whether {@code thread} is the worker running steps now (so a step calling back must not wait for the run). */
  public boolean isWorker(Thread thread) {
    Worker w = worker;
    return w != null && w.thread == thread;
  }

  /** Steps abandoned at their deadline so far. */
  public long overruns() {
    return overruns.get();
  }

  /** Worker threads started so far: the first one and one per overrun. */
  public long workersStarted() {
    return workersStarted.get();
  }

  /** The default deadline of a step. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** A thread running steps. Retired when the watchdog abandons it in a stuck step; it then ends with that call. */
  private final class Worker implements Runnable {
    final Thread thread; // runs this worker, started once constructed
    long seen;
    volatile boolean retired;

    Worker(long seen, String name) {
      this.seen = seen;
      this.thread = NamedThreads.create(threadFactory, name, this); // not started here: startWorker starts it
    }

    @Override
    public void run() {
      while (true) {
        long r;
        while ((r = requested) == seen) {
          if (shutdown || retired) {
            return;
          }
          LockSupport.park(this);
        }
        if (retired) {
          return;
        }
        seen = r;
        TickStep[] program = steps;
        for (int i = resumeAt; i < program.length; i++) {
          if (stoppedRun == r) {
            break;
          }
          TickStep step = program[i];
          if (step.stuck) {
            skip(step);
            continue;
          }
          long stamp;
          long start = System.nanoTime();
          synchronized (handover) {
            stamp = ++nextStamp;
            stepIndex = i;
            stepStart = start;
            stepDeadline = step.deadlineNanos(deadlineNanos);
            claim = stamp;
          }
          try {
            step.run();
          } catch (Throwable t) {
            if (Faults.isFatal(t)) {
              fatal = t;
            } else {
              log.error("{} let a failure through; the tick goes on", step.description(), t);
            }
          }
          boolean inTime;
          synchronized (handover) {
            inTime = claim == stamp;
            if (inTime) {
              claim = 0;
            } else {
              step.stuck = false; // the watchdog marked it stuck before this block could run
            }
          }
          if (!inTime) {
            returnedLate(step, System.nanoTime() - start);
            return;
          }
          step.completed();
        }
        finished = r;
        Thread t = waiter;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }

    private void skip(TickStep step) {
      try {
        step.skipped();
      } catch (Throwable t) {
        Faults.rethrowIfFatal(t);
        log.error("counting a skipped {} failed", step.description(), t);
      }
    }

    private void returnedLate(TickStep step, long elapsed) {
      try {
        step.returned(elapsed);
      } catch (Throwable t) {
        Faults.rethrowIfFatal(t);
        log.error("{} returned after {}, and reporting it failed", step.description(), Durations.format(elapsed), t);
      }
    }
  }
}
