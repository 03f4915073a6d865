package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Computes an {@link AutotuneReport} from a manager's rules, histories and recommender. */
final class Autotuner {
  private static final Severity[] SEVERITIES = Severity.values();
  private static final long MEBIBYTE = 1L << 20;

  private final Histories histories;
  private final ResourceManager manager;
  private final AutotuneOptions options;
  private final long since;
  private final Duration window;

  Autotuner(Histories histories, AutotuneOptions options, long since, Duration window) {
    this.histories = histories;
    this.manager = histories.manager();
    this.options = options;
    this.since = since;
    this.window = window;
  }

  AutotuneReport report(java.time.Instant generatedAt) {
    List<ThresholdSuggestion> thresholds = new ArrayList<>();
    for (AlertRule rule : manager.alerts().rules()) {
      thresholds.add(threshold(rule));
    }
    List<LimitSuggestion> limits = new ArrayList<>();
    for (Agent agent : manager.tracker().agents()) {
      LimitSuggestion l = limit(agent);
      if (l != null) {
        limits.add(l);
      }
    }
    return new AutotuneReport(generatedAt, window, options, thresholds, limits);
  }

  // ================================================================ thresholds

  private ThresholdSuggestion threshold(AlertRule rule) {
    if (rule.gauge().isPresent()) {
      return new ThresholdSuggestion(rule, ThresholdSuggestion.Verdict.NOT_FROM_HISTORY, 0, null, List.of(), null,
          rule.name() + " watches the gauge " + rule.input() + ", which is read at each evaluation and not recorded in "
              + "the history, so there is nothing to replay; its thresholds are kept.");
    }
    boolean below = rule.direction() == Direction.BELOW;
    double sign = below ? -1 : 1;
    List<RuleReplay.Track> tracks = new ArrayList<>();
    if (rule.isPerAgent()) {
      for (Agent agent : manager.tracker().agents()) {
        tracks.add(track(histories.of(agent), rule.metrics(), sign));
      }
    } else {
      tracks.add(track(histories.machine(), rule.metrics(), sign));
    }
    RuleReplay replay = new RuleReplay(tracks, rule.forDuration().toNanos(), rule.keepFiringFor().toNanos());
    int measured = 0;
    for (RuleReplay.Track t : tracks) {
      for (double v : t.values()) {
        if (!Double.isNaN(v)) {
          measured++;
        }
      }
    }
    double[] mirrored = new double[measured]; // in the "above" direction
    int k = 0;
    for (RuleReplay.Track t : tracks) {
      for (double v : t.values()) {
        if (!Double.isNaN(v)) {
          mirrored[k++] = v;
        }
      }
    }
    Arrays.sort(mirrored);
    ThresholdSuggestion.@Nullable Observed observed = observed(mirrored, sign); // null only without measured values
    String unit = unitSuffix(rule);
    String subject = rule.name() + " watches " + rule.input() + (rule.isPerAgent() ? " of every agent" : "") + ": "
        + replay.evaluations() + " evaluations in the last " + span(window) + ", " + measured + " with data";
    if (measured < options.minSamples()) {
      return new ThresholdSuggestion(rule, ThresholdSuggestion.Verdict.INSUFFICIENT_DATA, replay.evaluations(), observed,
          List.of(), null, subject + "; at least " + options.minSamples() + " measured values are needed to suggest "
              + "thresholds, so they are kept.");
    }
    double[] distinct = distinct(mirrored);
    double[] current = new double[SEVERITIES.length];
    Arrays.fill(current, Double.NaN);
    List<Severity> present = new ArrayList<>();
    for (Severity s : SEVERITIES) {
      if (rule.threshold(s).isPresent()) {
        current[RuleReplay.rank(s)] = sign * rule.threshold(s).getAsDouble();
        present.add(s);
      }
    }
    double clear = rule.clearThreshold().isPresent() ? sign * rule.clearThreshold().getAsDouble() : Double.NaN;
    int[] currentFiring = replay.firing(current, clear);

    double[] suggested = current.clone();
    double suggestedClear = clear;
    double[] lowestWithinBudget = new double[SEVERITIES.length];
    Arrays.fill(lowestWithinBudget, Double.NaN);
    double previous = Double.NEGATIVE_INFINITY;
    boolean percent = rule.metrics().get(0).unit() == Unit.PERCENT;
    for (int i = 0; i < present.size(); i++) {
      Severity severity = present.get(i);
      int s = RuleReplay.rank(severity);
      boolean lowest = i == 0;
      // Search with the more serious thresholds left out: firing "at s or above" then means breaching s itself.
      double[] search = suggested.clone();
      for (int j = s + 1; j < search.length; j++) {
        search[j] = Double.NaN;
      }
      double found = replay.lowestWithinBudget(distinct, s, search, options.budget(severity), lowest,
          suggestedClear, suggested[s]);
      if (percent && (sign * found > 100 || sign * found < 0)) {
        found = Double.POSITIVE_INFINITY; // no percentage can keep it within budget
      }
      lowestWithinBudget[s] = found;
      double value = current[s];
      if (!Double.isNaN(found) && !Double.isInfinite(found)) {
        search[s] = current[s];
        boolean currentWithin = replay.withinBudget(replay.firing(search, suggestedClear)[s], options.budget(severity));
        // Within budget, the current threshold stays (or goes down to the lowest one, if asked); over budget it rises.
        // A current threshold within budget but below the rounded lowest one replays the same, so min() keeps it.
        value = !currentWithin ? found : options.lowerQuietThresholds() ? Math.min(current[s], found) : current[s];
      }
      value = Math.max(value, previous); // thresholds must not decrease with severity
      if (lowest && !Double.isNaN(clear)) {
        suggestedClear = clear + (value - current[s]);
      }
      suggested[s] = value;
      previous = value;
    }
    int[] suggestedFiring = replay.firing(suggested, suggestedClear);
    boolean change = false;
    List<ThresholdSuggestion.Level> levels = new ArrayList<>();
    for (Severity sev : present) {
      int s = RuleReplay.rank(sev);
      change |= suggested[s] != current[s];
      levels.add(new ThresholdSuggestion.Level(sev, options.budget(sev), sign * current[s],
          percent(currentFiring[s], replay.evaluations()), lowestWithinBudget[s] == Double.POSITIVE_INFINITY
              ? Double.POSITIVE_INFINITY : sign * lowestWithinBudget[s], sign * suggested[s],
          percent(suggestedFiring[s], replay.evaluations())));
    }
    AlertRule suggestedRule = null;
    if (change) {
      AlertRule.Builder b = rule.toBuilder();
      for (Severity sev : present) {
        b.threshold(sev, sign * suggested[RuleReplay.rank(sev)]);
      }
      if (!Double.isNaN(clear)) {
        b.clearThreshold(sign * suggestedClear);
      }
      suggestedRule = b.build();
    }
    String reasoning = subject + "; observed " + observedWords(Objects.requireNonNull(observed, "observed"), below, unit) + ". " + levelWords(rule, levels,
        unit) + (rule.forDuration().isZero() ? "" : " Replayed with for " + span(rule.forDuration()) + ".")
        + (rule.keepFiringFor().isZero() ? "" : " Replayed with keepFiringFor " + span(rule.keepFiringFor()) + ".")
        + (Double.isNaN(clear) ? "" : " The clear threshold moves with the lowest threshold: " + fmt(sign * clear)
            + " -> " + fmt(sign * suggestedClear) + ".")
        + (change ? "" : " Nothing to change.");
    return new ThresholdSuggestion(rule, change ? ThresholdSuggestion.Verdict.CHANGE : ThresholdSuggestion.Verdict.KEEP,
        replay.evaluations(), observed, levels, suggestedRule, reasoning);
  }

