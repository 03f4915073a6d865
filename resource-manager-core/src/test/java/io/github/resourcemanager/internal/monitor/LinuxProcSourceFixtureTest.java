package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxProcSource} on fixture files, with exact expected values. */
class LinuxProcSourceFixtureTest {

  private static final long SECOND = 1_000_000_000L;

  @TempDir
  Path dir;

  @Test
  void firstSampleWritesLevelsAndNaNForEveryRateAndShare() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);

      assertThat(source.logicalCpus()).isEqualTo(4);
      assertThat(out.get(Metric.SYSTEM_MEMORY_TOTAL)).isEqualTo(16_384_000L * 1024.0);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USED)).isEqualTo(4_096_000L * 1024.0);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isEqualTo(25.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USED)).isEqualTo(524_288L * 1024.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USAGE)).isEqualTo(25.0);
      assertThat(out.get(Metric.SYSTEM_LOAD_1M)).isEqualTo(1.25);
      assertThat(out.get(Metric.SYSTEM_LOAD_5M)).isEqualTo(0.5);
      assertThat(out.get(Metric.SYSTEM_LOAD_15M)).isEqualTo(0.1);
      assertThat(out.get(Metric.SYSTEM_THREADS)).isEqualTo(456.0);
      assertThat(out.get(Metric.SYSTEM_OPEN_FILES)).isEqualTo(2048.0);
      assertThat(out.get(Metric.PROCESS_THREADS)).isEqualTo(37.0);
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isEqualTo(123_456L * 1024.0);
      assertThat(out.get(Metric.PROCESS_OPEN_FILES)).isEqualTo(42.0);

      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isNaN();
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isNaN();
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isNaN();
      assertThat(out.get(Metric.SYSTEM_DISK_WRITE)).isNaN();
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isNaN();
      assertThat(out.get(Metric.SYSTEM_NETWORK_TRANSMIT)).isNaN();
      assertThat(source.metrics()).hasSize(19).allMatch(m -> out.has(m));
    }
  }

  @Test
  void cpuSharesComeFromTheDeltasOfTwoSnapshots() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(7 * SECOND);
      source.sample(out);

      // Δ user 300, nice 0, system 100, idle 500, iowait 50, irq 25, softirq 15, steal 10: total 1000, busy 450
      fixture.stat(1300, 100, 600, 8500, 250, 75, 45, 30);
      // Δ utime + stime = 150 + 50 = 200 ticks = 2 s of CPU in 1 s on 4 CPUs
      fixture.selfStat("java", 400, 100, 38);
      source.sample(out.advance(SECOND));

      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isEqualTo(45.0);
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isEqualTo(50.0);
      assertThat(out.get(Metric.PROCESS_THREADS)).isEqualTo(38.0);
    }
  }

  @Test
  void processCpuIsAShareOfTheTickerTimeOverAllCpus() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(0);
      source.sample(out);
      fixture.selfStat("java", 250 + 100, 50, 37); // 1 s of CPU
      source.sample(out.advance(4 * SECOND)); // in 4 s on 4 CPUs: 1/16
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isEqualTo(6.25);

      fixture.selfStat("java", 350, 50, 37); // no CPU at all
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isEqualTo(0.0);

      fixture.selfStat("java", 10, 5, 37); // counters went backwards: not a negative share
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isNaN();
    }
  }

  @Test
  void withThePageSizeFromAuxvResidentMemoryComesFromTheRssFieldOfStat() throws Exception {
    // the fixture's /proc/self/stat has rss = 30000 pages; status says 123456 kB and must not be used
    ProcFixture fixture = new ProcFixture(dir).typical().auxv(16_384);
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isEqualTo(30_000 * 16_384.0);
      assertThat(source.metrics()).contains(Metric.PROCESS_MEMORY_RESIDENT);
    }
    assertThat(LinuxProcSource.pageSize(fixture.proc.resolve("self/auxv"))).isEqualTo(16_384);
    assertThat(LinuxProcSource.pageSize(fixture.proc.resolve("self/no-auxv"))).isEqualTo(-1);
  }

  @Test
  void commandNamesWithSpacesAndParenthesesDoNotShiftTheFields() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical().selfStat("my) (pro c)", 250, 50, 37).auxv(4096);
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.PROCESS_THREADS)).isEqualTo(37.0);
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isEqualTo(30_000 * 4096.0);

      fixture.selfStat("my) (pro c)", 300, 100, 12);
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isEqualTo(25.0); // 100 ticks = 1 s in 1 s on 4 CPUs
      assertThat(out.get(Metric.PROCESS_THREADS)).isEqualTo(12.0);
    }
  }

  @Test
  void diskAndNetworkCountersGrowingByAConstantAmountGiveTheSameRateEveryTick() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      assertThat(source.diskNames()).containsExactly("nvme0n1", "sda");
      RecordingWriter out = new RecordingWriter().tick(3 * SECOND);
      source.sample(out);
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isNaN();
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isNaN();

      for (int tick = 1; tick <= 5; tick++) {
        growOneSecondOfTraffic(fixture);
        source.sample(out.advance(SECOND));
        assertThat(out.get(Metric.SYSTEM_DISK_READ)).as("disk read, tick %d", tick).isEqualTo(1_048_576.0);
        assertThat(out.get(Metric.SYSTEM_DISK_WRITE)).as("disk write, tick %d", tick).isEqualTo(2_097_152.0);
        assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).as("receive, tick %d", tick).isEqualTo(1_048_576.0);
        assertThat(out.get(Metric.SYSTEM_NETWORK_TRANSMIT)).as("transmit, tick %d", tick).isEqualTo(524_288.0);
      }

      // the same growth in half the ticker time is twice the rate
      growOneSecondOfTraffic(fixture);
      source.sample(out.advance(SECOND / 2));
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isEqualTo(2_097_152.0);
      assertThat(out.get(Metric.SYSTEM_NETWORK_TRANSMIT)).isEqualTo(1_048_576.0);
    }
  }

  /**
   * Whole disks sda and nvme0n1 read 1024 sectors each (2048 * 512 = 1 MiB) and write 2048 each (2 MiB);
   * partitions, device mapper, loop and zram devices move too but must not count. eth0 and wlan0 receive
   * 1 MiB together and send 512 KiB; loopback traffic must not count.
   */
  private static void growOneSecondOfTraffic(ProcFixture fixture) {
    fixture.growDisk("sda", 1024, 2048).growDisk("nvme0n1", 1024, 2048)
        .growDisk("sda1", 1024, 2048).growDisk("nvme0n1p1", 1024, 2048)
        .growDisk("dm-0", 5000, 5000).growDisk("loop0", 7, 7).growDisk("zram0", 9, 9).growDisk("sr0", 3, 0)
        .writeDiskstats();
    fixture.growInterface("eth0", 1_000_000, 500_000).growInterface("wlan0", 48_576, 24_288)
        .growInterface("lo", 777_777, 777_777)
        .writeNetDev();
  }

  @Test
  void aCounterThatGoesBackwardsGivesNaNForThatTickOnly() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      growOneSecondOfTraffic(fixture);
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isEqualTo(1_048_576.0);

      // a disk's counters reset (driver reload) and an interface was recreated
      fixture.disks.get("sda")[0] = 0;
      fixture.writeDiskstats();
      fixture.interfaces.get("eth0")[0] = 10;
      fixture.writeNetDev();
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isNaN();
      assertThat(out.get(Metric.SYSTEM_DISK_WRITE)).isEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isNaN();
      assertThat(out.get(Metric.SYSTEM_NETWORK_TRANSMIT)).isEqualTo(0.0);

      growOneSecondOfTraffic(fixture);
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isEqualTo(1_048_576.0);
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isEqualTo(1_048_576.0);
    }
  }

  @Test
  void systemCpuCountersGoingBackwardsGiveNaN() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      fixture.stat(900, 100, 500, 8000, 200, 50, 30, 20);
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isNaN();
      fixture.stat(1000, 100, 500, 8900, 200, 50, 30, 20); // Δ busy 100 of total 1000
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isEqualTo(10.0);
    }
  }

  @Test
  void noSwapMeansZeroSwapUsage() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical().meminfo(1000, 250, 0, 0);
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.SYSTEM_SWAP_USED)).isEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USAGE)).isEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isEqualTo(75.0);
    }
  }

  @Test
  void olderKernelsWithoutMemAvailableUseFreePlusBuffersPlusCached() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical().write("meminfo",
        "MemTotal: 1000000 kB\nMemFree: 100000 kB\nBuffers: 50000 kB\nCached: 350000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USED)).isEqualTo(500_000 * 1024.0);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isEqualTo(50.0);
    }
  }

  @Test
  void loadAveragesAndFileCountsParseExactly() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical()
        .loadavg("0.00 12.34 100.99 12/34567 1\n").fileNr("123456\t0\t100\n");
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.SYSTEM_LOAD_1M)).isEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_LOAD_5M)).isEqualTo(12.34);
      assertThat(out.get(Metric.SYSTEM_LOAD_15M)).isEqualTo(100.99);
      assertThat(out.get(Metric.SYSTEM_THREADS)).isEqualTo(34567.0);
      assertThat(out.get(Metric.SYSTEM_OPEN_FILES)).isEqualTo(123456.0);
    }
  }

  @Test
  void filesLargerThanTheirBuffersAreReadWhole() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical()
        .selfStatus("Groups:\t" + "1234 ".repeat(4000) + "\n", 654_321, 37);
    for (int i = 0; i < 400; i++) {
      fixture.interfaces.put("veth" + i, new long[] {1000, 10});
    }
    fixture.writeNetDev();
    // a /proc/stat much longer than its first line: only the first line is needed
    fixture.write("stat", "cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr " + "0 ".repeat(20_000) + "\n");
    try (LinuxProcSource source = fixture.source()) {
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isEqualTo(654_321 * 1024.0);
      assertThat(source.logicalCpus()).isEqualTo(1);

      fixture.growInterface("veth399", 4096, 0).writeNetDev();
      fixture.write("stat", "cpu  2 2 3 5 5 6 7 8 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr " + "0 ".repeat(20_000) + "\n");
      source.sample(out.advance(SECOND));
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isEqualTo(4096.0);
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isEqualTo(50.0);
    }
  }

  @Test
  void missingOptionalFilesLeaveTheirMetricsOut() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    Files.delete(fixture.proc.resolve("diskstats"));
    Files.delete(fixture.proc.resolve("net/dev"));
    try (LinuxProcSource source = new LinuxProcSource(fixture.proc, fixture.sysBlock, null)) {
      assertThat(source.metrics()).doesNotContain(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
          Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT, Metric.PROCESS_OPEN_FILES);
      RecordingWriter out = new RecordingWriter().tick(SECOND);
      source.sample(out);
      assertThat(out.has(Metric.SYSTEM_DISK_READ)).isFalse();
      assertThat(out.has(Metric.SYSTEM_NETWORK_RECEIVE)).isFalse();
      assertThat(out.has(Metric.PROCESS_OPEN_FILES)).isFalse();
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isEqualTo(25.0);
    }
  }

  @Test
  void withoutSysBlockTheDisksAreChosenFromTheDiskstatsNames() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = new LinuxProcSource(fixture.proc, dir.resolve("no-such-dir"), null)) {
      assertThat(source.diskNames()).containsExactly("nvme0n1", "sda");
    }
    assertThat(DiskDevices.fromDiskstatsNames(List.of("loop0", "sda", "sda1", "nvme0n1", "nvme0n1p1", "dm-0", "md127",
        "vda", "vda1", "mmcblk0", "mmcblk0p1", "zram0", "ram0", "sr0")))
        .containsExactly("mmcblk0", "nvme0n1", "sda", "vda");
    assertThat(DiskDevices.isCountedName("/dev/sda")).isTrue();
    assertThat(DiskDevices.isCountedName("/dev/dm-1")).isFalse();
  }

  @Test
  void malformedContentIsReportedWithTheFileName() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    try (LinuxProcSource source = fixture.source()) {
      fixture.write("meminfo", "MemFree: 12 kB\n");
      assertThatThrownBy(() -> source.sample(new RecordingWriter().tick(SECOND)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("meminfo")
          .hasMessageContaining("MemTotal");
    }
  }

  @Test
  void aMissingProcStatFailsConstructionWithTheFileName() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    Files.delete(fixture.proc.resolve("stat"));
    assertThatThrownBy(fixture::source).hasMessageContaining("stat");
  }

  @Test
  void sampleAfterCloseFails() throws Exception {
    ProcFixture fixture = new ProcFixture(dir).typical();
    LinuxProcSource source = fixture.source();
    source.close();
    assertThatThrownBy(() -> source.sample(new RecordingWriter().tick(SECOND))).isInstanceOf(IOException.class);
  }
}
