package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a threshold scaler
 * ({@link io.github.resourcemanager.ResourceManager.Builder#dynamicScaler}). Build with {@link #custom()};
 * {@link #ofDefaults()} watches CPU usage with thresholds 75 and 25. On every sample the scaler reads one
 * utilization metric and
 * <ul>
 *   <li>scales up by {@code step} when the value is at or above the scale-up threshold, unless the size is at its
 *       maximum or the scale-up cooldown since the last action has not passed;</li>
 *   <li>scales down by {@code step} when the value is at or below the scale-down threshold, unless the size is at
 *       its minimum or the scale-down cooldown has not passed;</li>
 *   <li>brings a size outside {@code minSize..maxSize} back within at once.</li>
 * </ul>
 * Cooldowns run from the last applied action in either direction. A failed resize starts no cooldown and is
 * retried on the next sample that still calls for it. An unmeasured value ({@code NaN}) changes nothing.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>metric</td><td>{@code system.cpu.usage}</td><td>the utilization watched: any machine, process, JVM or
 *       custom metric, or one agent's metric ({@link Builder#agentMetric})</td></tr>
 *   <tr><td>scaleUpThreshold</td><td>75</td><td>scale up when the metric is at or above it</td></tr>
 *   <tr><td>scaleDownThreshold</td><td>25</td><td>scale down when the metric is at or below it</td></tr>
 *   <tr><td>step</td><td>1</td><td>replicas added or removed per action</td></tr>
 *   <tr><td>minSize / maxSize</td><td>1 / unbounded</td><td>the size stays within these</td></tr>
 *   <tr><td>scaleUpCooldown</td><td>60 s</td><td>time after the last action before scaling up</td></tr>
 *   <tr><td>scaleDownCooldown</td><td>60 s</td><td>time after the last action before scaling down</td></tr>
 *   <tr><td>decisionHistory</td><td>256</td><td>decisions that changed something kept for {@link Scaler#decisions()} (evaluations that changed nothing are counted instead)</td></tr>
 * </table>
 */
public final class DynamicScalerConfig {

  /** The default scale-up threshold: 75. */
  public static final double DEFAULT_SCALE_UP_THRESHOLD = 75.0;
  /** The default scale-down threshold: 25. */
  public static final double DEFAULT_SCALE_DOWN_THRESHOLD = 25.0;
  /** The default cooldown: 60 s. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);

  private final Metric metric;
  private final @Nullable String agentId;
  private final double scaleUpThreshold;
  private final double scaleDownThreshold;
  private final int step;
  private final int minSize;
  private final int maxSize;
  private final Duration scaleUpCooldown;
  private final Duration scaleDownCooldown;
  private final int decisionHistory;

  private DynamicScalerConfig(Builder b) {
    Metric watched = Objects.requireNonNull(b.metric, "metric");
    String agent = b.agentId;
    if (agent == null && watched.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + watched.name() + " is per agent; use agentMetric(agentId, metric)");
    }
    if (agent != null && !watched.isAgentMetric()) {
      throw new IllegalArgumentException("agentMetric needs a per-agent metric (named agent.*), was " + watched.name());
    }
    if (agent != null && agent.isEmpty()) {
      throw new IllegalArgumentException("agentId must not be empty");
    }
    this.metric = watched;
    this.agentId = agent;
    requireFinite("scaleUpThreshold", b.scaleUpThreshold);
    requireFinite("scaleDownThreshold", b.scaleDownThreshold);
    if (!(b.scaleUpThreshold > b.scaleDownThreshold)) {
      throw new IllegalArgumentException("scaleUpThreshold " + b.scaleUpThreshold + " must exceed scaleDownThreshold "
          + b.scaleDownThreshold);
    }
    this.scaleUpThreshold = b.scaleUpThreshold;
    this.scaleDownThreshold = b.scaleDownThreshold;
    if (b.step < 1) {
      throw new IllegalArgumentException("step must be at least 1, was " + b.step);
    }
    this.step = b.step;
    if (b.minSize < 0) {
      throw new IllegalArgumentException("minSize must not be negative, was " + b.minSize);
    }
    if (b.maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, was " + b.maxSize);
    }
    if (b.maxSize < b.minSize) {
      throw new IllegalArgumentException("maxSize " + b.maxSize + " must be greater than or equal to minSize " + b.minSize);
    }
    this.minSize = b.minSize;
    this.maxSize = b.maxSize;
    Durations.nonNegativeNanos("scaleUpCooldown", b.scaleUpCooldown);
    Durations.nonNegativeNanos("scaleDownCooldown", b.scaleDownCooldown);
    this.scaleUpCooldown = b.scaleUpCooldown;
    this.scaleDownCooldown = b.scaleDownCooldown;
    if (b.decisionHistory < 1 || b.decisionHistory > HorizontalScalerConfig.MAX_DECISION_HISTORY) {
      throw new IllegalArgumentException("decisionHistory must be between 1 and "
          + HorizontalScalerConfig.MAX_DECISION_HISTORY + ", was " + b.decisionHistory);
    }
    this.decisionHistory = b.decisionHistory;
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number, was " + value);
    }
  }

  /** A builder with the default settings. */
  public static Builder custom() {
    return new Builder();
  }

  /** The default settings: CPU usage, 75 / 25, cooldown 60 s, minimum 1, step 1, no maximum. */
  public static DynamicScalerConfig ofDefaults() {
    return custom().build();
  }

  /** The metric watched. */
  public Metric metric() {
    return metric;
  }

  /** The agent whose metric is watched, if the metric is per agent. */
  public Optional<String> agentId() {
    return Optional.ofNullable(agentId);
  }

  /** Scale up at or above this value. */
  public double scaleUpThreshold() {
    return scaleUpThreshold;
  }

  /** Scale down at or below this value. */
  public double scaleDownThreshold() {
    return scaleDownThreshold;
  }

  /** Replicas added or removed per action. */
  public int step() {
    return step;
  }

  /** The smallest size. */
  public int minSize() {
    return minSize;
  }

  /** The largest size. */
  public int maxSize() {
    return maxSize;
  }

  /** Time after the last action before scaling up. */
  public Duration scaleUpCooldown() {
    return scaleUpCooldown;
  }

  /** Time after the last action before scaling down. */
  public Duration scaleDownCooldown() {
    return scaleDownCooldown;
  }

  /** Decisions kept. */
  public int decisionHistory() {
    return decisionHistory;
  }

  @Override
  public String toString() {
    return "DynamicScalerConfig{" + (agentId == null ? "" : agentId + "/") + metric + ", up >= " + scaleUpThreshold
        + ", down <= " + scaleDownThreshold + ", step " + step + ", size " + minSize + ".." + maxSize
        + ", cooldown up " + scaleUpCooldown + " down " + scaleDownCooldown + "}";
  }

  /** Builds a {@link DynamicScalerConfig}. Not thread-safe. */
  public static final class Builder {
    private Metric metric = Metric.SYSTEM_CPU_USAGE;
    private @Nullable String agentId;
    private double scaleUpThreshold = DEFAULT_SCALE_UP_THRESHOLD;
    private double scaleDownThreshold = DEFAULT_SCALE_DOWN_THRESHOLD;
    private int step = 1;
    private int minSize = 1;
    private int maxSize = Integer.MAX_VALUE;
    private Duration scaleUpCooldown = DEFAULT_COOLDOWN;
    private Duration scaleDownCooldown = DEFAULT_COOLDOWN;
    private int decisionHistory = 256;

    private Builder() {}

    /** Watches a machine, process, JVM or custom metric; default {@link Metric#SYSTEM_CPU_USAGE}. */
    public Builder metric(Metric metric) {
      this.metric = metric;
      this.agentId = null;
      return this;
    }

    /** Watches {@link Metric#SYSTEM_CPU_USAGE}. */
    public Builder cpu() {
      return metric(Metric.SYSTEM_CPU_USAGE);
    }

    /** Watches {@link Metric#SYSTEM_MEMORY_USAGE}. */
    public Builder memory() {
      return metric(Metric.SYSTEM_MEMORY_USAGE);
    }

    /**
     * Watches the per-agent {@code metric} of the agent {@code agentId}.
     *
     * @throws NullPointerException if {@code agentId} is null
     */
    public Builder agentMetric(String agentId, Metric metric) {
      Objects.requireNonNull(agentId, "agentId");
      this.metric = metric;
      this.agentId = agentId;
      return this;
    }

    /** Scale up at or above this value; default 75. Must exceed the scale-down threshold. */
    public Builder scaleUpThreshold(double threshold) {
      this.scaleUpThreshold = threshold;
      return this;
    }

    /** Scale down at or below this value; default 25. */
    public Builder scaleDownThreshold(double threshold) {
      this.scaleDownThreshold = threshold;
      return this;
    }

    /** Replicas added or removed per action, at least 1; default 1. */
    public Builder step(int step) {
      this.step = step;
      return this;
    }

    /** The smallest size, 0 or more; default 1. */
    public Builder minSize(int minSize) {
      this.minSize = minSize;
      return this;
    }

    /** The largest size; default unbounded ({@code Integer.MAX_VALUE}). */
    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    /** Both cooldowns; default 60 s. */
    public Builder cooldown(Duration cooldown) {
      this.scaleUpCooldown = cooldown;
      this.scaleDownCooldown = cooldown;
      return this;
    }

    /** Time after the last action (either way) before scaling up; default 60 s. */
    public Builder scaleUpCooldown(Duration cooldown) {
      this.scaleUpCooldown = cooldown;
      return this;
    }

    /** Time after the last action (either way) before scaling down; default 60 s. */
    public Builder scaleDownCooldown(Duration cooldown) {
      this.scaleDownCooldown = cooldown;
      return this;
    }

    /** Decisions kept, 1 to 100,000; default 256. */
    public Builder decisionHistory(int decisions) {
      this.decisionHistory = decisions;
      return this;
    }

    /**
     * Validates and builds the configuration.
     *
     * @throws NullPointerException naming the setting if one was given null
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public DynamicScalerConfig build() {
      return new DynamicScalerConfig(this);
    }
  }
}
