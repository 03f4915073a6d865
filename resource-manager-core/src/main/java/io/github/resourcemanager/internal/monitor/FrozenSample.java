package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An immutable copy of a sample: its measured values and those of its agents. Safe to keep and to share. */
public final class FrozenSample implements Sample {
  private final long tickNanos;
  private final long epochMillis;
  private final long sequence;
  private final Map<Metric, Double> values;
  private final List<Agent> agents;
  private final Map<String, Map<Metric, Double>> agentValues;

  /**
   * @param values measured machine/process/JVM values (no {@code NaN})
   * @param agents the agents of the sample, in registration order
   * @param agentValues measured per-agent values by agent id
   */
  FrozenSample(long tickNanos, long epochMillis, long sequence, Map<Metric, Double> values, List<Agent> agents,
      Map<String, Map<Metric, Double>> agentValues) {
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.sequence = sequence;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.agents = List.copyOf(agents);
    Map<String, Map<Metric, Double>> copy = new LinkedHashMap<>();
    agentValues.forEach((id, m) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    this.agentValues = Collections.unmodifiableMap(copy);
  }

  @Override
  public long tickNanos() {
    return tickNanos;
  }

  @Override
  public long epochMillis() {
    return epochMillis;
  }

  @Override
  public long sequence() {
    return sequence;
  }

  @Override
  public double value(Metric metric) {
    Double v = values.get(Objects.requireNonNull(metric, "metric"));
    return v == null ? Double.NaN : v;
  }

  @Override
  public List<Agent> agents() {
    return agents;
  }

  @Override
  public double value(Agent agent, Metric metric) {
    return value(Objects.requireNonNull(agent, "agent").id(), metric);
  }

  @Override
  public double value(String agentId, Metric metric) {
    Objects.requireNonNull(metric, "metric");
    Map<Metric, Double> m = agentValues.get(Objects.requireNonNull(agentId, "agentId"));
    Double v = m == null ? null : m.get(metric);
    return v == null ? Double.NaN : v;
  }

  @Override
  public Map<Metric, Double> values() {
    return values;
  }

  @Override
  public Map<String, Map<Metric, Double>> agentValues() {
    return agentValues;
  }

  @Override
  public Sample snapshot() {
    return this;
  }

  @Override
  public String toString() {
    return "Sample#" + sequence + "@" + time() + "{" + values.size() + " metrics, " + agents.size() + " agents}";
  }
}
