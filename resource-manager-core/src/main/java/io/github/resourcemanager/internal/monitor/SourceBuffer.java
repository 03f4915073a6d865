package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values one source writes in one tick, held apart from the sample until the source has finished, so
 * that a source that throws or overruns contributes nothing rather than half its values. Reused every tick.
 *
 * <p>Bounds the metrics a source can bring in: at most {@code maxMetrics} distinct metrics per source, and what the
 * monitor-wide {@link MetricBudget} admits. A value of a metric beyond either bound is dropped and counted; the first
 * drop of a run (ticks in a row with drops) is logged at warn, the rest at debug.
 */
final class SourceBuffer implements SampleWriter {
  private static final Logger log = LoggerFactory.getLogger(SourceBuffer.class);

  private final String sourceName;
  private final int maxMetrics;
  private final MetricBudget budget;
  private boolean[] known = new boolean[64]; // metrics this source has been allowed to write
  private int knownCount;
  private final AtomicLong dropped = new AtomicLong();
  private boolean droppedThisTick;
  private boolean dropRun;
  private long tickNanos;
  private double[] values = new double[64];
  private boolean[] isSet = new boolean[64];
  private int[] written = new int[64];
  private int writtenCount;
  private String[] agentIds = new String[16];
  private int[] agentMetrics = new int[16];
  private double[] agentValues = new double[16];
  private int agentCount;

  SourceBuffer(String sourceName, int maxMetrics, MetricBudget budget) {
    this.sourceName = sourceName;
    this.maxMetrics = maxMetrics;
    this.budget = budget;
  }

  /** Values dropped so far because their metric was beyond a bound. */
  long droppedValues() {
    return dropped.get();
  }

  void reset(long tickNanos) {
    this.tickNanos = tickNanos;
    if (!droppedThisTick) {
      dropRun = false;
    }
    droppedThisTick = false;
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
    if (!admitted(metric)) {
      return;
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
    ThreadTracker.validateId(Objects.requireNonNull(agentId, "agentId"));
    if (!admitted(metric)) {
      return;
    }
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

  /** Whether values of {@code metric} are kept; false (counted, logged) beyond this source's or the monitor's bound. */
  private boolean admitted(Metric metric) {
    int i = metric.index();
    if (i < known.length && known[i]) {
      return true;
    }
    String limit = knownCount >= maxMetrics
        ? "its limit of " + maxMetrics + " distinct metrics per source (maxMetricsPerSource)"
        : budget.admit(metric) ? null : budget.limitText(metric);
    if (limit == null) {
      if (i >= known.length) {
        known = Arrays.copyOf(known, Math.max(i + 1, known.length * 2));
      }
      known[i] = true;
      knownCount++;
      return true;
    }
    dropped.incrementAndGet();
    droppedThisTick = true;
    if (!dropRun) {
      dropRun = true;
      log.warn("source '{}' wrote metric {}, which is beyond {}; its values are dropped and counted in "
          + "SourceStats.droppedValues (further drops are logged at debug until a tick without any)", sourceName,
          metric.name(), limit);
    } else if (log.isDebugEnabled()) {
      log.debug("source '{}': value of metric {} dropped ({})", sourceName, metric.name(), limit);
    }
    return false;
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
