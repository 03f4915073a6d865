package io.github.resourcemanager.export;

import io.github.resourcemanager.alert.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Analytics#autotune} suggests: the firing budget of each severity, whether quiet thresholds may be
 * lowered, how much history a suggestion needs, and how agent limits are derived from history. Immutable; build with
 * {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>budget(severity, percent)</td><td>INFO 10 %, WARNING 5 %, CRITICAL 1 %, EMERGENCY 0.1 %</td>
 *       <td>the largest share of evaluations at which a rule may be firing at that severity or above; a threshold
 *       over budget is raised to the lowest value within it</td></tr>
 *   <tr><td>lowerQuietThresholds</td><td>false</td><td>also lower thresholds that fire less than their budget, to
 *       the lowest value within it (by default they are kept: a threshold is usually a limit chosen on purpose)</td></tr>
 *   <tr><td>minSamples</td><td>10</td><td>the fewest measured values a suggestion is made from</td></tr>
 *   <tr><td>limitPercentile</td><td>95</td><td>without a vertical recommender: the CPU limit covers this percentile
 *       of the agent's CPU usage</td></tr>
 *   <tr><td>limitMargin</td><td>0.15</td><td>without a vertical recommender: the safety margin added to CPU and
 *       memory limits (the VPA's 15 %)</td></tr>
 * </table>
 */
public final class AutotuneOptions {
  /** The default budgets, by severity rank ({@link RuleReplay#rank}): 10, 5, 1 and 0.1 % of evaluations. */
  private static final double[] DEFAULT_BUDGETS = {10, 5, 1, 0.1};
  /** The default fewest measured values a suggestion is made from: 10. */
  public static final int DEFAULT_MIN_SAMPLES = 10;
  /** The default percentile of CPU usage a limit derived from history covers: 95. */
  public static final double DEFAULT_LIMIT_PERCENTILE = 95;
  /** The default safety margin of limits derived from history: 0.15, the vertical pod autoscaler's. */
  public static final double DEFAULT_LIMIT_MARGIN = 0.15;

  private static final AutotuneOptions DEFAULTS = custom().build();

  private final double[] budgets; // by severity rank
  private final boolean lowerQuietThresholds;
  private final int minSamples;
  private final double limitPercentile;
  private final double limitMargin;

  private AutotuneOptions(Builder b) {
    Severity previous = null;
    for (Severity s : Severity.values()) {
      if (previous != null && b.budgets[RuleReplay.rank(s)] > b.budgets[RuleReplay.rank(previous)]) {
        throw new IllegalArgumentException("budgets must not increase with severity (a more serious alert may fire less "
            + "often, not more), but " + previous + " is " + b.budgets[RuleReplay.rank(previous)] + " % and "
            + s + " is " + b.budgets[RuleReplay.rank(s)] + " %");
      }
      previous = s;
    }
    this.budgets = b.budgets.clone();
    this.lowerQuietThresholds = b.lowerQuietThresholds;
    this.minSamples = b.minSamples;
    this.limitPercentile = b.limitPercentile;
    this.limitMargin = b.limitMargin;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The defaults: see the table above. */
  public static AutotuneOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The budget of {@code severity}: the largest share of evaluations, in percent, firing at it or above. */
  public double budget(Severity severity) {
    return budgets[RuleReplay.rank(Objects.requireNonNull(severity, "severity"))];
  }

  /** Every severity's budget, in percent. */
  public Map<Severity, Double> budgets() {
    Map<Severity, Double> map = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      map.put(s, budgets[RuleReplay.rank(s)]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Whether thresholds firing less than their budget are lowered to the lowest value within it. */
  public boolean lowerQuietThresholds() {
    return lowerQuietThresholds;
  }

  /** The fewest measured values a suggestion is made from. */
  public int minSamples() {
    return minSamples;
  }

  /** The percentile of CPU usage a limit derived from history covers. */
  public double limitPercentile() {
    return limitPercentile;
  }

  /** The safety margin added to limits derived from history (0.15 = 15 %). */
  public double limitMargin() {
    return limitMargin;
  }

  @Override
  public String toString() {
    return "AutotuneOptions{budgets=" + budgets() + ", lowerQuietThresholds=" + lowerQuietThresholds + ", minSamples="
        + minSamples + ", limitPercentile=" + limitPercentile + ", limitMargin=" + limitMargin + "}";
  }

  /** Builds {@link AutotuneOptions}. Not thread-safe. */
  public static final class Builder {
    private final double[] budgets = DEFAULT_BUDGETS.clone();
    private boolean lowerQuietThresholds;
    private int minSamples = DEFAULT_MIN_SAMPLES;
    private double limitPercentile = DEFAULT_LIMIT_PERCENTILE;
    private double limitMargin = DEFAULT_LIMIT_MARGIN;

    private Builder() {}

    /**
     * The largest share of evaluations, in percent, at which a rule may be firing at {@code severity} or above: 0
     * (never) to below 100. Budgets must not increase with severity (checked by {@link #build()}).
     *
     * @throws IllegalArgumentException if the percentage is out of range
     */
    public Builder budget(Severity severity, double percent) {
      Objects.requireNonNull(severity, "severity");
      if (!(percent >= 0 && percent < 100)) {
        throw new IllegalArgumentException("budget of " + severity + " must be at least 0 and below 100 (% of "
            + "evaluations), was " + percent);
      }
      budgets[RuleReplay.rank(severity)] = percent;
      return this;
    }

    /** Whether to lower thresholds that fire less than their budget; default false (they are kept). */
    public Builder lowerQuietThresholds(boolean lower) {
      this.lowerQuietThresholds = lower;
      return this;
    }

    /**
     * The fewest measured values a suggestion is made from; default 10, at least 1.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder minSamples(int minSamples) {
      if (minSamples < 1) {
        throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
      }
      this.minSamples = minSamples;
      return this;
    }

    /**
     * The percentile of CPU usage a limit derived from history covers: above 0, at most 100; default 95.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder limitPercentile(double percentile) {
      if (!(percentile > 0 && percentile <= 100)) {
        throw new IllegalArgumentException("limitPercentile must be above 0 and at most 100, was " + percentile);
      }
      this.limitPercentile = percentile;
      return this;
    }

    /**
     * The safety margin added to limits derived from history: at least 0, at most 10 (1000 %); default 0.15.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder limitMargin(double margin) {
      if (!(margin >= 0 && margin <= 10)) {
        throw new IllegalArgumentException("limitMargin must be between 0 and 10 (a fraction: 0.15 is 15 %), was " + margin);
      }
      this.limitMargin = margin;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if budgets increase with severity
     */
    public AutotuneOptions build() {
      return new AutotuneOptions(this);
    }
  }
}
