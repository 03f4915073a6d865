package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Statistics;
import io.github.resourcemanager.monitor.Metric;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The arithmetic of {@code docker stats} on recorded engine answers (cgroup v1 first, then v2, 2 s later). */
class ContainerReadingTest {
  private static final long SECOND = 1_000_000_000L;

  private static Statistics fixture(String name) throws IOException {
    try (InputStream in = ContainerReadingTest.class.getResourceAsStream("/stats/" + name)) {
      return RawApi.JSON.readValue(in, Statistics.class);
    }
  }

  @Test
  void theFirstReadingGivesLevelsButNoRates() throws Exception {
    RecordingWriter out = new RecordingWriter(10 * SECOND);

    new ContainerReading().write("a1", fixture("cgroup-v1.json"), out.tickNanos(), out);

    assertThat(out.get("a1", Metric.AGENT_CPU_USAGE)).isNaN();
    assertThat(out.get("a1", DockerMetrics.NETWORK_RECEIVE)).isNaN();
    assertThat(out.get("a1", DockerMetrics.NETWORK_TRANSMIT)).isNaN();
    assertThat(out.get("a1", DockerMetrics.DISK_READ)).isNaN();
    assertThat(out.get("a1", DockerMetrics.DISK_WRITE)).isNaN();
    // cgroup v1: usage less total_inactive_file
    assertThat(out.get("a1", DockerMetrics.MEMORY_USED)).isEqualTo(10485760.0 - 3145728.0);
    assertThat(out.get("a1", DockerMetrics.MEMORY_LIMIT)).isEqualTo(67108864.0);
    assertThat(out.get("a1", DockerMetrics.MEMORY_USAGE)).isEqualTo((10485760.0 - 3145728.0) / 67108864.0 * 100);
    assertThat(out.get("a1", DockerMetrics.PIDS)).isEqualTo(3.0);
  }

  @Test
  void theSecondReadingGivesRatesOverTickTimeAndTheMachineShareOfCpu() throws Exception {
    ContainerReading reading = new ContainerReading();
    reading.write("a1", fixture("cgroup-v1.json"), 10 * SECOND, new RecordingWriter(10 * SECOND));
    RecordingWriter out = new RecordingWriter(12 * SECOND);

    reading.write("a1", fixture("cgroup-v2.json"), out.tickNanos(), out);

    // 1 s of container CPU over 4 s of machine CPU time (2 CPUs x 2 s): 25 % of the machine; docker stats says 50 %.
    assertThat(out.get("a1", Metric.AGENT_CPU_USAGE)).isEqualTo(25.0);
    assertThat(out.get("a1", DockerMetrics.NETWORK_RECEIVE)).isEqualTo((3024 - 1024) / 2.0);
    assertThat(out.get("a1", DockerMetrics.NETWORK_TRANSMIT)).isEqualTo((4512 - 512) / 2.0);
    assertThat(out.get("a1", DockerMetrics.DISK_READ)).isEqualTo((6096 - 5096) / 2.0);
    assertThat(out.get("a1", DockerMetrics.DISK_WRITE)).isEqualTo((18192 - 8192) / 2.0);
    // cgroup v2: usage less inactive_file
    assertThat(out.get("a1", DockerMetrics.MEMORY_USED)).isEqualTo(12582912.0 - 2097152.0);
    assertThat(out.get("a1", DockerMetrics.PIDS)).isEqualTo(5.0);
  }

  @Test
  void countersGoingBackwardsGiveNaNNotNegativeRates() throws Exception {
    ContainerReading reading = new ContainerReading();
    reading.write("a1", fixture("cgroup-v2.json"), 10 * SECOND, new RecordingWriter(10 * SECOND));
    RecordingWriter out = new RecordingWriter(12 * SECOND);

    reading.write("a1", fixture("cgroup-v1.json"), out.tickNanos(), out); // as after a container restart

    assertThat(out.get("a1", Metric.AGENT_CPU_USAGE)).isNaN();
    assertThat(out.get("a1", DockerMetrics.NETWORK_RECEIVE)).isNaN();
    assertThat(out.get("a1", DockerMetrics.DISK_WRITE)).isNaN();
  }

  @Test
  void machineShareIsDockersPercentDividedByOnlineCpus() {
    long cpuDelta = 3 * SECOND;
    long systemDelta = 8 * SECOND; // 4 CPUs for 2 s
    double dockerPercent = (double) cpuDelta / systemDelta * 4 * 100; // 150 %: one and a half CPUs

    assertThat(ContainerReading.machineCpuPercent(0, cpuDelta, 0, systemDelta)).isEqualTo(dockerPercent / 4);
    assertThat(ContainerReading.machineCpuPercent(0, 5, 7, 7)).isNaN();
  }
}
