package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What exporters and analytics read, through the manager's public API: its machine history
 * ({@link ResourceManager#history(Metric, Duration)}), its agents' histories ({@link Agent#history(Metric, Duration)}),
 * its ticker and its clock.
 *
 * <p>A query resolves its window once, as a ticker reading {@code since}, and every series read for it holds exactly the
 * samples taken at or after {@code since} (and, with {@code until}, at or before it), however long the reads take:
 * the manager measures a window back from its own ticker reading at each call, so each read asks for a little more
 * ({@link #READ_MARGIN_NANOS}) and the samples before {@code since} are cut off here.
 */
final class Histories {
  /**
   * How far back "all retained history" reaches: about 146 years. Ticker readings are compared by their
   * difference, which is only meaningful within 2^63 ns, so "since" must be a real reading, not Long.MIN_VALUE.
   */
  private static final long ALL_NANOS = Long.MAX_VALUE / 2;

  /**
   * How much further back than {@code since} each read reaches: more than the time between this class reading the
   * ticker and the manager reading it for the same call, which is microseconds unless the thread is descheduled.
   */
  static final long READ_MARGIN_NANOS = Duration.ofMinutes(1).toNanos();

  private final ResourceManager manager;
  final Ticker ticker;
  final Clock clock;

  Histories(ResourceManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.ticker = manager.ticker();
    this.clock = manager.clock();
  }

  /** The manager whose histories these are. */
  ResourceManager manager() {
    return manager;
  }

  /** The clock's time now, to the millisecond like the sample times. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The ticker reading of the start of a window ending now; an empty window means all retained history. */
  long since(Optional<Duration> window) {
    return since(window, ticker.read());
  }

  /** The ticker reading of the start of a window ending at the reading {@code end}; empty: all retained history. */
  static long since(Optional<Duration> window, long end) {
    return window.map(w -> end - w.toNanos()).orElse(end - ALL_NANOS);
  }

  /** One history, the machine's or one agent's, read one metric at a time. */
  @FunctionalInterface
  interface Source {
    /** The samples of {@code metric} taken at or after the ticker reading {@code since}, oldest first. */
    Series read(Metric metric, long since);
  }

  /** The machine history: machine, process and JVM metrics. */
  Source machine() {
    return this::machine;
  }

  /** {@code agent}'s history: per-agent metrics. */
  Source of(Agent agent) {
    return (metric, since) -> agent(agent, metric, since);
  }

  /** The machine, process or JVM {@code metric}'s samples taken at or after {@code since}, oldest first. */
  Series machine(Metric metric, long since) {
    return from(manager.history(metric, reach(since)), since);
  }

  /** {@code agent}'s samples of the per-agent {@code metric} taken at or after {@code since}, oldest first. */
  Series agent(Agent agent, Metric metric, long since) {
    return from(agent.history(metric, reach(since)), since);
  }

  /** A window ending now that reaches back past {@code since}. */
  private Duration reach(long since) {
    return Duration.ofNanos(ticker.read() - since + READ_MARGIN_NANOS);
  }

  /** The samples of {@code series} at or after {@code since}: the series itself when it holds no earlier one. */
  private static Series from(Series series, long since) {
    int first = 0;
    while (first < series.size() && series.tickNanos(first) - since < 0) {
      first++;
    }
    return first == 0 ? series : new Tail(series, first);
  }

  /** The registered agents, or the named ones in the given order; unknown ids are rejected. */
  List<Agent> agents(Optional<List<String>> ids) {
    AgentTracker tracker = manager.tracker();
    if (ids.isEmpty()) {
      return tracker.agents();
    }
    List<String> wanted = ids.get();
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

  /** Whether {@code series} holds at least one measured value. */
  static boolean hasData(Series series) {
    for (int i = 0; i < series.size(); i++) {
      if (!Double.isNaN(series.value(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The machine metrics (or, with {@code agentMetrics}, the per-agent metrics of any of {@code agents}) that
   * have a measured value at or after {@code since}, in index order (the order in which they were defined).
   */
  List<Metric> metricsWithData(boolean agentMetrics, List<Agent> agents, long since) {
    List<Metric> found = new ArrayList<>();
    if (!agentMetrics) {
      for (Metric m : manager.metrics()) {
        if (!m.isAgentMetric() && hasData(machine(m, since))) {
          found.add(m);
        }
      }
    } else {
      for (Agent agent : agents) {
        for (Metric m : agent.metrics()) {
          if (m.isAgentMetric() && !found.contains(m) && hasData(agent(agent, m, since))) {
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

  /** The samples of a series from index {@code first} on. Immutable, as the series it reads. */
  private static final class Tail implements Series {
    private final Series series;
    private final int first;

    Tail(Series series, int first) {
      this.series = series;
      this.first = first;
    }

    @Override
    public Metric metric() {
      return series.metric();
    }

    @Override
    public int size() {
      return series.size() - first;
    }

    @Override
    public double value(int i) {
      return series.value(index(i));
    }

    @Override
    public long tickNanos(int i) {
      return series.tickNanos(index(i));
    }

    @Override
    public long epochMillis(int i) {
      return series.epochMillis(index(i));
    }

    private int index(int i) {
      Objects.checkIndex(i, size());
      return first + i;
    }

    @Override
    public double[] values() {
      double[] all = series.values();
      return Arrays.copyOfRange(all, first, all.length);
    }

    @Override
    public Duration step() {
      return series.step();
    }

    @Override
    public Summary summary() {
      return Summary.of(metric(), values());
    }
  }
}
