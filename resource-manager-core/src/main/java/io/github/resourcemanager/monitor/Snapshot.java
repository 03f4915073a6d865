package io.github.resourcemanager.monitor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable copy of the latest measured values: machine, process and JVM metrics, and per-agent metrics.
 * Safe to keep and to share between threads.
 */
public final class Snapshot {
  private final Instant time;
  private final long tickNanos;
  private final Map<Metric, Double> values;
  private final Map<String, Map<Metric, Double>> agents;

  /**
   * @param time wall-clock time of the sample
   * @param tickNanos ticker reading of the sample
   * @param values measured machine/process/JVM values (no {@code NaN})
   * @param agents measured per-agent values by agent id
   */
  public Snapshot(Instant time, long tickNanos, Map<Metric, Double> values, Map<String, Map<Metric, Double>> agents) {
    this.time = Objects.requireNonNull(time, "time");
    this.tickNanos = tickNanos;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Map<String, Map<Metric, Double>> copy = new LinkedHashMap<>();
    agents.forEach((id, m) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    this.agents = Collections.unmodifiableMap(copy);
  }

  /** Wall-clock time of the sample. */
  public Instant time() {
    return time;
  }

  /** Ticker reading of the sample, nanoseconds. */
  public long tickNanos() {
    return tickNanos;
  }

  /** The value of {@code metric}, or {@code NaN} if it was not measured. */
  public double value(Metric metric) {
    Double v = values.get(metric);
    return v == null ? Double.NaN : v;
  }

  /** The value of an agent's metric, or {@code NaN} if the agent or the value is unknown. */
  public double value(String agentId, Metric metric) {
    Map<Metric, Double> m = agents.get(agentId);
    Double v = m == null ? null : m.get(metric);
    return v == null ? Double.NaN : v;
  }

  /** Measured machine, process and JVM values. */
  public Map<Metric, Double> values() {
    return values;
  }

  /** Measured per-agent values, by agent id. */
  public Map<String, Map<Metric, Double>> agents() {
    return agents;
  }

  @Override
  public String toString() {
    return "Snapshot{" + time + ", " + values.size() + " metrics, " + agents.size() + " agents}";
  }
}
