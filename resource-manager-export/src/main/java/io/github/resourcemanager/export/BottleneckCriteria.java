package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What counts as a bottleneck: which metrics are checked against which threshold, for how long a value must stay
 * above it, and how the findings are ranked. Immutable; build with {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>threshold(metric, value)</td><td>none</td><td>checks {@code metric} (for agent metrics: each
 *       agent) against {@code value}, in the metric's unit</td></tr>
 *   <tr><td>percentThreshold</td><td>80, when no threshold is given at all</td><td>checks every percentage
 *       metric with data (CPU, memory, swap, GC overhead, agents' CPU) that has no threshold of its own</td></tr>
 *   <tr><td>minDuration</td><td>1 min</td><td>a run above the threshold counts if it lasts at least this
 *       long</td></tr>
 *   <tr><td>ranking</td><td>{@link Ranking#TIME_ABOVE}</td><td>the order of the findings</td></tr>
 * </table>
 *
 * <p>80 % is the utilization target Kubernetes' horizontal autoscaler examples use: above it, a resource has
 * little headroom left.
 */
public final class BottleneckCriteria {
  /** The threshold applied to percentage metrics when no threshold is given: 80 (%). */
  public static final double DEFAULT_PERCENT_THRESHOLD = 80;
  /** The default minimum duration of a run above a threshold: 1 minute. */
  public static final Duration DEFAULT_MIN_DURATION = Duration.ofMinutes(1);

  private static final BottleneckCriteria DEFAULTS = custom().build();

  /** How bottlenecks are ordered, most important first. */
  public enum Ranking {
    /** By total time above the threshold, then by severity. */
    TIME_ABOVE,
    /** By severity (how far the peak went above the threshold, relative to it), then by total time above. */
    SEVERITY;

    /** The name used in JSON: {@code time-above} or {@code severity}. */
    @Override
    public String toString() {
      return this == TIME_ABOVE ? "time-above" : "severity";
    }
  }

  private final Map<Metric, Double> thresholds;
  private final double percentThreshold; // NaN: none
  private final Duration minDuration;
  private final Ranking ranking;

  private BottleneckCriteria(Builder b) {
    this.thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(b.thresholds));
    this.percentThreshold = b.percentSet ? b.percentThreshold
        : b.thresholds.isEmpty() ? DEFAULT_PERCENT_THRESHOLD : Double.NaN;
    Durations.nonNegativeNanos("minDuration", b.minDuration);
    this.minDuration = b.minDuration;
    this.ranking = b.ranking;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every percentage metric against 80 %, for at least 1 minute, ranked by time above. */
  public static BottleneckCriteria ofDefaults() {
    return DEFAULTS;
  }

  /** The thresholds given per metric, in the order given. */
  public Map<Metric, Double> thresholds() {
    return thresholds;
  }

  /** The threshold for percentage metrics without one of their own, if any. */
  public OptionalDouble percentThreshold() {
    return Double.isNaN(percentThreshold) ? OptionalDouble.empty() : OptionalDouble.of(percentThreshold);
  }

  /** The shortest run above a threshold that counts. */
  public Duration minDuration() {
    return minDuration;
  }

  /** The order of the findings. */
  public Ranking ranking() {
    return ranking;
  }

  /** The threshold {@code metric} is checked against, or {@code NaN} if it is not checked. */
  double thresholdFor(Metric metric) {
    Double own = thresholds.get(metric);
    if (own != null) {
      return own;
    }
    return metric.unit() == Unit.PERCENT ? percentThreshold : Double.NaN;
  }

  @Override
  public String toString() {
    return "BottleneckCriteria{thresholds=" + thresholds + ", percentThreshold="
        + (Double.isNaN(percentThreshold) ? "none" : percentThreshold) + ", minDuration=" + minDuration
        + ", ranking=" + ranking + "}";
  }

  /** Builds {@link BottleneckCriteria}. Not thread-safe. */
  public static final class Builder {
    private final Map<Metric, Double> thresholds = new LinkedHashMap<>();
    private double percentThreshold = DEFAULT_PERCENT_THRESHOLD;
    private boolean percentSet;
    private Duration minDuration = DEFAULT_MIN_DURATION;
    private Ranking ranking = Ranking.TIME_ABOVE;

    private Builder() {}

    /**
     * Checks {@code metric} against {@code threshold}, in the metric's unit: above 0, and below 100 for a
     * percentage. Once any metric has a threshold, percentage metrics are checked only if
     * {@link #percentThreshold} is set too.
     *
     * @throws IllegalArgumentException if the threshold is out of range
     */
    public Builder threshold(Metric metric, double threshold) {
      Objects.requireNonNull(metric, "metric");
      this.thresholds.put(metric, validate("threshold of " + metric, threshold, metric.unit() == Unit.PERCENT));
      return this;
    }

    /**
     * Checks every percentage metric that has no threshold of its own against {@code threshold}, above 0 and
     * below 100. Default: 80, unless {@link #threshold} is used.
     *
     * @throws IllegalArgumentException if the threshold is out of range
     */
    public Builder percentThreshold(double threshold) {
      this.percentThreshold = validate("percentThreshold", threshold, true);
      this.percentSet = true;
      return this;
    }

    /**
     * The shortest run above a threshold that counts, measured from its first to its last sample; zero counts
     * every value above. Default 1 minute.
     */
    public Builder minDuration(Duration minDuration) {
      Durations.nonNegativeNanos("minDuration", minDuration);
      this.minDuration = minDuration;
      return this;
    }

    /** The order of the findings; default {@link Ranking#TIME_ABOVE}. */
    public Builder ranking(Ranking ranking) {
      this.ranking = Objects.requireNonNull(ranking, "ranking");
      return this;
    }

    private static double validate(String field, double value, boolean percent) {
      if (!(value > 0) || Double.isInfinite(value) || (percent && !(value < 100))) {
        throw new IllegalArgumentException(field + " must be above 0" + (percent ? " and below 100 (%)" : " and finite")
            + ", was " + value);
      }
      return value;
    }

    /** Builds the criteria. */
    public BottleneckCriteria build() {
      return new BottleneckCriteria(this);
    }
  }
}
