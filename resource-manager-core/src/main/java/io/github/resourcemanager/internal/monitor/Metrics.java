package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.util.Objects;

/**
 * The one check of which history a metric belongs to, so that asking an agent for a machine metric and asking the
 * machine for an agent metric fail the same way.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Returns {@code metric} if it is a machine, process or JVM metric.
   *
   * @throws NullPointerException if {@code metric} is null
   * @throws IllegalArgumentException if it is a per-agent metric
   */
  public static Metric requireSystemMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    if (metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric.name() + " is per agent, not a machine, process or JVM "
          + "metric; ask for an agent's history: history(agentId, metric, window)");
    }
    return metric;
  }

  /**
   * Returns {@code metric} if it is a per-agent metric.
   *
   * @throws NullPointerException if {@code metric} is null
   * @throws IllegalArgumentException if it is a machine, process or JVM metric
   */
  public static Metric requireAgentMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    if (!metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric.name() + " is a machine, process or JVM metric, not per "
          + "agent; ask for the machine's history: history(metric, window)");
    }
    return metric;
  }
}
