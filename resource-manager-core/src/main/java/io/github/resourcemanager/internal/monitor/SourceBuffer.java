package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.Arrays;

/**
 * The values one source writes in one tick, held apart from the sample until the source has finished, so
 * that a source that throws or overruns contributes nothing rather than half its values. Reused every tick.
 */
final class SourceBuffer implements SampleWriter {
  private long tickNanos;
  private double[] values = new double[64];
  private boolean[] isSet = new boolean[64];
  private int[] written = new int[64];
  private int writtenCount;
  private String[] agentIds = new String[16];
  private int[] agentMetrics = new int[16];
  private double[] agentValues = new double[16];
  private int agentCount;

  void reset(long tickNanos) {
    this.tickNanos = tickNanos;
    for (int i = 0; i < writtenCount; i++) {
      isSet[written[i]] = false;
    }
    writtenCount = 0;
    Arrays.fill(agentIds, 0, agentCount, null);
    agentCount = 0;
  }

  @Override
  public long tickNanos() {
    return tickNanos;
  }

  @Override
  public void set(Metric metric, double value) {
    if (metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric + " is per agent; write it with setAgent(agentId, metric, value)");
    }
    int i = metric.index();
    if (i >= values.length) {
      int length = Math.max(i + 1, values.length * 2);
      values = Arrays.copyOf(values, length);
      isSet = Arrays.copyOf(isSet, length);
    }
    if (!isSet[i]) {
      isSet[i] = true;
      if (writtenCount == written.length) {
        written = Arrays.copyOf(written, writtenCount * 2);
      }
      written[writtenCount++] = i;
    }
    values[i] = value;
  }

  @Override
  public void setAgent(String agentId, Metric metric, double value) {
    if (!metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric + " is not per agent (agent metrics start with \"agent.\"); "
          + "write it with set(metric, value)");
    }
    ThreadTracker.validateId(agentId);
    if (agentCount == agentIds.length) {
      int length = agentCount * 2;
      agentIds = Arrays.copyOf(agentIds, length);
      agentMetrics = Arrays.copyOf(agentMetrics, length);
      agentValues = Arrays.copyOf(agentValues, length);
    }
    agentIds[agentCount] = agentId;
    agentMetrics[agentCount] = metric.index();
    agentValues[agentCount] = value;
    agentCount++;
  }

  /** Copies everything written into the sample and the agents' current values. */
  void mergeInto(TickSample sample, ThreadTracker tracker) {
    for (int k = 0; k < writtenCount; k++) {
      int i = written[k];
      sample.put(i, values[i]);
    }
    for (int k = 0; k < agentCount; k++) {
      TrackedAgent agent = tracker.agentForSource(agentIds[k]);
      if (agent != null) {
        agent.putCurrent(agentMetrics[k], agentValues[k]);
      }
    }
  }
}
