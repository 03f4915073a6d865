package io.github.resourcemanager.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void percentilesInterpolateBetweenClosestRanks() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Summary.percentileOfSorted(sorted, 50)).isCloseTo(5.5, within(1e-12));
    assertThat(Summary.percentileOfSorted(sorted, 95)).isCloseTo(9.55, within(1e-12));
    assertThat(Summary.percentileOfSorted(sorted, 0)).isEqualTo(1);
    assertThat(Summary.percentileOfSorted(sorted, 100)).isEqualTo(10);
  }

  @Test
  void summaryOfUnsortedValuesKeepsLastInTimeOrder() {
    Summary s = Summary.of(Metric.SYSTEM_CPU_USAGE, new double[] {50, 10, 40, 20});
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.min()).isEqualTo(10);
    assertThat(s.max()).isEqualTo(50);
    assertThat(s.avg()).isEqualTo(30);
    assertThat(s.p50()).isEqualTo(30);
    assertThat(s.last()).isEqualTo(20);
  }

  @Test
  void summaryOfNothingMeasuredIsAllNaN() {
    Summary s = Summary.of(Metric.SYSTEM_CPU_USAGE, new double[] {Double.NaN});
    assertThat(s.count()).isZero();
    assertThat(s.min()).isNaN();
    assertThat(s.p95()).isNaN();
    assertThat(s.last()).isNaN();
  }

  @Test
  void rejectsPercentileOutsideRange() {
    assertThatThrownBy(() -> Summary.percentileOfSorted(new double[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be between 0 and 100, was 101.0");
  }
}
