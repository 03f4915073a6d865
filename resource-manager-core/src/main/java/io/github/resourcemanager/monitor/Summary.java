package io.github.resourcemanager.monitor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Statistics of one metric over a window: how many values were measured, min, max, mean, median, 95th
 * percentile and the last measured value. {@code NaN} values (not measured) are ignored; with no measured
 * value every statistic is {@code NaN} and {@code count} is 0.
 *
 * <p>Percentiles interpolate linearly between the closest ranks (the "R-7" method, NumPy's default): with
 * sorted values {@code v[0..n-1]}, the p-th percentile is at rank {@code h = (n - 1) * p / 100}, between
 * {@code v[floor(h)]} and {@code v[ceil(h)]}.
 *
 * @param metric the metric summarised
 * @param count the number of measured values
 * @param min the smallest value
 * @param max the largest value
 * @param avg the arithmetic mean
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param last the most recent measured value
 */
public record Summary(Metric metric, int count, double min, double max, double avg, double p50, double p95, double last) {

  /** Validates that {@code metric} is present. */
  public Summary {
    Objects.requireNonNull(metric, "metric");
  }

  /** Summarises {@code values} (oldest first; {@code NaN} ignored). Does not modify the array. */
  public static Summary of(Metric metric, double[] values) {
    double[] measured = new double[values.length];
    int n = 0;
    double last = Double.NaN;
    double sum = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        measured[n++] = v;
        sum += v;
        last = v;
      }
    }
    if (n == 0) {
      return new Summary(metric, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = Arrays.copyOf(measured, n);
    Arrays.sort(sorted);
    return new Summary(metric, n, sorted[0], sorted[n - 1], sum / n,
        percentileOfSorted(sorted, 50), percentileOfSorted(sorted, 95), last);
  }

  /**
   * The {@code p}-th percentile (0-100) of sorted, non-empty values, interpolated linearly between ranks.
   *
   * @throws IllegalArgumentException if {@code p} is outside 0..100 or {@code sorted} is empty
   */
  public static double percentileOfSorted(double[] sorted, double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be between 0 and 100, was " + p);
    }
    if (sorted.length == 0) {
      throw new IllegalArgumentException("percentile of no values is undefined");
    }
    double h = (sorted.length - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = (int) Math.ceil(h);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
