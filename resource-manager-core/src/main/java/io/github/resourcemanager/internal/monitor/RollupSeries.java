package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Series} read from a rollup tier: one point per bucket, at the bucket's start, whose value is the mean of
 * the bucket's measured samples ({@code NaN} if none). Its {@link #summary()} combines the buckets' statistics (see
 * {@link Rollups}): count, min, max and mean are those of the samples; the percentiles approximate theirs.
 */
final class RollupSeries implements Series {
  private final Metric metric;
  private final long[] tickNanos;
  private final long[] epochMillis;
  private final double[] buckets; // Rollups.FIELDS per point
  private final Duration step;
  private final double last;

  RollupSeries(Metric metric, long[] tickNanos, long[] epochMillis, double[] buckets, Duration step, double last) {
    this.metric = Objects.requireNonNull(metric, "metric");
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.buckets = buckets;
    this.step = step;
    this.last = last;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    return tickNanos.length;
  }

  @Override
  public double value(int i) {
    return buckets[i * Rollups.FIELDS + Rollups.MEAN];
  }

  /** The number of measured samples in bucket {@code i}. */
  long count(int i) {
    return (long) buckets[i * Rollups.FIELDS + Rollups.COUNT];
  }

  /** Field {@code field} (a {@link Rollups} index) of bucket {@code i}. */
  double field(int i, int field) {
    return buckets[i * Rollups.FIELDS + field];
  }

  @Override
  public long tickNanos(int i) {
    return tickNanos[i];
  }

  @Override
  public long epochMillis(int i) {
    return epochMillis[i];
  }

  @Override
  public double[] values() {
    double[] v = new double[size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = value(i);
    }
    return v;
  }

  @Override
  public Duration step() {
    return step;
  }

  @Override
  public Summary summary() {
    double[] all = new double[Rollups.FIELDS];
    Rollups.combine(buckets, size(), all, 0);
    int count = (int) Math.min(Integer.MAX_VALUE, (long) all[Rollups.COUNT]);
    if (count == 0) {
      return new Summary(metric, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double lastMeasured = last;
    if (Double.isNaN(lastMeasured)) {
      for (int i = size() - 1; i >= 0 && Double.isNaN(lastMeasured); i--) {
        lastMeasured = value(i);
      }
    }
    return new Summary(metric, count, all[Rollups.MIN], all[Rollups.MAX], all[Rollups.MEAN], all[Rollups.P50],
        all[Rollups.P95], lastMeasured);
  }

  @Override
  public String toString() {
    return "Series{" + metric + ", " + size() + " buckets of " + step + (size() > 0
        ? ", " + time(0) + ".." + time(size() - 1) : "") + "}";
  }
}
