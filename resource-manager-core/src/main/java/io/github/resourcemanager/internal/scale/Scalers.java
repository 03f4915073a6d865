package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.time.Clock;

/**
 * Creates the scaling engine's parts: the threshold scaler, the horizontal scaler and the vertical recommender.
 * A resource manager checks a scaler's arguments with {@code validate} when it is configured, creates it with
 * the monitor's clock and CPU count when it is built, registers it as a listener of its monitor and closes it.
 */
public final class Scalers {
  private Scalers() {}

  /**
   * Checks the arguments of a threshold scaler, without creating it.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the name is empty
   */
  public static void validate(String name, ScaleTarget target, DynamicScalerConfig config) {
    DynamicScaler.validate(name, target, config);
  }

  /**
   * Checks the arguments of a horizontal scaler, without creating it.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the name is empty, or a metric needs the target's
   *     replicas (resource and per-replica metrics) and the target does not report them
   */
  public static void validate(String name, ScaleTarget target, HorizontalScalerConfig config) {
    HorizontalScaler.validate(name, target, config);
  }

  /**
   * A threshold scaler named {@code name} that resizes {@code target}.
   *
   * @param clock timestamps of the decisions
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException as {@link #validate(String, ScaleTarget, DynamicScalerConfig)}
   */
  public static DynamicScaler dynamic(String name, ScaleTarget target, DynamicScalerConfig config, Clock clock) {
    validate(name, target, config);
    return new DynamicScaler(name, target, config, Checks.required("clock", clock));
  }

  /**
   * A horizontal scaler named {@code name} that resizes {@code target}.
   *
   * @param clock timestamps of the decisions
   * @param cpuCount logical CPUs of the machine, which turn CPU usage in percent of the machine into cores
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException as {@link #validate(String, ScaleTarget, HorizontalScalerConfig)}, or if
   *     {@code cpuCount} is below 1
   */
  public static HorizontalScaler horizontal(String name, ScaleTarget target, HorizontalScalerConfig config,
      Clock clock, int cpuCount) {
    validate(name, target, config);
    return new HorizontalScaler(name, target, config, Checks.required("clock", clock), requireCpuCount(cpuCount));
  }

  /**
   * A vertical recommender.
   *
   * @param cpuCount logical CPUs of the machine, which turn CPU usage in percent of the machine into cores
   * @throws NullPointerException if {@code config} is null
   * @throws IllegalArgumentException if {@code cpuCount} is below 1
   */
  public static HistogramRecommender verticalRecommender(VerticalRecommenderConfig config, int cpuCount) {
    return new HistogramRecommender(Checks.required("config", config), requireCpuCount(cpuCount));
  }

  private static int requireCpuCount(int cpuCount) {
    if (cpuCount < 1) {
      throw new IllegalArgumentException("cpuCount must be at least 1, was " + cpuCount);
    }
    return cpuCount;
  }
}
