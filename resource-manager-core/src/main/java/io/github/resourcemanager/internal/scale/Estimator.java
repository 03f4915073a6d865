package io.github.resourcemanager.internal.scale;

/**
 * The VPA's estimators (logic/estimator.go) in its integer resource amounts: millicores for CPU, bytes for
 * memory. Amounts are clamped to 0..10^14 and truncated, as {@code resourceAmountFromFloat} does.
 */
final class Estimator {
  static final long MAX_RESOURCE_AMOUNT = 100_000_000_000_000L; // 1e14

  private Estimator() {}

  static long amountFromFloat(double amount) {
    if (amount > MAX_RESOURCE_AMOUNT) {
      return MAX_RESOURCE_AMOUNT;
    }
    if (amount < 0) {
      return 0;
    }
    return (long) amount; // NaN becomes 0, which the minimum recommendation then replaces
  }

  static long cpuAmountFromCores(double cores) {
    return amountFromFloat(cores * 1000.0);
  }

  static long scale(long amount, double factor) {
    return amountFromFloat(amount * factor);
  }

  /** base + base × fraction (WithCPUMargin / WithMemoryMargin). */
  static long withMargin(long base, double fraction) {
    return base + scale(base, fraction);
  }

  /**
   * How much history there is (getConfidence): the smaller of the days between the first and last sample and
   * the samples divided by the minutes of a day, with "day" the confidence interval. One sample a minute for N
   * days gives N.
   */
  static double confidence(long firstSampleMillis, long lastSampleMillis, long totalSamples, long intervalMillis) {
    // lifespanInDays := float64(s.LastSampleStart.Sub(s.FirstSampleStart)) / float64(confidenceInterval), in ns
    double lifespan = (double) nanos(lastSampleMillis - firstSampleMillis) / (double) nanos(intervalMillis);
    // samplesAmount := float64(s.TotalSamplesCount) / confidenceInterval.Minutes()
    double samples = totalSamples / minutes(intervalMillis);
    return Math.min(lifespan, samples);
  }

  /** Go's {@code Duration.Minutes()}: whole minutes plus the rest's nanoseconds over 60e9. */
  static double minutes(long millis) {
    long whole = millis / 60_000L;
    long restNanos = (millis % 60_000L) * 1_000_000L;
    return whole + restNanos / 60e9;
  }

  /** Milliseconds as Go's nanoseconds, saturating as Go's {@code Time.Sub} does beyond 292 years. */
  private static long nanos(long millis) {
    long max = Long.MAX_VALUE / 1_000_000L;
    return millis > max ? Long.MAX_VALUE : millis < -max ? Long.MIN_VALUE : millis * 1_000_000L;
  }

  /**
   * base × (1 + multiplier / confidence)^exponent (WithCPUConfidenceMultiplier / WithMemoryConfidenceMultiplier),
   * with Go's {@code math.Pow} (the recommender's exponents are whole numbers).
   */
  static long withConfidence(long base, double multiplier, double exponent, double confidence) {
    return scale(base, GoMath.pow(1.0 + multiplier / confidence, exponent));
  }
}
