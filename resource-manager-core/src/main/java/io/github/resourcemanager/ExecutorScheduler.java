package io.github.resourcemanager;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler#of(ScheduledExecutorService)} scheduler: each run is a one-shot task on the user's executor
 * that schedules the next one when it ends, so runs never overlap and, as with the system scheduler, runs whose
 * whole period passed during an overrun are skipped rather than run back to back
 * ({@code scheduleAtFixedRate} would run them in a burst).
 */
final class ExecutorScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);

  private final ScheduledExecutorService executor;

  ExecutorScheduler(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public ScheduledTask schedulePeriodic(String name, Runnable task, Duration initialDelay, Duration period) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    long periodNanos = Durations.positiveNanos("period", period);
    long delayNanos = Durations.nonNegativeNanos("initialDelay", initialDelay);
    ChainedRun run = new ChainedRun(name, task, periodNanos);
    run.scheduleAt(System.nanoTime() + delayNanos);
    return run;
  }

  private final class ChainedRun implements Runnable, ScheduledTask {
    private final String name;
    private final Runnable task;
    private final long periodNanos;
    private final AtomicLong skipped = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private boolean running;
    private volatile boolean cancelled;
    private volatile @Nullable Thread runner;
    private @Nullable ScheduledFuture<?> next; // guarded by lock
    private long dueNanos;           // guarded by lock

    ChainedRun(String name, Runnable task, long periodNanos) {
      this.name = name;
      this.task = task;
      this.periodNanos = periodNanos;
    }

    void scheduleAt(long due) {
      lock.lock();
      try {
        if (cancelled) {
          return;
        }
        dueNanos = due;
        next = executor.schedule(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shutDown) {
        log.warn("periodic task '{}' stops: its executor no longer accepts tasks", name);
        cancelled = true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void run() {
      long due;
      lock.lock();
      try {
        if (cancelled) {
          return;
        }
        running = true;
        due = dueNanos;
      } finally {
        lock.unlock();
      }
      runner = Thread.currentThread();
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("periodic task '{}' threw; it stays scheduled", name, e);
      } finally {
        runner = null;
        lock.lock();
        try {
          running = false;
          idle.signalAll();
        } finally {
          lock.unlock();
        }
      }
      long following = due + periodNanos;
      long missed = ThreadScheduler.missedRuns(following, System.nanoTime(), periodNanos);
      if (missed > 0) {
        skipped.addAndGet(missed);
        following += missed * periodNanos;
      }
      scheduleAt(following);
    }

    @Override
    public boolean cancel(Duration timeout) {
      long timeoutNanos = Durations.nonNegativeNanos("timeout", timeout);
      lock.lock();
      try {
        cancelled = true;
        if (next != null) {
          next.cancel(false);
        }
        if (Thread.currentThread() == runner) {
          return false; // cancelled from inside a run: no further run is scheduled when it returns
        }
        long left = timeoutNanos;
        while (running && left > 0) {
          left = idle.awaitNanos(left);
        }
        return !running;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !running;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public long skippedRuns() {
      return skipped.get();
    }
  }
}
