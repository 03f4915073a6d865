package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.internal.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unit of a tick's work that the {@link Supervisor} times: a call into one source, one listener, one alert
 * gauge, one scaler, the enforcers, or a piece of the library's own bookkeeping.
 *
 * <p>A step that has not returned by its deadline is <em>stuck</em>: the supervisor reports it ({@link #overran}),
 * leaves its thread to it and carries on with the next step on a new worker; in later ticks the step is skipped
 * ({@link #skipped}) until the stuck call returns ({@link #returned}). The callbacks run on different threads, one at
 * a time for a given step; a step's own state is never touched by two threads at once, because a stuck step is not
 * run again until its call has returned.
 */
public abstract class TickStep {

  private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);

  /**
   * The deadline of a step that calls no user code and must not be left behind: the library's own bookkeeping, whose
   * state the rest of the tick reads (merging the sources' values, recording the sample). It takes what it takes.
   */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private final String description;
  private final long deadlineNanos;
  // Written under the supervisor's hand-over lock; read by workers before running the step.
  volatile boolean stuck;

  /**
   * A step with the supervisor's deadline.
   *
   * @param description what the step calls, for logs and statistics, e.g. {@code source 'docker'}
   */
  protected TickStep(String description) {
    this(description, 0);
  }

  /**
   * A step with a deadline of its own.
   *
   * @param description what the step calls, for logs and statistics
   * @param deadlineNanos how long the step may take, 0 for the supervisor's deadline, or {@link #NO_DEADLINE}
   */
  protected TickStep(String description, long deadlineNanos) {
    this.description = description;
    this.deadlineNanos = deadlineNanos;
  }

  /** What the step calls, e.g. {@code listener MyListener@1f} or {@code gauge of alert rule 'queue'}. */
  public final String description() {
    return description;
  }

  /** Whether an earlier call has not returned yet, so the step is skipped. */
  public final boolean isStuck() {
    return stuck;
  }

  final long deadlineNanos(long byDefault) {
    return deadlineNanos > 0 ? deadlineNanos : byDefault;
  }

  /**
   * Does the step's work on a worker. Must contain every failure of the code it calls except the
   * {@linkplain io.github.resourcemanager.internal.Faults#isFatal fatal} ones, counting them where the part's
   * statistics are.
   */
  protected abstract void run();

  /**
   * On the worker, right after {@link #run} returned within the deadline (never after an overrun). Must be trivial:
   * no user code, no lock; it marks the step's result as good for this tick.
   */
  protected void completed() {}

  /** On the supervising thread when {@link #run} has not returned by the deadline; counts and logs. */
  protected void overran(long elapsedNanos) {
    log.warn("{} did not return within {}; the tick went on without it, and it is skipped until the call returns",
        description, Durations.format(elapsedNanos));
  }

  /** On the worker instead of {@link #run}, in each tick while the stuck call has not returned; counts. */
  protected void skipped() {}

  /** On the abandoned thread once the stuck call returned, {@code elapsedNanos} after it started; logs. */
  protected void returned(long elapsedNanos) {
    log.info("{} returned after {}; it runs again from the next tick", description, Durations.format(elapsedNanos));
  }

  @Override
  public String toString() {
    return description;
  }
}
