package io.github.resourcemanager.export;

import java.time.Duration;
import java.util.Objects;

/**
 * Validation of the durations given to options and analytics, with messages that name the setting, and their
 * formatting in the words of the reports.
 */
final class Durations {
  private Durations() {}

  /**
   * Returns {@code value} in nanoseconds.
   *
   * @throws NullPointerException naming {@code field} if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not positive, or too long for a {@code long} of nanoseconds
   */
  static long positiveNanos(String field, Duration value) {
    long nanos = nanos(field, value);
    if (nanos <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return nanos;
  }

  /**
   * Returns {@code value} in nanoseconds.
   *
   * @throws NullPointerException naming {@code field} if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is negative, or too long for a {@code long} of nanoseconds
   */
  static long nonNegativeNanos(String field, Duration value) {
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

  /** Nanoseconds in words: {@code 41 s}, {@code 250 ms}, {@code 2 min 5 s}, {@code 60 min}. */
  static String format(long nanos) {
    if (nanos < 0) {
      return "-" + format(-nanos);
    }
    if (nanos < 1_000_000L) {
      return (nanos / 1_000) + " us";
    }
    if (nanos < 1_000_000_000L) {
      return (nanos / 1_000_000) + " ms";
    }
    long seconds = (nanos + 999_999_999L) / 1_000_000_000L; // rounded up, as the library says spans elsewhere
    if (seconds < 120) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    long rest = seconds % 60;
    return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
  }
}
