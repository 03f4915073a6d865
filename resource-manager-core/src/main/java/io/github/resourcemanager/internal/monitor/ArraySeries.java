package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/** A {@link Series} over arrays that the history filled for it and hands over (never shared, never changed). */
public final class ArraySeries implements Series {
  private final Metric metric;
  private final long[] tickNanos;
  private final long[] epochMillis;
  private final double[] values;
  private final Duration step;

  ArraySeries(Metric metric, long[] tickNanos, long[] epochMillis, double[] values, Duration step) {
    this.metric = Objects.requireNonNull(metric, "metric");
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.values = values;
    this.step = step;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public double value(int i) {
    return values[i];
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
    return values.clone();
  }

  @Override
  public Duration step() {
    return step;
  }

  /** This series with its step known: the same arrays, shared (they never change). */
  ArraySeries withStep(Duration step) {
    return step.equals(this.step) ? this : new ArraySeries(metric, tickNanos, epochMillis, values, step);
  }

  @Override
  public Summary summary() {
    return Summary.of(metric, values);
  }

  @Override
  public String toString() {
    return "Series{" + metric + ", " + values.length + " samples" + (values.length > 0
        ? ", " + time(0) + ".." + time(values.length - 1) : "") + ", values=" + Arrays.toString(values) + "}";
  }
}
