package io.github.resourcemanager.internal.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A monitor's histories: the machine's (a table of one slot) and the agents' tables, sharing one {@link ChunkPool}
 * and its memory budget.
 */
final class Histories {
  private final ChunkPool pool;
  private final AgentTable machineTable;
  private final History machine;
  private final AgentTables agents;

  Histories(MonitorConfig config) {
    this.pool = new ChunkPool(config.historyBudget());
    this.machineTable = new AgentTable(config.historyCapacity(), config.historyTiers(), config.interval(),
        config.historyPrecision(), pool, true);
    AgentTable.View view = machineTable.new View(true);
    view.attach(machineTable.assignSlot(0));
    this.machine = new History(view, config.ticker(), config.interval());
    this.agents = new AgentTables(config, pool);
  }

  History machine() {
    return machine;
  }

  AgentTables agents() {
    return agents;
  }

  /**
   * Bytes held per tier over all tables, finest first: {@code raw}, then each rollup step ({@code 1m}, ...), then
   * {@code state} for the tables' per-agent state beside the chunks and {@code pooled} for the free chunk buffers
   * kept for reuse.
   */
  Map<String, Long> bytesByTier() {
    Map<String, Long> bytes = new LinkedHashMap<>();
    add(bytes, machineTable);
    for (AgentTable t : agents.all()) {
      add(bytes, t);
    }
    long state = machineTable.stateBytes();
    for (AgentTable t : agents.all()) {
      state += t.stateBytes();
    }
    bytes.put("state", state);
    bytes.put("pooled", pool.pooledBytes()); // read racily: a figure for people, written by the monitor thread
    return Collections.unmodifiableMap(bytes);
  }

  private static void add(Map<String, Long> into, AgentTable table) {
    String[] labels = table.levelLabels();
    long[] bytes = table.bytesByLevel();
    for (int l = 0; l < labels.length; l++) {
      into.merge(labels[l], bytes[l], Long::sum);
    }
  }
}
