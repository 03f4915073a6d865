package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.FileSystem;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * The portable source of machine and process metrics, built on <a href="https://github.com/oshi/oshi">OSHI</a>;
 * it writes the same metrics as {@link LinuxProcSource}, on every system OSHI supports (Linux, macOS,
 * Windows, the BSDs, AIX, Solaris).
 *
 * <p>OSHI's entry objects and the lists of disks and network interfaces are created once, in the
 * constructor (that is the slow part, about a quarter of a second); each sample then refreshes them.
 * <ul>
 *   <li>CPU: {@link CentralProcessor#getSystemCpuLoadTicks()} deltas, busy = total − idle − iowait, the
 *       same formula as {@link LinuxProcSource}.
 *   <li>Memory: total − available from {@link GlobalMemory}; swap from {@link VirtualMemory} (usage 0 when
 *       there is no swap).
 *   <li>Disk rates: read and written bytes of the {@link HWDiskStore}s that are whole physical disks, by
 *       the same name rule as {@link LinuxProcSource} (no {@code loop*}, {@code ram*}, {@code zram*},
 *       {@code dm-*}, {@code md*}, {@code sr*}), chosen at construction.
 *   <li>Network rates: received and sent bytes of every {@link NetworkIF} except loopback ones, chosen at
 *       construction.
 *   <li>{@link FileSystem#getOpenFileDescriptors()}, {@link OperatingSystem#getThreadCount()},
 *       {@link CentralProcessor#getSystemLoadAverage(int)} (not written where the platform has none).
 *   <li>Process: CPU from kernel + user time deltas over ticker time and the logical CPU count, resident
 *       memory, threads, open files of {@link OSProcess}.
 * </ul>
 *
 * <p>OSHI caches some readings for 300 ms by default ({@code oshi.util.memoizer.expiration}); at the
 * monitor's sampling intervals every sample sees fresh values. {@link #mayBlock()} is {@code true} because
 * OSHI may run commands or query WMI on some platforms. Not thread-safe: the monitor samples a source from
 * one thread at a time.
 */
public final class OshiSource implements ResourceSource {

  private static final Logger LOG = LoggerFactory.getLogger(OshiSource.class);
  private static final Set<Metric> METRICS = Set.of(
      Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_MEMORY_TOTAL,
      Metric.SYSTEM_SWAP_USED, Metric.SYSTEM_SWAP_USAGE, Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
      Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT, Metric.SYSTEM_OPEN_FILES,
      Metric.SYSTEM_THREADS, Metric.SYSTEM_LOAD_1M, Metric.SYSTEM_LOAD_5M, Metric.SYSTEM_LOAD_15M,
      Metric.PROCESS_CPU_USAGE, Metric.PROCESS_MEMORY_RESIDENT, Metric.PROCESS_THREADS, Metric.PROCESS_OPEN_FILES);
  /** The tick types summed into total CPU time, the same as the fields {@link LinuxProcSource} sums. */
  private static final TickType[] TICKS_IN_TOTAL = {TickType.USER, TickType.NICE, TickType.SYSTEM,
      TickType.IDLE, TickType.IOWAIT, TickType.IRQ, TickType.SOFTIRQ, TickType.STEAL};

  private final OperatingSystem os;
  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final FileSystem fileSystem;
  private final List<HWDiskStore> disks;
  private final List<NetworkIF> networks;
  private final OSProcess process;
  private final int logicalCpus;

  private final CpuShare systemCpu = new CpuShare();
  private final CounterRate diskRead = new CounterRate();
  private final CounterRate diskWrite = new CounterRate();
  private final CounterRate networkReceive = new CounterRate();
  private final CounterRate networkTransmit = new CounterRate();
  private final CounterRate processCpuMillis = new CounterRate();

  /**
   * Initializes OSHI and lists the disks and network interfaces to count.
   *
   * @throws UnsupportedOperationException if OSHI does not support this operating system
   */
  public OshiSource() {
    SystemInfo systemInfo = new SystemInfo();
    HardwareAbstractionLayer hardware = systemInfo.getHardware();
    this.os = systemInfo.getOperatingSystem();
    this.processor = hardware.getProcessor();
    this.memory = hardware.getMemory();
    this.fileSystem = os.getFileSystem();
    this.logicalCpus = Math.max(1, processor.getLogicalProcessorCount());
    this.process = os.getCurrentProcess();

    List<HWDiskStore> chosenDisks = new ArrayList<>();
    for (HWDiskStore disk : hardware.getDiskStores()) {
      if (DiskDevices.isCountedName(disk.getName())) {
        chosenDisks.add(disk);
      }
    }
    this.disks = List.copyOf(chosenDisks);

    List<NetworkIF> chosenNetworks = new ArrayList<>();
    for (NetworkIF network : hardware.getNetworkIFs(true)) {
      if (!isLoopback(network)) {
        chosenNetworks.add(network);
      }
    }
    this.networks = List.copyOf(chosenNetworks);
    if (LOG.isDebugEnabled()) {
      LOG.debug("OSHI source with {} logical CPUs, disks {}, network interfaces {}", logicalCpus,
          names(disks), networkNames(networks));
    }
  }

  private static boolean isLoopback(NetworkIF network) {
    if ("lo".equals(network.getName())) {
      return true;
    }
    NetworkInterface nif = network.queryNetworkInterface();
    try {
      return nif != null && nif.isLoopback();
    } catch (SocketException e) {
      LOG.debug("cannot tell whether {} is a loopback interface; counting it", network.getName(), e);
      return false;
    }
  }

  /** Returns {@code oshi}. */
  @Override
  public String name() {
    return "oshi";
  }

  /** The system and process metrics this source writes (the same set as {@link LinuxProcSource}). */
  @Override
  public Set<Metric> metrics() {
    return METRICS;
  }

  /** Returns {@code true}: OSHI may run commands or query WMI, depending on the platform. */
  @Override
  public boolean mayBlock() {
    return true;
  }

  /** Refreshes OSHI's readings and writes this tick's values. */
  @Override
  public void sample(SampleWriter out) {
    long tick = out.tickNanos();

    long[] ticks = processor.getSystemCpuLoadTicks();
    long total = 0;
    for (TickType type : TICKS_IN_TOTAL) {
      total += ticks[type.getIndex()];
    }
    long busy = total - ticks[TickType.IDLE.getIndex()] - ticks[TickType.IOWAIT.getIndex()];
    out.set(Metric.SYSTEM_CPU_USAGE, systemCpu.update(busy, total));

    long memoryTotal = memory.getTotal();
    double memoryUsed = Math.max(0, memoryTotal - memory.getAvailable());
    out.set(Metric.SYSTEM_MEMORY_TOTAL, (double) memoryTotal);
    out.set(Metric.SYSTEM_MEMORY_USED, memoryUsed);
    out.set(Metric.SYSTEM_MEMORY_USAGE, memoryTotal > 0 ? memoryUsed * 100.0 / memoryTotal : Double.NaN);
    VirtualMemory virtualMemory = memory.getVirtualMemory();
    long swapTotal = virtualMemory.getSwapTotal();
    long swapUsed = virtualMemory.getSwapUsed();
    out.set(Metric.SYSTEM_SWAP_USED, (double) swapUsed);
    out.set(Metric.SYSTEM_SWAP_USAGE, swapTotal > 0 ? swapUsed * 100.0 / swapTotal : 0.0);

    long readBytes = 0;
    long writtenBytes = 0;
    for (HWDiskStore disk : disks) {
      disk.updateAttributes();
      readBytes += disk.getReadBytes();
      writtenBytes += disk.getWriteBytes();
    }
    out.set(Metric.SYSTEM_DISK_READ, diskRead.update(readBytes, tick));
    out.set(Metric.SYSTEM_DISK_WRITE, diskWrite.update(writtenBytes, tick));

    long received = 0;
    long sent = 0;
    for (NetworkIF network : networks) {
      network.updateAttributes();
      received += network.getBytesRecv();
      sent += network.getBytesSent();
    }
    out.set(Metric.SYSTEM_NETWORK_RECEIVE, networkReceive.update(received, tick));
    out.set(Metric.SYSTEM_NETWORK_TRANSMIT, networkTransmit.update(sent, tick));

    out.set(Metric.SYSTEM_OPEN_FILES, (double) fileSystem.getOpenFileDescriptors());
    out.set(Metric.SYSTEM_THREADS, os.getThreadCount());
    double[] load = processor.getSystemLoadAverage(3);
    out.set(Metric.SYSTEM_LOAD_1M, load[0] < 0 ? Double.NaN : load[0]);
    out.set(Metric.SYSTEM_LOAD_5M, load[1] < 0 ? Double.NaN : load[1]);
    out.set(Metric.SYSTEM_LOAD_15M, load[2] < 0 ? Double.NaN : load[2]);

    if (process.updateAttributes()) {
      double millisPerSecond = processCpuMillis.update(process.getKernelTime() + process.getUserTime(), tick);
      // ms of CPU per s of ticker time over all CPUs, as a percentage: ms/s / 1000 / cpus * 100
      out.set(Metric.PROCESS_CPU_USAGE, Math.min(100.0, millisPerSecond / (10.0 * logicalCpus)));
      out.set(Metric.PROCESS_MEMORY_RESIDENT, (double) process.getResidentMemory());
      out.set(Metric.PROCESS_THREADS, process.getThreadCount());
      long openFiles = process.getOpenFiles();
      out.set(Metric.PROCESS_OPEN_FILES, openFiles < 0 ? Double.NaN : openFiles);
    } else {
      LOG.debug("OSHI could not refresh the attributes of this process; process metrics skipped this tick");
    }
  }

  private static List<String> names(List<HWDiskStore> disks) {
    List<String> names = new ArrayList<>();
    for (HWDiskStore disk : disks) {
      names.add(disk.getName());
    }
    return names;
  }

  private static List<String> networkNames(List<NetworkIF> networks) {
    List<String> names = new ArrayList<>();
    for (NetworkIF network : networks) {
      names.add(network.getName());
    }
    return names;
  }

  @Override
  public String toString() {
    return "OshiSource[cpus=" + logicalCpus + ", disks=" + names(disks) + ", networks=" + networkNames(networks) + "]";
  }
}
