package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A reusable {@link Observation} over the monitor's {@link Sample}. Agents are looked up by id in a map that is
 * rebuilt only when the sample's agents change, so reading a value allocates nothing in steady state. Confined
 * to the thread that decides.
 */
final class SampleObservation implements Observation {
  private @Nullable Sample sample; // null outside a listener call
  private @Nullable Agent[] known = new Agent[0];
  private int knownCount;
  private final HashMap<String, Agent> byId = new HashMap<>();

  SampleObservation reset(Sample sample) {
    this.sample = sample;
    List<Agent> agents = sample.agents();
    int n = agents.size();
    boolean changed = n != knownCount;
    for (int i = 0; !changed && i < n; i++) {
      changed = agents.get(i) != known[i];
    }
    if (changed) {
      if (known.length < n) {
        known = new Agent[Math.max(n, known.length * 2)];
      }
      byId.clear();
      for (int i = 0; i < n; i++) {
        Agent agent = agents.get(i);
        known[i] = agent;
        byId.put(agent.id(), agent);
      }
      for (int i = n; i < knownCount; i++) {
        known[i] = null;
      }
      knownCount = n;
    }
    return this;
  }

  /** Drops the reference to the sample, which must not outlive the listener call. */
  void clear() {
    sample = null;
  }

  @Override
  public long tickNanos() {
    return sample().tickNanos();
  }

  @Override
  public double value(Metric metric) {
    return sample().value(metric);
  }

  @Override
  public double agentValue(String agentId, Metric metric) {
    Agent agent = byId.get(agentId);
    return agent == null ? Double.NaN : sample().value(agent, metric);
  }

  private Sample sample() {
    Sample current = sample;
    if (current == null) {
      throw new IllegalStateException("the observation is read outside the sample listener call it was made for");
    }
    return current;
  }
}
