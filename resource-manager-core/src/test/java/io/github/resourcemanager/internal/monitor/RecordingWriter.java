package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.Arrays;

/**
 * A test {@link SampleWriter} with a settable tick that keeps the last value of each metric in a
 * {@code double[]} indexed by {@link Metric#index()}, so recording allocates nothing.
 */
final class RecordingWriter implements SampleWriter {

  private static final int CAPACITY = 1024;

  private final double[] values = new double[CAPACITY];
  private final boolean[] written = new boolean[CAPACITY];
  private long tickNanos;

  RecordingWriter() {
    clear();
  }

  RecordingWriter tick(long nanos) {
    this.tickNanos = nanos;
    return this;
  }

  /** Advances the tick by {@code nanos}. */
  RecordingWriter advance(long nanos) {
    this.tickNanos += nanos;
    return this;
  }

  /** Forgets every value. */
  RecordingWriter clear() {
    Arrays.fill(values, Double.NaN);
    Arrays.fill(written, false);
    return this;
  }

  @Override
  public long tickNanos() {
    return tickNanos;
  }

  @Override
  public void set(Metric metric, double value) {
    if (metric.isAgentMetric()) {
      throw new IllegalArgumentException(metric + " is an agent metric");
    }
    values[metric.index()] = Double.isInfinite(value) ? Double.NaN : value;
    written[metric.index()] = true;
  }

  @Override
  public void setAgent(String agentId, Metric metric, double value) {
    throw new UnsupportedOperationException("the sources under test write no agent metrics");
  }

  /** The last value written for {@code metric}; fails if none was written. */
  double get(Metric metric) {
    if (!written[metric.index()]) {
      throw new AssertionError(metric + " was not written");
    }
    return values[metric.index()];
  }

  /** Whether {@code metric} was written since the last {@link #clear()}. */
  boolean has(Metric metric) {
    return written[metric.index()];
  }
}