  /** The rule's input (the sum of its metrics) at each sample of one history, multiplied by {@code sign}. */
  private RuleReplay.Track track(Histories.Source history, List<Metric> metrics, double sign) {
    Series first = history.read(metrics.get(0), since);
    long[] ticks = new long[first.size()];
    double[] values = new double[first.size()];
    for (int i = 0; i < first.size(); i++) {
      ticks[i] = first.tickNanos(i);
      values[i] = first.value(i);
    }
    // Metrics of one history share their sample times; a sample missing from a later copy counts as no data.
    for (int m = 1; m < metrics.size(); m++) {
      Series s = history.read(metrics.get(m), since);
      int j = 0;
      for (int i = 0; i < ticks.length; i++) {
        while (j < s.size() && s.tickNanos(j) - ticks[i] < 0) {
          j++;
        }
        values[i] = j < s.size() && s.tickNanos(j) == ticks[i] ? values[i] + s.value(j) : Double.NaN;
      }
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = sign * values[i];
    }
    return new RuleReplay.Track(ticks, values);
  }

  private static double[] distinct(double[] sorted) {
    double[] out = new double[sorted.length];
    int n = 0;
    for (double v : sorted) {
      if (n == 0 || v != out[n - 1]) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The distribution in the rule's own direction; null when nothing was measured. */
  private static ThresholdSuggestion.@Nullable Observed observed(double[] mirroredSorted, double sign) {
    int n = mirroredSorted.length;
    if (n == 0) {
      return null;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sign * mirroredSorted[i];
    }
    Arrays.sort(v);
    return new ThresholdSuggestion.Observed(n, v[0], Summary.percentileOfSorted(v, 1), Summary.percentileOfSorted(v, 5),
        Summary.percentileOfSorted(v, 50), Summary.percentileOfSorted(v, 95), Summary.percentileOfSorted(v, 99), v[n - 1]);
  }

  private static double percent(int count, int evaluations) {
    return evaluations == 0 ? 0 : count * 100.0 / evaluations;
  }

  private static String unitSuffix(AlertRule rule) {
    Unit unit = rule.metrics().get(0).unit();
    return switch (unit) {
      case PERCENT -> " %";
      case BYTES, BYTES_PER_SECOND, SECONDS -> " " + unit.symbol();
      case COUNT, NONE -> "";
    };
  }

  /** {@code 60 min}, {@code 90 s}, or {@code 3.25 s} for a span that is not whole seconds. */
  static String span(Duration d) {
    if (d.getNano() != 0 && d.getSeconds() < 120) {
      return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }
    return Durations.format(d.toNanos());
  }

  private static String observedWords(ThresholdSuggestion.Observed o, boolean below, String unit) {
    return below
        ? "min " + fmt(o.min()) + unit + ", p1 " + fmt(o.p1()) + ", p5 " + fmt(o.p5()) + ", p50 " + fmt(o.p50())
        : "p50 " + fmt(o.p50()) + unit + ", p95 " + fmt(o.p95()) + ", p99 " + fmt(o.p99()) + ", max " + fmt(o.max());
  }

  private String levelWords(AlertRule rule, List<ThresholdSuggestion.Level> levels, String unit) {
    String op = rule.direction() == Direction.ABOVE ? ">= " : "<= ";
    StringBuilder b = new StringBuilder();
    for (ThresholdSuggestion.Level l : levels) {
      b.append(l.severity()).append(' ').append(op).append(fmt(l.current())).append(unit).append(" would have fired at ")
          .append(l.severity()).append(" or above for ").append(pct(l.currentFiringPercent())).append(" of evaluations (budget ")
          .append(pct(l.budgetPercent())).append("): ");
      boolean over = l.currentFiringPercent() > l.budgetPercent();
      if (Double.isNaN(l.lowestWithinBudget())) {
        b.append("no breach lasted long enough to fire with any threshold, so it is kept");
      } else if (Double.isInfinite(l.lowestWithinBudget())) {
        b.append("over budget, and no threshold from 0 to 100 % is within it, so it is kept (a threshold beyond the "
            + "range would never fire; a longer for duration would tolerate such stretches instead)");
      } else if (l.suggested() == l.current()) {
        boolean couldMove = rule.direction() == Direction.ABOVE ? l.lowestWithinBudget() < l.current()
            : l.lowestWithinBudget() > l.current();
        b.append(over ? "over budget, but kept to stay at or above the thresholds below it"
            : "within budget, kept" + (couldMove ? " (the " + (rule.direction() == Direction.ABOVE ? "lowest" : "highest")
                + " threshold within it would be " + fmt(l.lowestWithinBudget()) + ")" : ""));
      } else {
        boolean above = rule.direction() == Direction.ABOVE;
        boolean higher = l.suggested() > l.current();
        b.append(over ? "over budget; " : "within budget; ").append(higher ? "raised" : "lowered")
            .append(" to ").append(fmt(l.suggested()));
        if (l.suggested() == l.lowestWithinBudget()) {
          b.append(", the ").append(above ? "lowest" : "highest")
              .append(" threshold within budget (the roundest value that replays the same)");
        } else {
          b.append(" to stay ").append(above ? "at or above" : "at or below")
              .append(" the thresholds of less serious severities (the ").append(above ? "lowest" : "highest")
              .append(" within budget alone is ").append(fmt(l.lowestWithinBudget())).append(')');
        }
        b.append(", which fires ").append(pct(l.suggestedFiringPercent()));
      }
      b.append(". ");
    }
    return b.toString().trim();
  }

  // ================================================================ limits

  /** The limits suggested for {@code agent}; null when it has neither a recommendation nor measured CPU or memory. */
  private @Nullable LimitSuggestion limit(Agent agent) {
    String id = agent.id();
    int cpus = machineCpus();
    Optional<VerticalRecommender> vpa = manager.verticalRecommender();
    Optional<Recommendation> rec = vpa.flatMap(v -> v.recommendation(id));
    double[] cpu = measured(histories.agent(agent, Metric.AGENT_CPU_USAGE, since));
    Metric memoryMetric = vpa.flatMap(v -> v.config().memoryMetric()).orElse(Metric.AGENT_MEMORY_USED);
    double[] memory = measured(histories.agent(agent, memoryMetric, since));
    if (rec.isEmpty() && cpu.length == 0 && memory.length == 0) {
      return null;
    }
    List<String> why = new ArrayList<>();
    CpuQuantity cpuLimit = null;
    LimitSuggestion.Basis cpuBasis = null;
    if (rec.isPresent()) {
      Recommendation r = rec.get();
      cpuLimit = r.cpu().target();
      cpuBasis = LimitSuggestion.Basis.VERTICAL_RECOMMENDER;
      why.add("CPU " + cpuLimit + ": the vertical recommender's target (lower bound " + r.cpu().lowerBound()
          + ", upper bound " + r.cpu().upperBound() + ", from " + r.cpuSamples() + " samples over "
          + span(r.history()) + ")");
    } else if (cpu.length >= options.minSamples()) {
      double[] cores = new double[cpu.length];
      for (int i = 0; i < cpu.length; i++) {
        cores[i] = cpu[i] / 100 * cpus;
      }
      Arrays.sort(cores);
      double p = Summary.percentileOfSorted(cores, options.limitPercentile());
      long millicores = Math.max(1, (long) Math.ceil(p * (1 + options.limitMargin()) * 1000 - 1e-9));
      cpuLimit = CpuQuantity.ofMillicores(millicores);
      cpuBasis = LimitSuggestion.Basis.HISTORY;
      why.add("CPU " + cpuLimit + ": the " + ordinal(options.limitPercentile()) + " percentile of agent.cpu.usage in the last "
          + span(window) + " (" + cpu.length + " values) is " + fmt(p * 1000) + "m of " + cpus
          + " CPUs, plus " + fmt(options.limitMargin() * 100) + " %, rounded up to a millicore");
    } else {
      why.add("no CPU limit: " + cpu.length + " measured CPU values, at least " + options.minSamples() + " needed");
    }
    ByteSize memoryLimit = null;
    LimitSuggestion.Basis memoryBasis = null;
    if (rec.isPresent() && vpa.get().config().memoryMetric().isPresent() && memory.length > 0) {
      Recommendation r = rec.get();
      memoryLimit = r.memory().target();
      memoryBasis = LimitSuggestion.Basis.VERTICAL_RECOMMENDER;
      why.add("memory " + memoryLimit + ": the vertical recommender's target (lower bound " + r.memory().lowerBound()
          + ", upper bound " + r.memory().upperBound() + ")");
    } else if (memory.length >= options.minSamples()) {
      double peak = Arrays.stream(memory).max().getAsDouble();
      long bytes = BigDecimal.valueOf(peak).multiply(BigDecimal.valueOf(1 + options.limitMargin()))
          .divide(BigDecimal.valueOf(MEBIBYTE), 0, RoundingMode.CEILING).longValueExact() * MEBIBYTE;
      memoryLimit = ByteSize.ofBytes(Math.max(MEBIBYTE, bytes));
      memoryBasis = LimitSuggestion.Basis.HISTORY;
      why.add("memory " + memoryLimit + ": the peak of " + memoryMetric.name() + " in the last " + span(window)
          + " (" + memory.length + " values) is " + ByteSize.ofBytes((long) peak) + ", plus "
          + fmt(options.limitMargin() * 100) + " %, rounded up to a MiB (a memory limit must cover the peak: above it "
          + "the agent is killed, not slowed)");
    } else {
      why.add("no memory limit: " + memory.length + " measured values of " + memoryMetric.name() + ", at least "
          + options.minSamples() + " needed" + (memory.length == 0 ? " (in-JVM agents have no memory of their own)" : ""));
    }
    ResourceVector current = currentLimits(id);
    if (!current.isEmpty()) {
      why.add("current limits in the allocation pool: " + current);
    }
    return new LimitSuggestion(id, cpuLimit, cpuBasis, memoryLimit, memoryBasis, current, String.join("; ", why) + ".");
  }

  /**
   * The logical CPUs that turn CPU percentages of the machine into cores: the allocation pool's {@code machineCpus}
   * (configured or detected), the count the efficiency report uses, else the manager's detected count.
   */
  private int machineCpus() {
    try {
      return manager.allocation().config().machineCpus();
    } catch (IllegalStateException notConfigured) {
      return manager.cpuCount();
    }
  }

  private ResourceVector currentLimits(String agentId) {
    ResourcePool pool;
    try {
      pool = manager.allocation();
    } catch (IllegalStateException notConfigured) {
      return ResourceVector.empty();
    }
    return pool.status(agentId).map(AgentStatus::resources).map(r -> r.limits()).orElse(ResourceVector.empty());
  }

  private static double[] measured(Series s) {
    double[] out = new double[s.size()];
    int n = 0;
    for (int i = 0; i < s.size(); i++) {
      if (!Double.isNaN(s.value(i))) {
        out[n++] = s.value(i);
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static String ordinal(double percentile) {
    String n = fmt(percentile);
    return n + (n.endsWith("1") && !n.endsWith("11") ? "st" : n.endsWith("2") && !n.endsWith("12") ? "nd"
        : n.endsWith("3") && !n.endsWith("13") ? "rd" : "th");
  }

  /** A number with at most 3 decimals, trailing zeros dropped: {@code 75}, {@code 87.5}, {@code 0.333}. */
  static String fmt(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  private static String pct(double percent) {
    return fmt(percent) + " %";
  }
}
