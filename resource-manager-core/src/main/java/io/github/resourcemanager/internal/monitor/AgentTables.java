package io.github.resourcemanager.internal.monitor;

import java.util.List;
import java.util.Map;

/**
 * The agents' tables of a tracker: one for the agents' default tiers, and one per agent class (a label) configured
 * with tiers of its own. All share the monitor's {@link ChunkPool} and its budget. Monitor thread, except
 * {@link #tableFor}.
 */
final class AgentTables {
  private final AgentTable fallback;
  private final MonitorConfig.ClassTiers[] classes;
  private final AgentTable[] classTables;
  private final AgentTable[] all;

  AgentTables(MonitorConfig config, ChunkPool pool) {
    int precision = config.historyPrecision();
    this.fallback = new AgentTable(config.agentHistoryCapacity(), config.agentHistoryTiers(), config.interval(),
        precision, pool, true);
    List<MonitorConfig.ClassTiers> configured = config.agentClassTiers();
    this.classes = configured.toArray(new MonitorConfig.ClassTiers[0]);
    this.classTables = new AgentTable[classes.length];
    this.all = new AgentTable[classes.length + 1];
    all[0] = fallback;
    long intervalNanos = config.interval().toNanos();
    for (int i = 0; i < classes.length; i++) {
      HistoryTiers tiers = classes[i].tiers();
      int capacity = (int) Math.min(MonitorConfig.MAX_HISTORY_SAMPLES,
          (tiers.raw().toNanos() + intervalNanos - 1) / intervalNanos + 1);
      classTables[i] = new AgentTable(capacity, tiers, config.interval(), precision, pool, true);
      all[i + 1] = classTables[i];
    }
  }

  /** A tracker whose agents all use {@code table}. */
  AgentTables(AgentTable table) {
    this.fallback = table;
    this.classes = new MonitorConfig.ClassTiers[0];
    this.classTables = new AgentTable[0];
    this.all = new AgentTable[] {table};
  }

  /** The table of an agent with these labels: that of the first class it belongs to, else the default one. */
  AgentTable tableFor(Map<String, String> labels) {
    for (int i = 0; i < classes.length; i++) {
      if (classes[i].value().equals(labels.get(classes[i].label()))) {
        return classTables[i];
      }
    }
    return fallback;
  }

  void beginRow(long tickNanos, long epochMillis, long sequence) {
    for (AgentTable t : all) {
      t.beginRow(tickNanos, epochMillis, sequence);
    }
  }

  void commitRow() {
    for (AgentTable t : all) {
      t.commitRow();
    }
  }

  AgentTable[] all() {
    return all;
  }
}
