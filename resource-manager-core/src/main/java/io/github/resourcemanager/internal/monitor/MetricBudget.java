package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.util.Arrays;

/**
 * The monitor-wide bound on distinct metrics: at most {@code maxMetrics} machine, process, JVM and custom metrics
 * and {@code maxAgentMetrics} per-agent metrics get a place in the histories. Every value of a metric refused here
 * is dropped and counted by the source that wrote it, so the histories, the sample and the per-tick cost stay bounded
 * whatever names sources make up. Asked only the first time a source writes a metric, so never on a steady tick.
 */
final class MetricBudget {

  private final int maxMetrics;
  private final int maxAgentMetrics;
  private boolean[] admitted = new boolean[64]; // guarded by this
  private int metrics;
  private int agentMetrics;

  MetricBudget(int maxMetrics, int maxAgentMetrics) {
    this.maxMetrics = maxMetrics;
    this.maxAgentMetrics = maxAgentMetrics;
  }

  /** Admits {@code metric} if it already has a place or the bound of its kind leaves room; whether it has one. */
  synchronized boolean admit(Metric metric) {
    int i = metric.index();
    if (i < admitted.length && admitted[i]) {
      return true;
    }
    boolean agent = metric.isAgentMetric();
    if (agent ? agentMetrics >= maxAgentMetrics : metrics >= maxMetrics) {
      return false;
    }
    if (i >= admitted.length) {
      admitted = Arrays.copyOf(admitted, Math.max(i + 1, admitted.length * 2));
    }
    admitted[i] = true;
    if (agent) {
      agentMetrics++;
    } else {
      metrics++;
    }
    return true;
  }

  /** The limit a refused {@code metric} ran into, for messages. */
  String limitText(Metric metric) {
    return metric.isAgentMetric()
        ? "the monitor's limit of " + maxAgentMetrics + " distinct per-agent metrics (maxAgentMetrics)"
        : "the monitor's limit of " + maxMetrics + " distinct metrics (maxMetrics)";
  }

  /** Machine, process, JVM and custom metrics admitted so far. */
  synchronized int metrics() {
    return metrics;
  }

  /** Per-agent metrics admitted so far. */
  synchronized int agentMetrics() {
    return agentMetrics;
  }
}
