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
