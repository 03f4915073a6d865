package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link OshiSource} on the machine running the tests. */
class OshiSourceTest {

  @Test
  void writesEveryDeclaredMetricWithRatesFromTheSecondSampleOn() throws Exception {
    try (OshiSource source = new OshiSource()) {
      assertThat(source.mayBlock()).isTrue();
      RecordingWriter out = new RecordingWriter().tick(System.nanoTime());
      source.sample(out);
      assertThat(source.metrics()).allMatch(out::has);
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isNaN();
      assertThat(out.get(Metric.SYSTEM_DISK_READ)).isNaN();
      assertThat(out.get(Metric.SYSTEM_NETWORK_RECEIVE)).isNaN();
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isNaN();

      // OSHI caches CPU ticks and memory for 300 ms; spin past that so the second reading is fresh
      Spin.forMillis(400);
      source.sample(out.tick(System.nanoTime()));

      double total = out.get(Metric.SYSTEM_MEMORY_TOTAL);
      assertThat(total).isPositive();
      assertThat(out.get(Metric.SYSTEM_MEMORY_USED)).isPositive().isLessThanOrEqualTo(total);
      assertThat(out.get(Metric.SYSTEM_MEMORY_USAGE)).isBetween(0.0, 100.0);
      assertThat(out.get(Metric.SYSTEM_SWAP_USAGE)).isBetween(0.0, 100.0);
      assertThat(out.get(Metric.SYSTEM_CPU_USAGE)).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
      assertThat(out.get(Metric.PROCESS_CPU_USAGE)).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
      for (Metric rate : new Metric[] {Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
          Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT}) {
        assertThat(out.get(rate)).as(rate.name()).isFinite().isGreaterThanOrEqualTo(0.0);
      }
      assertThat(out.get(Metric.PROCESS_THREADS)).isGreaterThanOrEqualTo(Thread.activeCount());
      assertThat(out.get(Metric.PROCESS_MEMORY_RESIDENT)).isPositive().isLessThan(total);
      assertThat(out.get(Metric.SYSTEM_THREADS)).isGreaterThanOrEqualTo(out.get(Metric.PROCESS_THREADS));
    }
  }
}
