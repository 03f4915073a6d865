package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VPA's container_test.go: CPU samples, memory peaks per aggregation interval, and the OOM rule. Where the
 * VPA's tests expect histogram calls on a mock, these check what the real histogram holds: which buckets carry
 * weight, and the interval end the peaks are recorded at.
 */
class AgentStateTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long MIB = 1024 * 1024;
  private static final long T = Instant.parse("2017-04-18T17:35:05Z").toEpochMilli(); // the VPA tests' testTimestamp

  private final VerticalRecommenderConfig config = VerticalRecommenderConfig.ofDefaults();

  private AgentState state(long intervalMillis) {
    return new AgentState(HistogramRecommender.cpuBuckets(config), DAY, HistogramRecommender.memoryBuckets(config), DAY, intervalMillis, 1.2, 100 * MIB, T);
  }

  private List<Integer> peakBuckets(AgentState s) {
    List<Integer> buckets = new ArrayList<>();
    for (int b = 0; b < HistogramRecommender.memoryBuckets(config).numBuckets(); b++) {
      if (s.memoryPeaks.weight(b) >= AgentState.EPSILON) {
        buckets.add(b);
      }
    }
    return buckets;
  }

  private int bucket(long bytes) {
    return HistogramRecommender.memoryBuckets(config).findBucket(bytes);
  }

  @Test
  void cpuSamplesAreAggregatedAndInvalidOnesDiscarded() { // TestAggregateContainerUsageSamples, CPU part
    AgentState s = state(DAY);
    long step = DAY / 2;
    assertThat(s.addCpuSample(T, 3.14)).isTrue();
    assertThat(s.addCpuSample(T + step, 6.28)).isTrue();
    assertThat(s.addCpuSample(T + 2 * step, 1.57)).isTrue();
    assertThat(s.addCpuSample(T + 2 * step, 1.0)).isFalse(); // not after the last sample
    assertThat(s.addCpuSample(T + 4 * step, -1.0)).isFalse(); // negative
    assertThat(s.totalSamples).isEqualTo(3);
    assertThat(s.firstSampleStart).isEqualTo(T);
    assertThat(s.lastSampleStart).isEqualTo(T + 2 * step);
    // Each sample weighs 0.1 × 2^((t - reference) / 24 h); the reference is the midnight nearest the first sample.
    long reference = Instant.parse("2017-04-19T00:00:00Z").toEpochMilli();
    assertThat(s.cpu.referenceMillis()).isEqualTo(reference);
    // Go's Exp2 and fdlibm's pow are each within 1 ulp of the exact power (exp.go, e_pow.c), so the sum of three
    // weights of about 0.1 differs from this one by a few ulps at most.
    double expected = 0.0;
    for (long t : new long[] {T, T + step, T + 2 * step}) {
      expected += 0.1 * StrictMath.pow(2.0, (double) (t - reference) / DAY);
    }
    assertThat(s.cpu.totalWeight()).isCloseTo(expected, org.assertj.core.api.Assertions.within(4 * Math.ulp(expected)));
  }

  @Test
  void memoryKeepsOnePeakPerIntervalRecordedAtTheIntervalsEnd() { // TestAggregateContainerUsageSamples, memory part
    AgentState s = state(DAY);
    long step = DAY / 2;
    assertThat(s.addMemorySample(T, 500 * MIB)).isTrue();
    assertThat(s.windowEnd()).isEqualTo(T + DAY);
    assertThat(s.addMemorySample(T + step, 1000 * MIB)).isTrue(); // replaces the interval's peak
    assertThat(peakBuckets(s)).containsExactly(bucket(1000 * MIB));
    assertThat(s.addMemorySample(T + 2 * step, 200 * MIB)).isTrue(); // next interval
    assertThat(s.windowEnd()).isEqualTo(T + 2 * DAY);
    assertThat(peakBuckets(s)).containsExactly(bucket(200 * MIB), bucket(1000 * MIB));
    // recorded a day apart, the second peak weighs twice the first
    assertThat(s.memoryPeaks.weight(bucket(200 * MIB)) / s.memoryPeaks.weight(bucket(1000 * MIB))).isEqualTo(2.0);
    assertThat(s.addMemorySample(T + 4 * step, -1)).isFalse();
    assertThat(s.addMemorySample(T, 100 * MIB)).isFalse(); // older than the last memory sample
  }

  @Test
  void smallerSampleDoesNotReplaceTheIntervalsPeak() {
    AgentState s = state(DAY);
    s.addMemorySample(T, 1000 * MIB);
    s.addMemorySample(T + HOUR, 500 * MIB);
    assertThat(peakBuckets(s)).containsExactly(bucket(1000 * MIB));
  }

  @Test
  void oomIsBumpedByTwentyPercent() { // TestRecordOOMIncreasedByBumpUp
    AgentState s = state(DAY);
    assertThat(s.recordOom(T, 1000 * MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(1200 * MIB));
    assertThat(s.windowEnd()).isEqualTo(T + DAY);
  }

  @Test
  void oomIsBumpedByAtLeastOneHundredMebibytes() { // TestRecordOOMIncreasedByMin
    AgentState s = state(DAY);
    assertThat(s.recordOom(T, MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(101 * MIB));
  }

  @Test
  void smallerOomsDoNotRaiseThePeakAndLargerOnesReplaceIt() { // TestRecordOOMDontRunAway
    AgentState s = state(DAY);
    s.recordOom(T, 1000 * MIB);
    assertThat(s.recordOom(T, 999 * MIB)).isTrue();
    assertThat(s.recordOom(T, 999 * MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(1200 * MIB));
    assertThat(s.recordOom(T, 2000 * MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(2400 * MIB));
  }

  @Test
  void oomBumpsTheKnownPeakWhenItIsAboveTheMemoryAtTheKill() { // TestRecordOOMMaxedWithKnownSample
    AgentState s = state(DAY);
    s.addMemorySample(T, 3000 * MIB);
    assertThat(s.recordOom(T, 1000 * MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(3600 * MIB));
  }

  @Test
  void oomOlderThanAnIntervalBeforeTheLastSampleIsDiscarded() { // TestRecordOOMDiscardsOldSample
    AgentState s = state(DAY);
    s.addMemorySample(T, 1000 * MIB);
    assertThat(s.recordOom(T - 30 * HOUR, 1000 * MIB)).isFalse();
    assertThat(peakBuckets(s)).containsExactly(bucket(1000 * MIB));
  }

  @Test
  void oomInALaterIntervalStartsThatInterval() { // TestRecordOOMInNewWindow
    AgentState s = state(DAY);
    s.addMemorySample(T, 2000 * MIB);
    assertThat(s.recordOom(T + 2 * DAY, 1000 * MIB)).isTrue();
    assertThat(s.windowEnd()).isEqualTo(T + 3 * DAY);
    assertThat(peakBuckets(s)).containsExactly(bucket(2000 * MIB), bucket(2400 * MIB));
  }

  @Test
  void freshOomJustBeforeAnIntervalBoundaryIsKept() { // TestRecordOOMFreshOOMNearWindowBoundaryIsNotDiscarded
    AgentState s = state(DAY);
    s.addMemorySample(T, 100 * MIB);
    s.addMemorySample(T + DAY, 2000 * MIB);
    assertThat(s.windowEnd()).isEqualTo(T + 2 * DAY);
    assertThat(s.recordOom(T + DAY - 1000, 1000 * MIB)).isTrue();
    assertThat(peakBuckets(s)).containsExactly(bucket(100 * MIB), bucket(2400 * MIB));
  }

  @Test
  void shorterIntervalKeepsAPeakPerHour() { // TestMemorySamplesWithCustomAggregationInterval / ...PeakUpdate...
    AgentState s = state(HOUR);
    s.addMemorySample(T, 500 * MIB);
    s.addMemorySample(T + 30 * 60_000L, 1000 * MIB);
    assertThat(s.windowEnd()).isEqualTo(T + HOUR);
    assertThat(peakBuckets(s)).containsExactly(bucket(1000 * MIB));
    s.addMemorySample(T + 2 * HOUR, 200 * MIB);
    assertThat(s.windowEnd()).isEqualTo(T + 3 * HOUR);
    assertThat(peakBuckets(s)).containsExactly(bucket(200 * MIB), bucket(1000 * MIB));
  }

  @Test
  void shorterIntervalDiscardsOomsOlderThanIt() { // TestRecordOOMDiscardsOldSampleWithCustomInterval
    AgentState s = state(HOUR);
    s.addMemorySample(T, 1000 * MIB);
    assertThat(s.recordOom(T - 2 * HOUR, 1000 * MIB)).isFalse();
    assertThat(s.recordOom(T + 2 * HOUR, 1000 * MIB)).isTrue(); // TestRecordOOMInNewWindowWithCustomInterval
    assertThat(s.windowEnd()).isEqualTo(T + 3 * HOUR);
  }

  @Test
  void stateWithoutSamplesForTheWholeWindowIsExpired() {
    AgentState s = state(DAY);
    assertThat(s.isExpired(T + 8 * DAY - 1, 8 * DAY)).isFalse();
    assertThat(s.isExpired(T + 8 * DAY, 8 * DAY)).isTrue();
    s.addCpuSample(T + DAY, 0.5);
    assertThat(s.isExpired(T + 8 * DAY, 8 * DAY)).isFalse();
    assertThat(s.isExpired(T + 9 * DAY, 8 * DAY)).isTrue();
  }
}
