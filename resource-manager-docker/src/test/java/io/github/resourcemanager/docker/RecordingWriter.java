package io.github.resourcemanager.docker;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.HashMap;
import java.util.Map;

/** A {@link SampleWriter} that keeps what it is given, for tests. */
final class RecordingWriter implements SampleWriter {
  private final long tickNanos;
  final Map<String, Map<Metric, Double>> agents = new HashMap<>();

  RecordingWriter(long tickNanos) {
    this.tickNanos = tickNanos;
  }

  @Override
  public long tickNanos() {
    return tickNanos;
  }

  @Override
  public void set(Metric metric, double value) {
    throw new AssertionError("the Docker stats source writes per-agent metrics only, got " + metric);
  }

  @Override
  public void setAgent(String agentId, Metric metric, double value) {
    agents.computeIfAbsent(agentId, k -> new HashMap<>()).put(metric, value);
  }

  double get(String agentId, Metric metric) {
    Map<Metric, Double> m = agents.get(agentId);
    if (m == null || !m.containsKey(metric)) {
      throw new AssertionError("no value of " + metric + " for agent " + agentId + "; written: " + agents);
    }
    return m.get(metric);
  }
}
