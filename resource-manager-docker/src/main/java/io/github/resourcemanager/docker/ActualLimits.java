package io.github.resourcemanager.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The limits in force on a container, read from its {@code HostConfig} (never from labels).
 *
 * <p>CPUs come from {@code NanoCpus}, else from {@code CpuQuota / CpuPeriod}; {@code CpuShares} is a relative
 * weight, not a limit, so a container with shares only has no CPU limit (empty).
 *
 * @param containerId the container's full id
 * @param containerName its name, without the leading slash
 * @param status the engine's state: {@code created}, {@code running}, {@code paused}, {@code exited}, ...
 * @param memory the memory limit; empty if unlimited
 * @param memorySwap the memory-plus-swap limit; empty if unlimited
 * @param cpus the CPU limit; empty if unlimited
 * @param pids the process limit; empty if unlimited
 */
public record ActualLimits(String containerId, String containerName, String status, Optional<ByteSize> memory,
    Optional<ByteSize> memorySwap, Optional<CpuQuantity> cpus, OptionalLong pids) {

  static ActualLimits of(InspectContainerResponse inspect) {
    HostConfig h = inspect.getHostConfig();
    Optional<CpuQuantity> cpus = Optional.empty();
    long nano = positive(h.getNanoCPUs());
    long quota = positive(h.getCpuQuota());
    long period = positive(h.getCpuPeriod());
    if (nano > 0) {
      cpus = Optional.of(CpuQuantity.ofMillicores(nano / 1_000_000L));
    } else if (quota > 0) {
      // The kernel's default CFS period is 100 ms when none was given.
      cpus = Optional.of(CpuQuantity.ofMillicores(quota * 1000L / (period > 0 ? period : 100_000L)));
    }
    long memory = positive(h.getMemory());
    long swap = positive(h.getMemorySwap());
    long pids = positive(h.getPidsLimit());
    String status = inspect.getState() == null || inspect.getState().getStatus() == null ? "unknown"
        : inspect.getState().getStatus();
    return new ActualLimits(inspect.getId(), stripSlash(inspect.getName()), status,
        memory > 0 ? Optional.of(ByteSize.ofBytes(memory)) : Optional.empty(),
        swap > 0 ? Optional.of(ByteSize.ofBytes(swap)) : Optional.empty(),
        cpus,
        pids > 0 ? OptionalLong.of(pids) : OptionalLong.empty());
  }

  private static long positive(Long value) {
    return value == null || value < 0 ? 0 : value;
  }

  static String stripSlash(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name;
  }

  /** Whether the container is running or paused (its processes exist). */
  public boolean isRunning() {
    return status.equals("running") || status.equals("paused") || status.equals("restarting");
  }

  /**
   * Whether these are exactly {@code wanted}: same memory, CPUs and process limit, and, when the engine's kernel
   * accounts swap, a memory-plus-swap limit equal to the memory limit (no swap).
   */
  public boolean satisfies(ContainerLimits wanted, boolean swapAccounted) {
    if (!memory.equals(Optional.of(wanted.memory())) || !cpus.equals(Optional.of(wanted.cpus()))) {
      return false;
    }
    if (!pids.equals(wanted.pids())) {
      return false;
    }
    return !swapAccounted || memorySwap.equals(Optional.of(wanted.memory()));
  }

  /** Docker's syntax, {@code unlimited} for absent values: {@code memory 4g (swap 4g), cpus 2, pids unlimited}. */
  public String describe() {
    return "memory " + memory.map(DockerSyntax::memory).orElse("unlimited")
        + " (with swap " + memorySwap.map(DockerSyntax::memory).orElse("unlimited") + ")"
        + ", cpus " + cpus.map(DockerSyntax::cpus).orElse("unlimited")
        + ", pids " + (pids.isPresent() ? Long.toString(pids.getAsLong()) : "unlimited");
  }
}
