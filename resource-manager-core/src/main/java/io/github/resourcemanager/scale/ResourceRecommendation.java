package io.github.resourcemanager.scale;

import java.util.Objects;

/**
 * A recommendation for one resource, as a VPA container recommendation gives it.
 *
 * @param target the recommended amount: a high percentile of the usage plus a safety margin, at least the
 *     minimum recommendation, within the configured bounds
 * @param lowerBound below this the agent is likely short of the resource
 * @param upperBound above this the agent likely has more than it needs; widened while history is short
 * @param uncappedTarget the target before the configured bounds (minAllowed / maxAllowed) were applied
 * @param <T> {@link io.github.resourcemanager.units.CpuQuantity} or {@link io.github.resourcemanager.units.ByteSize}
 */
public record ResourceRecommendation<T>(T target, T lowerBound, T upperBound, T uncappedTarget) {

  /** Validates that every amount is present. */
  public ResourceRecommendation {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(lowerBound, "lowerBound");
    Objects.requireNonNull(upperBound, "upperBound");
    Objects.requireNonNull(uncappedTarget, "uncappedTarget");
  }
}
