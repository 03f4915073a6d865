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
    double lifespan = (double) (lastSampleMillis - firstSampleMillis) / intervalMillis;
    double samples = totalSamples / (intervalMillis / 60_000.0);
    return Math.min(lifespan, samples);
  }

  /** base × (1 + multiplier / confidence)^exponent (WithCPUConfidenceMultiplier / WithMemoryConfidenceMultiplier). */
  static long withConfidence(long base, double multiplier, double exponent, double confidence) {
    return scale(base, StrictMath.pow(1.0 + multiplier / confidence, exponent));
  }
}
