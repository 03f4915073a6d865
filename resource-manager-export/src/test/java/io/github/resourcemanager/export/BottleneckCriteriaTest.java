package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BottleneckCriteriaTest {

  @Test
  void defaultsCheckPercentagesAgainstEightyForOneMinuteRankedByTimeAbove() {
    BottleneckCriteria defaults = BottleneckCriteria.ofDefaults();
    assertThat(defaults.thresholds()).isEmpty();
    assertThat(defaults.percentThreshold()).hasValue(80);
    assertThat(defaults.minDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.ranking()).isEqualTo(BottleneckCriteria.Ranking.TIME_ABOVE);
    assertThat(defaults.thresholdFor(Metric.AGENT_CPU_USAGE)).isEqualTo(80);
    assertThat(defaults.thresholdFor(Metric.SYSTEM_MEMORY_USED)).isNaN();
  }

  @Test
  void aThresholdOfItsOwnWinsOverThePercentThreshold() {
    BottleneckCriteria criteria = BottleneckCriteria.custom().threshold(Metric.SYSTEM_CPU_USAGE, 95).percentThreshold(70).build();
    assertThat(criteria.thresholdFor(Metric.SYSTEM_CPU_USAGE)).isEqualTo(95);
    assertThat(criteria.thresholdFor(Metric.SYSTEM_MEMORY_USAGE)).isEqualTo(70);
  }

  @Test
  void givingAThresholdTurnsTheDefaultPercentThresholdOff() {
    BottleneckCriteria criteria = BottleneckCriteria.custom().threshold(Metric.SYSTEM_LOAD_1M, 4).build();
    assertThat(criteria.percentThreshold()).isEmpty();
    assertThat(criteria.thresholdFor(Metric.SYSTEM_CPU_USAGE)).isNaN();
  }

  @Test
  void percentThresholdsLieStrictlyBetweenZeroAndHundred() {
    assertThatThrownBy(() -> BottleneckCriteria.custom().percentThreshold(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentThreshold must be above 0 and below 100 (%), was 100.0");
    assertThatThrownBy(() -> BottleneckCriteria.custom().threshold(Metric.SYSTEM_CPU_USAGE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold of system.cpu.usage must be above 0 and below 100 (%), was 0.0");
  }

  @Test
  void otherThresholdsArePositiveAndFinite() {
    assertThatThrownBy(() -> BottleneckCriteria.custom().threshold(Metric.SYSTEM_DISK_READ, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold of system.disk.read must be above 0 and finite, was Infinity");
    assertThatThrownBy(() -> BottleneckCriteria.custom().threshold(Metric.SYSTEM_DISK_READ, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold of system.disk.read must be above 0 and finite, was NaN");
    assertThat(BottleneckCriteria.custom().threshold(Metric.SYSTEM_DISK_READ, 1e9).build().thresholds())
        .containsEntry(Metric.SYSTEM_DISK_READ, 1e9);
  }

  @Test
  void minDurationMustNotBeNegativeAndRankingNotNull() {
    assertThatThrownBy(() -> BottleneckCriteria.custom().minDuration(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minDuration must not be negative, was PT-1S");
    assertThatThrownBy(() -> BottleneckCriteria.custom().ranking(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ranking");
    assertThatThrownBy(() -> BottleneckCriteria.custom().threshold(null, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("metric");
  }
}
