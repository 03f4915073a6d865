package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.internal.monitor.JvmSource;
import io.github.resourcemanager.internal.monitor.LinuxProcSource;
import io.github.resourcemanager.internal.monitor.OshiSource;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.util.GlobalConfig;

/**
 * The cost of one full sample of the machine, the process and the JVM: the Linux fast path
 * ({@link LinuxProcSource} + {@link JvmSource}) against the library's OSHI source ({@link OshiSource}) and
 * against OSHI used the obvious way ({@link #oshiNaive}), both of which produce the same system and process
 * figures.
 *
 * <p>OSHI caches some readings (CPU ticks, memory) for 300 ms by default. A monitor that samples every few
 * seconds never hits that cache, so by default this benchmark turns it off ({@code oshiCacheMillis = 0}) and
 * every side does the full work of a real tick. Run with {@code -p oshiCacheMillis=300} to see OSHI with its
 * cache serving back-to-back calls.
 *
 * <p>Run through {@code resource-manager-benchmarks/run.sh}, which prints the ratio. Linux only: the fast
 * path's setup fails elsewhere.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SampleBenchmark {

  /** The fast path's sources and a writer that keeps the values. */
  @State(Scope.Thread)
  public static class FastPath {
    LinuxProcSource linux;
    JvmSource jvm;
    ArrayWriter writer;

    /** Opens the sources. */
    @Setup(Level.Trial)
    public void open() {
      if (!LinuxProcSource.isSupported()) {
        throw new IllegalStateException("LinuxProcSource is not supported here: it needs Linux /proc");
      }
      linux = new LinuxProcSource();
      jvm = new JvmSource();
      writer = new ArrayWriter();
    }

    /** Closes the sources. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
      linux.close();
      jvm.close();
    }
  }

  /** The OSHI source and a writer that keeps the values. */
  @State(Scope.Thread)
  public static class Oshi {
    /** OSHI's memoizer expiration in milliseconds; 0 makes every sample read fresh data. */
    @Param("0")
    public int oshiCacheMillis;

    OshiSource oshi;
    ArrayWriter writer;

    /** Configures OSHI's cache, then initializes OSHI (before any OSHI object reads the setting). */
    @Setup(Level.Trial)
    public void open() {
      GlobalConfig.set(GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION, oshiCacheMillis);
      oshi = new OshiSource();
      writer = new ArrayWriter();
    }

    /** Closes the source. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
      oshi.close();
    }
  }

  /**
   * OSHI as a user would call it without knowing its internals: one {@link SystemInfo} created once, the disk
   * stores and network interfaces listed once (as OSHI's documentation advises, refreshed with
   * {@code updateAttributes()} per sample), and per sample the obvious calls through the hardware and
   * operating system objects, the process looked up by id.
   */
  @State(Scope.Thread)
  public static class OshiNaive {
    /** OSHI's memoizer expiration in milliseconds; 0 makes every sample read fresh data. */
    @Param("0")
    public int oshiCacheMillis;

    SystemInfo systemInfo;
    List<HWDiskStore> disks;
    List<NetworkIF> networks;
    int pid;
    ArrayWriter writer;
    long[] previousTicks;
    OSProcess previousProcess;
    long previousTickNanos;
    long previousDiskRead;
    long previousDiskWritten;
    long previousReceived;
    long previousSent;

    /** Configures OSHI's cache, creates the {@link SystemInfo} and lists the devices. */
    @Setup(Level.Trial)
    public void open() {
      GlobalConfig.set(GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION, oshiCacheMillis);
      systemInfo = new SystemInfo();
      HardwareAbstractionLayer hardware = systemInfo.getHardware();
      disks = new ArrayList<>();
      for (HWDiskStore disk : hardware.getDiskStores()) {
        if (isWholePhysicalDisk(disk.getName())) { // the same devices as the other two, so the same figures
          disks.add(disk);
        }
      }
      networks = hardware.getNetworkIFs(); // without loopback, like the others
      pid = systemInfo.getOperatingSystem().getProcessId();
      writer = new ArrayWriter();
      previousTicks = hardware.getProcessor().getSystemCpuLoadTicks();
      previousProcess = systemInfo.getOperatingSystem().getProcess(pid);
      previousTickNanos = System.nanoTime();
    }

    /** The device rule of the library's {@code DiskDevices}: no loop, ram, zram, dm-, md or sr devices. */
    static boolean isWholePhysicalDisk(String name) {
      String base = name.substring(name.lastIndexOf('/') + 1);
      for (String prefix : new String[] {"loop", "ram", "zram", "dm-", "md", "sr"}) {
        if (base.startsWith(prefix)) {
          return false;
        }
      }
      return !base.isEmpty();
    }
  }

  /** One full sample on the fast path: machine and process from /proc, heap and GC from the JVM. */
  @Benchmark
  public double linuxFastPath(FastPath state) throws Exception {
    ArrayWriter writer = state.writer;
    writer.tickNanos = System.nanoTime();
    state.linux.sample(writer);
    state.jvm.sample(writer);
    return writer.values[Metric.SYSTEM_MEMORY_USED.index()];
  }

  /**
   * One full sample of the same machine and process metrics through the library's {@link OshiSource}
   * (OSHI objects and device lists held, the process refreshed in place), the portable fallback.
   */
  @Benchmark
  public double oshi(Oshi state) {
    ArrayWriter writer = state.writer;
    writer.tickNanos = System.nanoTime();
    state.oshi.sample(writer);
    return writer.values[Metric.SYSTEM_MEMORY_USED.index()];
  }

  /**
   * One full sample of the same figures through OSHI used the obvious way (see {@link OshiNaive}): CPU
   * ticks, memory and swap, disk and network counters refreshed with {@code updateAttributes()}, open files
   * of the system, threads, load averages, and this process by id.
   */
  @Benchmark
  public double oshiNaive(OshiNaive state) {
    ArrayWriter out = state.writer;
    long now = System.nanoTime();
    double seconds = (now - state.previousTickNanos) / 1e9;
    HardwareAbstractionLayer hardware = state.systemInfo.getHardware();
    OperatingSystem os = state.systemInfo.getOperatingSystem();

    CentralProcessor processor = hardware.getProcessor();
    long[] ticks = processor.getSystemCpuLoadTicks();
    out.set(Metric.SYSTEM_CPU_USAGE, processor.getSystemCpuLoadBetweenTicks(state.previousTicks, ticks) * 100);
    state.previousTicks = ticks;

    GlobalMemory memory = hardware.getMemory();
    long total = memory.getTotal();
    long used = total - memory.getAvailable();
    out.set(Metric.SYSTEM_MEMORY_TOTAL, total);
    out.set(Metric.SYSTEM_MEMORY_USED, used);
    out.set(Metric.SYSTEM_MEMORY_USAGE, used * 100.0 / total);
    VirtualMemory swap = memory.getVirtualMemory();
    long swapTotal = swap.getSwapTotal();
    long swapUsed = swap.getSwapUsed();
    out.set(Metric.SYSTEM_SWAP_USED, swapUsed);
    out.set(Metric.SYSTEM_SWAP_USAGE, swapTotal > 0 ? swapUsed * 100.0 / swapTotal : 0);

    long read = 0;
    long written = 0;
    for (HWDiskStore disk : state.disks) {
      disk.updateAttributes();
      read += disk.getReadBytes();
      written += disk.getWriteBytes();
    }
    out.set(Metric.SYSTEM_DISK_READ, (read - state.previousDiskRead) / seconds);
    out.set(Metric.SYSTEM_DISK_WRITE, (written - state.previousDiskWritten) / seconds);
    state.previousDiskRead = read;
    state.previousDiskWritten = written;

    long received = 0;
    long sent = 0;
    for (NetworkIF network : state.networks) {
      network.updateAttributes();
      received += network.getBytesRecv();
      sent += network.getBytesSent();
    }
    out.set(Metric.SYSTEM_NETWORK_RECEIVE, (received - state.previousReceived) / seconds);
    out.set(Metric.SYSTEM_NETWORK_TRANSMIT, (sent - state.previousSent) / seconds);
    state.previousReceived = received;
    state.previousSent = sent;

    out.set(Metric.SYSTEM_OPEN_FILES, os.getFileSystem().getOpenFileDescriptors());
    out.set(Metric.SYSTEM_THREADS, os.getThreadCount());
    double[] load = processor.getSystemLoadAverage(3);
    out.set(Metric.SYSTEM_LOAD_1M, load[0]);
    out.set(Metric.SYSTEM_LOAD_5M, load[1]);
    out.set(Metric.SYSTEM_LOAD_15M, load[2]);

    OSProcess process = os.getProcess(state.pid);
    if (process != null) {
      out.set(Metric.PROCESS_CPU_USAGE,
          process.getProcessCpuLoadBetweenTicks(state.previousProcess) * 100 / processor.getLogicalProcessorCount());
      out.set(Metric.PROCESS_MEMORY_RESIDENT, process.getResidentMemory());
      out.set(Metric.PROCESS_THREADS, process.getThreadCount());
      out.set(Metric.PROCESS_OPEN_FILES, process.getOpenFiles());
      state.previousProcess = process;
    }
    state.previousTickNanos = now;
    return out.values[Metric.SYSTEM_MEMORY_USED.index()];
  }

  /** Stores values in an array indexed by metric, as the monitor's reusable sample does; allocates nothing. */
  static final class ArrayWriter implements SampleWriter {
    final double[] values = new double[256];
    long tickNanos;

    @Override
    public long tickNanos() {
      return tickNanos;
    }

    @Override
    public void set(Metric metric, double value) {
      values[metric.index()] = value;
    }

    @Override
    public void setAgent(String agentId, Metric metric, double value) {
      throw new UnsupportedOperationException("no agent metrics here");
    }
  }
}
