package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.test.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long EPOCH = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private final ManualTicker ticker = new ManualTicker();

  private static double[] row(Metric metric, double value) {
    double[] values = new double[Metric.count()];
    Arrays.fill(values, Double.NaN);
    values[metric.index()] = value;
    return values;
  }

  /** Appends one sample per second with the given cpu values, moving the ticker along. */
  private void appendSeconds(History history, double... cpu) {
    for (double v : cpu) {
      history.append(ticker.read(), EPOCH + ticker.read() / 1_000_000, row(Metric.SYSTEM_CPU_USAGE, v));
      ticker.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void keepsSamplesInOrderUntilCapacity() {
    History history = new History(5, ticker);
    appendSeconds(history, 1, 2, 3);
    Series series = history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1));
    assertThat(series.values()).containsExactly(1, 2, 3);
    assertThat(history.size()).isEqualTo(3);
  }

  @Test
  void dropsOldestSamplesBeyondCapacity() {
    History history = new History(3, ticker);
    appendSeconds(history, 1, 2, 3, 4, 5);
    assertThat(history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1)).values()).containsExactly(3, 4, 5);
    assertThat(history.size()).isEqualTo(3);
  }

  @Test
  void growsPastItsInitialBufferWithoutLosingOrder() {
    History history = new History(200, ticker);
    double[] values = new double[150];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    appendSeconds(history, values);
    assertThat(history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1)).values()).containsExactly(values);
  }

  @Test
  void wrapsAfterGrowingToCapacity() {
    History history = new History(100, ticker);
    double[] values = new double[250];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    appendSeconds(history, values);
    assertThat(history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1)).values())
        .containsExactly(Arrays.copyOfRange(values, 150, 250));
  }

  @Test
  void windowSelectsSamplesTakenWithinItOfNow() {
    History history = new History(100, ticker);
    appendSeconds(history, 10, 20, 30, 40, 50); // at t = 0..4 s; ticker now at 5 s
    Series last3 = history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofSeconds(3));
    assertThat(last3.values()).containsExactly(30, 40, 50); // t >= 2 s
    assertThat(last3.tickNanos(0)).isEqualTo(2 * SECOND);
  }

  @Test
  void derivesWallClockTimesFromTheFirstSampleAndTickerTime() {
    History history = new History(10, ticker);
    appendSeconds(history, 1, 2);
    Series series = history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1));
    assertThat(series.time(0)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(series.time(1)).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
  }

  @Test
  void metricFirstMeasuredLaterReadsNaNForEarlierSamples() {
    History history = new History(10, ticker);
    appendSeconds(history, 1, 2);
    history.append(ticker.read(), EPOCH, row(Metric.SYSTEM_MEMORY_USED, 4096));
    Series memory = history.series(Metric.SYSTEM_MEMORY_USED, Duration.ofHours(1));
    assertThat(memory.values()).containsExactly(Double.NaN, Double.NaN, 4096);
    Series cpu = history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1));
    assertThat(cpu.values()).containsExactly(1, 2, Double.NaN);
  }

  @Test
  void latestIsTheMostRecentValue() {
    History history = new History(3, ticker);
    assertThat(history.latest(Metric.SYSTEM_CPU_USAGE)).isNaN();
    appendSeconds(history, 7, 8, 9, 10);
    assertThat(history.latest(Metric.SYSTEM_CPU_USAGE)).isEqualTo(10);
    assertThat(history.latestTickNanos()).isEqualTo(3 * SECOND);
  }

  @Test
  void summaryIgnoresUnmeasuredValues() {
    History history = new History(10, ticker);
    appendSeconds(history, 10, Double.NaN, 30, 20);
    Summary summary = history.summary(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1));
    assertThat(summary.count()).isEqualTo(3);
    assertThat(summary.min()).isEqualTo(10);
    assertThat(summary.max()).isEqualTo(30);
    assertThat(summary.avg()).isEqualTo(20);
    assertThat(summary.p50()).isEqualTo(20);
    assertThat(summary.p95()).isCloseTo(29, within(1e-9)); // rank 1.9 between 20 and 30
    assertThat(summary.last()).isEqualTo(20);
  }

  @Test
  void forEachVisitsMeasuredValuesSinceAPointInTime() {
    History history = new History(10, ticker);
    appendSeconds(history, 1, Double.NaN, 3, 4);
    double[] sum = {0};
    int visited = history.forEach(Metric.SYSTEM_CPU_USAGE, SECOND, (t, v) -> sum[0] += v);
    assertThat(visited).isEqualTo(2);
    assertThat(sum[0]).isEqualTo(7);
  }

  @Test
  void uncompressedBuffersCostEightBytesPerSlotPerMetricPlusEightForTheTime() {
    History history = History.uncompressed(64, ticker, Duration.ZERO);
    double[] values = new double[Metric.count()];
    Arrays.fill(values, Double.NaN);
    values[Metric.SYSTEM_CPU_USAGE.index()] = 1;
    values[Metric.SYSTEM_MEMORY_USED.index()] = 2;
    values[Metric.SYSTEM_THREADS.index()] = 3;
    history.append(0, EPOCH, values);
    assertThat(history.bufferBytes()).isEqualTo(64L * 8 * (3 + 1));
  }

  @Test
  void appendAllocatesNothingOnceFull() {
    History history = new History(16, ticker);
    double[] values = row(Metric.SYSTEM_CPU_USAGE, 1);
    values[Metric.SYSTEM_MEMORY_USED.index()] = 2;
    long[] t = {0};
    for (int i = 0; i < 20_000; i++) { // fill and warm up
      history.append(t[0]++, EPOCH, values);
    }
    long allocated = AllocationMeter.leastBytesAllocated(20_000, () -> history.append(t[0]++, EPOCH, values));
    assertThat(allocated).isZero();
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new History(0, ticker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history capacity must be positive, was 0");
  }

  @Test
  void rejectsNegativeWindow() {
    History history = new History(10, ticker);
    assertThatThrownBy(() -> history.series(Metric.SYSTEM_CPU_USAGE, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative, was PT-1S");
  }
}
