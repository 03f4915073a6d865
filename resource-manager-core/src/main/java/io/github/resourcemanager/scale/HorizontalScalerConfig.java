package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a horizontal scaler
 * ({@link io.github.resourcemanager.ResourceManager.Builder#horizontalScaler}), the counterpart of a Kubernetes
 * {@code HorizontalPodAutoscaler} spec plus the controller's flags. Build with {@link #custom()}; only
 * {@code maxReplicas} is required.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>minReplicas</td><td>1</td><td>the smallest size, at least 1</td></tr>
 *   <tr><td>maxReplicas</td><td>required</td><td>the largest size, at least minReplicas</td></tr>
 *   <tr><td>metrics</td><td>CPU utilization 80 %</td><td>what to scale on; the largest proposal wins</td></tr>
 *   <tr><td>behavior</td><td>none (legacy path)</td><td>stabilization windows and rate limits per direction</td></tr>
 *   <tr><td>tolerance</td><td>0.1</td><td>no change while the usage ratio is within 1 ± tolerance
 *       ({@code --horizontal-pod-autoscaler-tolerance}); per direction in the behavior</td></tr>
 *   <tr><td>syncPeriod</td><td>15 s</td><td>time between decisions ({@code --horizontal-pod-autoscaler-sync-period})</td></tr>
 *   <tr><td>cpuInitializationPeriod</td><td>5 min</td><td>how long after its start a replica's CPU samples are
 *       distrusted ({@code --horizontal-pod-autoscaler-cpu-initialization-period})</td></tr>
 *   <tr><td>initialReadinessDelay</td><td>30 s</td><td>readiness changes this soon after the start count as
 *       "never ready" ({@code --horizontal-pod-autoscaler-initial-readiness-delay})</td></tr>
 *   <tr><td>downscaleStabilization</td><td>5 min</td><td>the legacy path's scale-down window
 *       ({@code --horizontal-pod-autoscaler-downscale-stabilization})</td></tr>
 *   <tr><td>decisionHistory</td><td>256</td><td>decisions that changed something kept for {@link Scaler#decisions()} (evaluations that changed nothing are counted instead)</td></tr>
 * </table>
 */
public final class HorizontalScalerConfig {

  /** The controller's default tolerance: 0.1. */
  public static final double DEFAULT_TOLERANCE = 0.1;
  /** The default CPU utilization target when no metric is configured, as in Kubernetes: 80 %. */
  public static final int DEFAULT_CPU_UTILIZATION = 80;
  /** The most decisions a scaler may keep. */
  public static final int MAX_DECISION_HISTORY = 100_000;

  private final int minReplicas;
  private final int maxReplicas;
  private final List<ScalingMetric> metrics;
  private final @Nullable ScalingBehavior behavior;
  private final double tolerance;
  private final Duration syncPeriod;
  private final Duration cpuInitializationPeriod;
  private final Duration initialReadinessDelay;
  private final Duration downscaleStabilization;
  private final int decisionHistory;

  private HorizontalScalerConfig(Builder b) {
    if (b.minReplicas < 1) {
      throw new IllegalArgumentException("minReplicas must be at least 1, was " + b.minReplicas);
    }
    Integer max = b.maxReplicas;
    if (max == null) {
      throw new IllegalArgumentException("maxReplicas must be set (at least minReplicas " + b.minReplicas + ")");
    }
    if (max < b.minReplicas) {
      throw new IllegalArgumentException("maxReplicas " + max + " must be greater than or equal to minReplicas "
          + b.minReplicas);
    }
    this.minReplicas = b.minReplicas;
    this.maxReplicas = max;
    List<ScalingMetric> list = new ArrayList<>(b.metrics);
    if (list.isEmpty()) {
      list.add(ScalingMetric.cpuUtilization(DEFAULT_CPU_UTILIZATION));
    }
    this.metrics = List.copyOf(list);
    this.behavior = b.behavior;
    if (!(b.tolerance >= 0) || !Double.isFinite(b.tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0, was " + b.tolerance);
    }
    this.tolerance = b.tolerance;
    Durations.positiveNanos("syncPeriod", b.syncPeriod);
    this.syncPeriod = b.syncPeriod;
    Durations.nonNegativeNanos("cpuInitializationPeriod", b.cpuInitializationPeriod);
    this.cpuInitializationPeriod = b.cpuInitializationPeriod;
    Durations.nonNegativeNanos("initialReadinessDelay", b.initialReadinessDelay);
    this.initialReadinessDelay = b.initialReadinessDelay;
    Durations.nonNegativeNanos("downscaleStabilization", b.downscaleStabilization);
    this.downscaleStabilization = b.downscaleStabilization;
    if (b.decisionHistory < 1 || b.decisionHistory > MAX_DECISION_HISTORY) {
      throw new IllegalArgumentException("decisionHistory must be between 1 and " + MAX_DECISION_HISTORY + ", was "
          + b.decisionHistory);
    }
    this.decisionHistory = b.decisionHistory;
  }

  /** A builder with every setting at its default; {@code maxReplicas} must be set. */
  public static Builder custom() {
    return new Builder();
  }

  /** The smallest size. */
  public int minReplicas() {
    return minReplicas;
  }

  /** The largest size. */
  public int maxReplicas() {
    return maxReplicas;
  }

  /** The metrics, in order. */
  public List<ScalingMetric> metrics() {
    return metrics;
  }

  /** The behavior, or empty for the legacy path. */
  public Optional<ScalingBehavior> behavior() {
    return Optional.ofNullable(behavior);
  }

  /** The tolerance of both directions, unless the behavior sets one. */
  public double tolerance() {
    return tolerance;
  }

  /** Time between decisions. */
  public Duration syncPeriod() {
    return syncPeriod;
  }

  /** How long after its start a replica's CPU samples are distrusted. */
  public Duration cpuInitializationPeriod() {
    return cpuInitializationPeriod;
  }

  /** Readiness changes this soon after the start count as "never ready". */
  public Duration initialReadinessDelay() {
    return initialReadinessDelay;
  }

  /** The legacy path's scale-down stabilization window. */
  public Duration downscaleStabilization() {
    return downscaleStabilization;
  }

  /** Decisions kept. */
  public int decisionHistory() {
    return decisionHistory;
  }

  @Override
  public String toString() {
    return "HorizontalScalerConfig{" + minReplicas + ".." + maxReplicas + ", metrics " + metrics
        + (behavior == null ? ", legacy" : ", " + behavior) + ", tolerance " + tolerance + ", sync " + syncPeriod + "}";
  }

  /** Builds a {@link HorizontalScalerConfig}. Not thread-safe. */
  public static final class Builder {
    private int minReplicas = 1;
    private @Nullable Integer maxReplicas;
    private final List<ScalingMetric> metrics = new ArrayList<>();
    private @Nullable ScalingBehavior behavior;
    private double tolerance = DEFAULT_TOLERANCE;
    private Duration syncPeriod = Duration.ofSeconds(15);
    private Duration cpuInitializationPeriod = Duration.ofMinutes(5);
    private Duration initialReadinessDelay = Duration.ofSeconds(30);
    private Duration downscaleStabilization = Duration.ofMinutes(5);
    private int decisionHistory = 256;

    private Builder() {}

    /** The smallest size, at least 1; default 1. */
    public Builder minReplicas(int minReplicas) {
      this.minReplicas = minReplicas;
      return this;
    }

    /** The largest size; required. */
    public Builder maxReplicas(int maxReplicas) {
      this.maxReplicas = maxReplicas;
      return this;
    }

    /**
     * Adds a metric; without any, CPU utilization at 80 % of the requests.
     *
     * @throws NullPointerException if {@code metric} is null
     */
    public Builder metric(ScalingMetric metric) {
      metrics.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /**
     * Uses the controller's behavior path with these rules; without, the legacy path.
     *
     * @throws NullPointerException if {@code behavior} is null
     */
    public Builder behavior(ScalingBehavior behavior) {
      this.behavior = Objects.requireNonNull(behavior, "behavior");
      return this;
    }

    /** The tolerance of both directions; default 0.1. */
    public Builder tolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /** Time between decisions; default 15 s. Observations in between are not decided on. */
    public Builder syncPeriod(Duration syncPeriod) {
      this.syncPeriod = syncPeriod;
      return this;
    }

    /** How long after its start a replica's CPU samples are distrusted; default 5 min. */
    public Builder cpuInitializationPeriod(Duration period) {
      this.cpuInitializationPeriod = period;
      return this;
    }

    /** Readiness changes this soon after the start count as "never ready"; default 30 s. */
    public Builder initialReadinessDelay(Duration delay) {
      this.initialReadinessDelay = delay;
      return this;
    }

    /** The legacy path's scale-down stabilization window; default 5 min. */
    public Builder downscaleStabilization(Duration window) {
      this.downscaleStabilization = window;
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
    public HorizontalScalerConfig build() {
      return new HorizontalScalerConfig(this);
    }
  }
}
