package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.monitor.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics defined so far in this JVM, split into machine (system, process, JVM) metrics and per-agent metrics:
 * the candidates the binder looks for in each sample. {@link Metric#all()} copies the list, {@link Metric#count()}
 * does not, so the split is made again only when a metric has been defined since. Guarded by the binder's lock.
 */
final class DefinedMetrics {
  private Metric[] system = new Metric[0];
  private Metric[] agent = new Metric[0];
  private int count = -1;

  /** Takes in the metrics defined since the previous call; allocates nothing when there are none. */
  void refresh() {
    if (Metric.count() == count) {
      return;
    }
    List<Metric> all = Metric.all();
    List<Metric> systemMetrics = new ArrayList<>();
    List<Metric> agentMetrics = new ArrayList<>();
    for (Metric metric : all) {
      (metric.isAgentMetric() ? agentMetrics : systemMetrics).add(metric);
    }
    system = systemMetrics.toArray(new Metric[0]);
    agent = agentMetrics.toArray(new Metric[0]);
    count = all.size(); // if another metric was defined meanwhile, the next call sees a different count
  }

  /** The machine, process and JVM metrics, in index order. Do not modify. */
  Metric[] system() {
    return system;
  }

  /** The per-agent metrics, in index order. Do not modify. */
  Metric[] agent() {
    return agent;
  }
}
