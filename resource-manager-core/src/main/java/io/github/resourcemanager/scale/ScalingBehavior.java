package io.github.resourcemanager.scale;

import java.util.Objects;

/**
 * The scale-up and scale-down {@link ScalingRules} of a horizontal scaler, as a Kubernetes
 * {@code HorizontalPodAutoscalerBehavior}. A scaler configured with a behavior uses the controller's
 * behavior path (stabilization windows in both directions, rate-limiting policies); one configured without
 * uses the controller's legacy path (a 5-minute scale-down stabilization and a scale-up limit of the larger of
 * twice the current size and 4). Immutable.
 */
public final class ScalingBehavior {
  private final ScalingRules scaleUp;
  private final ScalingRules scaleDown;

  private ScalingBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {
    this.scaleUp = scaleUp;
    this.scaleDown = scaleDown;
  }

  /** The controller's defaults in both directions (see {@link ScalingRules}). */
  public static ScalingBehavior ofDefaults() {
    return new ScalingBehavior(ScalingRules.scaleUp().build(), ScalingRules.scaleDown().build());
  }

  /**
   * A behavior of the given rules.
   *
   * @throws NullPointerException naming the parameter if a rule is null
   * @throws IllegalArgumentException if a rule is for the other direction
   */
  public static ScalingBehavior of(ScalingRules scaleUp, ScalingRules scaleDown) {
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
    if (!scaleUp.isScaleUp()) {
      throw new IllegalArgumentException("behavior.scaleUp must be rules built with ScalingRules.scaleUp(), was " + scaleUp);
    }
    if (scaleDown.isScaleUp()) {
      throw new IllegalArgumentException("behavior.scaleDown must be rules built with ScalingRules.scaleDown(), was " + scaleDown);
    }
    return new ScalingBehavior(scaleUp, scaleDown);
  }

  /**
   * A behavior with these scale-up rules and the default scale-down rules.
   *
   * @throws NullPointerException if {@code scaleUp} is null
   * @throws IllegalArgumentException if {@code scaleUp} are scale-down rules
   */
  public static ScalingBehavior scaleUp(ScalingRules scaleUp) {
    return of(scaleUp, ScalingRules.scaleDown().build());
  }

  /**
   * A behavior with the default scale-up rules and these scale-down rules.
   *
   * @throws NullPointerException if {@code scaleDown} is null
   * @throws IllegalArgumentException if {@code scaleDown} are scale-up rules
   */
  public static ScalingBehavior scaleDown(ScalingRules scaleDown) {
    return of(ScalingRules.scaleUp().build(), scaleDown);
  }

  /** The scale-up rules. */
  public ScalingRules scaleUp() {
    return scaleUp;
  }

  /** The scale-down rules. */
  public ScalingRules scaleDown() {
    return scaleDown;
  }

  @Override
  public String toString() {
    return "ScalingBehavior{" + scaleUp + ", " + scaleDown + "}";
  }
}
