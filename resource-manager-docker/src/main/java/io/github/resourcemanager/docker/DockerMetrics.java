package io.github.resourcemanager.docker;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.util.Set;

/**
 * The per-agent metrics {@link DockerStatsSource} writes, besides {@link Metric#AGENT_CPU_USAGE}.
 *
 * <p>CPU: {@code agent.cpu.usage} is the container's share of the <em>whole</em> machine, 0 to 100, like every CPU
 * percentage of this library. {@code docker stats} shows the share of <em>one</em> CPU instead (up to 100 × CPUs);
 * multiply by the engine host's CPU count to compare.
 */
public final class DockerMetrics {

  /** Memory in use by the container, as {@code docker stats} counts it (usage less inactive file cache), bytes. */
  public static final Metric MEMORY_USED = Metric.AGENT_MEMORY_USED;
  /** The container's memory limit (the host's memory when it has none), bytes. */
  public static final Metric MEMORY_LIMIT = Metric.of("agent.memory.limit", Unit.BYTES,
      "container memory limit (host memory when unlimited)");
  /** Memory in use as a share of the limit, 0-100. */
  public static final Metric MEMORY_USAGE = Metric.of("agent.memory.usage", Unit.PERCENT,
      "container memory in use as a share of its limit");
  /** Bytes received on the container's interfaces per second. */
  public static final Metric NETWORK_RECEIVE = Metric.of("agent.network.receive", Unit.BYTES_PER_SECOND,
      "bytes received by the container per second");
  /** Bytes sent on the container's interfaces per second. */
  public static final Metric NETWORK_TRANSMIT = Metric.of("agent.network.transmit", Unit.BYTES_PER_SECOND,
      "bytes sent by the container per second");
  /** Bytes the container read from block devices per second. */
  public static final Metric DISK_READ = Metric.of("agent.disk.read", Unit.BYTES_PER_SECOND,
      "bytes read from block devices by the container per second");
  /** Bytes the container wrote to block devices per second. */
  public static final Metric DISK_WRITE = Metric.of("agent.disk.write", Unit.BYTES_PER_SECOND,
      "bytes written to block devices by the container per second");
  /** Processes (tasks) in the container. */
  public static final Metric PIDS = Metric.of("agent.pids", Unit.COUNT, "processes in the container");
  /** OOM kills in the agent's containers seen in the engine's events since they were first watched. */
  public static final Metric OOM_KILLS = Metric.of("agent.container.oom_kills", Unit.COUNT,
      "OOM kills in the agent's containers since watching began");

  /** Every metric the stats source may write. */
  static final Set<Metric> ALL = Set.of(Metric.AGENT_CPU_USAGE, MEMORY_USED, MEMORY_LIMIT, MEMORY_USAGE,
      NETWORK_RECEIVE, NETWORK_TRANSMIT, DISK_READ, DISK_WRITE, PIDS, OOM_KILLS);

  private DockerMetrics() {}
}
