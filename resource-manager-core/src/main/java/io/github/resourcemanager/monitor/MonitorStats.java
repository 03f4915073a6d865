package io.github.resourcemanager.monitor;

import java.util.List;

/**
 * Counters of the monitor of a {@link io.github.resourcemanager.ResourceManager} since it was created.
 *
 * @param ticks completed ticks
 * @param skippedTicks ticks the scheduler skipped because an earlier one overran the interval
 * @param listenerFailures listener calls that threw
 * @param droppedAgentValues per-agent values dropped because the agent limit was reached
 * @param sources per-source counters, in sampling order
 */
public record MonitorStats(long ticks, long skippedTicks, long listenerFailures, long droppedAgentValues,
    List<SourceStats> sources) {

  /** Validates and copies the list. */
  public MonitorStats {
    sources = List.copyOf(sources);
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
