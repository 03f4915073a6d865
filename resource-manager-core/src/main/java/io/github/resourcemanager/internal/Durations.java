package io.github.resourcemanager.internal;

import java.time.Duration;
import java.util.Objects;

/** Validation of durations given to builders, with messages that name the field. */
public final class Durations {
  private Durations() {}

  /**
   * Returns {@code value} in nanoseconds.
   *
   * @throws IllegalArgumentException if {@code value} is not positive, or too long for a {@code long} of nanoseconds
   * @throws NullPointerException naming the field if {@code value} is null
   */
  public static long positiveNanos(String field, Duration value) {
    long nanos = nanos(field, value);
    if (nanos <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return nanos;
  }

  /**
   * Returns {@code value} in nanoseconds.
   *
   * @throws IllegalArgumentException if {@code value} is negative, or too long for a {@code long} of nanoseconds
   * @throws NullPointerException naming the field if {@code value} is null
   */
  public static long nonNegativeNanos(String field, Duration value) {
    long nanos = nanos(field, value);
    if (nanos < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return nanos;
  }

  private static long nanos(String field, Duration value) {
    Objects.requireNonNull(value, field);
    try {
      return value.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + " " + value + " is too long; at most about 292 years is allowed", e);
    }
  }

  /** Formats nanoseconds for messages, e.g. {@code 41 s}, {@code 250 ms}, {@code 2 min 5 s}. */
  public static String format(long nanos) {
    if (nanos < 0) {
      return "-" + format(-nanos);
    }
    if (nanos < 1_000_000L) {
      return (nanos / 1_000) + " us";
    }
    if (nanos < 1_000_000_000L) {
      return (nanos / 1_000_000) + " ms";
    }
    long seconds = (nanos + 999_999_999L) / 1_000_000_000L; // round up: "cooldown 41 s left" must not say 0
    if (seconds < 120) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    long rest = seconds % 60;
    return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
  }
}
