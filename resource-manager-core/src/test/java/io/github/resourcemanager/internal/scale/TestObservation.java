package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Metric;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A mutable {@link Observation} for tests; reading a value allocates nothing. */
final class TestObservation implements Observation {
  private long tick;
  private double[] system = nanArray(64);
  private final Map<String, double[]> agents = new HashMap<>();

  private static double[] nanArray(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  private static double[] grow(double[] a, int index) {
    if (index < a.length) {
      return a;
    }
    double[] b = nanArray(Math.max(index + 1, a.length * 2));
    System.arraycopy(a, 0, b, 0, a.length);
    return b;
  }

  TestObservation at(long tickNanos) {
    this.tick = tickNanos;
    return this;
  }

  TestObservation set(Metric metric, double value) {
    system = grow(system, metric.index());
    system[metric.index()] = value;
    return this;
  }

  TestObservation set(String agentId, Metric metric, double value) {
    double[] values = grow(agents.getOrDefault(agentId, nanArray(64)), metric.index());
    values[metric.index()] = value;
    agents.put(agentId, values);
    return this;
  }

  @Override
  public long tickNanos() {
    return tick;
  }

  @Override
  public double value(Metric metric) {
    int i = metric.index();
    return i < system.length ? system[i] : Double.NaN;
  }

  @Override
  public double agentValue(String agentId, Metric metric) {
    double[] values = agents.get(agentId);
    int i = metric.index();
    return values == null || i >= values.length ? Double.NaN : values[i];
  }
}
