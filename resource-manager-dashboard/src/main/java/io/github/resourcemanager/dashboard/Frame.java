package io.github.resourcemanager.dashboard;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.List;

/**
 * The part of one sample the page shows, copied on the monitor thread so that the reused {@link Sample} can go:
 * the tick's times, a few machine values and a few values per agent. Immutable once built; serialized to JSON
 * later, on a server thread, once for every page that receives it.
 */
final class Frame {

  /** The machine, process and JVM metrics the page charts, in payload order. */
  static final List<Metric> SYSTEM = List.of(
      Metric.SYSTEM_CPU_USAGE, Metric.PROCESS_CPU_USAGE,
      Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_MEMORY_TOTAL, Metric.SYSTEM_MEMORY_USAGE,
      Metric.PROCESS_MEMORY_RESIDENT, Metric.JVM_HEAP_USED,
      Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
      Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT,
      Metric.SYSTEM_LOAD_1M);

  /** The per-agent metrics the page charts, in payload order. */
  static final List<Metric> AGENT = List.of(
      Metric.AGENT_CPU_USAGE, Metric.AGENT_ALLOCATION_RATE, Metric.AGENT_THREADS, Metric.AGENT_MEMORY_USED);

  final long sequence;
  final long tickNanos;
  final long epochMillis;
  /** Indexed like {@link #SYSTEM}; {@code NaN}: not measured. */
  final double[] system;
  final String[] agentIds;
  /** Agent {@code a}'s value of {@code AGENT.get(m)} is at {@code a * AGENT.size() + m}. */
  final double[] agentValues;
  private static final byte[] NOT_WRITTEN = new byte[0];

  private byte[] json = NOT_WRITTEN; // the tick event's data, written by the first page that sends it

  /** Tells a page's writer that the dashboard is closing; never sent. */
  static final Frame END = new Frame(-1, 0, 0, new double[0], new String[0], new double[0]);

  private Frame(long sequence, long tickNanos, long epochMillis, double[] system, String[] agentIds, double[] agentValues) {
    this.sequence = sequence;
    this.tickNanos = tickNanos;
    this.epochMillis = epochMillis;
    this.system = system;
    this.agentIds = agentIds;
    this.agentValues = agentValues;
  }

  /** Copies what the page needs from {@code sample}; called on the monitor thread, quick and non-blocking. */
  static Frame of(Sample sample) {
    double[] system = new double[SYSTEM.size()];
    for (int i = 0; i < system.length; i++) {
      system[i] = sample.value(SYSTEM.get(i));
    }
    List<Agent> agents = sample.agents();
    int n = agents.size();
    int per = AGENT.size();
    String[] ids = new String[n];
    double[] values = new double[n * per];
    for (int a = 0; a < n; a++) {
      Agent agent = agents.get(a);
      ids[a] = agent.id();
      for (int m = 0; m < per; m++) {
        values[a * per + m] = sample.value(agent, AGENT.get(m));
      }
    }
    return new Frame(sample.sequence(), sample.tickNanos(), sample.epochMillis(), system, ids, values);
  }

  /**
   * The data of this frame's {@code tick} event, written once (with the alerts, decisions and shares as of then)
   * and shared by every page that sends it.
   */
  synchronized byte[] json(Payloads payloads) {
    if (json == NOT_WRITTEN) {
      json = payloads.tick(this);
    }
    return json;
  }

  double agentValue(int agent, int metric) {
    return agentValues[agent * AGENT.size() + metric];
  }

  @Override
  public String toString() {
    return "Frame#" + sequence + "{" + agentIds.length + " agents}";
  }
}
