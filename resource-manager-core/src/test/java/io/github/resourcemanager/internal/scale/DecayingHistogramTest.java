package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The VPA's histogram tests, ported case by case (kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/util:
 * histogram_options_test.go, histogram_test.go, decaying_histogram_test.go), on the same linear buckets
 * ({@code NewLinearHistogramOptions(10.0, 1.0, weightEpsilon)}, weightEpsilon 1e-15) and with the same tolerance
 * (valueEpsilon 1e-15, relative), plus the recommender's own bucket layout from model/aggregations_config.go.
 */
class DecayingHistogramTest {
  private static final double WEIGHT_EPSILON = 1e-15; // histogram_test.go: weightEpsilon
  private static final double VALUE_EPSILON = 1e-15; // histogram_test.go: valueEpsilon (assert.InEpsilon: relative)
  private static final long HOUR = 3_600_000L;
  private static final long START = Instant.ofEpochSecond(1234567890).toEpochMilli(); // decaying_histogram_test.go

  /** histogram_test.go: testHistogramOptions, NewLinearHistogramOptions(10.0, 1.0, weightEpsilon). */
  private static HistogramBuckets testHistogramOptions() {
    return new LinearBuckets(10.0, 1.0, WEIGHT_EPSILON);
  }

  /** NewDecayingHistogram(options, time.Hour). */
  private static DecayingHistogram decaying(HistogramBuckets options) {
    return new DecayingHistogram(options, HOUR);
  }

  private static Offset<Double> relative(double expected) {
    return within(Math.abs(expected) * VALUE_EPSILON);
  }

  // ------------------------------------------------------------------ histogram_options_test.go

  @Test
  void linearBucketsOfTheUpstreamTests() { // TestLinearHistogramOptions: NewLinearHistogramOptions(5.0, 0.3, epsilon)
    LinearBuckets o = new LinearBuckets(5.0, 0.3, 0.001);
    assertThat(o.epsilon()).isEqualTo(0.001);
    assertThat(o.numBuckets()).isEqualTo(18);
    assertThat(o.bucketStart(0)).isEqualTo(0.0);
    assertThat(o.bucketStart(17)).isEqualTo(5.1);
    assertThat(o.findBucket(-1.0)).isEqualTo(0);
    assertThat(o.findBucket(0.0)).isEqualTo(0);
    assertThat(o.findBucket(1.3)).isEqualTo(4);
    assertThat(o.findBucket(100.0)).isEqualTo(17);
  }

  @Test
  void exponentialBucketsStartWhereTheFormulaSays() { // TestExponentialHistogramOptions: (500.0, 40.0, 1.5, epsilon)
    ExponentialBuckets o = new ExponentialBuckets(500.0, 40.0, 1.5, 0.001);
    assertThat(o.epsilon()).isEqualTo(0.001);
    assertThat(o.numBuckets()).isEqualTo(6);
    assertThat(o.bucketStart(0)).isEqualTo(0.0);
    assertThat(o.bucketStart(1)).isEqualTo(40.0);
    assertThat(o.bucketStart(2)).isEqualTo(100.0);
    assertThat(o.bucketStart(3)).isEqualTo(190.0);
    assertThat(o.bucketStart(4)).isEqualTo(325.0);
    assertThat(o.bucketStart(5)).isEqualTo(527.5);
    assertThat(o.findBucket(-1.0)).isEqualTo(0);
    assertThat(o.findBucket(39.99)).isEqualTo(0);
    assertThat(o.findBucket(40.0)).isEqualTo(1);
    assertThat(o.findBucket(100.0)).isEqualTo(2);
    assertThat(o.findBucket(900.0)).isEqualTo(5);
  }

