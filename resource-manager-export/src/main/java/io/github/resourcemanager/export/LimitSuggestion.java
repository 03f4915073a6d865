package io.github.resourcemanager.export;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Analytics#autotune} suggests as one agent's CPU and memory limits, where each comes from, and why.
 * Immutable.
 *
 * <p>Where the suggestion can be applied, and how:
 * <ul>
 *   <li><b>Allocation</b> ({@code ResourcePool}): an admitted agent's spec is fixed at admission, so a running pool
 *       cannot take new limits. {@link #applyTo(AgentSpec)} gives the spec with the suggested limits, for the
 *       {@code AllocationConfig} of the next start, or to release and admit the agent again (admission then runs
 *       again, and may queue or reject it).</li>
 *   <li><b>Docker</b>: the Docker module's {@code DockerLimits.set(agentId, ContainerLimits, actor)} changes a
 *       container's limits at run time (live, or by recreating it), within its {@code LimitPolicy}'s allowed values;
 *       round the suggestion up to an allowed value first.</li>
 * </ul>
 * Nothing is applied unless one of these is called.
 */
public final class LimitSuggestion {

  /** Where a suggested amount comes from. */
  public enum Basis {
    /** The manager's vertical recommender: the VPA's target (a high percentile of decaying usage plus its margin). */
    VERTICAL_RECOMMENDER,
    /** The agent's history in the window: a percentile (CPU) or the peak (memory), plus the margin. */
    HISTORY;

    /** The lowercase name used in JSON, e.g. {@code vertical-recommender}. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final String agentId;
  private final @Nullable CpuQuantity cpu;
  private final @Nullable Basis cpuBasis;
  private final @Nullable ByteSize memory;
  private final @Nullable Basis memoryBasis;
  private final ResourceVector currentLimits;
  private final String reasoning;

  LimitSuggestion(String agentId, @Nullable CpuQuantity cpu, @Nullable Basis cpuBasis, @Nullable ByteSize memory,
      @Nullable Basis memoryBasis, ResourceVector currentLimits, String reasoning) {
    this.agentId = agentId;
    this.cpu = cpu;
    this.cpuBasis = cpuBasis;
    this.memory = memory;
    this.memoryBasis = memoryBasis;
    this.currentLimits = currentLimits;
    this.reasoning = reasoning;
  }

  /** The agent. */
  public String agentId() {
    return agentId;
  }

  /** The suggested CPU limit, if there was enough CPU data. */
  public Optional<CpuQuantity> cpu() {
    return Optional.ofNullable(cpu);
  }

  /** Where the CPU limit comes from, if one is suggested. */
  public Optional<Basis> cpuBasis() {
    return Optional.ofNullable(cpuBasis);
  }

  /** The suggested memory limit, if the agent's memory was measured often enough. */
  public Optional<ByteSize> memory() {
    return Optional.ofNullable(memory);
  }

  /** Where the memory limit comes from, if one is suggested. */
  public Optional<Basis> memoryBasis() {
    return Optional.ofNullable(memoryBasis);
  }

  /** The agent's limits in its allocation pool now; empty when it is not admitted or allocation is not configured. */
  public ResourceVector currentLimits() {
    return currentLimits;
  }

  /** The suggested limits as a vector: CPU in millicores and memory in bytes, where suggested. */
  public ResourceVector limits() {
    ResourceVector limits = ResourceVector.empty();
    if (cpu != null) {
      limits = limits.with(Resource.CPU, cpu.millicores());
    }
    if (memory != null) {
      limits = limits.with(Resource.MEMORY, memory.bytes());
    }
    return limits;
  }

  /** Why, in words, with the numbers. */
  public String reasoning() {
    return reasoning;
  }

  /**
   * The agent's spec with the suggested CPU and memory limits in place of its own; its other limits are kept, and so
   * are its requests, except that a request equal to the limit it had (a request defaulted from the limit, as
   * Kubernetes defaults it, or a Guaranteed agent's) moves with the limit. Nothing else changes: use the result in
   * the next {@code AllocationConfig}, or release and admit the agent with it.
   *
   * @throws IllegalArgumentException if {@code spec} is of another agent, or another request of the spec
   *     exceeds a suggested limit (the message says which)
   */
  public AgentSpec applyTo(AgentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (!spec.id().equals(agentId)) {
      throw new IllegalArgumentException("spec is of agent \"" + spec.id() + "\", but this suggestion is for \"" + agentId + "\"");
    }
    ResourceVector oldLimits = spec.resources().limits();
    ResourceVector oldRequests = spec.resources().requests();
    ResourceVector limits = oldLimits;
    ResourceVector requests = oldRequests;
    ResourceVector suggested = limits();
    for (Resource r : suggested.resources()) {
      long limit = suggested.amount(r);
      limits = limits.with(r, limit);
      if (oldLimits.has(r) && oldRequests.has(r) && oldRequests.amount(r) == oldLimits.amount(r)) {
        requests = requests.with(r, limit);
      }
    }
    try {
      return spec.toBuilder().resources(Resources.of(requests, limits)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the suggested limits of agent \"" + agentId + "\" are below its requests: "
          + e.getMessage() + "; lower the requests first, or keep the current limits", e);
    }
  }

  @Override
  public String toString() {
    return "LimitSuggestion{" + agentId + " " + limits() + ": " + reasoning + "}";
  }
}
