package io.github.resourcemanager.docker;

import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.BlkioStatsConfig;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.List;
import java.util.Map;

/**
 * One container's counters from the previous tick, and the arithmetic of {@code docker stats} applied to two
 * readings. Confined to the stats source's sampling thread.
 */
final class ContainerReading {
  private static final double NANOS_PER_SECOND = 1e9;

  private boolean primed;
  private long tickNanos;
  private long cpuTotal;
  private long systemTotal;
  private long rx;
  private long tx;
  private long read;
  private long write;

  /** Writes this reading's values for {@code agentId} and keeps its counters for the next one. */
  void write(String agentId, Statistics s, long nowNanos, SampleWriter out) {
    CpuStatsConfig cpu = s.getCpuStats();
    long cpuNow = cpu == null || cpu.getCpuUsage() == null ? -1 : orMinus(cpu.getCpuUsage().getTotalUsage());
    long systemNow = cpu == null ? -1 : orMinus(cpu.getSystemCpuUsage());
    long rxNow = 0;
    long txNow = 0;
    Map<String, StatisticNetworksConfig> networks = s.getNetworks();
    if (networks != null) {
      for (StatisticNetworksConfig n : networks.values()) {
        rxNow += orZero(n.getRxBytes());
        txNow += orZero(n.getTxBytes());
      }
    }
    long readNow = ioBytes(s.getBlkioStats(), "read");
    long writeNow = ioBytes(s.getBlkioStats(), "write");

    out.setAgent(agentId, Metric.AGENT_CPU_USAGE, primed ? machineCpuPercent(cpuTotal, cpuNow, systemTotal, systemNow)
        : Double.NaN);
    MemoryStatsConfig memory = s.getMemoryStats();
    double used = memoryUsed(memory);
    double limit = memory == null || memory.getLimit() == null ? Double.NaN : memory.getLimit();
    out.setAgent(agentId, DockerMetrics.MEMORY_USED, used);
    out.setAgent(agentId, DockerMetrics.MEMORY_LIMIT, limit);
    out.setAgent(agentId, DockerMetrics.MEMORY_USAGE, limit > 0 ? used / limit * 100.0 : Double.NaN);
    double seconds = (nowNanos - tickNanos) / NANOS_PER_SECOND;
    out.setAgent(agentId, DockerMetrics.NETWORK_RECEIVE, primed ? rate(rx, rxNow, seconds) : Double.NaN);
    out.setAgent(agentId, DockerMetrics.NETWORK_TRANSMIT, primed ? rate(tx, txNow, seconds) : Double.NaN);
    out.setAgent(agentId, DockerMetrics.DISK_READ, primed ? rate(read, readNow, seconds) : Double.NaN);
    out.setAgent(agentId, DockerMetrics.DISK_WRITE, primed ? rate(write, writeNow, seconds) : Double.NaN);
    Long pids = s.getPidsStats() == null ? null : s.getPidsStats().getCurrent();
    out.setAgent(agentId, DockerMetrics.PIDS, pids == null ? Double.NaN : pids);

    primed = true;
    tickNanos = nowNanos;
    cpuTotal = cpuNow;
    systemTotal = systemNow;
    rx = rxNow;
    tx = txNow;
    read = readNow;
    write = writeNow;
  }

  /**
   * The container's share of the whole machine, 0-100: container CPU time over machine CPU time (all CPUs) between
   * two readings. {@code docker stats} multiplies the same ratio by the number of online CPUs.
   */
  static double machineCpuPercent(long cpuBefore, long cpuNow, long systemBefore, long systemNow) {
    if (cpuBefore < 0 || cpuNow < 0 || systemBefore < 0 || systemNow < 0) {
      return Double.NaN;
    }
    long cpuDelta = cpuNow - cpuBefore;
    long systemDelta = systemNow - systemBefore;
    if (cpuDelta < 0 || systemDelta <= 0) {
      return Double.NaN; // restarted container, or no time passed on the engine's clock
    }
    return Math.min(100.0, (double) cpuDelta / systemDelta * 100.0);
  }

  /**
   * Usage less the inactive file cache, as {@code docker stats} computes it: {@code total_inactive_file} on
   * cgroup v1, {@code inactive_file} on cgroup v2, each only when smaller than the usage.
   */
  static double memoryUsed(MemoryStatsConfig memory) {
    if (memory == null || memory.getUsage() == null) {
      return Double.NaN;
    }
    long usage = memory.getUsage();
    StatsConfig stats = memory.getStats();
    if (stats != null) {
      Long v1 = stats.getTotalInactiveFile();
      if (v1 != null) {
        return v1 < usage ? usage - v1 : usage;
      }
      Long v2 = stats.getInactiveFile();
      if (v2 != null && v2 < usage) {
        return usage - v2;
      }
    }
    return usage;
  }

  /** Bytes of {@code op} ("read" or "write", any case, as cgroup v1 and v2 spell it) summed over devices. */
  static long ioBytes(BlkioStatsConfig blkio, String op) {
    if (blkio == null) {
      return 0;
    }
    List<BlkioStatEntry> entries = blkio.getIoServiceBytesRecursive();
    if (entries == null) {
      return 0;
    }
    long sum = 0;
    for (BlkioStatEntry e : entries) {
      if (op.equalsIgnoreCase(e.getOp()) && e.getValue() != null) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  static double rate(long before, long now, double seconds) {
    if (now < before || seconds <= 0) {
      return Double.NaN; // counter reset (container restarted) or no time passed
    }
    return (now - before) / seconds;
  }

  private static long orMinus(Long v) {
    return v == null ? -1 : v;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
