package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The VPA's estimator_test.go, in the recommender's integer amounts (millicores and bytes). */
class EstimatorTest {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;

  @Test
  void withoutHistoryTheUpperBoundIsUnboundedAndTheLowerBoundZero() { // TestConfidenceMultiplierNoHistory
    double confidence = Estimator.confidence(AgentState.UNSET, AgentState.UNSET, 0, DAY);
    assertThat(confidence).isEqualTo(0.0);
    assertThat(Estimator.withConfidence(3140, 1.0, 1.0, confidence)).isEqualTo(100_000_000_000_000L);
    assertThat(Estimator.withConfidence(3140, 1.0, -1.0, confidence)).isZero();
    assertThat(Estimator.withConfidence(3140, 0.1, 2.0, confidence)).isEqualTo(100_000_000_000_000L);
  }

  @Test
  void confidenceIsCappedBySamplesPerMinuteOfADay() { // TestConfidenceMultiplier
    // 9 samples, 2 minutes apart: 16 minutes of history, but only 9 samples of the 1440 a day would have
    double confidence = Estimator.confidence(0, 16 * MINUTE, 9, DAY);
    assertThat(confidence).isEqualTo(0.00625);
    assertThat(Estimator.withConfidence(Estimator.cpuAmountFromCores(3.14), 0.1, 2.0, confidence)).isEqualTo(907_460);
    assertThat(Estimator.withConfidence(Estimator.amountFromFloat(3.14e9), 0.1, 2.0, confidence)).isEqualTo(907_460_000_000L);
  }

  @Test
  void confidenceUsesTheConfiguredInterval() { // TestConfidenceMultiplierWithCustomInterval
    double confidence = Estimator.confidence(0, 16 * MINUTE, 9, 18 * MINUTE);
    assertThat(confidence).isEqualTo(0.5);
    assertThat(Estimator.withConfidence(3140, 0.1, 2.0, confidence)).isEqualTo(4521); // 4521.6 truncated
    assertThat(Estimator.withConfidence(3_140_000_000L, 0.1, 2.0, confidence)).isEqualTo(4_521_600_000L);
  }

  @Test
  void marginIsAddedInWholeUnits() { // TestMarginEstimator
    assertThat(Estimator.withMargin(3140, 0.1)).isEqualTo(3454);
    assertThat(Estimator.withMargin(3_140_000_000L, 0.1)).isEqualTo(3_454_000_000L);
    assertThat(Estimator.withMargin(587 - 76, 0.15)).isEqualTo(587); // 511 + 76.65 truncated
  }

  @Test
  void amountsAreClampedAndTruncated() {
    assertThat(Estimator.amountFromFloat(-5)).isZero();
    assertThat(Estimator.amountFromFloat(Double.NaN)).isZero();
    assertThat(Estimator.amountFromFloat(2e14)).isEqualTo(100_000_000_000_000L);
    assertThat(Estimator.cpuAmountFromCores(0.0019)).isEqualTo(1);
  }
}
