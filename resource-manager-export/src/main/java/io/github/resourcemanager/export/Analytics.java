package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Questions answered from recorded history over a window: where each metric peaked, which resources were
 * bottlenecks (above a threshold for a while), how efficiently allocated shares were used, and which alert
 * thresholds and agent limits the history suggests. Results are typed records that can be written as JSON.
 *
 * <pre>{@code
 * Analytics analytics = Analytics.of(resourceManager);
 * PeakReport peaks = analytics.peaks(Duration.ofHours(1));
 * BottleneckReport report = analytics.bottlenecks(Duration.ofHours(1), BottleneckCriteria.ofDefaults());
 * report.writeJson(Path.of("bottlenecks.json"));
 * EfficiencyReport efficiency = analytics.efficiency(Duration.ofHours(1));   // needs allocation
 * AutotuneReport autotune = analytics.autotune(Duration.ofHours(1));         // suggestions, nothing applied
 * }</pre>
 *
 * <p>Machine, process and JVM metrics are read from the manager's machine history
 * ({@link ResourceManager#history(Metric, Duration)}); {@code agent.*} metrics from every registered agent's history
 * ({@link Agent#history(Metric, Duration)}), each agent being a resource of its own. The window ends at the ticker's reading
 * when the call starts. Values that were not measured ({@code NaN}) are ignored. Thread-safe; histories may be
 * appended to meanwhile.
 */
public final class Analytics {
  /** The name of the line of all admitted agents together in an {@link EfficiencyReport}. */
  static final String GLOBAL = "global";

  private final Histories histories;
  private final ResourceManager manager;

  private Analytics(Histories histories) {
    this.histories = histories;
    this.manager = histories.manager();
  }

  /**
   * Analytics over the manager's machine history and its agents' histories (and its alert rules, vertical
   * recommender and allocation, if configured). Windows are measured back from the manager's ticker; its clock gives
   * the reports' {@code generatedAt}.
   *
   */
  public static Analytics of(ResourceManager manager) {
    return new Analytics(new Histories(manager));
  }

  /**
   * The peak of every metric with a measured value within {@code window} of now: machine metrics, then agent
   * metrics (the highest value of any agent, with that agent's id), each in metric definition order.
   *
   * <p>A peak reached more than once is reported at its first time; between agents, at the earliest time, then
   * the agent registered first.
   *
   * @throws IllegalArgumentException if {@code window} is not positive
   */
  public PeakReport peaks(Duration window) {
    return peaks(window, List.of());
  }

  /**
   * The peaks of {@code metrics}, in the order given (duplicates ignored), within {@code window} of now; a metric
   * with no measured value in the window has no peak in the report. An empty collection means every metric
   * with data, as {@link #peaks(Duration)}.
   *
   * @throws IllegalArgumentException if {@code window} is not positive
   */
  public PeakReport peaks(Duration window, Collection<Metric> metrics) {
    long since = since(window);
    Objects.requireNonNull(metrics, "metrics");
    int i = 0;
    for (Metric m : metrics) {
      Objects.requireNonNull(m, "metrics[" + i + "]");
      i++;
    }
    List<Agent> agents = histories.agents(Optional.empty());
    List<Metric> chosen = new ArrayList<>(new LinkedHashSet<>(metrics));
    if (chosen.isEmpty()) {
      chosen.addAll(histories.metricsWithData(false, agents, since));
      chosen.addAll(histories.metricsWithData(true, agents, since));
    }
    List<Peak> peaks = new ArrayList<>();
    for (Metric metric : chosen) {
      @Nullable Peak best = null;
      if (!metric.isAgentMetric()) {
        best = peak(histories.machine(metric, since), null);
      } else {
        for (Agent agent : agents) {
          Peak p = peak(histories.agent(agent, metric, since), agent.id());
          if (p != null && (best == null || p.value() > best.value()
              || (p.value() == best.value() && p.time().isBefore(best.time())))) {
            best = p;
          }
        }
      }
      if (best != null) {
        peaks.add(best);
      }
    }
    return new PeakReport(histories.now(), window, peaks);
  }

  private static @Nullable Peak peak(Series series, @Nullable String agent) {
    int at = -1;
    for (int i = 0; i < series.size(); i++) {
      double v = series.value(i);
      if (!Double.isNaN(v) && (at < 0 || v > series.value(at))) {
        at = i;
      }
    }
    return at < 0 ? null : new Peak(series.metric(), agent, series.value(at), series.time(at));
  }

  /**
   * The resources that stayed above their threshold for at least {@code criteria.minDuration()} within
   * {@code window} of now, ranked by {@code criteria.ranking()}; see {@link Bottleneck} for how runs are
   * measured and {@link BottleneckCriteria} for which metrics are checked. Ties keep machine metrics before
   * agent metrics, metric definition order, then agent registration order.
   *
   * @throws IllegalArgumentException if {@code window} is not positive
   */
  public BottleneckReport bottlenecks(Duration window, BottleneckCriteria criteria) {
    long since = since(window);
    Objects.requireNonNull(criteria, "criteria");
    long minNanos = criteria.minDuration().toNanos();
    List<Agent> agents = histories.agents(Optional.empty());
    List<Bottleneck> found = new ArrayList<>();
    for (Metric metric : checkedMetrics(false, criteria, agents, since)) {
      addIfFound(found, histories.machine(metric, since), null, criteria.thresholdFor(metric), minNanos);
    }
    for (Metric metric : checkedMetrics(true, criteria, agents, since)) {
      for (Agent agent : agents) {
        addIfFound(found, histories.agent(agent, metric, since), agent.id(), criteria.thresholdFor(metric), minNanos);
      }
    }
    Comparator<Bottleneck> byTime = Comparator.comparing(Bottleneck::timeAbove).reversed();
    Comparator<Bottleneck> bySeverity = Comparator.comparingDouble(Bottleneck::severity).reversed();
    found.sort(criteria.ranking() == BottleneckCriteria.Ranking.TIME_ABOVE
        ? byTime.thenComparing(bySeverity) : bySeverity.thenComparing(byTime)); // stable: ties keep scan order
    return new BottleneckReport(histories.now(), window, criteria, found);
  }

  /** The metrics of one scope with a threshold: those given explicitly, then percentage metrics with data. */
  private List<Metric> checkedMetrics(boolean agentScope, BottleneckCriteria criteria, List<Agent> agents, long since) {
    LinkedHashSet<Metric> metrics = new LinkedHashSet<>(Histories.ofScope(new ArrayList<>(criteria.thresholds().keySet()), agentScope));
    for (Metric m : histories.metricsWithData(agentScope, agents, since)) {
      if (!Double.isNaN(criteria.thresholdFor(m))) {
        metrics.add(m);
      }
    }
    List<Metric> sorted = new ArrayList<>(metrics);
    sorted.sort(Comparator.comparingInt(Metric::index));
    return sorted;
  }

  private static void addIfFound(List<Bottleneck> found, Series s, @Nullable String agent, double threshold,
      long minNanos) {
    List<Bottleneck.Run> runs = new ArrayList<>();
    long timeAbove = 0;
    long longest = 0;
    double peak = Double.NaN;
    int peakAt = -1;
    int start = -1; // first sample of the current run, -1 outside a run
    int runPeakAt = -1;
    for (int i = 0; i <= s.size(); i++) {
      double v = i < s.size() ? s.value(i) : Double.NaN;
      if (v > threshold) { // false for NaN: an unmeasured sample ends a run
        if (start < 0) {
          start = i;
          runPeakAt = i;
        } else if (v > s.value(runPeakAt)) {
          runPeakAt = i;
        }
        continue;
      }
      if (start >= 0) {
        int end = i - 1;
        long nanos = s.tickNanos(end) - s.tickNanos(start);
        if (nanos >= minNanos) {
          double runPeak = s.value(runPeakAt);
          runs.add(new Bottleneck.Run(s.time(start), s.time(end), Duration.ofNanos(nanos), runPeak));
          timeAbove += nanos;
          longest = Math.max(longest, nanos);
          if (peakAt < 0 || runPeak > peak) {
            peak = runPeak;
            peakAt = runPeakAt;
          }
        }
        start = -1;
      }
    }
    if (!runs.isEmpty()) {
      found.add(new Bottleneck(s.metric(), agent, threshold, Duration.ofNanos(timeAbove), Duration.ofNanos(longest),
          peak, s.time(peakAt), (peak - threshold) / threshold, runs));
    }
  }

  /**
   * Allocation efficiency within {@code window} of now: for every admitted agent, every project and all agents
   * together, and every resource they have a share of, the usage (read as the pool reads it: its usage metrics, CPU
   * percentages of the machine as millicores with its {@code machineCpus}) against the share in force now.
   *
   * <p>The shares compared with are those in force when the report is made: the pool does not keep past shares, so
   * over a window in which shares changed (agents joining or leaving, a profile switch, the dynamic strategy) the
   * figures mix usage under older shares with today's. A project's or the pool's usage is the sum of its agents'
   * usage at each sample. A resource that is not limited at a level (no share) or has no measured usage in the
   * window has no line; agents that are registered but not admitted have none either.
   *
   * @throws IllegalArgumentException if {@code window} is not positive
   * @throws IllegalStateException if the manager has no allocation (it was built without
   *     {@link ResourceManager.Builder#allocation(io.github.resourcemanager.allocate.AllocationConfig)})
   */
  public EfficiencyReport efficiency(Duration window) {
    long since = since(window);
    ResourcePool pool;
    try {
      pool = manager.allocation();
    } catch (IllegalStateException notConfigured) {
      throw new IllegalStateException("allocation efficiency compares usage with allocated shares, but allocation is not "
          + "configured; build the manager with ResourceManager.custom().allocation(AllocationConfig or JSON file)",
          notConfigured);
    }
    return new EfficiencyAnalysis(pool, histories, since).report(histories.now(), window);
  }

  /**
   * Suggests alert thresholds and agent limits from the history within {@code window} of now, with the default
   * {@link AutotuneOptions}; see {@link #autotune(Duration, AutotuneOptions)}.
   */
  public AutotuneReport autotune(Duration window) {
    return autotune(window, AutotuneOptions.ofDefaults());
  }

  /**
   * Suggests alert thresholds and agent limits from the history within {@code window} of now. Nothing is applied:
   * each suggestion has an explicit {@code applyTo}.
   *
   * <p><b>Thresholds.</b> Each rule of the manager's alert pipeline is replayed over its recorded input (for a
   * per-agent rule, every agent's; for a sum, the sum), with its {@code for}, {@code keepFiringFor} and clear
   * threshold, as the pipeline evaluates it. For each of its severities, from the least serious, the lowest
   * threshold (highest, for a rule that breaches below) at which the rule would have been firing at that severity or
   * above for at most its budget of the evaluations is found, and rounded to the roundest number that replays the
   * same. A threshold over budget is raised to it; one within budget is kept, unless
   * {@link AutotuneOptions#lowerQuietThresholds()} asks to lower it too. Thresholds never decrease with severity, and
   * a clear threshold moves with the lowest threshold. Gauge rules (not recorded) and rules with fewer than
   * {@code minSamples} measured values are kept, and say why.
   *
   * <p><b>Limits.</b> For each registered agent with measured CPU or memory in the window: when the manager has a
   * vertical recommender with a recommendation for the agent, its target (CPU; memory too when the recommender reads
   * a memory metric the agent has values of); otherwise, from the agent's history, CPU at the
   * {@code limitPercentile} (95th) of {@code agent.cpu.usage} plus {@code limitMargin} (15 %), rounded up to a
   * millicore (percentages of the machine turned into cores with the allocation pool's {@code machineCpus}, as
   * {@link #efficiency(Duration)} does, or the detected count without a pool), and memory at the peak of {@code agent.memory.used} plus the margin, rounded up to a MiB (a memory
   * limit must cover the peak: above it the agent is killed, not slowed). Each suggestion says which was used.
   *
   * @throws IllegalArgumentException if the window is not positive
   */
  public AutotuneReport autotune(Duration window, AutotuneOptions options) {
    long since = since(window);
    Objects.requireNonNull(options, "options");
    return new Autotuner(histories, options, since, window).report(histories.now());
  }

  private long since(Duration window) {
    Durations.positiveNanos("window", window);
    return histories.since(Optional.of(window));
  }
}
