package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Sample;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-agent rule: evaluated for every agent in the sample. A slot exists only for agents with an active alert
 * (created when one starts); lookups use the agent id, whose hash is cached, so a steady evaluation allocates
 * nothing. An agent with an alert that is no longer in the sample (unregistered) has no data.
 */
final class AgentEvaluator extends RuleEvaluator {

  private final HashMap<String, AlertSlot> byAgent = new HashMap<>();
  private AlertSlot[] active = new AlertSlot[8];
  private int activeCount;
  private long mark;

  AgentEvaluator(CompiledRule rule, SlotChanges changes, long repeatNanos) {
    super(rule, changes, repeatNanos);
  }

  @Override
  void evaluate(Sample sample, long now, long millis) {
    long m = ++mark;
    List<Agent> agents = sample.agents();
    for (int i = 0, n = agents.size(); i < n; i++) {
      Agent agent = agents.get(i);
      double v = rule.read(sample, agent);
      AlertSlot slot = activeCount == 0 ? null : byAgent.get(agent.id());
      if (slot == null) {
        if (rule.severityOf(v) < 0) {
          continue;
        }
        slot = add(agent);
      }
      slot.seenMark = m;
      step(slot, v, now, millis);
    }
    for (int i = 0; i < activeCount; i++) {
      AlertSlot slot = active[i];
      if (slot.seenMark != m) {
        step(slot, Double.NaN, now, millis);
      }
    }
    for (int i = activeCount - 1; i >= 0; i--) {
      if (active[i].state == AlertSlot.INACTIVE) {
        byAgent.remove(active[i].agent);
        active[i] = active[--activeCount];
        active[activeCount] = null;
      }
    }
  }

  private AlertSlot add(Agent agent) {
    Map<String, String> series = new LinkedHashMap<>(agent.labels());
    series.put(Names.AGENT, agent.id());
    Map<String, String> labels = new LinkedHashMap<>(agent.labels());
    labels.putAll(rule.rule.labels());
    labels.put(Names.ALERTNAME, rule.name);
    labels.put(Names.AGENT, agent.id());
    AlertSlot slot = new AlertSlot(rule, agent.id(), Collections.unmodifiableMap(labels),
        Collections.unmodifiableMap(series));
    byAgent.put(agent.id(), slot);
    if (activeCount == active.length) {
      active = Arrays.copyOf(active, activeCount * 2);
    }
    active[activeCount++] = slot;
    return slot;
  }
}
