package io.github.resourcemanager.internal.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a fake {@code /proc} and {@code /sys/block} into a directory, with counters a test can move.
 * Files are rewritten in place (same inode), as the kernel's files are, so a source that keeps them open
 * sees each new version.
 */
final class ProcFixture {

  final Path proc;
  final Path sysBlock;

  /** {@code name -> {sectorsRead, sectorsWritten}} in /proc/diskstats order. */
  final Map<String, long[]> disks = new LinkedHashMap<>();
  /** {@code name -> {rxBytes, txBytes}} in /proc/net/dev order. */
  final Map<String, long[]> interfaces = new LinkedHashMap<>();

  ProcFixture(Path root) {
    this.proc = root.resolve("proc");
    this.sysBlock = root.resolve("sys-block");
    try {
      Files.createDirectories(proc.resolve("self"));
      Files.createDirectories(proc.resolve("net"));
      Files.createDirectories(proc.resolve("sys/fs"));
      Files.createDirectories(sysBlock);
      for (String device : new String[] {"loop0", "ram0", "zram0", "dm-0", "md0", "sr0", "sda", "nvme0n1"}) {
        Files.createDirectories(sysBlock.resolve(device));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    disks.put("loop0", new long[] {800, 0});
    disks.put("sda", new long[] {2048, 4096});
    disks.put("sda1", new long[] {2000, 4000});
    disks.put("sda2", new long[] {48, 96});
    disks.put("nvme0n1", new long[] {10_000, 20_000});
    disks.put("nvme0n1p1", new long[] {10_000, 20_000});
    disks.put("dm-0", new long[] {9_000, 19_000});
    disks.put("zram0", new long[] {77, 77});
    disks.put("sr0", new long[] {5, 0});
    interfaces.put("lo", new long[] {3193, 3193});
    interfaces.put("eth0", new long[] {14_548_002, 134_399});
    interfaces.put("wlan0", new long[] {0, 0});
    interfaces.put("docker0", new long[] {1000, 2000});
  }

  ProcFixture stat(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
    StringBuilder sb = new StringBuilder();
    sb.append("cpu  ").append(user).append(' ').append(nice).append(' ').append(system).append(' ').append(idle)
        .append(' ').append(iowait).append(' ').append(irq).append(' ').append(softirq).append(' ').append(steal)
        .append(" 0 0\n");
    for (int cpu = 0; cpu < 4; cpu++) {
      sb.append("cpu").append(cpu).append(' ').append(user / 4).append(" 0 ").append(system / 4).append(' ')
          .append(idle / 4).append(" 0 0 0 0 0 0\n");
    }
    sb.append("intr 96204 0 0 0\nctxt 196614\nbtime 1700000000\nprocesses 3700\nprocs_running 1\nprocs_blocked 0\n");
    return write("stat", sb.toString());
  }

  ProcFixture meminfo(long totalKb, long availableKb, long swapTotalKb, long swapFreeKb) {
    return write("meminfo", String.format(
        "MemTotal:       %d kB%n"
            + "MemFree:        %d kB%n"
            + "MemAvailable:   %d kB%n"
            + "Buffers:            1668 kB%n"
            + "Cached:           132884 kB%n"
            + "SwapCached:            0 kB%n"
            + "Active:            59052 kB%n"
            + "SwapTotal:      %d kB%n"
            + "SwapFree:       %d kB%n"
            + "Dirty:               148 kB%n"
            + "HugePages_Total:       0%n",
        totalKb, availableKb / 2, availableKb, swapTotalKb, swapFreeKb));
  }

  ProcFixture loadavg(String content) {
    return write("loadavg", content);
  }

  ProcFixture fileNr(String content) {
    return write("sys/fs/file-nr", content);
  }

  /** Writes /proc/self/stat for a process with this command name. */
  ProcFixture selfStat(String comm, long utime, long stime, long threads) {
    return write("self/stat", "12345 (" + comm + ") S 1 12345 12345 0 -1 4194560 1000 0 0 0 " + utime + " " + stime
        + " 0 0 20 0 " + threads + " 0 100 5000000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1"
        + " 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
  }

  ProcFixture selfStatus(String padding, long rssKb, long threads) {
    return write("self/status", "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t12345\n" + padding
        + "VmPeak:\t 9000000 kB\nVmSize:\t 8000000 kB\nVmHWM:\t  200000 kB\nVmRSS:\t  " + rssKb + " kB\n"
        + "RssAnon:\t  100000 kB\nThreads:\t" + threads + "\nSigQ:\t0/96364\n");
  }

  /** Writes a 64-bit /proc/self/auxv in native byte order that gives this page size. */
  ProcFixture auxv(long pageSize) {
    java.nio.ByteBuffer entries = java.nio.ByteBuffer.allocate(5 * 16).order(java.nio.ByteOrder.nativeOrder());
    entries.putLong(33).putLong(0x7ffc0000L); // AT_SYSINFO_EHDR
    entries.putLong(16).putLong(0x178bfbffL); // AT_HWCAP
    entries.putLong(6).putLong(pageSize); // AT_PAGESZ
    entries.putLong(17).putLong(100); // AT_CLKTCK
    entries.putLong(0).putLong(0); // AT_NULL
    try {
      Files.write(proc.resolve("self/auxv"), entries.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  ProcFixture writeDiskstats() {
    StringBuilder sb = new StringBuilder();
    int minor = 0;
    for (Map.Entry<String, long[]> disk : disks.entrySet()) {
      long[] v = disk.getValue();
      sb.append(String.format("%4d %7d %s 7493 3803 %d 3804 695 3989 %d 802 0 2752 5061 3024 71 38576 455 3 0%n",
          254, minor++, disk.getKey(), v[0], v[1]));
    }
    return write("diskstats", sb.toString());
  }

  ProcFixture writeNetDev() {
    StringBuilder sb = new StringBuilder();
    sb.append("Inter-|   Receive                                                |  Transmit\n");
    sb.append(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
    for (Map.Entry<String, long[]> nif : interfaces.entrySet()) {
      long[] v = nif.getValue();
      // the kernel pads names to 6 characters and the receive bytes to 8 digits, so a long name or a
      // large counter touches the colon: parse without relying on the space
      sb.append(String.format("%6s:%8d    1120    0    0    0     0          0         0 %8d    1184    0    0    0     0       0          0%n",
          nif.getKey(), v[0], v[1]));
    }
    return write("net/dev", sb.toString());
  }

  /** Adds {@code readSectors} and {@code writtenSectors} to a disk's counters. */
  ProcFixture growDisk(String name, long readSectors, long writtenSectors) {
    long[] v = disks.get(name);
    v[0] += readSectors;
    v[1] += writtenSectors;
    return this;
  }

  ProcFixture growInterface(String name, long rx, long tx) {
    long[] v = interfaces.get(name);
    v[0] += rx;
    v[1] += tx;
    return this;
  }

  /** A typical complete /proc, the starting point of most tests. */
  ProcFixture typical() {
    return stat(1000, 100, 500, 8000, 200, 50, 30, 20)
        .meminfo(16_384_000, 12_288_000, 2_097_152, 1_572_864)
        .loadavg("1.25 0.50 0.10 3/456 7890\n")
        .fileNr("2048\t0\t9223372036854775807\n")
        .selfStat("java", 250, 50, 37)
        .selfStatus("", 123_456, 37)
        .writeDiskstats()
        .writeNetDev();
  }

  ProcFixture write(String relative, String content) {
    try {
      Files.writeString(proc.resolve(relative), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  LinuxProcSource source() {
    return new LinuxProcSource(proc, sysBlock, () -> 42);
  }
}
