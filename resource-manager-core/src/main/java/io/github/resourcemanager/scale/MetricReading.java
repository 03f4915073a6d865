package io.github.resourcemanager.scale;

import java.util.Objects;

/**
 * One metric as a decision used it.
 *
 * @param metric what was measured, e.g. {@code cpu utilization (agent.cpu.usage, % of request)}
 * @param current the measured value, in the unit of the target: a utilization in percent of the request, an
 *     average per replica, or a total; {@code NaN} when it could not be measured
 * @param target the value the scaler aims at, or {@code NaN} for threshold scalers
 * @param proposal the size this metric alone asked for, or {@code -1} when the metric was invalid or not computed
 *     (a decision that corrects a size outside the bounds computes no metric)
 * @param error why the metric was invalid, or the empty string
 */
public record MetricReading(String metric, double current, double target, int proposal, String error) {

  /** Validates that the texts are present. */
  public MetricReading {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(error, "error");
  }

  /** Whether the metric could be used. */
  public boolean valid() {
    return error.isEmpty();
  }
}
