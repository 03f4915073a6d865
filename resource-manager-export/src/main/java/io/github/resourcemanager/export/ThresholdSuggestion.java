package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Analytics#autotune} suggests for one alert rule, with the figures it is based on and the reasoning in
 * words. Immutable.
 *
 * <p>Alert rules are fixed when a {@link ResourceManager} is built, so a suggestion cannot change a running
 * pipeline: {@link #applyTo(ResourceManager.Builder)} puts the suggested rule into the builder of the next manager,
 * where it replaces the default rule of the same name.
 */
public final class ThresholdSuggestion {

  /** What the suggestion says. */
  public enum Verdict {
    /** Change the thresholds as suggested. */
    CHANGE,
    /** Keep the thresholds: each is within its budget (or no budget-based value exists). */
    KEEP,
    /** Too few measured values in the window to suggest anything. */
    INSUFFICIENT_DATA,
    /** The rule watches a gauge, whose values are not recorded in the history. */
    NOT_FROM_HISTORY;

    /** The lowercase name used in JSON, e.g. {@code insufficient-data}. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The measured values of the rule's input over the window (all agents together for a per-agent rule).
   *
   * @param values how many values were measured
   * @param min the smallest
   * @param p1 the 1st percentile
   * @param p5 the 5th percentile
   * @param p50 the median
   * @param p95 the 95th percentile
   * @param p99 the 99th percentile
   * @param max the largest
   */
  public record Observed(int values, double min, double p1, double p5, double p50, double p95, double p99, double max) {}

  /**
   * One severity of the rule: its threshold now and suggested, and how often each would have fired.
   *
   * @param severity the severity
   * @param budgetPercent the largest share of evaluations, in percent, allowed to fire at this severity or above
   * @param current the rule's threshold
   * @param currentFiringPercent the share of evaluations, in percent, at which the rule as it is would have been
   *     firing at this severity or above
   * @param lowestWithinBudget the lowest threshold (highest, for a rule that breaches below) within the budget,
   *     rounded to the roundest number that replays the same; NaN when any threshold is within it (nothing could
   *     have fired long enough, e.g. a {@code for} longer than every breach); positive infinity when no threshold
   *     within the metric's range (0 to 100 for a percentage) is (written as null in JSON)
   * @param suggested the suggested threshold
   * @param suggestedFiringPercent the share of evaluations, in percent, firing at this severity or above with every
   *     suggested threshold
   */
  public record Level(Severity severity, double budgetPercent, double current, double currentFiringPercent,
      double lowestWithinBudget, double suggested, double suggestedFiringPercent) {
    /** Validates presence. */
    public Level {
      Objects.requireNonNull(severity, "severity");
    }
  }

  private final AlertRule rule;
  private final Verdict verdict;
  private final int evaluations;
  private final @Nullable Observed observed;
  private final List<Level> levels;
  private final @Nullable AlertRule suggestedRule;
  private final String reasoning;

  ThresholdSuggestion(AlertRule rule, Verdict verdict, int evaluations, @Nullable Observed observed, List<Level> levels,
      @Nullable AlertRule suggestedRule, String reasoning) {
    this.rule = rule;
    this.verdict = verdict;
    this.evaluations = evaluations;
    this.observed = observed;
    this.levels = List.copyOf(levels);
    this.suggestedRule = suggestedRule;
    this.reasoning = reasoning;
  }

  /** The rule as it is. */
  public AlertRule rule() {
    return rule;
  }

  /** What the suggestion says. */
  public Verdict verdict() {
    return verdict;
  }

  /** The evaluations replayed: the samples in the window (for a per-agent rule, every agent's), measured or not. */
  public int evaluations() {
    return evaluations;
  }

  /** The measured values, if the rule's input is recorded in the history (not for gauge rules). */
  public Optional<Observed> observed() {
    return Optional.ofNullable(observed);
  }

  /** One line per severity the rule has, least serious first; empty without enough data. */
  public List<Level> levels() {
    return levels;
  }

  /** The line of {@code severity}, if the rule has a threshold for it and there was enough data. */
  public Optional<Level> level(Severity severity) {
    Objects.requireNonNull(severity, "severity");
    for (Level l : levels) {
      if (l.severity() == severity) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The rule with the suggested thresholds (and clear threshold moved along), when the verdict is {@link Verdict#CHANGE}. */
  public Optional<AlertRule> suggestedRule() {
    return Optional.ofNullable(suggestedRule);
  }

  /** The suggested clear threshold: the current one moved by as much as the lowest threshold, if the rule has one. */
  public OptionalDouble suggestedClearThreshold() {
    return suggestedRule == null ? rule.clearThreshold() : suggestedRule.clearThreshold();
  }

  /** Why, in words, with the numbers. */
  public String reasoning() {
    return reasoning;
  }

  /**
   * Applies the suggestion to the builder of the next manager: adds the suggested rule, which replaces the default
   * rule of the same name when the manager is built. A rule you added yourself must be left out of that builder
   * (two rules of one name are rejected); a running manager's rules cannot change.
   *
   * @return the rule added
   * @throws IllegalStateException if no change is suggested
   */
  public AlertRule applyTo(ResourceManager.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    if (suggestedRule == null) {
      throw new IllegalStateException("rule \"" + rule.name() + "\": no change is suggested (" + verdict + ")");
    }
    builder.alertRule(suggestedRule);
    return suggestedRule;
  }

  @Override
  public String toString() {
    return "ThresholdSuggestion{" + rule.name() + " " + verdict + ": " + reasoning + "}";
  }
}
