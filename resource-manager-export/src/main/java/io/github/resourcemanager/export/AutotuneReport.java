package io.github.resourcemanager.export;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Suggested alert thresholds and agent limits, each with its reasoning: see
 * {@link Analytics#autotune(Duration, AutotuneOptions)}. Nothing in it is applied until a suggestion's
 * {@code applyTo} is called. Immutable.
 */
public final class AutotuneReport implements JsonReport {
  private final Instant generatedAt;
  private final Duration window;
  private final AutotuneOptions options;
  private final List<ThresholdSuggestion> thresholds;
  private final List<LimitSuggestion> limits;

  AutotuneReport(Instant generatedAt, Duration window, AutotuneOptions options, List<ThresholdSuggestion> thresholds,
      List<LimitSuggestion> limits) {
    this.generatedAt = generatedAt;
    this.window = window;
    this.options = options;
    this.thresholds = List.copyOf(thresholds);
    this.limits = List.copyOf(limits);
  }

  /** When the report was made (the manager's clock). */
  public Instant generatedAt() {
    return generatedAt;
  }

  /** How far back it looked. */
  public Duration window() {
    return window;
  }

  /** The options it was made with. */
  public AutotuneOptions options() {
    return options;
  }

  /** One suggestion per alert rule of the pipeline, in the pipeline's order. */
  public List<ThresholdSuggestion> thresholds() {
    return thresholds;
  }

  /** One suggestion per agent with measured CPU or memory (or a recommendation), in registration order. */
  public List<LimitSuggestion> limits() {
    return limits;
  }

  /** The suggestion for the rule named {@code ruleName}, if the pipeline has that rule. */
  public Optional<ThresholdSuggestion> threshold(String ruleName) {
    Objects.requireNonNull(ruleName, "ruleName");
    for (ThresholdSuggestion t : thresholds) {
      if (t.rule().name().equals(ruleName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The suggestion for agent {@code agentId}, if it had data. */
  public Optional<LimitSuggestion> limit(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    for (LimitSuggestion l : limits) {
      if (l.agentId().equals(agentId)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes this report as JSON to {@code out}, flushed and left open: the options, then {@code thresholds} (per
   * rule: what it watches, the verdict, the observed distribution, per severity the current and suggested threshold
   * and how often each would have fired, the clear threshold, the reasoning) and {@code limits} (per agent: the
   * suggested CPU in millicores and memory in bytes with their basis, the current limits, the reasoning). Numbers
   * that do not exist (NaN) are null.
   *
   * @throws IllegalStateException if jackson-core (from {@code jackson-databind}) is not on the class path
   */
  @Override
  public void writeJson(Writer out) throws IOException {
    Output.json(tree(), out, "writing the autotune report");
  }


  private Map<String, Object> tree() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "autotune");
    doc.put("generatedAt", generatedAt);
    doc.put("window", window);
    Map<String, Object> opts = new LinkedHashMap<>();
    Map<String, Object> budgets = new LinkedHashMap<>();
    for (Map.Entry<Severity, Double> b : options.budgets().entrySet()) {
      budgets.put(AlertExporter.lower(b.getKey()), b.getValue());
    }
    opts.put("budgetPercent", budgets);
    opts.put("lowerQuietThresholds", options.lowerQuietThresholds());
    opts.put("minSamples", options.minSamples());
    opts.put("limitPercentile", options.limitPercentile());
    opts.put("limitMargin", options.limitMargin());
    doc.put("options", opts);
    List<Object> ts = new ArrayList<>();
    for (ThresholdSuggestion t : thresholds) {
      AlertRule rule = t.rule();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("rule", rule.name());
      item.put("input", rule.input());
      item.put("unit", rule.metrics().isEmpty() ? "" : rule.metrics().get(0).unit().symbol());
      item.put("perAgent", rule.isPerAgent());
      item.put("direction", rule.direction() == Direction.ABOVE ? "above" : "below");
      item.put("forDuration", rule.forDuration());
      item.put("verdict", t.verdict());
      item.put("evaluations", t.evaluations());
      item.put("observed", t.observed().map(o -> {
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("values", o.values());
        obs.put("min", o.min());
        obs.put("p1", o.p1());
        obs.put("p5", o.p5());
        obs.put("p50", o.p50());
        obs.put("p95", o.p95());
        obs.put("p99", o.p99());
        obs.put("max", o.max());
        return (Object) obs;
      }).orElse(null));
      List<Object> levels = new ArrayList<>();
      for (ThresholdSuggestion.Level l : t.levels()) {
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("severity", AlertExporter.lower(l.severity()));
        level.put("budgetPercent", l.budgetPercent());
        level.put("current", l.current());
        level.put("currentFiringPercent", l.currentFiringPercent());
        level.put("lowestWithinBudget", l.lowestWithinBudget());
        level.put("suggested", l.suggested());
        level.put("suggestedFiringPercent", l.suggestedFiringPercent());
        levels.add(level);
      }
      item.put("levels", levels);
      if (rule.clearThreshold().isPresent()) {
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("current", rule.clearThreshold().getAsDouble());
        clear.put("suggested", t.suggestedClearThreshold().getAsDouble());
        item.put("clearThreshold", clear);
      } else {
        item.put("clearThreshold", null);
      }
      item.put("reasoning", t.reasoning());
      ts.add(item);
    }
    doc.put("thresholds", ts);
    List<Object> ls = new ArrayList<>();
    for (LimitSuggestion l : limits) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("agent", l.agentId());
      item.put("cpu", l.cpu().map(Object::toString).orElse(null));
      item.put("cpuMillicores", l.cpu().map(c -> (Object) c.millicores()).orElse(null));
      item.put("cpuBasis", l.cpuBasis().map(Object::toString).orElse(null));
      item.put("memory", l.memory().map(Object::toString).orElse(null));
      item.put("memoryBytes", l.memory().map(m -> (Object) m.bytes()).orElse(null));
      item.put("memoryBasis", l.memoryBasis().map(Object::toString).orElse(null));
      Map<String, Object> current = new LinkedHashMap<>();
      for (var r : l.currentLimits().resources()) {
        current.put(r.name(), r.format(l.currentLimits().amount(r)));
      }
      item.put("currentLimits", current);
      item.put("reasoning", l.reasoning());
      ls.add(item);
    }
    doc.put("limits", ls);
    return doc;
  }

  @Override
  public String toString() {
    return "AutotuneReport{" + generatedAt + ", window " + window + ", " + thresholds.size() + " rules, " + limits.size()
        + " agents}";
  }
}
