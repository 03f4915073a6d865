package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A limit on how fast a horizontal scaler may change the size in one direction, as a Kubernetes
 * {@code HPAScalingPolicy}: at most {@code value} replicas ({@link Type#PODS}) or {@code value} percent of the
 * size at the start of the period ({@link Type#PERCENT}) within any {@code period}. Build them through
 * {@link ScalingRules.Builder#policy}, which validates them with the field's full name.
 *
 * @param type whether {@code value} counts replicas or percent
 * @param value the change allowed per period, positive
 * @param period the sliding period, 1 s to 1800 s
 */
public record ScalingPolicy(Type type, int value, Duration period) {

  /** The longest period Kubernetes allows: 1800 s. */
  public static final Duration MAX_PERIOD = Duration.ofMinutes(30);

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the value is not positive or the period outside 1 s to 1800 s
   */
  public ScalingPolicy {
    validate("policy", type, value, period);
  }

  static void validate(String field, Type type, int value, Duration period) {
    Objects.requireNonNull(type, field + ".type");
    if (value <= 0) {
      throw new IllegalArgumentException(field + ".value must be greater than zero, was " + value);
    }
    Objects.requireNonNull(period, field + ".period");
    if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(field + ".period must be between 1 s and 1800 s, was " + period);
    }
  }

  /** The policy in words, e.g. {@code Pods 4 per 15 s} or {@code Percent 100 per 15 s}. */
  public String description() {
    return (type == Type.PODS ? "Pods " : "Percent ") + value + " per " + Durations.format(period.toNanos());
  }

  @Override
  public String toString() {
    return description();
  }

  /** What a policy's value counts. */
  public enum Type {
    /** A number of replicas. */
    PODS,
    /** A percentage of the size at the start of the period. */
    PERCENT
  }
}
