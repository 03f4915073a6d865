package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The sample of each tick: one instance, reused every tick and confined to the monitor thread. Values are written
 * by the sources (through their buffers) and read by listeners during the tick.
 */
public final class TickSample implements Sample {

  private double[] values;
  private long tickNanos;
  private long epochMillis;
  private long sequence;
  private TrackedAgent[] agents = new TrackedAgent[0];
  private int agentCount;
  private final AgentList agentList = new AgentList();

  TickSample() {
    values = new double[Math.max(32, Metric.count())];
    Arrays.fill(values, Double.NaN);
  }

  /**
   * A copy that later ticks write instead of this one, made when a listener is left behind inside its call: it keeps
   * this object, which nobody writes any more.
   */
  TickSample copy() {
    TickSample c = new TickSample();
    c.values = values.clone();
    c.tickNanos = tickNanos;
    c.epochMillis = epochMillis;
    c.sequence = sequence;
    c.agents = agents;
    c.agentCount = agentCount;
    return c;
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

  void agents(TrackedAgent[] agents, int count) {
    this.agents = agents;
    this.agentCount = count;
  }

  /** The value array, indexed by {@link Metric#index()}; for the history, which copies what it keeps. */
  public double[] rawValues() {
    return values;
  }

  /** The ticker reading, in nanoseconds, at which this sample was taken. */
  @Override
  public long tickNanos() {
    return tickNanos;
  }

  /** The wall-clock time of this sample, from the monitor's {@link java.time.Clock}, in epoch milliseconds. */
  @Override
  public long epochMillis() {
    return epochMillis;
  }

  /** The number of this tick since the monitor was created, starting at 1. */
  @Override
  public long sequence() {
    return sequence;
  }

  /** The value of a machine, process or JVM metric in this sample, or {@code NaN} if it was not measured. */
  @Override
  public double value(Metric metric) {
    int i = metric.index();
    return i < values.length ? values[i] : Double.NaN;
  }

  /** The agents in this sample, in registration order. The list is a reused view; do not keep it. */
  @Override
  public List<Agent> agents() {
    return agentList;
  }

  /** The value of a per-agent metric for {@code agent} in this sample, or {@code NaN} if it was not measured. */
  @Override
  public double value(Agent agent, Metric metric) {
    return agent instanceof TrackedAgent t ? t.current(metric.index()) : value(agent.id(), metric);
  }

  @Override
  public double value(String agentId, Metric metric) {
    for (int a = 0; a < agentCount; a++) {
      if (agents[a].id().equals(agentId)) {
        return agents[a].current(metric.index());
      }
    }
    return Double.NaN;
  }

  @Override
  public Map<Metric, Double> values() {
    Map<Metric, Double> system = new LinkedHashMap<>();
    for (Metric m : Metric.all()) {
      double v = value(m);
      if (!Double.isNaN(v)) {
        system.put(m, v);
      }
    }
    return system;
  }

  @Override
  public Map<String, Map<Metric, Double>> agentValues() {
    Map<String, Map<Metric, Double>> perAgent = new LinkedHashMap<>();
    for (int a = 0; a < agentCount; a++) {
      TrackedAgent agent = agents[a];
      Map<Metric, Double> vals = new LinkedHashMap<>();
      for (Metric m : Metric.all()) {
        double v = agent.current(m.index());
        if (!Double.isNaN(v)) {
          vals.put(m, v);
        }
      }
      perAgent.put(agent.id(), vals);
    }
    return perAgent;
  }

  @Override
  public Sample snapshot() {
    return new FrozenSample(tickNanos, epochMillis, sequence, values(), new ArrayList<>(agentList), agentValues());
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
