package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * How a horizontal scaler scales in one direction, as a Kubernetes {@code HPAScalingRules}: a
 * stabilization window, rate-limiting {@link ScalingPolicy policies} combined by a {@link SelectPolicy}, and an
 * optional tolerance for this direction.
 *
 * <p>Unset fields take the controller's defaults. Scale up: no stabilization, policies
 * {@code Pods 4 per 15 s} and {@code Percent 100 per 15 s}, select {@code MAX} (the larger of 4 pods or
 * doubling). Scale down: 300 s stabilization, policy {@code Percent 100 per 15 s}, select {@code MAX}. The
 * tolerance defaults to the scaler's {@link HorizontalScalerConfig#tolerance()}.
 *
 * <pre>{@code
 * ScalingRules up = ScalingRules.scaleUp()
 *     .stabilizationWindow(Duration.ofSeconds(60))
 *     .policy(ScalingPolicy.Type.PODS, 2, Duration.ofSeconds(60))
 *     .selectPolicy(ScalingRules.SelectPolicy.MIN)
 *     .build();
 * }</pre>
 *
 * Immutable.
 */
public final class ScalingRules {

  /** The longest stabilization window Kubernetes allows: 3600 s. */
  public static final Duration MAX_STABILIZATION_WINDOW = Duration.ofHours(1);
  /** The default scale-down stabilization window: 300 s. */
  public static final Duration DEFAULT_SCALE_DOWN_WINDOW = Duration.ofMinutes(5);

  private final boolean scaleUp;
  private final Duration stabilizationWindow;
  private final List<ScalingPolicy> policies;
  private final SelectPolicy selectPolicy;
  private final double tolerance; // NaN: the scaler's tolerance
  private final long windowNanos;

  private ScalingRules(Builder b) {
    String field = b.scaleUp ? "scaleUp" : "scaleDown";
    this.scaleUp = b.scaleUp;
    Duration given = b.stabilizationWindow;
    Duration window = given != null ? given : b.scaleUp ? Duration.ZERO : DEFAULT_SCALE_DOWN_WINDOW;
    long nanos = Durations.nonNegativeNanos(field + ".stabilizationWindow", window);
    if (window.compareTo(MAX_STABILIZATION_WINDOW) > 0) {
      throw new IllegalArgumentException(field + ".stabilizationWindow must be between 0 s and 3600 s, was " + window);
    }
    this.stabilizationWindow = window;
    this.windowNanos = nanos;
    List<ScalingPolicy> list = new ArrayList<>();
    if (b.policies.isEmpty()) {
      if (b.scaleUp) {
        list.add(new ScalingPolicy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(15)));
        list.add(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, Duration.ofSeconds(15)));
      } else {
        list.add(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, Duration.ofSeconds(15)));
      }
    } else {
      for (int i = 0; i < b.policies.size(); i++) {
        PolicySpec p = b.policies.get(i);
        ScalingPolicy.validate(field + ".policies[" + i + "]", p.type(), p.value(), p.period());
        list.add(new ScalingPolicy(p.type(), p.value(), p.period()));
      }
    }
    this.policies = List.copyOf(list);
    this.selectPolicy = Objects.requireNonNull(b.selectPolicy, field + ".selectPolicy");
    if (!Double.isNaN(b.tolerance) && !(b.tolerance >= 0 && Double.isFinite(b.tolerance))) {
      throw new IllegalArgumentException(field + ".tolerance must be a finite number >= 0, was " + b.tolerance);
    }
    this.tolerance = b.tolerance;
  }

  /** A builder of scale-up rules, starting from the scale-up defaults. */
  public static Builder scaleUp() {
    return new Builder(true);
  }

  /** A builder of scale-down rules, starting from the scale-down defaults. */
  public static Builder scaleDown() {
    return new Builder(false);
  }

  /** Whether these are scale-up rules. */
  public boolean isScaleUp() {
    return scaleUp;
  }

  /** How far back recommendations are considered: the lowest (scale up) or highest (scale down) wins. */
  public Duration stabilizationWindow() {
    return stabilizationWindow;
  }

  /** The rate limits, in order. */
  public List<ScalingPolicy> policies() {
    return policies;
  }

  /** How the policies are combined. */
  public SelectPolicy selectPolicy() {
    return selectPolicy;
  }

  /** The tolerance for this direction, if set; otherwise the scaler's tolerance applies. */
  public OptionalDouble tolerance() {
    return Double.isNaN(tolerance) ? OptionalDouble.empty() : OptionalDouble.of(tolerance);
  }

  @Override
  public String toString() {
    return (scaleUp ? "scaleUp" : "scaleDown") + "{window " + Durations.format(windowNanos) + ", " + policies
        + ", select " + selectPolicy + (tolerance().isPresent() ? ", tolerance " + tolerance : "") + "}";
  }

  /** How several policies combine, as Kubernetes' {@code selectPolicy}. */
  public enum SelectPolicy {
    /** The policy allowing the largest change wins (the default). */
    MAX,
    /** The policy allowing the smallest change wins. */
    MIN,
    /** Scaling in this direction is turned off. */
    DISABLED
  }

  /** Builds {@link ScalingRules}. Not thread-safe. */
  public static final class Builder {
    private final boolean scaleUp;
    private @Nullable Duration stabilizationWindow;
    private final List<PolicySpec> policies = new ArrayList<>();
    private SelectPolicy selectPolicy = SelectPolicy.MAX;
    private double tolerance = Double.NaN;

    private Builder(boolean scaleUp) {
      this.scaleUp = scaleUp;
    }

    /** The stabilization window, 0 to 3600 s; default 0 s (scale up) or 300 s (scale down), which null restores. */
    public Builder stabilizationWindow(@Nullable Duration window) {
      this.stabilizationWindow = window;
      return this;
    }

    /**
     * Adds a policy. Without any, the direction's default policies apply. Validated by {@link #build()}, whose
     * message names the policy by its index, e.g. {@code scaleUp.policies[1].period}.
     */
    public Builder policy(ScalingPolicy.Type type, int value, Duration period) {
      policies.add(new PolicySpec(type, value, period));
      return this;
    }

    /** How the policies combine; default {@link SelectPolicy#MAX}. */
    public Builder selectPolicy(SelectPolicy selectPolicy) {
      this.selectPolicy = selectPolicy;
      return this;
    }

    /**
     * The tolerance for this direction: no scaling while the usage ratio stays within it of 1 (e.g. 0.05 for 5 %).
     * Default: the scaler's tolerance.
     */
    public Builder tolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /**
     * Validates and builds the rules.
     *
     * @throws NullPointerException naming the field if a policy's type or period or the select policy is null,
     *     e.g. {@code scaleUp.selectPolicy}
     * @throws IllegalArgumentException naming the first invalid field, e.g. {@code scaleDown.stabilizationWindow}
     */
    public ScalingRules build() {
      return new ScalingRules(this);
    }
  }

  /** A policy as given to the builder, validated by {@link Builder#build()} so that messages carry its index. */
  private record PolicySpec(ScalingPolicy.Type type, int value, Duration period) {}
}
