package io.github.resourcemanager;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Runs periodic work. The library's monitor asks its scheduler for one periodic task; the default
 * {@link #system()} scheduler runs each task on its own daemon thread, {@link #system(ThreadFactory)} on a thread of
 * the caller's factory, {@link #of(ScheduledExecutorService)} on an executor the caller already runs, and the test
 * fixtures provide a scheduler that runs due tasks when a manual ticker advances, with no threads at all.
 */
public interface Scheduler {

  /**
   * Runs {@code task} every {@code period}, the first time after {@code initialDelay}.
   *
   * <p>Runs never overlap. When a run overruns its period, the missed runs are skipped (not run back to
   * back) and the next run is aligned to the next period boundary.
   *
   * @param name a name for the task; the system scheduler names its thread after it
   * @param task the work to run; an exception it throws is the task's own problem (the monitor catches its own)
   * @return a handle that cancels the task
   * @throws IllegalArgumentException if {@code period} is not positive or {@code initialDelay} is negative
   */
  ScheduledTask schedulePeriodic(String name, Runnable task, Duration initialDelay, Duration period);

  /**
   * A scheduler that runs each periodic task on a dedicated daemon thread named after the task, timed by
   * {@link System#nanoTime()}. Cancelling the task ends its thread.
   */
  static Scheduler system() {
    return ThreadScheduler.DEFAULT;
  }

  /**
   * As {@link #system()}, with each task's thread made by {@code threadFactory} (which names it; the task's name is
   * then only used in logs).
   */
  static Scheduler system(ThreadFactory threadFactory) {
    return new ThreadScheduler(Objects.requireNonNull(threadFactory, "threadFactory"));
  }

  /**
   * A scheduler running each task on {@code executor}, which the caller owns (and shuts down). Each run is a
   * one-shot task that schedules the next when it ends, so runs never overlap and runs missed during an overrun are
   * skipped, as with {@link #system()}. The executor allocates one task object per run; the system scheduler
   * allocates none.
   */
  static Scheduler of(ScheduledExecutorService executor) {
    return new ExecutorScheduler(executor);
  }

  /** A handle to a scheduled periodic task. */
  interface ScheduledTask {

    /**
     * Stops future runs. A run in progress finishes first; when called from a thread other than the task's
     * own, this waits up to {@code timeout} for that run (and for the system scheduler, its thread) to end.
     *
     * @return {@code true} if the task is stopped and no run is in progress when this returns
     */
    boolean cancel(Duration timeout);

    /** Whether {@link #cancel} has been called. */
    boolean isCancelled();

    /** How many runs were skipped because an earlier run overran its period. */
    long skippedRuns();
  }
}
