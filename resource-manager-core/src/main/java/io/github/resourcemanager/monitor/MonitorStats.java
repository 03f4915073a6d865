package io.github.resourcemanager.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of the monitor of a {@link io.github.resourcemanager.ResourceManager} since it was created.
 *
 * @param ticks completed ticks
 * @param skippedTicks ticks the scheduler skipped because an earlier one overran the interval
 * @param listenerFailures calls to listeners that threw (any {@link Throwable}): sample listeners, and the scalers'
 *     decision listeners and the resource pool's event listeners
 * @param callbackTimeouts calls on the monitor's worker that had not returned by the callback timeout: listeners,
 *     alert gauges, scalers (their targets), the pool's enforcers, and sources that do not block (also counted in
 *     their {@link SourceStats#timeouts()}); each such call is skipped until it returns
 * @param droppedAgentValues per-agent values dropped because the agent limit was reached
 * @param droppedMetricValues values dropped because their metric was beyond a bound on distinct metrics (the sum of
 *     the sources' {@link SourceStats#droppedValues()})
 * @param stuck what is skipped now because an earlier call has not returned, e.g.
 *     {@code listener com.example.Audit@1b6d3586} or {@code gauge of alert rule 'queue-high'}
 * @param sources per-source counters, in sampling order
 * @param historyBytes bytes the histories (machine and agents) retain per tier, finest first: {@code "raw"}, then
 *     each rollup step as configured ({@code "1m"}, {@code "5m"}, ...): the chunks of each tier, what the history
 *     budget limits; then {@code "state"}, the per-agent state beside the chunks (rows being written, open buckets),
 *     and {@code "pooled"}, free chunk buffers kept for reuse
 */
public record MonitorStats(long ticks, long skippedTicks, long listenerFailures, long callbackTimeouts,
    long droppedAgentValues, long droppedMetricValues, List<String> stuck, List<SourceStats> sources,
    Map<String, Long> historyBytes) {

  /** Validates and copies the lists and the map (keeping the map's order). */
  public MonitorStats {
    stuck = List.copyOf(stuck);
    sources = List.copyOf(sources);
    historyBytes = Collections.unmodifiableMap(new LinkedHashMap<>(historyBytes));
  }

  /** Counters without history figures (an empty {@code historyBytes}). */
  public MonitorStats(long ticks, long skippedTicks, long listenerFailures, long callbackTimeouts,
      long droppedAgentValues, long droppedMetricValues, List<String> stuck, List<SourceStats> sources) {
    this(ticks, skippedTicks, listenerFailures, callbackTimeouts, droppedAgentValues, droppedMetricValues, stuck,
        sources, Map.of());
  }

  /** The bytes of the tiers' chunks, all tiers together: what the history budget limits. */
  public long historyBytesRetained() {
    long sum = 0;
    for (Map.Entry<String, Long> e : historyBytes.entrySet()) {
      if (!e.getKey().equals("pooled") && !e.getKey().equals("state")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** The counters of the source with this name. */
  public SourceStats source(String name) {
    for (SourceStats s : sources) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no source named \"" + name + "\"; sources: "
        + sources.stream().map(SourceStats::name).toList());
  }
}
