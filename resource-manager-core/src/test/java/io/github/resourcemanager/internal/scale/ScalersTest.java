package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ResourceManagerExtension;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The engine's one entry: what it checks before creating a scaler or the recommender. */
class ScalersTest {
  private static final Clock CLOCK = Clock.fixed(ResourceManagerExtension.START, ZoneOffset.UTC);
  private static final HorizontalScalerConfig QUEUE = HorizontalScalerConfig.custom().maxReplicas(4)
      .metric(ScalingMetric.value(Metric.SYSTEM_LOAD_1M, 2)).build();

  @Test
  void scalersNeedAClock() {
    assertThatThrownBy(() -> Scalers.dynamic("pool", FakeTarget.withoutReplicas(1), DynamicScalerConfig.ofDefaults(),
        null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    assertThatThrownBy(() -> Scalers.horizontal("queue", FakeTarget.withoutReplicas(1), QUEUE, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  void cpuCountIsAtLeastOne() {
    assertThatThrownBy(() -> Scalers.horizontal("queue", FakeTarget.withoutReplicas(1), QUEUE, CLOCK, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpuCount must be at least 1, was 0");
    assertThatThrownBy(() -> Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpuCount must be at least 1, was -2");
    assertThatThrownBy(() -> Scalers.verticalRecommender(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config");
  }

  @Test
  void validateChecksWhatCreatingChecks() {
    assertThatThrownBy(() -> Scalers.validate("", FakeTarget.withoutReplicas(1), DynamicScalerConfig.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scaler name must not be empty");
    assertThatThrownBy(() -> Scalers.validate(null, FakeTarget.withoutReplicas(1), QUEUE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Scalers.validate("queue", null, QUEUE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("target");
    assertThatThrownBy(() -> Scalers.validate("queue", FakeTarget.withoutReplicas(1), (HorizontalScalerConfig) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config");
    HorizontalScaler scaler = Scalers.horizontal("queue", FakeTarget.withoutReplicas(1), QUEUE, CLOCK, 1);
    assertThat(scaler.name()).isEqualTo("queue");
    assertThat(scaler.isClosed()).isFalse();
  }
}
