package io.github.resourcemanager.examples;

import java.time.Duration;

/** Durations as people write them on the command line: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 25h}. */
final class Durations {
  private Durations() {}

  /**
   * The largest unit that divides {@code d} exactly: {@code 25h}, {@code 90m}, {@code 15s}, {@code 1500ms}, and
   * {@code 0s} for zero; a fraction of a millisecond is shown in seconds ({@code 0.0015s}). The inverse of
   * {@link DurationConverter} for every duration it reads.
   */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.toHours() + "h";
    }
    if (nanos % 3_600_000_000_000L == 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos % 60_000_000_000L == 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
  }

  /**
   * A measured duration, rounded for reading: {@code 250ms} below a second, else seconds with one decimal
   * ({@code 1.0s}, {@code 12.5s}).
   */
  static String measured(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? d.toMillis() + "ms" : seconds(d);
  }

  /** Seconds with one decimal for elapsed times on a progress line: {@code 12.5s}. */
  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
