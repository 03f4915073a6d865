package io.github.resourcemanager.docker;

import java.time.Duration;

/** Checks of the durations given to this module's builders, with messages that name the setting. */
final class DurationSettings {
  private DurationSettings() {}

  /**
   * Returns {@code value} in nanoseconds.
   *
   * @throws IllegalArgumentException naming {@code field} if {@code value} is null, not positive, or too long for a
   *     {@code long} of nanoseconds
   */
  static long positiveNanos(String field, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    long nanos;
    try {
      nanos = value.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + " " + value + " is too long; at most about 292 years is allowed", e);
    }
    if (nanos <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return nanos;
  }
}
