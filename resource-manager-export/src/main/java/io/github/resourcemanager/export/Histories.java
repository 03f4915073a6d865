package io.github.resourcemanager.export;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.History;
import io.github.resourcemanager.monitor.Metric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What exporters and analytics read: the machine history, the agents (if any), the ticker and the clock. */
final class Histories {
  /**
   * How far back "all retained history" reaches: about 146 years. Ticker readings are compared by their
   * difference, which is only meaningful within 2^63 ns, so "since" must be a real reading, not Long.MIN_VALUE.
   */
  private static final long ALL_NANOS = Long.MAX_VALUE / 2;
  private static final History.ValueVisitor IGNORE = (tick, value) -> { };

  final History machine;
  private final AgentTracker tracker; // null when there are no agents
  final Ticker ticker;
  final Clock clock;

  Histories(History machine, AgentTracker tracker, Ticker ticker, Clock clock) {
    this.machine = require("history", machine);
    this.tracker = tracker;
    this.ticker = require("ticker", ticker);
    this.clock = require("clock", clock);
  }

  static <T> T require(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /** The clock's time now, to the millisecond like the sample times. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The ticker reading of the start of a window ending now; an empty window means all retained history. */
  long since(Optional<Duration> window) {
    long now = ticker.read();
    return window.map(w -> now - w.toNanos()).orElse(now - ALL_NANOS);
  }

  /** The registered agents, or the named ones in the given order; unknown ids are rejected. */
  List<Agent> agents(Optional<List<String>> ids) {
    if (ids.isEmpty()) {
      return tracker == null ? List.of() : tracker.agents();
    }
    List<String> wanted = ids.get();
    if (wanted.isEmpty()) {
      return List.of();
    }
    if (tracker == null) {
      throw new IllegalArgumentException("agents " + wanted + " were asked for, but this reads a plain History "
          + "without agents; create it from a ResourceManager to export agents");
    }
    List<Agent> result = new ArrayList<>(wanted.size());
    for (String id : wanted) {
      Optional<Agent> agent = tracker.find(id);
      if (agent.isEmpty()) {
        throw new IllegalArgumentException("unknown agent \"" + id + "\"; registered agents: " + describe(tracker.agents()));
      }
      result.add(agent.get());
    }
    return result;
  }

  private static String describe(List<Agent> agents) {
    if (agents.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    int shown = Math.min(agents.size(), 20);
    for (int i = 0; i < shown; i++) {
      b.append(i == 0 ? "" : ", ").append(agents.get(i).id());
    }
    if (shown < agents.size()) {
      b.append(", ... (").append(agents.size()).append(" in all)");
    }
    return b.toString();
  }

  /** Whether {@code metric} has at least one measured value at or after {@code since} in {@code history}. */
  static boolean hasData(History history, Metric metric, long since) {
    return history.forEach(metric, since, IGNORE) > 0;
  }

  /**
   * The machine metrics (or, with {@code agentMetrics}, the per-agent metrics of any of {@code agents}) that
   * have a measured value at or after {@code since}, in index order (the order in which they were defined).
   */
  List<Metric> metricsWithData(boolean agentMetrics, List<Agent> agents, long since) {
    List<Metric> found = new ArrayList<>();
    if (!agentMetrics) {
      for (Metric m : machine.metrics()) {
        if (!m.isAgentMetric() && hasData(machine, m, since)) {
          found.add(m);
        }
      }
    } else {
      for (Agent agent : agents) {
        for (Metric m : agent.metrics()) {
          if (m.isAgentMetric() && !found.contains(m) && hasData(agent.history(), m, since)) {
            found.add(m);
          }
        }
      }
    }
    found.sort(Comparator.comparingInt(Metric::index));
    return found;
  }

  /** The metrics asked for, split by scope: machine metrics if {@code agentMetrics} is false, else agent metrics. */
  static List<Metric> ofScope(List<Metric> metrics, boolean agentMetrics) {
    List<Metric> result = new ArrayList<>();
    for (Metric m : metrics) {
      if (m.isAgentMetric() == agentMetrics) {
        result.add(Objects.requireNonNull(m));
      }
    }
    return result;
  }
}
