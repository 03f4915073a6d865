package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast source of machine and process metrics on Linux: reads the kernel's text files under
 * {@code /proc} and parses their bytes directly, allocating nothing in steady state.
 *
 * <p>Each file is opened once and re-read from offset 0 on every sample (procfs regenerates a file when it
 * is read from the start), into buffers that are reused from tick to tick. What it writes, and from where:
 * <ul>
 *   <li>{@link Metric#SYSTEM_CPU_USAGE}: the first {@code cpu} line of {@code /proc/stat}; over the deltas
 *       since the previous sample, busy = total − idle − iowait and total = user + nice + system + idle +
 *       iowait + irq + softirq + steal (guest time is already inside user and nice).
 *   <li>{@link Metric#SYSTEM_MEMORY_USED}, {@link Metric#SYSTEM_MEMORY_USAGE},
 *       {@link Metric#SYSTEM_MEMORY_TOTAL}: {@code /proc/meminfo}, used = MemTotal − MemAvailable (on kernels
 *       older than 3.14, which lack MemAvailable, MemFree + Buffers + Cached stands in for it).
 *   <li>{@link Metric#SYSTEM_SWAP_USED}, {@link Metric#SYSTEM_SWAP_USAGE}: SwapTotal − SwapFree; the usage
 *       is 0 when there is no swap.
 *   <li>{@link Metric#SYSTEM_DISK_READ}, {@link Metric#SYSTEM_DISK_WRITE}: {@code /proc/diskstats}, sectors
 *       (always 512 bytes there) read and written, summed over the whole physical disks chosen once at
 *       construction from {@code /sys/block}: every entry except {@code loop*}, {@code ram*},
 *       {@code zram*}, {@code dm-*}, {@code md*} and {@code sr*}. {@code /sys/block} lists no partitions,
 *       and the excluded virtual devices pass their traffic on to a listed disk or to none, so no byte is
 *       counted twice.
 *   <li>{@link Metric#SYSTEM_NETWORK_RECEIVE}, {@link Metric#SYSTEM_NETWORK_TRANSMIT}:
 *       {@code /proc/net/dev} (of this process's network namespace), bytes summed over every interface but
 *       {@code lo}.
 *   <li>{@link Metric#SYSTEM_OPEN_FILES}: the first field of {@code /proc/sys/fs/file-nr}.
 *   <li>{@link Metric#SYSTEM_THREADS}, {@link Metric#SYSTEM_LOAD_1M}, {@link Metric#SYSTEM_LOAD_5M},
 *       {@link Metric#SYSTEM_LOAD_15M}: {@code /proc/loadavg} (threads are the number after the '/').
 *   <li>{@link Metric#PROCESS_CPU_USAGE}, {@link Metric#PROCESS_THREADS}, {@link Metric#PROCESS_MEMORY_RESIDENT}:
 *       {@code /proc/self/stat}, read after the last ')' because the command name may contain spaces and
 *       parentheses; CPU is
 *       (Δutime + Δstime) in {@code USER_HZ} = 100 ticks per second, divided by the ticker time elapsed times
 *       the number of logical CPUs, so 100 means every CPU of the machine was busy with this process.
 *       Values above 100, which only the 10 ms granularity of the counters can produce, are written as 100.
 *       Resident memory is the {@code rss} field (pages) times the page size, which is read once from
 *       {@code /proc/self/auxv}; it is the same kernel counter as VmRSS of {@code /proc/self/status}, which is
 *       read instead when the page size is unknown, at the cost of a file that is slower for the kernel to
 *       produce.
 *   <li>{@link Metric#PROCESS_OPEN_FILES}: the size that {@code fstat} reports for the directory
 *       {@code /proc/self/fd}, kept open (Linux 6.2 and later report the number of open descriptors there;
 *       this is checked at construction against a listing of the directory). On older kernels,
 *       {@code com.sun.management.UnixOperatingSystemMXBean}, which counts {@code /proc/self/fd} in native
 *       code without creating Java objects but costs a directory listing per sample.
 * </ul>
 *
 * <p>Rates and CPU shares follow the {@link ResourceSource} rules: {@code NaN} on the first sample and when a
 * counter went backwards. The number of logical CPUs is the number of {@code cpuN} lines of
 * {@code /proc/stat} at construction. A file that cannot be opened at construction (some sandboxes hide
 * {@code /proc/diskstats}, for example) is logged once and its metrics are neither written nor listed in
 * {@link #metrics()}; only {@code /proc/stat} is required.
 *
 * <p>A sample costs about 55 µs on a 2-CPU virtual machine, nearly all of it the kernel producing the files
 * ({@code /proc/stat}, {@code /proc/meminfo}, {@code /proc/diskstats} and {@code /proc/net/dev} take about
 * 10 µs each); see {@code SampleBenchmark} in the benchmarks module.
 *
 * <p>Instances are not thread-safe: the monitor samples a source from one thread at a time.
 */
public final class LinuxProcSource implements ResourceSource {

  private static final Logger LOG = LoggerFactory.getLogger(LinuxProcSource.class);

  /** Ticks per second of the CPU times in {@code /proc/self/stat}; fixed at 100 by the Linux user ABI. */
  static final int USER_HZ = 100;
  private static final int SECTOR_BYTES = 512;
  /** The auxiliary vector entry holding the page size ({@code AT_PAGESZ} of {@code <elf.h>}). */
  private static final long AT_PAGESZ = 6;

  private static final byte[] MEM_TOTAL = ProcFile.ascii("MemTotal:");
  private static final byte[] MEM_FREE = ProcFile.ascii("MemFree:");
  private static final byte[] MEM_AVAILABLE = ProcFile.ascii("MemAvailable:");
  private static final byte[] BUFFERS = ProcFile.ascii("Buffers:");
  private static final byte[] CACHED = ProcFile.ascii("Cached:");
  private static final byte[] SWAP_TOTAL = ProcFile.ascii("SwapTotal:");
  private static final byte[] SWAP_FREE = ProcFile.ascii("SwapFree:");
  private static final byte[] VM_RSS = ProcFile.ascii("VmRSS:");
  private static final byte[] CPU_LINE = ProcFile.ascii("cpu ");
  private static final byte[] LOOPBACK = ProcFile.ascii("lo");

  private final ProcFile stat;
  private final @Nullable ProcFile meminfo;
  private final @Nullable ProcFile diskstats;
  private final @Nullable ProcFile netDev;
  private final @Nullable ProcFile loadavg;
  private final @Nullable ProcFile fileNr;
  private final @Nullable ProcFile selfStat;
  private final @Nullable ProcFile selfStatus;
  private final ProcFile[] files;
  private final Path fdPath;
  private @Nullable FileChannel fdDirectory;
  private boolean closed;
  private final @Nullable LongSupplier processOpenFiles;
  private final long pageSize;
  private final int logicalCpus;
  private final List<String> diskNames;
  private final byte[][] disks;
  private final Set<Metric> metrics;

  private final CpuShare systemCpu = new CpuShare();
  private final CounterRate diskRead = new CounterRate();
  private final CounterRate diskWrite = new CounterRate();
  private final CounterRate networkReceive = new CounterRate();
  private final CounterRate networkTransmit = new CounterRate();
  private final CounterRate processCpuTicks = new CounterRate();

  /**
   * Opens the files under {@code /proc} and chooses the disks from {@code /sys/block}.
   *
   * @throws UncheckedIOException if {@code /proc/stat} cannot be read; check {@link #isSupported()} first
   */
  public LinuxProcSource() {
    this(Path.of("/proc"), Path.of("/sys/block"), defaultOpenFileCounter());
  }

  /**
   * Reads the files under {@code procRoot} (laid out like {@code /proc}: {@code stat}, {@code meminfo},
   * {@code diskstats}, {@code net/dev}, {@code loadavg}, {@code sys/fs/file-nr}, {@code self/stat},
   * {@code self/status}) and chooses the disks from {@code sysBlock}.
   *
   * @param processOpenFiles counts the open file descriptors of this process (negative when unknown) when
   *     {@code self/fd} cannot tell it, or {@code null} to then not report {@link Metric#PROCESS_OPEN_FILES};
   *     it must not allocate
   */
  LinuxProcSource(Path procRoot, Path sysBlock, @Nullable LongSupplier processOpenFiles) {
    List<ProcFile> opened = new ArrayList<>();
    try {
      Path statPath = procRoot.resolve("stat");
      try {
        stat = new ProcFile(statPath, ProcFile.Extent.FIRST_LINE, 512);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + statPath + "; LinuxProcSource needs it", e);
      }
      opened.add(stat);
      logicalCpus = countCpuLines(statPath);
      meminfo = openOptional(opened, procRoot.resolve("meminfo"), ProcFile.Extent.WHOLE_SINGLE_READ, 8192,
          "system memory and swap");
      diskstats = openOptional(opened, procRoot.resolve("diskstats"), ProcFile.Extent.WHOLE_MULTI_READ, 8192,
          "disk read and write rates");
      netDev = openOptional(opened, procRoot.resolve("net").resolve("dev"), ProcFile.Extent.WHOLE_MULTI_READ,
          8192, "network receive and transmit rates");
      loadavg = openOptional(opened, procRoot.resolve("loadavg"), ProcFile.Extent.WHOLE_SINGLE_READ, 256,
          "load averages and system threads");
      fileNr = openOptional(opened, procRoot.resolve("sys").resolve("fs").resolve("file-nr"),
          ProcFile.Extent.WHOLE_SINGLE_READ, 256, "system open files");
      selfStat = openOptional(opened, procRoot.resolve("self").resolve("stat"), ProcFile.Extent.WHOLE_SINGLE_READ,
          1024, "process CPU and threads");
      pageSize = selfStat == null ? -1 : pageSize(procRoot.resolve("self").resolve("auxv"));
      selfStatus = selfStat != null && pageSize > 0 ? null : openOptional(opened,
          procRoot.resolve("self").resolve("status"), ProcFile.Extent.WHOLE_SINGLE_READ, 4096, "process resident memory");
      diskNames = diskstats == null ? List.of() : chooseDisks(sysBlock, diskstats);
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
    this.files = opened.toArray(new ProcFile[0]);
    this.fdPath = procRoot.resolve("self").resolve("fd");
    this.fdDirectory = openFdDirectory(fdPath);
    this.processOpenFiles = processOpenFiles;
    this.disks = new byte[diskNames.size()][];
    for (int i = 0; i < disks.length; i++) {
      disks[i] = ProcFile.ascii(diskNames.get(i));
    }
    this.metrics = declaredMetrics();
    LOG.debug("reading {} with {} logical CPUs; disks counted: {}", procRoot, logicalCpus, diskNames);
  }

  /** Whether this is Linux with a readable {@code /proc/stat}, so that the constructor can succeed. */
  public static boolean isSupported() {
    String os = System.getProperty("os.name", "");
    return os.toLowerCase(Locale.ROOT).startsWith("linux") && Files.isReadable(Path.of("/proc/stat"));
  }

  /** Returns {@code linux-proc}. */
  @Override
  public String name() {
    return "linux-proc";
  }

  /** The metrics this source writes: all system and process metrics whose files could be opened. */
  @Override
  public Set<Metric> metrics() {
    return metrics;
  }

  /** Returns {@code false}: reading procfs files does not block on devices or the network. */
  @Override
  public boolean mayBlock() {
    return false;
  }

  /** The number of logical CPUs, from the {@code cpuN} lines of {@code /proc/stat} at construction. */
  int logicalCpus() {
    return logicalCpus;
  }

  /** The disks whose traffic is counted, as kernel names such as {@code sda}. */
  List<String> diskNames() {
    return diskNames;
  }

  /**
   * Reads every file again and writes this tick's values.
   *
   * @throws IOException if a file cannot be read or does not have the expected shape; the monitor then
   *     discards this tick's values of this source
   */
  @Override
  public void sample(SampleWriter out) throws IOException {
    long tick = out.tickNanos();
    sampleCpu(out);
    if (meminfo != null) {
      sampleMemory(meminfo, out);
    }
    if (diskstats != null) {
      sampleDisks(diskstats, out, tick);
    }
    if (netDev != null) {
      sampleNetwork(netDev, out, tick);
    }
    if (loadavg != null) {
      sampleLoad(loadavg, out);
    }
    if (fileNr != null) {
      fileNr.read();
      out.set(Metric.SYSTEM_OPEN_FILES, (double) fileNr.nextLong());
    }
    if (selfStat != null) {
      sampleProcessStat(selfStat, out, tick);
    }
    if (selfStatus != null) {
      sampleProcessStatus(selfStatus, out);
    }
    FileChannel fd = fdDirectory;
    if (fd != null) {
      out.set(Metric.PROCESS_OPEN_FILES, (double) openFileDescriptors(fd));
    } else if (processOpenFiles != null) {
      long count = processOpenFiles.getAsLong();
      out.set(Metric.PROCESS_OPEN_FILES, count < 0 ? Double.NaN : count);
    }
  }

  private long openFileDescriptors(FileChannel channel) throws IOException {
    FileChannel fd = channel;
    if (!fd.isOpen()) {
      if (closed) {
        throw new IOException(fdPath + " is closed");
      }
      // closed by the JDK because a previous sampling thread was interrupted, as in ProcFile
      fd = FileChannel.open(fdPath, StandardOpenOption.READ);
      fdDirectory = fd;
    }
    return fd.size();
  }

  private void sampleCpu(SampleWriter out) throws IOException {
    ProcFile f = stat;
    f.read();
    if (!f.consume(CPU_LINE)) {
      throw f.malformed("the aggregate \"cpu\" line first");
    }
    long user = f.nextLong();
    long nice = f.nextLong();
    long system = f.nextLong();
    long idle = f.nextLong();
    long iowait = f.nextLong();
    long irq = f.nextLong();
    long softirq = f.nextLong();
    long steal = f.nextLong();
    long total = user + nice + system + idle + iowait + irq + softirq + steal;
    out.set(Metric.SYSTEM_CPU_USAGE, systemCpu.update(total - idle - iowait, total));
  }

  private void sampleMemory(ProcFile f, SampleWriter out) throws IOException {
    f.read();
    long memTotal = -1;
    long memAvailable = -1;
    long memFree = -1;
    long buffers = -1;
    long cached = -1;
    long swapTotal = -1;
    long swapFree = -1;
    while (!f.atEnd() && (memTotal < 0 || memAvailable < 0 || swapTotal < 0 || swapFree < 0)) {
      byte first = f.byteAt(f.position());
      if (first == 'M') {
        if (f.consume(MEM_TOTAL)) {
          memTotal = f.nextLong();
        } else if (f.consume(MEM_AVAILABLE)) {
          memAvailable = f.nextLong();
        } else if (f.consume(MEM_FREE)) {
          memFree = f.nextLong();
        }
      } else if (first == 'S') {
        if (f.consume(SWAP_TOTAL)) {
          swapTotal = f.nextLong();
        } else if (f.consume(SWAP_FREE)) {
          swapFree = f.nextLong();
        }
      } else if (first == 'B') {
        if (f.consume(BUFFERS)) {
          buffers = f.nextLong();
        }
      } else if (first == 'C') {
        if (f.consume(CACHED)) {
          cached = f.nextLong();
        }
      }
      f.skipLine();
    }
    if (memTotal <= 0) {
      f.position(0);
      throw f.malformed("a positive MemTotal");
    }
    if (memAvailable < 0) {
      memAvailable = Math.max(0, memFree) + Math.max(0, buffers) + Math.max(0, cached);
    }
    double totalBytes = memTotal * 1024.0;
    double usedBytes = Math.max(0, memTotal - memAvailable) * 1024.0;
    out.set(Metric.SYSTEM_MEMORY_TOTAL, totalBytes);
    out.set(Metric.SYSTEM_MEMORY_USED, usedBytes);
    out.set(Metric.SYSTEM_MEMORY_USAGE, usedBytes * 100.0 / totalBytes);
    if (swapTotal >= 0 && swapFree >= 0) {
      double swapUsed = Math.max(0, swapTotal - swapFree) * 1024.0;
      out.set(Metric.SYSTEM_SWAP_USED, swapUsed);
      out.set(Metric.SYSTEM_SWAP_USAGE, swapTotal == 0 ? 0.0 : swapUsed * 100.0 / (swapTotal * 1024.0));
    }
  }

  private void sampleDisks(ProcFile f, SampleWriter out, long tick) throws IOException {
    f.read();
    long sectorsRead = 0;
    long sectorsWritten = 0;
    while (!f.atEnd()) {
      f.nextLong(); // major
      f.nextLong(); // minor
      f.skipBlanks();
      int nameStart = f.position();
      f.skipToken();
      if (isCountedDisk(f, nameStart, f.position())) {
        f.skipTokens(2); // reads completed, reads merged
        sectorsRead += f.nextLong();
        f.skipTokens(3); // time reading, writes completed, writes merged
        sectorsWritten += f.nextLong();
      }
      f.skipLine();
    }
    out.set(Metric.SYSTEM_DISK_READ, diskRead.update(sectorsRead * SECTOR_BYTES, tick));
    out.set(Metric.SYSTEM_DISK_WRITE, diskWrite.update(sectorsWritten * SECTOR_BYTES, tick));
  }

  private boolean isCountedDisk(ProcFile f, int start, int end) {
    for (byte[] disk : disks) {
      if (f.regionEquals(start, end, disk)) {
        return true;
      }
    }
    return false;
  }

  private void sampleNetwork(ProcFile f, SampleWriter out, long tick) throws IOException {
    f.read();
    f.skipLine(); // two header lines
    f.skipLine();
    long received = 0;
    long transmitted = 0;
    while (!f.atEnd()) {
      f.skipBlanks();
      int nameStart = f.position();
      int colon = f.indexOnLine((byte) ':');
      if (colon < 0) {
        throw f.malformed("\"interface:\"");
      }
      boolean loopback = f.regionEquals(nameStart, colon, LOOPBACK);
      f.position(colon + 1);
      long rx = f.nextLong();
      f.skipTokens(7); // packets errs drop fifo frame compressed multicast
      long tx = f.nextLong();
      if (!loopback) {
        received += rx;
        transmitted += tx;
      }
      f.skipLine();
    }
    out.set(Metric.SYSTEM_NETWORK_RECEIVE, networkReceive.update(received, tick));
    out.set(Metric.SYSTEM_NETWORK_TRANSMIT, networkTransmit.update(transmitted, tick));
  }

  private void sampleLoad(ProcFile f, SampleWriter out) throws IOException {
    f.read();
    out.set(Metric.SYSTEM_LOAD_1M, f.nextDecimal());
    out.set(Metric.SYSTEM_LOAD_5M, f.nextDecimal());
    out.set(Metric.SYSTEM_LOAD_15M, f.nextDecimal());
    f.nextLong(); // runnable
    f.expect((byte) '/');
    out.set(Metric.SYSTEM_THREADS, (double) f.nextLong());
  }

  private void sampleProcessStat(ProcFile f, SampleWriter out, long tick) throws IOException {
    f.read();
    int paren = f.lastIndexOf((byte) ')');
    if (paren < 0) {
      throw f.malformed("\"pid (comm) ...\"");
    }
    f.position(paren + 1);
    // fields after the command name, numbered as in proc(5): state(3) ... minflt..cmajflt, utime(14), stime(15)
    f.skipTokens(11);
    long utime = f.nextLong();
    long stime = f.nextLong();
    f.skipTokens(4); // cutime cstime priority nice
    long threads = f.nextLong();
    double ticksPerSecond = processCpuTicks.update(utime + stime, tick);
    out.set(Metric.PROCESS_CPU_USAGE, Math.min(100.0, ticksPerSecond * 100.0 / (USER_HZ * (double) logicalCpus)));
    out.set(Metric.PROCESS_THREADS, (double) threads);
    if (pageSize > 0) {
      f.skipTokens(3); // itrealvalue starttime vsize
      out.set(Metric.PROCESS_MEMORY_RESIDENT, (double) f.nextLong() * pageSize);
    }
  }

  private void sampleProcessStatus(ProcFile f, SampleWriter out) throws IOException {
    f.read();
    while (!f.atEnd()) {
      if (f.byteAt(f.position()) == 'V' && f.consume(VM_RSS)) {
        out.set(Metric.PROCESS_MEMORY_RESIDENT, f.nextLong() * 1024.0);
        return;
      }
      f.skipLine();
    }
    f.position(0);
    throw f.malformed("a VmRSS line");
  }

  /** Closes the files; later samples throw. */
  @Override
  public void close() throws IOException {
    closed = true;
    IOException failure = null;
    if (fdDirectory != null) {
      try {
        fdDirectory.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    for (ProcFile f : files) {
      try {
        f.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "LinuxProcSource[cpus=" + logicalCpus + ", disks=" + diskNames + "]";
  }

  // ---------------------------------------------------------------- construction helpers

  private static @Nullable ProcFile openOptional(List<ProcFile> opened, Path path, ProcFile.Extent extent, int capacity,
      String what) {
    try {
      ProcFile file = new ProcFile(path, extent, capacity);
      opened.add(file);
      return file;
    } catch (IOException e) {
      LOG.info("cannot read {} ({}); {} will not be reported", path, e.toString(), what);
      return null;
    }
  }

  private static int countCpuLines(Path statPath) {
    List<String> lines;
    try {
      lines = Files.readAllLines(statPath, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + statPath, e);
    }
    int cpus = 0;
    for (String line : lines) {
      if (line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    if (cpus == 0) {
      throw new UncheckedIOException(new IOException(statPath + " lists no cpuN lines; cannot count logical CPUs"));
    }
    return cpus;
  }

  /**
   * The page size from the auxiliary vector the kernel gave this process ({@code /proc/self/auxv}: pairs of
   * native words, type then value), or -1 when it cannot be read.
   */
  static long pageSize(Path auxv) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(auxv);
    } catch (IOException e) {
      LOG.debug("cannot read {}; reading resident memory from status instead", auxv, e);
      return -1;
    }
    boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
    int word = wide ? 8 : 4;
    ByteBuffer entries = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    while (entries.remaining() >= 2 * word) {
      long type = wide ? entries.getLong() : Integer.toUnsignedLong(entries.getInt());
      long value = wide ? entries.getLong() : Integer.toUnsignedLong(entries.getInt());
      if (type == 0) { // AT_NULL ends the vector
        break;
      }
      if (type == AT_PAGESZ) {
        return value > 0 && Long.bitCount(value) == 1 ? value : -1;
      }
    }
    return -1;
  }

  /**
   * Opens {@code fdDir} ({@code /proc/self/fd}) if {@code fstat} reports the number of open descriptors as
   * its size (Linux 6.2 and later), checked against a listing; otherwise returns {@code null}.
   */
  private static @Nullable FileChannel openFdDirectory(Path fdDir) {
    if (!Files.isDirectory(fdDir)) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(fdDir, StandardOpenOption.READ);
      long size = channel.size();
      long listed;
      try (Stream<Path> entries = Files.list(fdDir)) {
        listed = entries.count();
      }
      // other threads may open or close files meanwhile, and the listing holds a descriptor of its own
      if (size > 0 && Math.abs(size - listed) <= 3) {
        return channel;
      }
      LOG.debug("{} reports size {} for {} entries; counting open files another way", fdDir, size, listed);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot open {} to count open files by its size", fdDir, e);
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("cannot close {}", fdDir, e);
      }
    }
    return null;
  }

  private static List<String> chooseDisks(Path sysBlock, ProcFile diskstats) {
    if (Files.isDirectory(sysBlock)) {
      try {
        return List.copyOf(DiskDevices.fromSysBlock(sysBlock));
      } catch (IOException e) {
        LOG.info("cannot list {} ({}); choosing disks from the names in {}", sysBlock, e.toString(), diskstats.path());
      }
    } else {
      LOG.info("{} does not exist; choosing disks from the names in {}", sysBlock, diskstats.path());
    }
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(diskstats.path(), StandardCharsets.US_ASCII)) {
        String[] fields = line.trim().split("\\s+", -1); // a trimmed line has no trailing empty field
        if (fields.length > 2) {
          names.add(fields[2]);
        }
      }
    } catch (IOException e) {
      LOG.info("cannot read {} ({}); no disks will be counted", diskstats.path(), e.toString());
    }
    return List.copyOf(DiskDevices.fromDiskstatsNames(names));
  }

  private Set<Metric> declaredMetrics() {
    Set<Metric> set = new LinkedHashSet<>();
    set.add(Metric.SYSTEM_CPU_USAGE);
    if (meminfo != null) {
      Collections.addAll(set, Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_MEMORY_TOTAL,
          Metric.SYSTEM_SWAP_USED, Metric.SYSTEM_SWAP_USAGE);
    }
    if (diskstats != null) {
      Collections.addAll(set, Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE);
    }
    if (netDev != null) {
      Collections.addAll(set, Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT);
    }
    if (fileNr != null) {
      set.add(Metric.SYSTEM_OPEN_FILES);
    }
    if (loadavg != null) {
      Collections.addAll(set, Metric.SYSTEM_THREADS, Metric.SYSTEM_LOAD_1M, Metric.SYSTEM_LOAD_5M,
          Metric.SYSTEM_LOAD_15M);
    }
    if (selfStat != null) {
      Collections.addAll(set, Metric.PROCESS_CPU_USAGE, Metric.PROCESS_THREADS);
    }
    if (selfStatus != null || (selfStat != null && pageSize > 0)) {
      set.add(Metric.PROCESS_MEMORY_RESIDENT);
    }
    if (fdDirectory != null || processOpenFiles != null) {
      set.add(Metric.PROCESS_OPEN_FILES);
    }
    return Collections.unmodifiableSet(set);
  }

  private static void closeQuietly(List<ProcFile> opened) {
    for (ProcFile f : opened) {
      try {
        f.close();
      } catch (IOException e) {
        LOG.debug("cannot close {}", f.path(), e);
      }
    }
  }

  /**
   * Counts this process's open file descriptors through {@code com.sun.management.UnixOperatingSystemMXBean},
   * or returns {@code null} on JVMs without it.
   */
  static @Nullable LongSupplier defaultOpenFileCounter() {
    try {
      return UnixFileCounter.create();
    } catch (LinkageError e) { // a runtime image without the jdk.management module
      LOG.info("com.sun.management is not available ({}); process open files will not be reported", e.toString());
      return null;
    }
  }

  /** Kept apart so that a missing {@code com.sun.management} fails to link here, where it is caught. */
  private static final class UnixFileCounter {
    static @Nullable LongSupplier create() {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
        return unix::getOpenFileDescriptorCount;
      }
      LOG.info("the operating system MXBean does not count file descriptors; process open files will not be reported");
      return null;
    }
  }
}
