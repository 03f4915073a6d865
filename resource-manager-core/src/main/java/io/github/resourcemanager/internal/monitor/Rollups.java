package io.github.resourcemanager.internal.monitor;

/**
 * The statistics a rollup bucket keeps, and how buckets combine.
 *
 * <p>A bucket holds, per metric: the count of measured values, their mean, min, max, median and 95th percentile.
 * A bucket of raw samples gets exact percentiles (R-7, as {@link io.github.resourcemanager.monitor.Summary}), from
 * the samples themselves when there are at most {@link #SAMPLES} of them and from a deterministic reservoir of that
 * many otherwise. Percentiles over several buckets (a coarser bucket, or a summary read from a rollup tier) are
 * approximated: each bucket's distribution is taken as piecewise linear through (min, 0), (p50, 0.5), (p95, 0.95)
 * and (max, 1), the buckets are mixed in proportion to their counts, and the mixture is inverted. Count, min, max and
 * mean stay exact (up to the history's precision).
 */
final class Rollups {
  static final int COUNT = 0;
  static final int MEAN = 1;
  static final int MIN = 2;
  static final int MAX = 3;
  static final int P50 = 4;
  static final int P95 = 5;
  static final int FIELDS = 6;
  /** Raw samples a bucket keeps for its percentiles. */
  static final int SAMPLES = 64;
  /** Sub-buckets a coarser bucket keeps for its percentiles. */
  static final int SUBS = 32;

  private Rollups() {}

  /** The R-7 percentile {@code p} (0..100) of {@code sorted[0..n)}, n > 0. */
  static double percentile(double[] sorted, int n, double p) {
    double h = (n - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = (int) Math.ceil(h);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The index at which the {@code seen}-th offered value (0-based, {@code seen >= capacity}) replaces a kept one,
   * or -1 to skip it: reservoir sampling with a fixed hash instead of a random source, so runs repeat.
   */
  static int reservoirSlot(long seen, int capacity) {
    long h = seen * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    long j = Long.remainderUnsigned(h, seen + 1);
    return j < capacity ? (int) j : -1;
  }

  /** Sorts {@code values[0..n)} in place: insertion sort, as n is at most {@link #SAMPLES}; allocates nothing. */
  static void sort(double[] values, int n) {
    for (int i = 1; i < n; i++) {
      double v = values[i];
      int j = i - 1;
      while (j >= 0 && values[j] > v) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = v;
    }
  }

  /** The fraction of bucket {@code b} (fields at {@code buckets[b * FIELDS ..]}) at or below {@code x}. */
  private static double cdf(double[] buckets, int b, double x) {
    int o = b * FIELDS;
    double min = buckets[o + MIN];
    double max = buckets[o + MAX];
    if (x < min) {
      return 0;
    }
    if (x >= max) {
      return 1;
    }
    double p50 = clamp(buckets[o + P50], min, max);
    double p95 = clamp(buckets[o + P95], p50, max);
    if (x < p50) {
      return segment(x, min, 0, p50, 0.5);
    }
    if (x < p95) {
      return segment(x, p50, 0.5, p95, 0.95);
    }
    return segment(x, p95, 0.95, max, 1);
  }

  private static double segment(double x, double x0, double y0, double x1, double y1) {
    return x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y1;
  }

  private static double clamp(double v, double lo, double hi) {
    return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
  }

  /**
   * The {@code q} (0..1) quantile of the count-weighted mixture of buckets {@code [0, n)} of {@code buckets} (fields
   * as in a bucket row); buckets with count 0 are ignored. NaN if all are empty.
   */
  static double mixtureQuantile(double[] buckets, int n, double q) {
    double total = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < n; b++) {
      double c = buckets[b * FIELDS + COUNT];
      if (c > 0) {
        total += c;
        lo = Math.min(lo, buckets[b * FIELDS + MIN]);
        hi = Math.max(hi, buckets[b * FIELDS + MAX]);
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    if (!(hi > lo)) {
      return lo;
    }
    // the smallest x with F(x) >= q, F non-decreasing: bisection to the precision of doubles
    for (int i = 0; i < 80 && hi > lo; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      double f = 0;
      for (int b = 0; b < n; b++) {
        double c = buckets[b * FIELDS + COUNT];
        if (c > 0) {
          f += c * cdf(buckets, b, mid);
        }
      }
      if (f >= q * total) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * Combines buckets {@code [0, n)} of {@code buckets} into {@code out[off .. off + FIELDS)}: counts add, min and max
   * are the extremes, the mean is count-weighted, the percentiles are those of the mixture.
   */
  static void combine(double[] buckets, int n, double[] out, int off) {
    double count = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < n; b++) {
      int o = b * FIELDS;
      double c = buckets[o + COUNT];
      if (c > 0) {
        count += c;
        sum += buckets[o + MEAN] * c;
        min = Math.min(min, buckets[o + MIN]);
        max = Math.max(max, buckets[o + MAX]);
      }
    }
    out[off + COUNT] = count;
    if (count == 0) {
      for (int f = MEAN; f < FIELDS; f++) {
        out[off + f] = Double.NaN;
      }
      return;
    }
    out[off + MEAN] = sum / count;
    out[off + MIN] = min;
    out[off + MAX] = max;
    out[off + P50] = mixtureQuantile(buckets, n, 0.5);
    out[off + P95] = mixtureQuantile(buckets, n, 0.95);
  }

  /** Writes the bucket of raw {@code values[0..n)} (already sorted) into {@code out[off..]}, with count and sum. */
  static void ofSorted(double[] sorted, int n, long count, double sum, double min, double max, double[] out, int off) {
    out[off + COUNT] = count;
    if (count == 0) {
      for (int f = MEAN; f < FIELDS; f++) {
        out[off + f] = Double.NaN;
      }
      return;
    }
    out[off + MEAN] = sum / count;
    out[off + MIN] = min;
    out[off + MAX] = max;
    out[off + P50] = percentile(sorted, n, 50);
    out[off + P95] = percentile(sorted, n, 95);
  }
}
