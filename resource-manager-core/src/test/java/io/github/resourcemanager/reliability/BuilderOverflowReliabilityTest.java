package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Settings that are each valid but together would overflow later (an int, an array's length, a long of
 * milliseconds) are refused by {@code build()}, naming the settings, instead of failing with an
 * {@link ArithmeticException}, a negative array size or an out-of-memory error once the manager runs.
 */
class BuilderOverflowReliabilityTest {

  @Test
  void aMachineHistoryWhoseArrayWouldNotFitIsRefused() {
    // 100 days at 1 s: 8,640,001 samples x (1 + 1,024 metrics) = 8,856,001,025 cells, above 2^31 - 9
    assertThatThrownBy(() -> MonitorConfig.custom().interval(Duration.ofSeconds(1)).historyRetention(Duration.ofDays(100))
        .agentHistoryRetention(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyRetention PT2400H at interval PT1S (8640001 samples) with maxMetrics 1024 needs an array "
            + "of 8856001025 cells; at most 2147483639 fit: shorten the retention, lengthen the interval or lower "
            + "maxMetrics");
    // the same with 100 metrics: 8,640,001 x 101 = 872,640,101 cells fit
    assertThat(MonitorConfig.custom().interval(Duration.ofSeconds(1)).historyRetention(Duration.ofDays(100))
        .agentHistoryRetention(Duration.ofMinutes(1)).maxMetrics(100).build().historyCapacity()).isEqualTo(8_640_001);
  }

  @Test
  void anAgentTableWhoseArraysWouldNotFitIsRefused() {
    // 1 h at 10 ms: 360,001 samples; 10,000 agents take 16,384 slots: 360,002 x 16,384 = 5,898,272,768 cells
    assertThatThrownBy(() -> ResourceManager.custom().platformSources(false).interval(Duration.ofMillis(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agentHistoryRetention PT1H at interval PT0.01S (360001 samples) with maxAgents 10000 needs arrays "
            + "of 5898272768 cells; at most 2147483639 fit: shorten the agents' retention, lengthen the interval or "
            + "lower maxAgents");
    // 5,000 agents take 8,192 slots: 360,002 x 8,192 = 2,949,136,384 cells, still too many; 4,000 take 4,096:
    // 1,474,568,192 cells fit
    assertThat(MonitorConfig.custom().interval(Duration.ofMillis(10)).maxAgents(4_000).build().agentHistoryCapacity())
        .isEqualTo(360_001);
  }

  @Test
  void aVerticalRecommenderHistogramWithTooManyBucketsIsRefused() {
    // ceil(ln(1000 x 1e-9 / 0.01 + 1) / ln(1 + 1e-9)) + 1 buckets: about 100,000, above the 10,000 allowed
    assertThatThrownBy(() -> VerticalRecommenderConfig.custom().bucketGrowth(1e-9).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cpuHistogram (firstBucketSize 0.01, maxValue 1000.0) with bucketGrowth 1.0E-9 is not "
            + "allowed: a histogram from 0.01 to 1000.0 growing by ")
        .hasMessageContaining("buckets; at most 10000 are allowed");
    // a range so wide that the count does not fit in an int
    assertThatThrownBy(() -> VerticalRecommenderConfig.custom().cpuHistogram(1e-300, 1e300).bucketGrowth(1e-15).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10000 are allowed");
  }

  @Test
  void aVerticalRecommenderExpiryBeyondALongOfMillisecondsIsRefused() {
    // 10^12 ms (about 32 years) x 10^8 intervals = 10^20 ms, beyond 9.2 x 10^18
    assertThatThrownBy(() -> VerticalRecommenderConfig.custom()
        .memoryAggregationInterval(Duration.ofMillis(1_000_000_000_000L)).memoryAggregationIntervalCount(100_000_000)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memoryAggregationInterval PT277777H46M40S x memoryAggregationIntervalCount 100000000 is longer "
            + "than 9223372036854775807 ms; lower one of them");
  }
}
