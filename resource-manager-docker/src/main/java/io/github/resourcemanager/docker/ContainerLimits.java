package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one agent's container: memory (also its memory-plus-swap limit, so the container cannot swap),
 * CPUs (Docker's {@code NanoCPUs}, the CFS quota that Linux enforces) and optionally the number of processes.
 *
 * <p>Immutable; equal when memory, CPUs and process limit are equal. The constructor checks what the engine itself
 * would refuse: memory below Docker's minimum of 6 MiB, CPUs below Docker's minimum of 0.01, a non-positive process
 * limit. Limits made by {@link #parse} remember the texts they were read from, so that every later refusal (here,
 * or by a {@link LimitPolicy}) names the value as it was written, not a re-rendering of it.
 */
public final class ContainerLimits {

  /** Docker refuses memory limits below 6 MiB. */
  public static final ByteSize MIN_MEMORY = ByteSize.ofMebibytes(6);
  /** Docker refuses CPU limits below 0.01 CPU. */
  public static final CpuQuantity MIN_CPUS = CpuQuantity.ofMillicores(10);

  private final ByteSize memory;
  private final CpuQuantity cpus;
  private final OptionalLong pids;
  // The texts parse() read, for messages only (not part of equality); null when made from values.
  private final @Nullable String memoryText;
  private final @Nullable String cpusText;

  /**
   * Limits of {@code memory}, {@code cpus} and the process limit {@code pids}.
   *
   * @param memory the memory limit; the swap limit is set to the same value
   * @param cpus the CPU limit, at least 10 millicores
   * @param pids the most processes the container may run; empty for no limit
   * @throws IllegalArgumentException if a value is missing or below what Docker accepts
   */
  public ContainerLimits(ByteSize memory, CpuQuantity cpus, OptionalLong pids) {
    this(memory, cpus, pids, null, null);
  }

  private ContainerLimits(ByteSize memory, CpuQuantity cpus, OptionalLong pids, @Nullable String memoryText,
      @Nullable String cpusText) {
    if (memory == null) {
      throw new IllegalArgumentException("memory must not be null; give a size such as 4g");
    }
    if (cpus == null) {
      throw new IllegalArgumentException("cpus must not be null; give a CPU count such as 2 or 0.5");
    }
    if (pids == null) {
      throw new IllegalArgumentException("pids must not be null; use OptionalLong.empty() for no process limit");
    }
    this.memory = memory;
    this.cpus = cpus;
    this.pids = pids;
    this.memoryText = memoryText;
    this.cpusText = cpusText;
    if (memory.compareTo(MIN_MEMORY) < 0) {
      throw new IllegalArgumentException("memory " + memoryAsWritten() + " is below Docker's minimum of "
          + DockerSyntax.memory(MIN_MEMORY));
    }
    if (cpus.compareTo(MIN_CPUS) < 0) {
      throw new IllegalArgumentException("cpus " + cpusAsWritten() + " is below Docker's minimum of "
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
   * Parses limits written as {@code docker run --memory} and {@code --cpus} take them, read exactly as Docker reads
   * them: memory with {@link ByteSize#parseDocker} (go-units' {@code RAMInBytes}: {@code 4g}, {@code 512m},
   * {@code 2GB}, {@code 1 GiB}, every unit binary, fractions of a byte dropped), CPUs with
   * {@link CpuQuantity#parseDocker} (docker/cli's {@code ParseCPUs}: {@code 2}, {@code 0.5}, {@code 3/2}; no
   * {@code m} suffix). E.g. {@code parse("4g", "2")} or {@code parse("512m", "0.5")}.
   *
   * @throws NullPointerException naming the parameter if either text is null
   * @throws IllegalArgumentException if Docker would not read a text (the message starts with {@code memory:} or
   *     {@code cpus:} and quotes the text), or the values are below Docker's minimums (the message names the value as
   *     written)
   */
  public static ContainerLimits parse(String memory, String cpus) {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(cpus, "cpus");
    ByteSize m;
    try {
      m = ByteSize.parseDocker(memory);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memory: " + e.getMessage(), e);
    }
    CpuQuantity c;
    try {
      c = CpuQuantity.parseDocker(cpus);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cpus: " + e.getMessage(), e);
    }
    return new ContainerLimits(m, c, OptionalLong.empty(), memory, cpus);
  }

  /** The memory limit; the swap limit is the same. */
  public ByteSize memory() {
    return memory;
  }

  /** The CPU limit. */
  public CpuQuantity cpus() {
    return cpus;
  }

  /** The process limit; empty for none. */
  public OptionalLong pids() {
    return pids;
  }

  /** These limits with a process limit of {@code pids}. */
  public ContainerLimits withPids(long pids) {
    return new ContainerLimits(memory, cpus, OptionalLong.of(pids), memoryText, cpusText);
  }

  /** These limits with {@code cpus} instead. */
  public ContainerLimits withCpus(CpuQuantity cpus) {
    return new ContainerLimits(memory, cpus, this.pids, memoryText, null);
  }

  /** The memory as it was written, if these limits were parsed, else in Docker's syntax. */
  String memoryAsWritten() {
    return memoryText != null ? memoryText : DockerSyntax.memory(memory);
  }

  /** The CPUs as they were written, if these limits were parsed, else in Docker's syntax. */
  String cpusAsWritten() {
    return cpusText != null ? cpusText : DockerSyntax.cpus(cpus);
  }

  /** Whether {@code other} holds the same memory, CPUs and process limit (however they were written). */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ContainerLimits o && memory.equals(o.memory) && cpus.equals(o.cpus) && pids.equals(o.pids);
  }

  /** A hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Objects.hash(memory, cpus, pids);
  }

  /** Docker's syntax: {@code memory 4g, cpus 2} (and {@code , pids 100} when set). */
  @Override
  public String toString() {
    return "memory " + DockerSyntax.memory(memory) + ", cpus " + DockerSyntax.cpus(cpus)
        + (pids.isPresent() ? ", pids " + pids.getAsLong() : "");
  }
}
