package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The VPA's histogram tests (histogram_options_test.go, histogram_test.go, decaying_histogram_test.go) on
 * exponential buckets. Buckets of first size 1 and ratio 2 start at 0, 1, 3, 7, 15, 31, 63, 127: values 0.5, 2, 5
 * and 10 fall into the first four.
 */
class DecayingHistogramTest {
  private static final double EPSILON = 0.0001;
  private static final long HOUR = 3_600_000L;
  private static final long T0 = Instant.parse("2009-02-13T23:31:30Z").toEpochMilli(); // the VPA tests' startTime

  private final ExponentialBuckets buckets = new ExponentialBuckets(100, 1, 2, EPSILON);

  private DecayingHistogram histogram() {
    return new DecayingHistogram(buckets, HOUR);
  }

  @Test
  void exponentialBucketsStartWhereTheFormulaSays() { // TestExponentialHistogramOptions
    ExponentialBuckets b = new ExponentialBuckets(500.0, 40.0, 1.5, 0.001);
    assertThat(b.numBuckets).isEqualTo(6);
    assertThat(b.bucketStart(0)).isEqualTo(0.0);
    assertThat(b.bucketStart(1)).isEqualTo(40.0);
    assertThat(b.bucketStart(2)).isEqualTo(100.0);
    assertThat(b.bucketStart(3)).isEqualTo(190.0);
    assertThat(b.bucketStart(4)).isEqualTo(325.0);
    assertThat(b.bucketStart(5)).isEqualTo(527.5);
    assertThat(b.findBucket(-1.0)).isEqualTo(0);
    assertThat(b.findBucket(39.99)).isEqualTo(0);
    assertThat(b.findBucket(40.0)).isEqualTo(1);
    assertThat(b.findBucket(100.0)).isEqualTo(2);
    assertThat(b.findBucket(900.0)).isEqualTo(5);
  }

  @Test
  void recommenderBucketsHave176BucketsForCpuAndMemory() {
    VerticalRecommenderConfig config = VerticalRecommenderConfig.ofDefaults();
    assertThat(HistogramRecommender.cpuBuckets(config).numBuckets).isEqualTo(176);
    assertThat(HistogramRecommender.memoryBuckets(config).numBuckets).isEqualTo(176);
    assertThat(HistogramRecommender.cpuBuckets(config).findBucket(0.5)).isEqualTo(25);
    assertThat(HistogramRecommender.cpuBuckets(config).bucketStart(26)).isEqualTo(0.5111345375888712);
  }

