package io.github.resourcemanager.scale;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link VerticalRecommender} recommends for one agent or container: CPU and memory, each with a
 * target, bounds and the uncapped target. Usable to size Docker limits ({@link CpuQuantity#nanoCpus()},
 * {@link ByteSize#toDockerString()}).
 *
 * @param agentId the agent or container
 * @param cpu the CPU recommendation
 * @param memory the memory recommendation
 * @param cpuSamples the CPU samples aggregated so far
 * @param history the time between the first and the last CPU sample, from which the confidence is derived
 */
public record Recommendation(String agentId, ResourceRecommendation<CpuQuantity> cpu,
    ResourceRecommendation<ByteSize> memory, long cpuSamples, Duration history) {

  /** Validates that every field is present. */
  public Recommendation {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(history, "history");
  }
}