  @Test
  void invalidBucketsAreRejected() { // NewExponentialHistogramOptions: "ratio must be > 1.0"
    assertThatThrownBy(() -> new ExponentialBuckets(100, 1, 1, 0.0001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("histogram maxValue, firstBucketSize and epsilon must be > 0 and ratio > 1, was 100.0, 1.0, 1.0E-4 and 1.0");
  }

  // ------------------------------------------------------------------ the recommender's layout

  @Test
  void defaultHistogramsHaveTheRecommendersConstants() {
    // model/aggregations_config.go: cpuHistogramOptions NewExponentialHistogramOptions(1000.0, 0.01, 1.+growth, epsilon),
    // memoryHistogramOptions NewExponentialHistogramOptions(1e12, 1e7, 1.+growth, epsilon), with
    // DefaultHistogramBucketSizeGrowth = 0.05 and epsilon = 0.001 * minSampleWeight (0.1)
    VerticalRecommenderConfig config = VerticalRecommenderConfig.ofDefaults();
    assertThat(config.cpuMaxCores()).isEqualTo(1000.0);
    assertThat(config.cpuFirstBucketCores()).isEqualTo(0.01);
    assertThat(config.memoryMaxBytes()).isEqualTo(1e12);
    assertThat(config.memoryFirstBucketBytes()).isEqualTo(1e7);
    assertThat(config.bucketGrowth()).isEqualTo(0.05);
    ExponentialBuckets cpu = HistogramRecommender.cpuBuckets(config);
    ExponentialBuckets memory = HistogramRecommender.memoryBuckets(config);
    assertThat(cpu.ratio).isEqualTo(1. + 0.05);
    assertThat(cpu.epsilon()).isEqualTo(0.001 * 0.1);
    assertThat(memory.epsilon()).isEqualTo(0.001 * 0.1);
    // numBuckets = ceil(log(1000 × 0.05 / 0.01 + 1) / log(1.05)) + 1 = ceil(ln 5001 / ln 1.05) + 1
    //            = ceil(8.51739 / 0.048790) + 1 = ceil(174.57) + 1 = 176; memory: 1e12 × 0.05 / 1e7 + 1 = 5001 again
    assertThat(cpu.numBuckets()).isEqualTo(176);
    assertThat(memory.numBuckets()).isEqualTo(176);
  }

  @Test
  void bucketStartsRoundAsGosRepeatedSquaring() {
    // GetBucketStart: firstBucketSize * (math.Pow(ratio, float64(bucket)) - 1) / (ratio - 1), where Pow squares
    // (pow.go): 1.05^26 = (1.05^2 × 1.05^8) × 1.05^16, each product rounded
    ExponentialBuckets cpu = HistogramRecommender.cpuBuckets(VerticalRecommenderConfig.ofDefaults());
    double x = 1.05;
    double x2 = x * x;
    double x8 = (x2 * x2) * (x2 * x2);
    double x16 = x8 * x8;
    assertThat(cpu.bucketStart(26)).isEqualTo(0.01 * ((x2 * x8) * x16 - 1) / (1.05 - 1)); // 0.5111 cores
    assertThat(cpu.bucketStart(4)).isEqualTo(0.01 * ((x2 * x2) - 1) / (1.05 - 1));
    // FindBucket: int(log(value*(ratio-1)/firstBucketSize+1) / log(ratio)); 0.5 cores: ln 3.5 / ln 1.05 = 25.68
    assertThat(cpu.findBucket(0.5)).isEqualTo(25);
    assertThat(cpu.findBucket(0.0099)).isEqualTo(0); // below firstBucketSize
    assertThat(cpu.findBucket(1e9)).isEqualTo(175); // beyond maxValue: the last bucket
  }

  // ------------------------------------------------------------------ histogram_test.go

  @Test
  void emptyHistogramHasPercentileZero() { // TestPercentilesEmptyHistogram, TestPercentilesEmptyDecayingHistogram
    DecayingHistogram h = decaying(testHistogramOptions());
    for (double p = -0.5; p <= 1.5; p += 0.5) {
      assertThat(h.percentile(p)).isEqualTo(0.0);
    }
  }

  @Test
  void percentileIsTheEndOfTheBucketReachingIt() { // TestPercentiles, TestNoDecay: { 1: 1, 2: 2, 3: 3, 4: 4 }
    DecayingHistogram h = decaying(testHistogramOptions());
    for (int i = 1; i <= 4; i++) {
      h.addSample(i, i, START);
    }
    double[][] expected = {{0.0, 2}, {0.1, 2}, {0.2, 3}, {0.3, 3}, {0.4, 4}, {0.5, 4}, {0.6, 4}, {0.7, 5}, {0.8, 5},
        {0.9, 5}, {1.0, 5}};
    for (double[] e : expected) {
      assertThat(h.percentile(e[0])).as("Percentile(%s)", e[0]).isCloseTo(e[1], relative(e[1]));
    }
  }

  @Test
  void percentilesOutsideZeroToOneGiveTheSmallestAndLargestBucket() { // TestPercentileOutOfBounds
    DecayingHistogram h = decaying(new LinearBuckets(1.0, 0.1, WEIGHT_EPSILON));
    h.addSample(0.1, 0.1, START);
    h.addSample(0.2, 0.2, START);
    assertThat(h.percentile(-0.1)).isCloseTo(0.2, relative(0.2));
    assertThat(h.percentile(1.1)).isCloseTo(0.3, relative(0.3));
    // Fill the boundary buckets.
    h.addSample(0.0, 0.1, START);
    h.addSample(1.0, 0.2, START);
    assertThat(h.percentile(-0.1)).isCloseTo(0.1, relative(0.1));
    assertThat(h.percentile(1.1)).isCloseTo(1.0, relative(1.0));
  }

  @Test
  void bucketLighterThanEpsilonIsEmpty() { // TestEmptyHistogram
    DecayingHistogram h = decaying(new LinearBuckets(1.0, 0.1, WEIGHT_EPSILON));
    assertThat(h.isEmpty()).isTrue();
    h.addSample(0.1, WEIGHT_EPSILON * 2.5, START); // Sample weight = epsilon * 2.5.
    assertThat(h.isEmpty()).isFalse();
    h.subtractSample(0.1, WEIGHT_EPSILON, START); // Sample weight = epsilon * 1.5.
    assertThat(h.isEmpty()).isFalse();
    h.subtractSample(0.1, WEIGHT_EPSILON, START); // Sample weight = epsilon * 0.5.
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void lightSampleBesideAHeavyOneKeepsTheHistogramNonEmpty() { // TestNonEmptyOnEpsilonAddition
    DecayingHistogram h = decaying(new LinearBuckets(1.0, 0.1, WEIGHT_EPSILON));
    assertThat(h.isEmpty()).isTrue();
    h.addSample(9.9, WEIGHT_EPSILON * 3, START);
    assertThat(h.isEmpty()).isFalse();
    h.addSample(0.1, WEIGHT_EPSILON * 0.3, START);
    assertThat(h.isEmpty()).isFalse(); // weight*3 sample should make the histogram non-empty
    h.addSample(999.9, WEIGHT_EPSILON * 0.3, START);
    assertThat(h.isEmpty()).isFalse();
  }

  // ------------------------------------------------------------------ decaying_histogram_test.go

  @Test
  void oldHeavySampleIsAlmostEntirelyDecayed() { // TestSimpleDecay
    DecayingHistogram h = decaying(testHistogramOptions());
    h.addSample(2, 1000, START);
    // 20 half-lives later: its relative weight is 2^20 × 0.001 > 1000 times larger than the first sample's
    h.addSample(1, 1, START + 20 * HOUR);
    assertThat(h.percentile(0.999)).isCloseTo(2, relative(2));
    assertThat(h.percentile(1.0)).isCloseTo(3, relative(3));
  }

  @Test
  void sampleOlderThanAHundredHalfLivesIsForgottenWhenTheReferenceMoves() { // TestLongtermDecay
    DecayingHistogram h = decaying(testHistogramOptions());
    h.addSample(2, 1, START);
    h.addSample(1, 1, START + 101 * HOUR); // the relative decay factor exceeds 2^maxDecayExponent
    assertThat(h.percentile(1.0)).isCloseTo(2, relative(2));
  }

  @Test
  void eachHalfLifeHalvesTheWeight() { // TestDecayingHistogramPercentiles
    DecayingHistogram h = decaying(testHistogramOptions());
    long timestamp = START;
    for (int i = 1; i <= 4; i++) {
      h.addSample(i, i, timestamp);
      timestamp += HOUR;
    }
    // bucket = [1..2], weight = 1 * 2^(-3), percentiles ~  0% ... 2%
    // bucket = [2..3], weight = 2 * 2^(-2), percentiles ~  3% ... 10%
    // bucket = [3..4], weight = 3 * 2^(-1), percentiles ~ 11% ... 34%
    // bucket = [4..5], weight = 4 * 2^(-0), percentiles ~ 35% ... 100%
    double[][] expected = {{0.00, 2}, {0.02, 2}, {0.03, 3}, {0.10, 3}, {0.11, 4}, {0.34, 4}, {0.35, 5}, {1.00, 5}};
    for (double[] e : expected) {
      assertThat(h.percentile(e[0])).as("Percentile(%s)", e[0]).isCloseTo(e[1], relative(e[1]));
    }
  }

  // ------------------------------------------------------------------ the reference time (shiftReferenceTimestamp)

  @Test
  void referenceIsTheNearestWholeHalfLifeSinceGosZeroTime() {
    // shiftReferenceTimestamp: newreferenceTimestamp.Round(h.halfLife); Go's Time.Round rounds halfway values up
    DecayingHistogram h = decaying(testHistogramOptions());
    h.addSample(2, 1, Instant.parse("2026-01-01T00:29:59.999Z").toEpochMilli());
    assertThat(h.referenceMillis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    DecayingHistogram halfway = decaying(testHistogramOptions());
    halfway.addSample(2, 1, Instant.parse("2026-01-01T00:30:00Z").toEpochMilli());
    assertThat(halfway.referenceMillis()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
    // half a half-life before the reference: Exp2(-0.5), within 1 ulp of 2^-0.5 (exp.go)
    assertThat(halfway.totalWeight()).isCloseTo(Math.sqrt(0.5), within(Math.ulp(Math.sqrt(0.5))));
  }

  @Test
  void weightsAreRescaledWhenTheReferenceMoves() {
    // shiftReferenceTimestamp: exponent := round(float64(ref.Sub(newRef)) / float64(halfLife)); scale(Ldexp(1, exponent))
    DecayingHistogram h = decaying(testHistogramOptions());
    long ref = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    h.addSample(2, 1, ref);
    h.addSample(5, 1, ref + 150 * HOUR); // beyond 100 half-lives: the reference moves 150 h on
    assertThat(h.referenceMillis()).isEqualTo(ref + 150 * HOUR);
    assertThat(h.weight(5)).isEqualTo(1.0);
    assertThat(h.weight(2)).isEqualTo(Math.scalb(1.0, -150)); // below epsilon: the old bucket counts as empty
    assertThat(h.percentile(0.0)).isEqualTo(6.0);
  }
}
