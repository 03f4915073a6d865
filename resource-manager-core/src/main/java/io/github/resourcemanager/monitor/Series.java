package io.github.resourcemanager.monitor;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The values of one metric over a window, oldest first, with their sample times. Immutable.
 * Values that were not measured are {@code NaN}.
 */
public final class Series {
  private final Metric metric;
  private final long[] tickNanos;
  private final long[] epochMillis;
  private final double[] values;

  Series(Metric metric, long[] tickNanos, long[] epochMillis, double[] values) {
    this.metric = Objects.requireNonNull(metric, "metric");
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.values = values;
  }

  /** The metric these values belong to. */
  public Metric metric() {
    return metric;
  }

  /** The number of samples. */
  public int size() {
    return values.length;
  }

  /** Whether there are no samples. */
  public boolean isEmpty() {
    return values.length == 0;
  }

  /** The value of sample {@code i} (0 = oldest); {@code NaN} if it was not measured. */
  public double value(int i) {
    return values[i];
  }

  /** The ticker reading of sample {@code i}, nanoseconds. */
  public long tickNanos(int i) {
    return tickNanos[i];
  }

  /** The wall-clock time of sample {@code i}. */
  public Instant time(int i) {
    return Instant.ofEpochMilli(epochMillis[i]);
  }

  /** The wall-clock time of sample {@code i} in epoch milliseconds. */
  public long epochMillis(int i) {
    return epochMillis[i];
  }

  /** A copy of all values, oldest first. */
  public double[] values() {
    return values.clone();
  }

  /** The summary of the measured (non-NaN) values. */
  public Summary summary() {
    return Summary.of(metric, values);
  }

  @Override
  public String toString() {
    return "Series{" + metric + ", " + values.length + " samples" + (values.length > 0
        ? ", " + time(0) + ".." + time(values.length - 1) : "") + ", values=" + Arrays.toString(values) + "}";
  }
}