  @Test
  void invalidBucketsAreRejected() {
    assertThatThrownBy(() -> new ExponentialBuckets(100, 1, 1, EPSILON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("histogram maxValue, firstBucketSize and epsilon must be > 0 and ratio > 1, was 100.0, 1.0, 1.0E-4 and 1.0");
  }

  @Test
  void emptyHistogramHasPercentileZero() { // TestPercentilesEmptyDecayingHistogram
    DecayingHistogram h = histogram();
    for (double p = -0.5; p <= 1.5; p += 0.5) {
      assertThat(h.percentile(p)).isEqualTo(0.0);
    }
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void percentileIsTheEndOfTheBucketReachingIt() { // TestPercentiles, TestNoDecay
    DecayingHistogram h = histogram();
    h.addSample(0.5, 1, T0);
    h.addSample(2, 2, T0);
    h.addSample(5, 3, T0);
    h.addSample(10, 4, T0);
    assertThat(h.percentile(0.0)).isEqualTo(1);
    assertThat(h.percentile(0.1)).isEqualTo(1);
    assertThat(h.percentile(0.2)).isEqualTo(3);
    assertThat(h.percentile(0.3)).isEqualTo(3);
    assertThat(h.percentile(0.4)).isEqualTo(7);
    assertThat(h.percentile(0.6)).isEqualTo(7);
    assertThat(h.percentile(0.7)).isEqualTo(15);
    assertThat(h.percentile(1.0)).isEqualTo(15);
  }

  @Test
  void percentilesOutsideZeroToOneGiveTheSmallestAndLargestBucket() { // TestPercentileOutOfBounds
    DecayingHistogram h = histogram();
    h.addSample(2, 0.1, T0);
    h.addSample(5, 0.2, T0);
    assertThat(h.percentile(-0.1)).isEqualTo(3);
    assertThat(h.percentile(1.1)).isEqualTo(7);
    h.addSample(0, 0.1, T0);
    h.addSample(200, 0.2, T0); // the last bucket has no end: its start is returned
    assertThat(h.percentile(-0.1)).isEqualTo(1);
    assertThat(h.percentile(1.1)).isEqualTo(127);
  }

  @Test
  void bucketLighterThanEpsilonIsEmpty() { // TestEmptyHistogram
    DecayingHistogram h = histogram();
    h.addSample(0.5, EPSILON * 2.5, T0);
    assertThat(h.isEmpty()).isFalse();
    h.subtractSample(0.5, EPSILON, T0);
    assertThat(h.isEmpty()).isFalse();
    h.subtractSample(0.5, EPSILON, T0);
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void lightSampleBesideAHeavyOneKeepsTheHistogramNonEmpty() { // TestNonEmptyOnEpsilonAddition
    DecayingHistogram h = histogram();
    h.addSample(10, EPSILON * 3, T0);
    h.addSample(0.5, EPSILON * 0.3, T0);
    assertThat(h.isEmpty()).isFalse();
    h.addSample(99, EPSILON * 0.3, T0);
    assertThat(h.isEmpty()).isFalse();
  }

  @Test
  void oldHeavySampleIsAlmostEntirelyDecayed() { // TestSimpleDecay
    DecayingHistogram h = histogram();
    h.addSample(5, 1000, T0);
    h.addSample(0.5, 1, T0 + 20 * HOUR); // 2^20 × 0.001 times heavier
    assertThat(h.percentile(0.999)).isEqualTo(1);
    assertThat(h.percentile(1.0)).isEqualTo(7);
  }

  @Test
  void sampleOlderThanAHundredHalfLivesIsForgottenWhenTheReferenceMoves() { // TestLongtermDecay
    DecayingHistogram h = histogram();
    h.addSample(5, 1, T0);
    h.addSample(0.5, 1, T0 + 101 * HOUR);
    assertThat(h.percentile(1.0)).isEqualTo(1);
  }

  @Test
  void eachHalfLifeHalvesTheWeight() { // TestDecayingHistogramPercentiles
    DecayingHistogram h = histogram();
    double[] values = {0.5, 2, 5, 10};
    for (int i = 0; i < 4; i++) {
      h.addSample(values[i], i + 1, T0 + i * HOUR);
    }
    // weights 1/8, 2/4, 3/2, 4: cumulative 2 %, 10 %, 35 %, 100 %
    assertThat(h.percentile(0.00)).isEqualTo(1);
    assertThat(h.percentile(0.02)).isEqualTo(1);
    assertThat(h.percentile(0.03)).isEqualTo(3);
    assertThat(h.percentile(0.10)).isEqualTo(3);
    assertThat(h.percentile(0.11)).isEqualTo(7);
    assertThat(h.percentile(0.34)).isEqualTo(7);
    assertThat(h.percentile(0.35)).isEqualTo(15);
    assertThat(h.percentile(1.00)).isEqualTo(15);
  }

  @Test
  void referenceIsTheNearestWholeHalfLifeSinceGosZeroTime() {
    DecayingHistogram h = histogram();
    h.addSample(2, 1, Instant.parse("2026-01-01T00:29:59.999Z").toEpochMilli());
    assertThat(h.referenceMillis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    DecayingHistogram halfway = histogram();
    halfway.addSample(2, 1, Instant.parse("2026-01-01T00:30:00Z").toEpochMilli());
    assertThat(halfway.referenceMillis()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
    assertThat(halfway.totalWeight()).isEqualTo(Math.pow(2, -0.5)); // half a half-life before the reference
  }

  @Test
  void weightsAreRescaledWhenTheReferenceMoves() {
    DecayingHistogram h = histogram();
    long ref = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    h.addSample(2, 1, ref);
    h.addSample(5, 1, ref + 150 * HOUR); // beyond 100 half-lives: the reference moves 150 h on
    assertThat(h.referenceMillis()).isEqualTo(ref + 150 * HOUR);
    assertThat(h.weight(buckets.findBucket(5))).isEqualTo(1.0);
    assertThat(h.weight(buckets.findBucket(2))).isEqualTo(Math.scalb(1.0, -150));
    assertThat(h.percentile(0.0)).isEqualTo(7); // the old bucket is below epsilon: empty
  }
}
