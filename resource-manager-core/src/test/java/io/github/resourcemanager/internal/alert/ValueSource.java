package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A source that writes whatever values the test last set, every tick, on the monitor thread. */
final class ValueSource implements ResourceSource {
  private final Map<Metric, Double> values = new LinkedHashMap<>();
  private final Map<String, Map<Metric, Double>> agentValues = new LinkedHashMap<>();

  synchronized ValueSource set(Metric metric, double value) {
    values.put(metric, value);
    return this;
  }

  synchronized ValueSource setAgent(String agentId, Metric metric, double value) {
    agentValues.computeIfAbsent(agentId, k -> new LinkedHashMap<>()).put(metric, value);
    return this;
  }

  synchronized ValueSource removeAgent(String agentId) {
    agentValues.remove(agentId);
    return this;
  }

  @Override
  public String name() {
    return "values";
  }

  @Override
  public boolean mayBlock() {
    return false;
  }

  @Override
  public void close() {}

  @Override
  public synchronized void sample(SampleWriter out) {
    values.forEach(out::set);
    agentValues.forEach((agent, byMetric) -> byMetric.forEach((metric, v) -> out.setAgent(agent, metric, v)));
  }
}
