package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;

/**
 * What happens to agents that cannot be admitted now (the JSON configuration's {@code overflow}).
 *
 * <p>When enabled, such an agent waits in a queue of at most {@code maxQueueSize} agents for at most
 * {@code maxWaitTime}; a full queue rejects it at once ({@code queue full (50)}), and an agent that waited too long
 * is rejected then ({@code waited 300 s for cpu}), never silently dropped. By default agents are released strictly
 * by {@link PriorityClass} value, highest first, then first come, first served, as Kubernetes' scheduling queue
 * orders pending pods (its {@code PrioritySort} queue-sort plugin). Aging against starvation is an option
 * ({@link #withAging(Duration, int)}): with an {@code agingStep} above 0 the effective priority is the class value plus
 * {@code agingStep} for every full {@code agingInterval} waited, so an agent can be passed by newcomers of higher
 * priority only until it has aged past them. An agent whose request does not fit yet is skipped, so a large request
 * does not hold back smaller ones that fit (its wait is bounded by {@code maxWaitTime}).
 *
 * @param enabled whether agents queue at all; when not, they are rejected at once
 * @param maxQueueSize the most agents waiting at once, at least 1
 * @param maxWaitTime the longest an agent waits, positive
 * @param agingInterval the waiting time per aging step, positive
 * @param agingStep the priority gained per aging interval, at least 0 (0, the default, turns aging off)
 */
public record OverflowPolicy(boolean enabled, int maxQueueSize, Duration maxWaitTime, Duration agingInterval, int agingStep) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public OverflowPolicy {
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException("maxQueueSize must be at least 1, was " + maxQueueSize);
    }
    Durations.positiveNanos("maxWaitTime", maxWaitTime);
    Durations.positiveNanos("agingInterval", agingInterval);
    if (agingStep < 0) {
      throw new IllegalArgumentException("agingStep must not be negative, was " + agingStep);
    }
  }

  /** The defaults: enabled, 50 agents, 300 s; strictly by priority, then arrival (aging off: 30 s interval, step 0). */
  public static OverflowPolicy ofDefaults() {
    return new OverflowPolicy(true, 50, Duration.ofSeconds(300), Duration.ofSeconds(30), 0);
  }

  /** No queue: agents that cannot be admitted are rejected at once. */
  public static OverflowPolicy disabled() {
    OverflowPolicy d = ofDefaults();
    return new OverflowPolicy(false, d.maxQueueSize, d.maxWaitTime, d.agingInterval, d.agingStep);
  }

  /** This policy with another queue size. */
  public OverflowPolicy withMaxQueueSize(int size) {
    return new OverflowPolicy(enabled, size, maxWaitTime, agingInterval, agingStep);
  }

  /**
   * This policy with another maximum wait.
   *
   * @throws NullPointerException if {@code maxWaitTime} is null
   * @throws IllegalArgumentException if {@code maxWaitTime} is not positive or too long
   */
  public OverflowPolicy withMaxWaitTime(Duration maxWaitTime) {
    return new OverflowPolicy(enabled, maxQueueSize, maxWaitTime, agingInterval, agingStep);
  }

  /**
   * This policy with aging against starvation: {@code agingStep} priority gained for every full
   * {@code agingInterval} waited.
   *
   * @throws NullPointerException if {@code agingInterval} is null
   * @throws IllegalArgumentException if {@code agingInterval} is not positive, or {@code agingStep} is negative
   */
  public OverflowPolicy withAging(Duration agingInterval, int agingStep) {
    return new OverflowPolicy(enabled, maxQueueSize, maxWaitTime, agingInterval, agingStep);
  }
}
