package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.OptionalLong;

/**
 * The limits of one agent's container: memory (also its memory-plus-swap limit, so the container cannot swap),
 * CPUs (Docker's {@code NanoCPUs}, the CFS quota that Linux enforces) and optionally the number of processes.
 *
 * <p>Immutable. The constructor checks what the engine itself would refuse: memory below Docker's minimum of
 * 6 MiB, CPUs below Docker's minimum of 0.01, a non-positive process limit.
 *
 * @param memory the memory limit; the swap limit is set to the same value
 * @param cpus the CPU limit, at least 10 millicores
 * @param pids the most processes the container may run; empty for no limit
 */
public record ContainerLimits(ByteSize memory, CpuQuantity cpus, OptionalLong pids) {

  /** Docker refuses memory limits below 6 MiB. */
  public static final ByteSize MIN_MEMORY = ByteSize.ofMebibytes(6);
  /** Docker refuses CPU limits below 0.01 CPU. */
  public static final CpuQuantity MIN_CPUS = CpuQuantity.ofMillicores(10);

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException if a value is missing or below what Docker accepts
   */
  public ContainerLimits {
    if (memory == null) {
      throw new IllegalArgumentException("memory must not be null; give a size such as 4g");
    }
    if (cpus == null) {
      throw new IllegalArgumentException("cpus must not be null; give a CPU count such as 2 or 0.5");
    }
    if (pids == null) {
      throw new IllegalArgumentException("pids must not be null; use OptionalLong.empty() for no process limit");
    }
    if (memory.compareTo(MIN_MEMORY) < 0) {
      throw new IllegalArgumentException("memory " + DockerSyntax.memory(memory) + " is below Docker's minimum of "
          + DockerSyntax.memory(MIN_MEMORY));
    }
    if (cpus.compareTo(MIN_CPUS) < 0) {
      throw new IllegalArgumentException("cpus " + DockerSyntax.cpus(cpus) + " is below Docker's minimum of "
          + DockerSyntax.cpus(MIN_CPUS));
    }
    if (pids.isPresent() && pids.getAsLong() <= 0) {
      throw new IllegalArgumentException("pids " + pids.getAsLong() + " is not allowed; give a positive process limit"
          + " or none");
    }
  }

  /** Limits of {@code memory} and {@code cpus}, without a process limit. */
  public static ContainerLimits of(ByteSize memory, CpuQuantity cpus) {
    return new ContainerLimits(memory, cpus, OptionalLong.empty());
  }

  /**
   * Parses limits written as Docker flags take them, e.g. {@code of("4g", "2")} or {@code of("512m", "0.5")}.
   *
   * @throws IllegalArgumentException if either text is null or does not parse (see {@link ByteSize#parse} and
   *     {@link CpuQuantity#parse}; the message starts with {@code memory:} or {@code cpus:}), or the values are below
   *     Docker's minimums
   */
  public static ContainerLimits parse(String memory, String cpus) {
    ByteSize m;
    try {
      m = ByteSize.parse(memory);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memory: " + e.getMessage(), e);
    }
    CpuQuantity c;
    try {
      c = CpuQuantity.parse(cpus);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cpus: " + e.getMessage(), e);
    }
    return of(m, c);
  }

  /** These limits with a process limit of {@code pids}. */
  public ContainerLimits withPids(long pids) {
    return new ContainerLimits(memory, cpus, OptionalLong.of(pids));
  }

  /** These limits with {@code cpus} instead. */
  public ContainerLimits withCpus(CpuQuantity cpus) {
    return new ContainerLimits(memory, cpus, this.pids);
  }

  /** Docker's syntax: {@code memory 4g, cpus 2} (and {@code , pids 100} when set). */
  @Override
  public String toString() {
    return "memory " + DockerSyntax.memory(memory) + ", cpus " + DockerSyntax.cpus(cpus)
        + (pids.isPresent() ? ", pids " + pids.getAsLong() : "");
  }
}
