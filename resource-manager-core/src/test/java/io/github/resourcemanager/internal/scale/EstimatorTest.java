package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import org.junit.jupiter.api.Test;

/** The VPA's estimator_test.go, in the recommender's integer amounts (millicores and bytes). */
class EstimatorTest {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;

  @Test
  void percentileOfTheDefaultHistogramsIsWithinTheirRounding() { // TestPercentileEstimator
    VerticalRecommenderConfig config = VerticalRecommenderConfig.ofDefaults();
    DecayingHistogram cpu = new DecayingHistogram(HistogramRecommender.cpuBuckets(config), DAY);
    DecayingHistogram memory = new DecayingHistogram(HistogramRecommender.memoryBuckets(config), DAY);
    for (int i = 1; i <= 3; i++) { // one instant: no decay, as util.NewHistogram
      cpu.addSample(i, 1.0, 0);
      memory.addSample(i * 1e9, 1.0, 0);
    }
    // NewPercentileCPUEstimator(0.2), NewPercentileMemoryEstimator(0.5); maxRelativeError 0.05
    assertThat(Estimator.cpuAmountFromCores(cpu.percentile(0.2)) / 1000.0).isCloseTo(1.0, withinPercentage(5));
    assertThat((double) Estimator.amountFromFloat(memory.percentile(0.5))).isCloseTo(2e9, withinPercentage(5));
  }

  @Test
  void confidenceIntervalInMinutesAsGosDuration() { // time.Duration.Minutes: whole minutes + rest / 60e9 ns
    assertThat(Estimator.minutes(24 * 60 * MINUTE)).isEqualTo(1440.0);
    assertThat(Estimator.minutes(90_000)).isEqualTo(1 + 30e9 / 60e9);
    assertThat(Estimator.minutes(18 * MINUTE)).isEqualTo(18.0);
  }

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
