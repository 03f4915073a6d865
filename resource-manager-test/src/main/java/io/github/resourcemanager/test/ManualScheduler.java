package io.github.resourcemanager.test;

import io.github.resourcemanager.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Scheduler} without threads: periodic tasks run on the thread that advances the
 * {@link ManualTicker}, at their due times. A task scheduled with no initial delay is due at once and runs on
 * the next {@link ManualTicker#advance} (an advance by zero is enough) or {@link #runDue()}.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualTicker ticker;
  private final List<Task> tasks = new ArrayList<>();

  /** A scheduler driven by {@code ticker}. */
  public ManualScheduler(ManualTicker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    ticker.attach(this);
  }

  @Override
  public synchronized ScheduledTask schedulePeriodic(String name, Runnable task, Duration initialDelay, Duration period) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
    }
    Task t = new Task(name, task, ticker.read() + initialDelay.toNanos(), period.toNanos());
    tasks.add(t);
    return t;
  }

  /** Runs every task due at the ticker's current reading (each once), and returns how many ran. */
  public int runDue() {
    int ran = 0;
    long now = ticker.read();
    for (Task t : snapshot()) {
      if (claimIfDue(t, now)) {
        ran++;
        t.task.run();
      }
    }
    return ran;
  }

  /** Moves a task that is due at {@code now} on to its next due time, under the lock; whether it was due. */
  private synchronized boolean claimIfDue(Task t, long now) {
    if (t.cancelled || t.due - now > 0) {
      return false;
    }
    t.due += t.period;
    t.runs++;
    return true;
  }

  /** The number of tasks scheduled and not cancelled. */
  public synchronized int activeTasks() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.cancelled) {
        n++;
      }
    }
    return n;
  }

  /** The earliest due time of a live task, or {@link Long#MAX_VALUE}. */
  synchronized long nextDue() {
    long best = Long.MAX_VALUE;
    boolean found = false;
    for (Task t : tasks) {
      if (!t.cancelled && (!found || t.due - best < 0)) {
        best = t.due;
        found = true;
      }
    }
    return best;
  }

  private synchronized List<Task> snapshot() {
    tasks.removeIf(t -> t.cancelled);
    return new ArrayList<>(tasks);
  }

  private static final class Task implements ScheduledTask {
    final String name;
    final Runnable task;
    final long period;
    // Guarded by the scheduler's lock: two threads advancing the ticker at once must not both run a task.
    long due;
    volatile boolean cancelled;
    long runs;

    Task(String name, Runnable task, long due, long period) {
      this.name = name;
      this.task = task;
      this.due = due;
      this.period = period;
    }

    @Override
    public boolean cancel(Duration timeout) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public long skippedRuns() {
      return 0; // manual time never overruns
    }

    @Override
    public String toString() {
      return "ManualTask{" + name + ", runs=" + runs + "}";
    }
  }
}
