package io.github.resourcemanager.internal.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Facts about the machine that do not change while the process runs: CPUs, memory, and the cgroup limits
 * this process runs under (a container's memory and CPU limits).
 *
 * <p>{@link #detect()} gathers them once, through OSHI and the cgroup files, and returns the same instance
 * afterwards; it takes a few hundred milliseconds the first time, so it is never called on the sampling
 * path.
 *
 * <p>Cgroup limits are read under {@code /sys/fs/cgroup}, in the cgroup named for this process in
 * {@code /proc/self/cgroup}, and in every ancestor up to the mount point, since a parent's limit binds its
 * children too; the smallest limit wins. When the named cgroup does not exist under the mount point (a
 * container that sees its own cgroup as the root), the mount point itself is read. Version 2 (unified)
 * reads {@code memory.max} and {@code cpu.max} ({@code "quota period"}); version 1 reads
 * {@code memory/memory.limit_in_bytes} and {@code cpu/cpu.cfs_quota_us} with {@code cpu/cpu.cfs_period_us}.
 * {@code max}, a quota of -1, and the huge version 1 value that stands for "no limit" (2<sup>62</sup> bytes or
 * more) all mean unlimited, reported as empty.
 *
 * @param logicalCpus logical CPUs (hardware threads) of the machine, ignoring cgroup limits
 * @param physicalCores physical CPU cores of the machine
 * @param cpuModel the processor's name as the system reports it, or {@code unknown}
 * @param totalMemoryBytes physical memory of the machine, bytes, ignoring cgroup limits
 * @param cgroupMemoryLimitBytes the memory limit of this process's cgroup, bytes, when there is one
 * @param cgroupCpuLimitMillicores the CPU limit of this process's cgroup, in thousandths of a CPU (1500 = one
 *     and a half CPUs of time per second), when there is one
 */
public record SystemFacts(
    int logicalCpus,
    int physicalCores,
    String cpuModel,
    long totalMemoryBytes,
    OptionalLong cgroupMemoryLimitBytes,
    OptionalLong cgroupCpuLimitMillicores) {

  private static final Logger LOG = LoggerFactory.getLogger(SystemFacts.class);
  /** Version 1 cgroups report "no memory limit" as a huge number (LONG_MAX rounded down to a page). */
  static final long V1_UNLIMITED_THRESHOLD = 1L << 62;
  private static final long DEFAULT_CFS_PERIOD_US = 100_000;

  /**
   * Checks the components.
   *
   * @param logicalCpus logical CPUs of the machine
   * @param physicalCores physical cores of the machine
   * @param cpuModel the processor's name
   * @param totalMemoryBytes physical memory, bytes
   * @param cgroupMemoryLimitBytes the cgroup memory limit, bytes, or empty
   * @param cgroupCpuLimitMillicores the cgroup CPU limit, millicores, or empty
   * @throws IllegalArgumentException if a count or size is negative
   * @throws NullPointerException if a reference component is null
   */
  public SystemFacts {
    Objects.requireNonNull(cpuModel, "cpuModel");
    Objects.requireNonNull(cgroupMemoryLimitBytes, "cgroupMemoryLimitBytes");
    Objects.requireNonNull(cgroupCpuLimitMillicores, "cgroupCpuLimitMillicores");
    if (logicalCpus < 0 || physicalCores < 0 || totalMemoryBytes < 0) {
      throw new IllegalArgumentException("logicalCpus " + logicalCpus + ", physicalCores " + physicalCores
          + " and totalMemoryBytes " + totalMemoryBytes + " must not be negative");
    }
  }

  /** The facts of this machine and process, detected on the first call and memoized. */
  public static SystemFacts detect() {
    return Holder.FACTS;
  }

  private static final class Holder {
    static final SystemFacts FACTS = probe();
  }

  private static SystemFacts probe() {
    int logical;
    int physical;
    String model;
    long totalMemory;
    try {
      HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
      CentralProcessor processor = hardware.getProcessor();
      logical = processor.getLogicalProcessorCount();
      physical = processor.getPhysicalProcessorCount();
      String name = processor.getProcessorIdentifier().getName();
      model = name == null || name.isBlank() ? "unknown" : name.trim();
      totalMemory = hardware.getMemory().getTotal();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("OSHI cannot describe this system ({}); using the JVM's view of CPUs and memory", e.toString());
      logical = Runtime.getRuntime().availableProcessors();
      physical = logical;
      model = "unknown";
      totalMemory = jvmTotalMemory();
    }
    CgroupLimits limits = CgroupLimits.NONE;
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      limits = readCgroupLimits(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
    }
    SystemFacts facts = new SystemFacts(Math.max(0, logical), Math.max(0, physical), model, Math.max(0, totalMemory),
        limits.memoryBytes(), limits.cpuMillicores());
    LOG.debug("detected {}", facts);
    return facts;
  }

  private static long jvmTotalMemory() {
    try {
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getTotalMemorySize();
      }
    } catch (LinkageError e) {
      LOG.debug("com.sun.management is not available", e);
    }
    return 0;
  }

  // ---------------------------------------------------------------- cgroups

  /** Cgroup limits of a process; empty where unlimited or unknown. */
  record CgroupLimits(OptionalLong memoryBytes, OptionalLong cpuMillicores) {
    static final CgroupLimits NONE = new CgroupLimits(OptionalLong.empty(), OptionalLong.empty());
  }

  /**
   * Reads the limits of the cgroup that {@code selfCgroupFile} (laid out like {@code /proc/self/cgroup}) names,
   * in the cgroup file system mounted at {@code cgroupRoot} (laid out like {@code /sys/fs/cgroup}).
   */
  static CgroupLimits readCgroupLimits(Path cgroupRoot, Path selfCgroupFile) {
    List<String> membership;
    try {
      membership = Files.readAllLines(selfCgroupFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.debug("cannot read {}; reading limits at the cgroup root", selfCgroupFile, e);
      membership = List.of();
    }
    if (Files.isRegularFile(cgroupRoot.resolve("cgroup.controllers"))) {
      List<Path> chain = chain(cgroupRoot, cgroupPath(membership, null));
      return new CgroupLimits(smallest(chain, SystemFacts::v2MemoryLimit), smallest(chain, SystemFacts::v2CpuLimit));
    }
    OptionalLong memory = OptionalLong.empty();
    Path memoryRoot = cgroupRoot.resolve("memory");
    if (Files.isDirectory(memoryRoot)) {
      memory = smallest(chain(memoryRoot, cgroupPath(membership, "memory")), SystemFacts::v1MemoryLimit);
    }
    OptionalLong cpu = OptionalLong.empty();
    for (String name : new String[] {"cpu", "cpu,cpuacct", "cpuacct,cpu"}) {
      Path cpuRoot = cgroupRoot.resolve(name);
      if (Files.isDirectory(cpuRoot)) {
        cpu = smallest(chain(cpuRoot, cgroupPath(membership, "cpu")), SystemFacts::v1CpuLimit);
        break;
      }
    }
    return new CgroupLimits(memory, cpu);
  }

  /**
   * The cgroup path of the line for {@code controller} ({@code id:controllers:path}), or of the unified
   * line ({@code 0::path}) when {@code controller} is null; {@code /} when there is none.
   */
  private static String cgroupPath(List<String> membership, @Nullable String controller) {
    for (String line : membership) {
      String[] parts = line.split(":", 3);
      if (parts.length < 3) {
        continue;
      }
      if (controller == null ? parts[1].isEmpty() : List.of(parts[1].split(",")).contains(controller)) {
        return parts[2];
      }
    }
    return "/";
  }

  /** The directory of the cgroup at {@code path} under {@code root}, then its ancestors up to {@code root}. */
  private static List<Path> chain(Path root, String path) {
    Path leaf = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    List<Path> chain = new ArrayList<>();
    if (leaf.startsWith(root) && Files.isDirectory(leaf)) {
      for (Path dir = leaf; dir != null && dir.startsWith(root); dir = dir.getParent()) {
        chain.add(dir);
      }
    } else {
      chain.add(root);
    }
    return chain;
  }

  private interface LimitReader {
    OptionalLong read(Path dir);
  }

  private static OptionalLong smallest(List<Path> dirs, LimitReader reader) {
    OptionalLong smallest = OptionalLong.empty();
    for (Path dir : dirs) {
      OptionalLong limit = reader.read(dir);
      if (limit.isPresent() && (smallest.isEmpty() || limit.getAsLong() < smallest.getAsLong())) {
        smallest = limit;
      }
    }
    return smallest;
  }

  private static OptionalLong v2MemoryLimit(Path dir) {
    String text = readTrimmed(dir.resolve("memory.max"));
    return text == null ? OptionalLong.empty() : parseV2Memory(text);
  }

  private static OptionalLong v2CpuLimit(Path dir) {
    String text = readTrimmed(dir.resolve("cpu.max"));
    return text == null ? OptionalLong.empty() : parseV2Cpu(text);
  }

  private static OptionalLong v1MemoryLimit(Path dir) {
    String text = readTrimmed(dir.resolve("memory.limit_in_bytes"));
    return text == null ? OptionalLong.empty() : parseV1Memory(text);
  }

  private static OptionalLong v1CpuLimit(Path dir) {
    String quota = readTrimmed(dir.resolve("cpu.cfs_quota_us"));
    String period = readTrimmed(dir.resolve("cpu.cfs_period_us"));
    return quota == null ? OptionalLong.empty() : parseV1Cpu(quota, period);
  }

  /** {@code memory.max}: {@code max} or a byte count. */
  static OptionalLong parseV2Memory(String text) {
    if (text.equals("max")) {
      return OptionalLong.empty();
    }
    return positive(text);
  }

  /** {@code memory.limit_in_bytes}: a byte count, huge when unlimited. */
  static OptionalLong parseV1Memory(String text) {
    OptionalLong value = positive(text);
    return value.isPresent() && value.getAsLong() >= V1_UNLIMITED_THRESHOLD ? OptionalLong.empty() : value;
  }

  /** {@code cpu.max}: {@code "quota period"} in microseconds, the quota being {@code max} when unlimited. */
  static OptionalLong parseV2Cpu(String text) {
    String[] parts = text.split("\\s+", -1); // only the first two fields are read
    if (parts[0].equals("max")) {
      return OptionalLong.empty();
    }
    return millicores(parts[0], parts.length > 1 ? parts[1] : null);
  }

  /** {@code cpu.cfs_quota_us} (-1 when unlimited) and {@code cpu.cfs_period_us} (may be null). */
  static OptionalLong parseV1Cpu(String quota, @Nullable String period) {
    return millicores(quota, period);
  }

  private static OptionalLong millicores(String quotaText, @Nullable String periodText) {
    OptionalLong quota = positive(quotaText);
    if (quota.isEmpty()) {
      return OptionalLong.empty();
    }
    long period = DEFAULT_CFS_PERIOD_US;
    if (periodText != null) {
      OptionalLong parsed = positive(periodText);
      if (parsed.isEmpty()) {
        return OptionalLong.empty();
      }
      period = parsed.getAsLong();
    }
    return OptionalLong.of(Math.max(1, Math.round(quota.getAsLong() * 1000.0 / period)));
  }

  private static OptionalLong positive(String text) {
    try {
      long value = Long.parseLong(text.trim());
      return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      LOG.debug("ignoring a cgroup value that is not a number: \"{}\"", text);
      return OptionalLong.empty();
    }
  }

  private static @Nullable String readTrimmed(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      LOG.debug("cannot read {}", file, e);
      return null;
    }
  }
}
