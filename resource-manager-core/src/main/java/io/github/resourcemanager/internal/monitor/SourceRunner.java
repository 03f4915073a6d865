package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.internal.NamedThreads;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SourceStats;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source each tick and keeps its statistics. A source that {@linkplain ResourceSource#mayBlock may
 * block} runs on a worker thread of its own: the monitor starts it, does other work, then waits for it up to
 * the tick's deadline. A call still running at the deadline is abandoned for this tick, and the source is
 * skipped (counted as timed out) until that call returns, so a hung source holds one thread, never more.
 *
 * <p>A source that does not block is called by the monitor's worker as one {@link TickStep} ({@link #callStep}),
 * under the supervisor's deadline; its values are merged by a later step only if the call returned in time. Every
 * failure but a {@linkplain Faults#isFatal fatal} one is contained and counted, {@link Error}s included.
 */
final class SourceRunner {
  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);

  private final ResourceSource source;
  private final String threadName;
  private final @Nullable ThreadFactory threadFactory;
  private final SourceBuffer buffer;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile @Nullable String lastError;
  // For logging only. Read and written by the worker, the supervising thread and an abandoned call's thread, one after
  // the other in practice; a rare race could only misplace a log line, never a count.
  private long consecutiveProblems;

  // Inline calls: the result of this tick's call, good only once the call returned within the deadline.
  private boolean callSucceeded;
  private boolean fresh;

  // Worker hand-off, for sources that may block.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private @Nullable Thread worker;
  private boolean requested;
  private boolean startedThisTick;
  private boolean running;
  private boolean done;
  private @Nullable Throwable outcome;
  private boolean closed;

  SourceRunner(ResourceSource source, String monitorThreadName, @Nullable ThreadFactory threadFactory,
      int maxMetrics, MetricBudget budget) {
    this.source = source;
    this.threadName = monitorThreadName + "-source-" + source.name();
    this.threadFactory = threadFactory;
    this.buffer = new SourceBuffer(source.name(), maxMetrics, budget);
  }

  ResourceSource source() {
    return source;
  }

  boolean isolated() {
    return source.mayBlock();
  }

  /** The step that calls a source that does not block, on the monitor's worker, under the callback deadline. */
  TickStep callStep(java.util.function.LongSupplier tickNanos) {
    return new TickStep("source '" + source.name() + "'") {
      @Override
      protected void run() {
        callInline(tickNanos.getAsLong());
      }

      @Override
      protected void completed() {
        fresh = callSucceeded;
      }

      @Override
      protected void overran(long elapsedNanos) {
        timeouts.incrementAndGet();
        lastError = "did not return within " + Durations.format(elapsedNanos);
        consecutiveProblems++;
        log.warn("source '{}' did not return within {}; the tick went on without it, and it is skipped (counted as "
            + "timed out) until the call returns", source.name(), Durations.format(elapsedNanos));
      }

      @Override
      protected void skipped() {
        timedOut();
      }

      @Override
      protected void returned(long elapsedNanos) {
        log.info("source '{}' returned after {}; it is sampled again from the next tick", source.name(),
            Durations.format(elapsedNanos));
      }
    };
  }

  /** Calls the source on the calling thread; {@link #mergeIfFresh} merges the values if the step completed. */
  void callInline(long tickNanos) {
    callSucceeded = false;
    buffer.reset(tickNanos);
    try {
      source.sample(buffer);
    } catch (Throwable t) {
      failed(t);
      Faults.rethrowIfFatal(t);
      return;
    }
    callSucceeded = true;
  }

  /** Merges the values of this tick's inline call if it returned in time and succeeded. */
  void mergeIfFresh(TickSample sample, ThreadTracker tracker) {
    if (fresh) {
      fresh = false;
      succeeded(sample, tracker);
    }
  }

  /** Runs the source on the calling thread and merges its values if it succeeds (tools and tests). */
  void runInline(long tickNanos, TickSample sample, ThreadTracker tracker) {
    callInline(tickNanos);
    if (callSucceeded) {
      succeeded(sample, tracker);
    }
  }

  /** Starts the source on its worker for this tick, unless its previous call is still running. */
  void start(long tickNanos) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (worker == null) {
        worker = NamedThreads.create(threadFactory, threadName, this::work);
        worker.start();
      }
      startedThisTick = false;
      if (running || requested) {
        return; // still busy with an abandoned call: finish() counts this tick as timed out
      }
      done = false; // a late result of an abandoned call is discarded
      outcome = null;
      buffer.reset(tickNanos);
      requested = true;
      startedThisTick = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code deadlineNanos} ({@link System#nanoTime()}) for this tick's call and merges its values. */
  void finish(long deadlineNanos, TickSample sample, ThreadTracker tracker) {
    Throwable failure;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (!startedThisTick) {
        // Still busy with a call abandoned at an earlier tick: skipped at once. Waiting for it here would cost
        // every tick the whole source timeout for as long as the call hangs.
        timedOut();
        return;
      }
      startedThisTick = false;
      long remaining = deadlineNanos - System.nanoTime();
      while (!done && remaining > 0) {
        try {
          remaining = changed.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!done) {
        timedOut();
        return;
      }
      done = false;
      failure = outcome;
      outcome = null;
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      failed(failure);
      Faults.rethrowIfFatal(failure);
    } else {
      succeeded(sample, tracker);
    }
  }

  private void work() {
    while (true) {
      lock.lock();
      try {
        while (!requested && !closed) {
          changed.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        requested = false;
        running = true;
      } finally {
        lock.unlock();
      }
      Throwable failure = null;
      try {
        source.sample(buffer);
      } catch (Throwable t) {
        failure = t; // counted and logged by the monitor's worker in finish()
      }
      lock.lock();
      try {
        running = false;
        done = true;
        outcome = failure;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void succeeded(TickSample sample, ThreadTracker tracker) {
    buffer.mergeInto(sample, tracker);
    samples.incrementAndGet();
    if (consecutiveProblems > 0) {
      log.info("source '{}' recovered after {} failed or timed-out ticks", source.name(), consecutiveProblems);
      consecutiveProblems = 0;
    }
  }

  private void failed(Throwable t) {
    failures.incrementAndGet();
    lastError = Faults.describe(t);
    // The first failure of a run is logged in full; repeats only at debug, so a broken source cannot flood the log.
    // Logging itself may fail (an OutOfMemoryError leaves little room): the count above is what must not be lost.
    try {
      if (consecutiveProblems++ == 0) {
        log.warn("source '{}' failed; skipped for this tick (further failures are logged at debug until it recovers)",
            source.name(), t);
      } else {
        log.debug("source '{}' failed again ({} in a row)", source.name(), consecutiveProblems, t);
      }
    } catch (Throwable logging) {
      Faults.rethrowIfFatal(logging);
    }
  }

  private void timedOut() {
    timeouts.incrementAndGet();
    lastError = "timed out";
    if (consecutiveProblems++ == 0) {
      log.warn("source '{}' did not finish within the source timeout; skipped until its call returns", source.name());
    } else {
      log.debug("source '{}' still busy ({} ticks)", source.name(), consecutiveProblems);
    }
  }

  SourceStats stats() {
    return new SourceStats(source.name(), source.mayBlock(), samples.get(), failures.get(), timeouts.get(),
        buffer.droppedValues(), lastError);
  }

  /**
   * Stops the worker of a blocking source: a wait for it in {@link #finish} returns at once, no call starts again,
   * and a call in progress is interrupted.
   */
  void stopWorker() {
    Thread w;
    lock.lock();
    try {
      closed = true;
      w = worker;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (w != null) {
      w.interrupt();
    }
  }

  /** Waits until {@code deadlineNanos} ({@link System#nanoTime()}) for the worker to end; logs one that does not. */
  void awaitWorker(long deadlineNanos) {
    Thread w;
    lock.lock();
    try {
      w = worker;
    } finally {
      lock.unlock();
    }
    if (w == null) {
      return;
    }
    try {
      w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (w.isAlive()) {
      log.warn("source '{}' did not return from a call after interruption; its daemon thread '{}' is left to end "
          + "on its own", source.name(), w.getName());
    }
  }

  /** The step that closes the source, under the callback deadline. */
  TickStep closeStep() {
    return new TickStep("closing source '" + source.name() + "'") {
      @Override
      protected void run() {
        try {
          source.close();
        } catch (Throwable t) {
          Faults.rethrowIfFatal(t);
          log.warn("source '{}' failed to close", source.name(), t);
        }
      }

      @Override
      protected void overran(long elapsedNanos) {
        log.warn("source '{}' did not return from close() within {}; the monitor closed without waiting for it",
            source.name(), Durations.format(elapsedNanos));
      }
    };
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
