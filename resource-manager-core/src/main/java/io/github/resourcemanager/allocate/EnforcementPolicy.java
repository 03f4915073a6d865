package io.github.resourcemanager.allocate;

import java.util.Objects;

/**
 * What happens when usage goes above a limit, and when it counts as recovered.
 *
 * <p>A limit is <em>exceeded</em> when usage goes above it, and <em>recovered</em> once usage falls below
 * {@code resumeThreshold × limit} (0.8 by default); in between, the state does not change, so an agent
 * hovering at its limit is not paused and resumed on every sample.
 *
 * @param action what to do while exceeded
 * @param resumeThreshold the fraction of the limit below which usage counts as recovered, in (0, 1]
 * @param throttleFraction for {@link Action#THROTTLE}, the fraction of its normal concurrency (in-JVM) or CPU (containers)
 *     the agent keeps, in (0, 1]
 */
public record EnforcementPolicy(Action action, double resumeThreshold, double throttleFraction) {

  /** The resume threshold unless told otherwise. */
  public static final double DEFAULT_RESUME_THRESHOLD = 0.8;
  /** The fraction a throttled agent keeps unless told otherwise. */
  public static final double DEFAULT_THROTTLE_FRACTION = 0.5;

  /** What to do while a limit is exceeded. */
  public enum Action {
    /** Only report it (an event): the JSON configuration's {@code warn}. */
    WARN,
    /** Limit the agent's concurrency (in-JVM) or CPU (containers) to the throttle fraction. */
    THROTTLE,
    /** Stop starting the agent's work until the limit recovers: the JSON configuration's {@code pause}. */
    PAUSE
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a fraction is out of range
   */
  public EnforcementPolicy {
    Objects.requireNonNull(action, "action");
    if (!(resumeThreshold > 0 && resumeThreshold <= 1)) {
      throw new IllegalArgumentException("resumeThreshold must be > 0 and <= 1, was " + resumeThreshold);
    }
    if (!(throttleFraction > 0 && throttleFraction <= 1)) {
      throw new IllegalArgumentException("throttleFraction must be > 0 and <= 1, was " + throttleFraction);
    }
  }

  /** Report only, recovering below 0.8 of the limit. */
  public static EnforcementPolicy warn() {
    return new EnforcementPolicy(Action.WARN, DEFAULT_RESUME_THRESHOLD, DEFAULT_THROTTLE_FRACTION);
  }

  /** Pause, resuming below 0.8 of the limit. */
  public static EnforcementPolicy pause() {
    return new EnforcementPolicy(Action.PAUSE, DEFAULT_RESUME_THRESHOLD, DEFAULT_THROTTLE_FRACTION);
  }

  /** Pause, resuming below {@code resumeThreshold} of the limit. */
  public static EnforcementPolicy pause(double resumeThreshold) {
    return new EnforcementPolicy(Action.PAUSE, resumeThreshold, DEFAULT_THROTTLE_FRACTION);
  }

  /** Throttle to {@code fraction}, lifting it below 0.8 of the limit. */
  public static EnforcementPolicy throttle(double fraction) {
    return new EnforcementPolicy(Action.THROTTLE, DEFAULT_RESUME_THRESHOLD, fraction);
  }

  /** This policy with another resume threshold. */
  public EnforcementPolicy withResumeThreshold(double threshold) {
    return new EnforcementPolicy(action, threshold, throttleFraction);
  }

  /**
   * Reads the JSON configuration's {@code enforcementAction}: {@code warn}, {@code throttle} or {@code pause}.
   *
   * @throws IllegalArgumentException if the text is none of them
   */
  public static Action action(String text) {
    return switch (Objects.requireNonNull(text, "text")) {
      case "warn" -> Action.WARN;
      case "throttle" -> Action.THROTTLE;
      case "pause" -> Action.PAUSE;
      default -> throw new IllegalArgumentException("enforcement action \"" + text + "\""
          + " is not allowed; allowed: warn, throttle, pause");
    };
  }
}
