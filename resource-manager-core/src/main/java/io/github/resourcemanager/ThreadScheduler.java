package io.github.resourcemanager;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import io.github.resourcemanager.internal.NamedThreads;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler#system()} scheduler: one thread per periodic task, from the library's default (a daemon thread
 * named after the task) or from a user's {@link ThreadFactory}.
 */
final class ThreadScheduler implements Scheduler {
  static final ThreadScheduler DEFAULT = new ThreadScheduler(null);

  private static final Logger log = LoggerFactory.getLogger(ThreadScheduler.class);

  private final @Nullable ThreadFactory factory; // null: the library's daemon threads

  ThreadScheduler(@Nullable ThreadFactory factory) {
    this.factory = factory;
  }

  @Override
  public ScheduledTask schedulePeriodic(String name, Runnable task, Duration initialDelay, Duration period) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    long periodNanos = Durations.positiveNanos("period", period);
    long delayNanos = Durations.nonNegativeNanos("initialDelay", initialDelay);
    PeriodicRun run = new PeriodicRun(factory, name, task, delayNanos, periodNanos);
    run.thread.start();
    return run;
  }

  /**
   * How many runs to skip when the next run is due at {@code next} and it is now {@code now}. A run less than
   * a period late still runs (late); runs whose whole period has passed are skipped, so an overrun never turns
   * into a burst of back-to-back runs and the cadence stays aligned to the original schedule.
   */
  static long missedRuns(long next, long now, long period) {
    long late = now - next;
    return late < period ? 0 : late / period;
  }

  private static final class PeriodicRun implements Runnable, ScheduledTask {
    private final String name;
    private final Runnable task;
    final Thread thread; // runs this task, started once constructed
    private final long initialDelayNanos;
    private final long periodNanos;
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean cancelled;

    PeriodicRun(@Nullable ThreadFactory factory, String name, Runnable task, long initialDelayNanos, long periodNanos) {
      this.name = name;
      this.task = task;
      this.initialDelayNanos = initialDelayNanos;
      this.periodNanos = periodNanos;
      this.thread = NamedThreads.create(factory, name, this); // not started here: the caller starts it
    }

    @Override
    public void run() {
      long next = System.nanoTime() + initialDelayNanos;
      while (!cancelled) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          continue; // re-check cancellation and spurious wake-ups
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          // The monitor's task catches its own faults; anything reaching here is a bug worth seeing,
          // but it must not end the periodic schedule.
          log.error("periodic task '{}' threw; it stays scheduled", name, e);
        }
        next += periodNanos;
        long missed = missedRuns(next, System.nanoTime(), periodNanos);
        if (missed > 0) {
          skipped.addAndGet(missed);
          next += missed * periodNanos;
        }
      }
    }

    @Override
    public boolean cancel(Duration timeout) {
      cancelled = true;
      Thread t = thread;
      LockSupport.unpark(t);
      if (Thread.currentThread() == t) {
        return false; // cancelled from inside a run: the loop ends when the run returns
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Durations.nonNegativeNanos("timeout", timeout))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return !t.isAlive();
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
