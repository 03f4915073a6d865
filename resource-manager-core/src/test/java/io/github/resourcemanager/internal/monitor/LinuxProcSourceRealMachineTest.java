package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LinuxProcSource} on the kernel of the machine running the tests. */
class LinuxProcSourceRealMachineTest {

  @BeforeEach
  void linuxOnly() {
    assumeTrue(LinuxProcSource.isSupported(), "needs Linux /proc");
  }

  @Test
  void valuesAreInRangeAndCountersAdvanceBetweenSamples() throws Exception {
    try (LinuxProcSource source = new LinuxProcSource()) {
      RecordingWriter out = new RecordingWriter().tick(System.nanoTime());
      source.sample(out);
      assertThat(source.metrics()).allMatch(out::has);
      Spin.forMillis(250);
      source.sample(out.tick(System.nanoTime()));

      // the JVM's count may be lowered by CPU affinity or cgroup quotas, never raised
      assertThat(source.logicalCpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
      double total = out.get(Metric.SYSTEM_MEMORY_TOTAL);
      assertThat(total).isPositive();
      assertThat(out.get(Metric.SYSTEM_MEMORY_USED)).isPositive().isLessThanOrEqualTo(total);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isBetween(0.0, 100.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USED)).isGreaterThanOrEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USAGE)).isBetween(0.0, 100.0);
      // this thread was busy the whole time: both shares moved, so both files were really re-read
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
      for (Metric rate : new Metric[] {Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
          Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT}) {
        assertThat(out.get(rate)).as(rate.name()).isFinite().isGreaterThanOrEqualTo(0.0);
      }
      assertThat(out.get(Metric.SYSTEM_LOAD_1M)).isGreaterThanOrEqualTo(0.0);
      assertThat(out.get(Metric.SYSTEM_LOAD_15M)).isGreaterThanOrEqualTo(0.0);
      assertThat(out.get(Metric.PROCESS_THREADS)).isGreaterThanOrEqualTo(Thread.activeCount());
      assertThat(out.get(Metric.SYSTEM_THREADS)).isGreaterThanOrEqualTo(out.get(Metric.PROCESS_THREADS));
      assertThat(out.get(Metric.SYSTEM_OPEN_FILES)).isPositive();
      assertThat(out.get(Metric.PROCESS_OPEN_FILES)).isGreaterThanOrEqualTo(8.0); // at least our 8 proc files
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isPositive().isLessThan(total);
    }
  }

  @Test
  void openFilesAndResidentMemoryMatchTheJvmAndStatusViews() throws Exception {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    assumeTrue(os instanceof com.sun.management.UnixOperatingSystemMXBean);
    try (LinuxProcSource source = new LinuxProcSource();
         ProcFile status = new ProcFile(Path.of("/proc/self/status"), ProcFile.Extent.WHOLE_SINGLE_READ, 4096)) {
      RecordingWriter out = new RecordingWriter().tick(0);
      source.sample(out);
      long jvmCount = ((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount();
      long statusRss = rssKb(status) * 1024;
      // the same kernel counters read a moment apart; this thread does not open files or touch memory meanwhile
      assertThat(out.get(Metric.PROCESS_OPEN_FILES)).isCloseTo(jvmCount, org.assertj.core.data.Offset.offset(3.0));
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT))
          .isCloseTo(statusRss, org.assertj.core.data.Offset.offset(statusRss * 0.02));
    }
  }

  /** The JDK closes a file channel when its thread is interrupted; the source must not stay broken. */
  @Test
  void anInterruptFailsOneSampleOnly() throws Exception {
    try (LinuxProcSource source = new LinuxProcSource()) {
      RecordingWriter out = new RecordingWriter().tick(0);
      source.sample(out);
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> source.sample(out.advance(1_000_000_000L)))
            .isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
      } finally {
        Thread.interrupted();
      }
      source.sample(out.clear().advance(1_000_000_000L));
      assertThat(source.metrics()).allMatch(out::has);
      assertThat(out.get(Metric.PROCESS_OPEN_FILES)).isPositive();
      assertThat(out.get(Metric.SYSTEM_MEMORY_TOTAL)).isPositive();
    }
  }

  /** The finding the fast path rests on: a positional read at offset 0 of an open procfs file is fresh. */
  @Test
  void positionalReadFromOffsetZeroReturnsFreshContent() throws Exception {
    try (ProcFile stat = new ProcFile(Path.of("/proc/self/stat"), ProcFile.Extent.WHOLE_SINGLE_READ, 1024);
         ProcFile status = new ProcFile(Path.of("/proc/self/status"), ProcFile.Extent.WHOLE_SINGLE_READ, 4096);
         ProcFile netDev = new ProcFile(Path.of("/proc/net/dev"), ProcFile.Extent.WHOLE_MULTI_READ, 8192)) {
      long cpuBefore = processCpuTicks(stat);
      long rssBefore = rssKb(status);
      long loopbackBefore = loopbackReceived(netDev);

      Spin.forMillis(200);
      byte[] touched = new byte[64 << 20];
      for (int i = 0; i < touched.length; i += 4096) {
        touched[i] = 1;
      }
      sendLoopbackTraffic(64 * 1024);

      assertThat(processCpuTicks(stat)).as("utime + stime of /proc/self/stat").isGreaterThan(cpuBefore);
      assertThat(rssKb(status)).as("VmRSS of /proc/self/status").isGreaterThan(rssBefore);
      assertThat(loopbackReceived(netDev)).as("lo bytes of /proc/net/dev").isGreaterThan(loopbackBefore);
      assertThat(touched[4096]).isEqualTo((byte) 1);
    }
  }

  private static long processCpuTicks(ProcFile stat) throws Exception {
    stat.read();
    stat.position(stat.lastIndexOf((byte) ')') + 1);
    stat.skipTokens(11);
    return stat.nextLong() + stat.nextLong();
  }

  private static long rssKb(ProcFile status) throws Exception {
    status.read();
    while (!status.atEnd()) {
      if (status.consume(ProcFile.ascii("VmRSS:"))) {
        return status.nextLong();
      }
      status.skipLine();
    }
    throw new AssertionError("no VmRSS");
  }

  private static long loopbackReceived(ProcFile netDev) throws Exception {
    netDev.read();
    netDev.skipLine();
    netDev.skipLine();
    while (!netDev.atEnd()) {
      netDev.skipBlanks();
      int start = netDev.position();
      int colon = netDev.indexOnLine((byte) ':');
      if (netDev.regionEquals(start, colon, ProcFile.ascii("lo"))) {
        netDev.position(colon + 1);
        return netDev.nextLong();
      }
      netDev.skipLine();
    }
    throw new AssertionError("no lo in /proc/net/dev");
  }

  private static void sendLoopbackTraffic(int bytes) throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket sender = new DatagramSocket()) {
      byte[] payload = new byte[1024];
      for (int sent = 0; sent < bytes; sent += payload.length) {
        sender.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), receiver.getLocalPort()));
      }
    }
  }
}
