package io.github.resourcemanager.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named quantity the monitor records, such as {@link #SYSTEM_CPU_USAGE}.
 *
 * <p>Metrics are interned by name: {@link #of} returns the same instance for the same name, and each metric
 * has a small dense {@link #index()} that samples and histories use to store values in primitive arrays
 * without hashing. Names are lowercase and dot-separated, in the style of Micrometer.
 *
 * <p>Metrics whose name starts with {@code agent.} describe one agent and are recorded per agent; all others
 * describe the machine, the process or the JVM.
 */
public final class Metric {

  /**
   * The most metric names one JVM defines: 10,000. Names are interned for the life of the JVM, so code that made up a
   * new name per event would otherwise grow the table without bound; {@link #of} refuses names beyond it.
   */
  public static final int MAX_METRICS = 10_000;

  private static final ConcurrentHashMap<String, Metric> BY_NAME = new ConcurrentHashMap<>();
  private static final List<Metric> BY_INDEX = Collections.synchronizedList(new ArrayList<>());

  // ---- system ----
  /** Busy share of all CPUs of the machine, 0-100, from the difference of two readings. */
  public static final Metric SYSTEM_CPU_USAGE = of("system.cpu.usage", Unit.PERCENT, "busy share of all CPUs");
  /** Memory in use (total minus available), bytes. */
  public static final Metric SYSTEM_MEMORY_USED = of("system.memory.used", Unit.BYTES, "memory in use (total - available)");
  /** Memory in use as a share of total memory, 0-100. */
  public static final Metric SYSTEM_MEMORY_USAGE = of("system.memory.usage", Unit.PERCENT, "memory in use as a share of total");
  /** Total physical memory, bytes. */
  public static final Metric SYSTEM_MEMORY_TOTAL = of("system.memory.total", Unit.BYTES, "total physical memory");
  /** Swap in use, bytes. */
  public static final Metric SYSTEM_SWAP_USED = of("system.swap.used", Unit.BYTES, "swap in use");
  /** Swap in use as a share of total swap, 0-100 (0 when there is no swap). */
  public static final Metric SYSTEM_SWAP_USAGE = of("system.swap.usage", Unit.PERCENT, "swap in use as a share of total swap");
  /** Bytes read from physical disks per second. */
  public static final Metric SYSTEM_DISK_READ = of("system.disk.read", Unit.BYTES_PER_SECOND, "bytes read from disks per second");
  /** Bytes written to physical disks per second. */
  public static final Metric SYSTEM_DISK_WRITE = of("system.disk.write", Unit.BYTES_PER_SECOND, "bytes written to disks per second");
  /** Bytes received on network interfaces (loopback excluded) per second. */
  public static final Metric SYSTEM_NETWORK_RECEIVE = of("system.network.receive", Unit.BYTES_PER_SECOND, "bytes received per second, loopback excluded");
  /** Bytes sent on network interfaces (loopback excluded) per second. */
  public static final Metric SYSTEM_NETWORK_TRANSMIT = of("system.network.transmit", Unit.BYTES_PER_SECOND, "bytes sent per second, loopback excluded");
  /** File handles open in the whole system. */
  public static final Metric SYSTEM_OPEN_FILES = of("system.files.open", Unit.COUNT, "file handles open in the system");
  /** Threads (kernel scheduling entities) in the whole system. */
  public static final Metric SYSTEM_THREADS = of("system.threads", Unit.COUNT, "threads in the system");
  /** Load average over 1 minute. */
  public static final Metric SYSTEM_LOAD_1M = of("system.load.1m", Unit.NONE, "load average over 1 minute");
  /** Load average over 5 minutes. */
  public static final Metric SYSTEM_LOAD_5M = of("system.load.5m", Unit.NONE, "load average over 5 minutes");
  /** Load average over 15 minutes. */
  public static final Metric SYSTEM_LOAD_15M = of("system.load.15m", Unit.NONE, "load average over 15 minutes");

  // ---- this process ----
  /** CPU used by this process as a share of all CPUs of the machine, 0-100. */
  public static final Metric PROCESS_CPU_USAGE = of("process.cpu.usage", Unit.PERCENT, "CPU used by this process, share of all CPUs");
  /** Resident set size of this process, bytes. */
  public static final Metric PROCESS_MEMORY_RESIDENT = of("process.memory.resident", Unit.BYTES, "resident memory of this process");
  /** Threads of this process. */
  public static final Metric PROCESS_THREADS = of("process.threads", Unit.COUNT, "threads of this process");
  /** File descriptors open in this process. */
  public static final Metric PROCESS_OPEN_FILES = of("process.files.open", Unit.COUNT, "file descriptors open in this process");

  // ---- JVM ----
  /** Java heap in use, bytes. */
  public static final Metric JVM_HEAP_USED = of("jvm.heap.used", Unit.BYTES, "Java heap in use");
  /** Java heap committed, bytes. */
  public static final Metric JVM_HEAP_COMMITTED = of("jvm.heap.committed", Unit.BYTES, "Java heap committed");
  /** Maximum Java heap, bytes. */
  public static final Metric JVM_HEAP_MAX = of("jvm.heap.max", Unit.BYTES, "maximum Java heap");
  /** Total time spent in garbage collection since the JVM started, seconds. */
  public static final Metric JVM_GC_TIME = of("jvm.gc.time", Unit.SECONDS, "time spent in GC since start");
  /** Share of elapsed time spent in garbage collection since the previous sample, 0-100. */
  public static final Metric JVM_GC_OVERHEAD = of("jvm.gc.overhead", Unit.PERCENT, "share of time spent in GC since the previous sample");

  // ---- per agent ----
  /** CPU used by an agent's threads while inside its scope, as a share of all CPUs, 0-100. */
  public static final Metric AGENT_CPU_USAGE = of("agent.cpu.usage", Unit.PERCENT, "CPU used by the agent, share of all CPUs");
  /** CPU time used by an agent since it was registered, seconds. */
  public static final Metric AGENT_CPU_TIME = of("agent.cpu.time", Unit.SECONDS, "CPU time used by the agent since registration");
  /** Heap bytes allocated by an agent's threads per second. */
  public static final Metric AGENT_ALLOCATION_RATE = of("agent.memory.allocation", Unit.BYTES_PER_SECOND, "heap bytes allocated by the agent per second");
  /** Threads inside an agent's scope at the moment of the sample. */
  public static final Metric AGENT_THREADS = of("agent.threads", Unit.COUNT, "threads inside the agent's scope");
  /**
   * Memory used by an agent, bytes. Agents inside the JVM share one heap, so the tracker cannot measure it;
   * sources that can (the Docker module, for a container) write it.
   */
  public static final Metric AGENT_MEMORY_USED = of("agent.memory.used", Unit.BYTES, "memory used by the agent (written by sources that can measure it)");
  /** Files an agent holds open, written by sources that can measure it (a container's process tree). */
  public static final Metric AGENT_OPEN_FILES = of("agent.files.open", Unit.COUNT, "files the agent holds open (written by sources that can measure it)");

  private final String name;
  private final Unit unit;
  private final String description;
  private final int index;

  private Metric(String name, Unit unit, String description, int index) {
    this.name = name;
    this.unit = unit;
    this.description = description;
    this.index = index;
  }

  /**
   * Returns the metric with this name, creating it on first use.
   *
   * @param name lowercase, dot-separated, e.g. {@code queue.depth}; a name starting with {@code agent.} is per agent
   * @param unit the unit of its values
   * @param description one line for people
   * @throws IllegalArgumentException if the name is malformed or already used with another unit
   * @throws IllegalStateException if the name is new and {@value #MAX_METRICS} names are already defined
   */
  public static Metric of(String name, Unit unit, String description) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
    validateName(name);
    Metric existing = BY_NAME.get(name);
    if (existing == null) {
      synchronized (BY_INDEX) {
        existing = BY_NAME.get(name);
        if (existing == null) {
          if (BY_INDEX.size() >= MAX_METRICS) {
            throw new IllegalStateException("metric limit reached: " + MAX_METRICS + " metric names are defined in this "
                + "JVM (Metric.MAX_METRICS); cannot define \"" + name + "\". Names are kept for the life of the JVM: "
                + "put varying parts (ids, paths) in agents or labels, not in metric names");
          }
          existing = new Metric(name, unit, description == null ? "" : description, BY_INDEX.size());
          BY_INDEX.add(existing);
          BY_NAME.put(name, existing);
          return existing;
        }
      }
    }
    if (existing.unit != unit) {
      throw new IllegalArgumentException("metric \"" + name + "\" already exists with unit "
          + existing.unit + "; cannot redefine it with unit " + unit);
    }
    return existing;
  }

  /** Returns the metric with this name if it has been defined. */
  public static Optional<Metric> find(String name) {
    return Optional.ofNullable(BY_NAME.get(Objects.requireNonNull(name, "name")));
  }

  /** Returns the metric with this name, or throws an exception listing the known names. */
  public static Metric named(String name) {
    Metric metric = BY_NAME.get(Objects.requireNonNull(name, "name"));
    if (metric == null) {
      throw new IllegalArgumentException("unknown metric \"" + name + "\"; known metrics: " + knownNames());
    }
    return metric;
  }

  /** All metrics defined so far, in index order. */
  public static List<Metric> all() {
    synchronized (BY_INDEX) {
      return List.copyOf(BY_INDEX);
    }
  }

  /** The number of metrics defined so far: one more than the largest {@link #index()} assigned. */
  public static int count() {
    return BY_INDEX.size();
  }

  private static String knownNames() {
    StringBuilder sb = new StringBuilder();
    for (Metric m : all()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(m.name);
    }
    return sb.toString();
  }

  private static void validateName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("metric name must not be empty; use lowercase words separated by dots, e.g. queue.depth");
    }
    boolean dotAllowed = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (word) {
        dotAllowed = true;
      } else if (c == '.' && dotAllowed) {
        dotAllowed = false;
      } else {
        throw new IllegalArgumentException("metric name \"" + name + "\" is not allowed; use lowercase letters, "
            + "digits, '_' and '-' in words separated by single dots, e.g. queue.depth");
      }
    }
    if (!dotAllowed) {
      throw new IllegalArgumentException("metric name \"" + name + "\" must not end with a dot; use lowercase letters, "
          + "digits, '_' and '-' in words separated by single dots, e.g. queue.depth");
    }
  }

  /** The metric's name, e.g. {@code system.cpu.usage}. */
  public String name() {
    return name;
  }

  /** The unit of the metric's values. */
  public Unit unit() {
    return unit;
  }

  /** A one-line description for people. */
  public String description() {
    return description;
  }

  /** Whether this metric is recorded per agent (its name starts with {@code agent.}). */
  public boolean isAgentMetric() {
    return name.startsWith("agent.");
  }

  /** A small dense number, unique to this metric within the JVM, used to index primitive arrays. */
  public int index() {
    return index;
  }

  @Override
  public String toString() {
    return name;
  }
}
