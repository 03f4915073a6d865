package io.github.resourcemanager;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Scheduler#system()} scheduler: one daemon thread per periodic task. */
enum ThreadScheduler implements Scheduler {
  INSTANCE;

  private static final Logger log = LoggerFactory.getLogger(ThreadScheduler.class);

  @Override
  public ScheduledTask schedulePeriodic(String name, Runnable task, Duration initialDelay, Duration period) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    long periodNanos = Durations.positiveNanos("period", period);
    long delayNanos = Durations.nonNegativeNanos("initialDelay", initialDelay);
    PeriodicThread thread = new PeriodicThread(name, task, delayNanos, periodNanos);
    thread.start();
    return thread;
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

  private static final class PeriodicThread extends Thread implements ScheduledTask {
    private final Runnable task;
    private final long initialDelayNanos;
    private final long periodNanos;
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean cancelled;

    PeriodicThread(String name, Runnable task, long initialDelayNanos, long periodNanos) {
      super(name);
      setDaemon(true);
      this.task = task;
      this.initialDelayNanos = initialDelayNanos;
      this.periodNanos = periodNanos;
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
          log.error("periodic task '{}' threw; it stays scheduled", getName(), e);
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
      LockSupport.unpark(this);
      if (Thread.currentThread() == this) {
        return false; // cancelled from inside a run: the loop ends when the run returns
      }
      try {
        join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Durations.nonNegativeNanos("timeout", timeout))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return !isAlive();
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
