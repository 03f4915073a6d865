package io.github.resourcemanager.monitor;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The values of one monitor tick: machine, process and JVM metrics, and per-agent metrics.
 *
 * <p>One instance is reused for every tick and is confined to the monitor thread: {@link SampleListener}s
 * read it during their call and must not keep it. Use {@link #snapshot()} for an immutable copy.
 * A metric that was not measured in this tick reads as {@code NaN}.
 */
public final class Sample {

  private double[] values;
  private long tickNanos;
  private long epochMillis;
  private long sequence;
  private Agent[] agents = new Agent[0];
  private int agentCount;
  private final AgentList agentList = new AgentList();

  Sample() {
    values = new double[Math.max(32, Metric.count())];
    Arrays.fill(values, Double.NaN);
  }

  /** Clears the values and starts the sample of a new tick. */
  void begin(long tickNanos, long epochMillis, long sequence) {
    Arrays.fill(values, Double.NaN);
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.sequence = sequence;
    this.agentCount = 0;
  }

  void put(int index, double value) {
    if (index >= values.length) {
      int old = values.length;
      values = Arrays.copyOf(values, Math.max(index + 1, old * 2));
      Arrays.fill(values, old, values.length, Double.NaN);
    }
    values[index] = Double.isInfinite(value) ? Double.NaN : value;
  }

  void agents(Agent[] agents, int count) {
    this.agents = agents;
    this.agentCount = count;
  }

  double[] rawValues() {
    return values;
  }

  /** The ticker reading, in nanoseconds, at which this sample was taken. */
  public long tickNanos() {
    return tickNanos;
  }

  /** The wall-clock time of this sample, from the monitor's {@link java.time.Clock}, in epoch milliseconds. */
  public long epochMillis() {
    return epochMillis;
  }

  /** The wall-clock time of this sample. Allocates; prefer {@link #epochMillis()} on hot paths. */
  public Instant time() {
    return Instant.ofEpochMilli(epochMillis);
  }

  /** The number of this tick since the monitor was created, starting at 1. */
  public long sequence() {
    return sequence;
  }

  /** The value of a machine, process or JVM metric in this sample, or {@code NaN} if it was not measured. */
  public double value(Metric metric) {
    int i = metric.index();
    return i < values.length ? values[i] : Double.NaN;
  }

  /** Whether {@code metric} was measured in this sample. */
  public boolean has(Metric metric) {
    return !Double.isNaN(value(metric));
  }

  /** The agents in this sample, in registration order. The list is a reused view; do not keep it. */
  public List<Agent> agents() {
    return agentList;
  }

  /** The value of a per-agent metric for {@code agent} in this sample, or {@code NaN} if it was not measured. */
  public double value(Agent agent, Metric metric) {
    return agent.current(metric.index());
  }

  /** An immutable copy of this sample, safe to keep and to share between threads. */
  public Snapshot snapshot() {
    Map<Metric, Double> system = new LinkedHashMap<>();
    for (Metric m : Metric.all()) {
      double v = value(m);
      if (!Double.isNaN(v)) {
        system.put(m, v);
      }
    }
    Map<String, Map<Metric, Double>> perAgent = new LinkedHashMap<>();
    for (int a = 0; a < agentCount; a++) {
      Agent agent = agents[a];
      Map<Metric, Double> vals = new LinkedHashMap<>();
      for (Metric m : Metric.all()) {
        double v = agent.current(m.index());
        if (!Double.isNaN(v)) {
          vals.put(m, v);
        }
      }
      perAgent.put(agent.id(), vals);
    }
    return new Snapshot(Instant.ofEpochMilli(epochMillis), tickNanos, system, perAgent);
  }

  @Override
  public String toString() {
    return "Sample#" + sequence + "@" + time();
  }

  private final class AgentList extends AbstractList<Agent> implements RandomAccess {
    @Override
    public Agent get(int index) {
      if (index < 0 || index >= agentCount) {
        throw new IndexOutOfBoundsException("index " + index + ", size " + agentCount);
      }
      return agents[index];
    }

    @Override
    public int size() {
      return agentCount;
    }
  }
}
