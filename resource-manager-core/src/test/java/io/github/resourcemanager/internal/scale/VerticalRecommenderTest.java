package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.ResourceRecommendation;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recommendations with the arithmetic of the VPA recommender written out in each test (kubernetes/autoscaler
 * vertical-pod-autoscaler/pkg/recommender): a value's bucket is {@code int(ln(v × 0.05 / first + 1) / ln 1.05)} and a
 * percentile is the end of its bucket, {@code first × (1.05^(n+1) − 1) / 0.05} (util/histogram_options.go FindBucket,
 * GetBucketStart; util/histogram.go Percentile), with first = 0.01 cores or 10^7 bytes (model/aggregations_config.go);
 * amounts are truncated (model/types.go resourceAmountFromFloat); target, lower and upper bound are the 0.9, 0.5 and
 * 0.95 percentiles plus 15 % ({@code WithMargin}: base + int(base × 0.15)), the bounds times
 * {@code (1 + 0.001 / confidence)^-2} and {@code (1 + 1 / confidence)} where confidence = min(history / 1 day,
 * samples / 1440) (logic/estimator.go getConfidence, WithConfidenceMultiplier; logic/recommender.go
 * CreatePodResourceRecommender). Time moves with a manual ticker, whose clock gives the samples' timestamps.
 */
class VerticalRecommenderTest {
  private static final long MIB = 1024 * 1024;
  private static final Metric WORKING_SET = Metric.of("agent.test.working-set", Unit.BYTES, "memory of an agent, for tests");

  private final ManualTicker ticker = new ManualTicker();
  private final Clock clock = ticker.clock(ResourceManagerExtension.START);
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  private VerticalRecommender recommender(VerticalRecommenderConfig.Builder config) {
    return Scalers.verticalRecommender(config.build(), 4);
  }

  private static CpuQuantity m(long millicores) {
    return CpuQuantity.ofMillicores(millicores);
  }

  private static ByteSize b(long bytes) {
    return ByteSize.ofBytes(bytes);
  }

  @Test
  void steadyCpuForADayThroughTheMonitor() {
    ScriptedSource source = ScriptedSource.named("scripted");
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(clock)
        .platformSources(false).source(source).interval(Duration.ofMinutes(1))
        .verticalRecommender(VerticalRecommenderConfig.ofDefaults())
        .build();
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 50.0 / rm.cpuCount()); // half a core
    rm.start();
    ticker.advance(Duration.ofMinutes(1439)); // 1440 samples, one a minute

    Recommendation r = rm.verticalRecommender().orElseThrow().recommendation("worker").orElseThrow();
    // Every sample falls in the bucket [0.4868, 0.5111) cores: every percentile is 0.5111 cores, 511m.
    // target 511 + 15 % = 587m; confidence = min(1439 / 1440 days, 1440 / 1440 samples a minute) = 0.99931
    // lower 587 × (1 + 0.001 / 0.99931)^-2 = 585m; upper 587 × (1 + 1 / 0.99931) = 1174m
    assertThat(r.cpu()).isEqualTo(new ResourceRecommendation<>(m(587), m(585), m(1174), m(587)));
    // no memory samples: the minimum recommendation, 250 MiB
    assertThat(r.memory()).isEqualTo(new ResourceRecommendation<>(b(250 * MIB), b(250 * MIB), b(250 * MIB), b(250 * MIB)));
    assertThat(r.cpuSamples()).isEqualTo(1440);
    assertThat(r.history()).isEqualTo(Duration.ofMinutes(1439));
    assertThat(rm.verticalRecommender().orElseThrow().recommendations()).containsOnlyKeys("worker");
  }

  @Test
  void monitorSamplesAreTakenOncePerSampleInterval() {
    ScriptedSource source = ScriptedSource.named("scripted");
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(clock)
        .platformSources(false).source(source).interval(Duration.ofSeconds(5))
        .verticalRecommender(VerticalRecommenderConfig.custom().memoryMetric(WORKING_SET).build())
        .build();
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 10).agentValues("worker", WORKING_SET, 300.0 * MIB);
    rm.start();
    ticker.advance(Duration.ofMinutes(10)); // 121 ticks, 11 a minute apart
    Recommendation r = rm.verticalRecommender().orElseThrow().recommendation("worker").orElseThrow();
    assertThat(r.cpuSamples()).isEqualTo(11);
    assertThat(r.history()).isEqualTo(Duration.ofMinutes(10));
  }

  /** 0.2 cores a minute, 1 core every tenth minute; memory 300 MiB with one 600 MiB peak. */
  private void busyDay(VerticalRecommender vr, int fromMinute, int toMinute, long memory) {
    for (int i = fromMinute; i < toMinute; i++) {
      long now = clock.millis();
      assertThat(vr.addCpuSample("svc", now, i % 10 == 9 ? 1.0 : 0.2)).isTrue();
      assertThat(vr.addMemorySample("svc", now, i == 700 ? 600 * MIB : memory)).isTrue();
      ticker.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void targetIsTheNinetiethPercentilePlusMarginAndBoundsWidenWithShortHistory() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    busyDay(vr, 0, 1440, 300 * MIB);
    Recommendation day1 = vr.recommendation("svc").orElseThrow();
    // confidence = min(1439 min / 1440 min, 1440 / 1440) = 0.999306
    // p90 is in the 1-core bucket: int(ln 6 / ln 1.05) = 36, ending 0.2 × (1.05^37 − 1) = 1.01628 cores: 1016m,
    // + int(1016 × 0.15) = 1168m; p50 in the 0.2-core bucket: int(ln 2 / ln 1.05) = 14, ending 0.2 × (1.05^15 − 1)
    // = 0.21579: 215 + 32 = 247, × (1 + 0.001 / 0.999306)^-2 = 246.75: 246m; p95: 1168 × (1 + 1 / 0.999306) = 2336.8
    assertThat(day1.cpu()).isEqualTo(new ResourceRecommendation<>(m(1168), m(246), m(2336), m(1168)));
    // one peak, 600 MiB = 629145600 bytes: bucket int(ln(629145600 × 0.05 / 10^7 + 1) / ln 1.05) = 29, ending
    // 2 × 10^8 × (1.05^30 − 1) = 664388475.03: + int(664388475 × 0.15) = 764046746; lower 764046746 ×
    // (1 + 0.001 / 0.999306)^-2 = 762519882.86; upper 764046746 × (1 + 1 / 0.999306) = 1528624448.74
    assertThat(day1.memory()).isEqualTo(new ResourceRecommendation<>(
        b(764_046_746L), b(762_519_882L), b(1_528_624_448L), b(764_046_746L)));

    busyDay(vr, 1440, 2880, 400 * MIB);
    Recommendation day2 = vr.recommendation("svc").orElseThrow();
    // a second day: confidence = min(2879 / 1440, 2880 / 1440) = 1.999306, so the upper bound is 1168 ×
    // (1 + 1 / 1.999306) = 1752.2; the lower bound 247 × (1 + 0.001 / 1.999306)^-2 = 246.75 stays 246
    assertThat(day2.cpu()).isEqualTo(new ResourceRecommendation<>(m(1168), m(246), m(1752), m(1168)));
    // the day's peak, 400 MiB = 419430400 bytes, weighs twice the first (a day later, half-life a day): weights 1 and
    // 2, so p50 is in its bucket, int(ln(3.0971) / ln 1.05) = 23, ending 2 × 10^8 × (1.05^24 − 1) = 445019988.74:
    // + int(445019988 × 0.15) = 511772986, × (1 + 0.001 / 1.999306)^-2 = 511261419.09; p90 and p95 stay in the
    // 600 MiB bucket: target 764046746, upper 764046746 × (1 + 1 / 1.999306) = 1146202812.08
    assertThat(day2.memory()).isEqualTo(new ResourceRecommendation<>(
        b(764_046_746L), b(511_261_419L), b(1_146_202_812L), b(764_046_746L)));
  }

  @Test
  void oomRaisesTheMemoryPeakAndBoundsCapEverythingButTheUncappedTarget() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom()
        .allowedCpu(null, CpuQuantity.ofCores(1))
        .allowedMemory(ByteSize.ofMebibytes(256), ByteSize.ofMebibytes(700)));
    Instant start = clock.instant();
    vr.addMemorySample("svc", clock.millis(), 500 * MIB);
    vr.addCpuSample("svc", clock.millis(), 0.1);
    ticker.advance(Duration.ofMinutes(1));
    // killed at its 512 MiB limit: max(512 MiB × 1.2, 512 MiB + 100 MiB) = 644245094 bytes replaces the 500 MiB peak
    assertThat(vr.recordOom("svc", clock.instant(), ByteSize.ofMebibytes(512))).isTrue();
    vr.addCpuSample("svc", clock.millis(), 0.1);

    Recommendation r = vr.recommendation("svc").orElseThrow();
    // two samples a minute apart: confidence min(1 / 1440, 2 / 1440) = 1/1440, so the upper bound is 1441 times the
    // estimate. CPU 0.1 cores: bucket int(ln 1.5 / ln 1.05) = 8, ending 0.2 × (1.05^9 − 1) = 0.11027: 110 + 16 = 126m;
    // lower 126 × (1 + 1.44)^-2 = 21.2, raised to the minimum 25m; upper 126 × 1441, capped at maxAllowed 1 core.
    // Memory: the OOM's 644245094 bytes fall in bucket int(ln 4.2212 / ln 1.05) = 29, as 600 MiB did: 764046746
    // uncapped, capped to 700 MiB; lower 764046746 × (1 + 1.44)^-2 = 128.3 MB, raised to minAllowed 256 MiB
    // (applyVPAPolicy: raise to the minimum, then lower to the maximum)
    assertThat(r.cpu()).isEqualTo(new ResourceRecommendation<>(m(126), m(25), m(1000), m(126)));
    assertThat(r.memory()).isEqualTo(new ResourceRecommendation<>(
        b(700 * MIB), b(256 * MIB), b(700 * MIB), b(764_046_746L)));
    assertThat(vr.recordOom("svc", start.minus(Duration.ofHours(25)), ByteSize.ofMebibytes(512))).isFalse();
  }

  @Test
  void uncappedUpperBoundWithOneMinuteOfHistory() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    vr.addMemorySample("svc", clock.millis(), 500 * MIB);
    vr.addCpuSample("svc", clock.millis(), 0.1);
    ticker.advance(Duration.ofMinutes(1));
    vr.recordOom("svc", clock.instant(), ByteSize.ofMebibytes(512));
    vr.addCpuSample("svc", clock.millis(), 0.1);
    Recommendation r = vr.recommendation("svc").orElseThrow();
    // confidence 1/1440: the upper bound is 1441 times the estimate, 126m × 1441 and 764046746 bytes × 1441
    assertThat(r.cpu().upperBound()).isEqualTo(m(181_566));
    assertThat(r.memory().upperBound()).isEqualTo(b(1_100_991_360_986L));
  }

  @Test
  void agentWithoutSamplesHasNoRecommendation() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    assertThat(vr.recommendation("nobody")).isEmpty();
    assertThat(vr.addCpuSample("svc", clock.millis(), -1)).isFalse();
    assertThat(vr.recommendation("svc")).isEmpty(); // known, but nothing aggregated
  }

  @Test
  void duplicateAndOutOfOrderCpuSamplesAreDiscarded() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    long t = clock.millis();
    assertThat(vr.addCpuSample("svc", t, 0.5)).isTrue();
    assertThat(vr.addCpuSample("svc", t, 0.5)).isFalse();
    assertThat(vr.addCpuSample("svc", t - 1, 0.5)).isFalse();
    assertThat(vr.recommendation("svc").orElseThrow().cpuSamples()).isEqualTo(1);
  }

  @Test
  void historyOfAnAgentCanBeLoaded() {
    ScriptedSource source = ScriptedSource.named("scripted");
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(clock)
        .platformSources(false).source(source).interval(Duration.ofMinutes(1)).build();
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 50.0 / rm.cpuCount());
    rm.start();
    ticker.advance(Duration.ofMinutes(59));
    VerticalRecommender vr = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), rm.cpuCount());
    vr.addHistory(rm.tracker().get("worker"), Duration.ofHours(1));
    Recommendation r = vr.recommendation("worker").orElseThrow();
    assertThat(r.cpuSamples()).isEqualTo(60);
    assertThat(r.cpu().target()).isEqualTo(m(587));
  }

  @Test
  void agentsWithoutSamplesForTheWholeWindowAreDropped() {
    ScriptedSource source = ScriptedSource.named("scripted");
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(clock)
        .platformSources(false).source(source).interval(Duration.ofMinutes(1))
        .verticalRecommender(VerticalRecommenderConfig.custom()
            .memoryAggregationInterval(Duration.ofMinutes(30)).memoryAggregationIntervalCount(2).build())
        .build();
    rm.tracker().register("worker"); // measured by the tracker: idle, 0 %, from the second tick on
    rm.start();
    ticker.advance(Duration.ofMinutes(1)); // one sample, at 1 min
    rm.tracker().unregister("worker"); // then nothing
    VerticalRecommender vr = rm.verticalRecommender().orElseThrow();
    assertThat(vr.recommendation("worker").orElseThrow().cpuSamples()).isEqualTo(1);
    ticker.advance(Duration.ofMinutes(59)); // the hourly clean-up at 60 min: 59 min without samples < 60 min
    assertThat(vr.size()).isEqualTo(1);
    ticker.advance(Duration.ofMinutes(60)); // at 120 min: 119 min without samples
    assertThat(vr.size()).isZero();
  }

  @Test
  void newAgentsBeyondTheLimitAreDroppedAndCounted() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom().maxAgents(1));
    assertThat(vr.addCpuSample("a", clock.millis(), 0.5)).isTrue();
    assertThat(vr.addCpuSample("b", clock.millis(), 0.5)).isFalse();
    assertThat(vr.droppedSamples()).isEqualTo(1);
    assertThat(vr.forget("a")).isTrue();
    assertThat(vr.addCpuSample("b", clock.millis(), 0.5)).isTrue();
  }

  @Test
  void recommendationsAreListedInOrderOfFirstSample() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    for (String id : new String[] {"zeta", "alpha", "mu"}) {
      vr.addCpuSample(id, clock.millis(), 0.5);
    }
    assertThat(vr.recommendations()).containsOnlyKeys("zeta", "alpha", "mu");
    assertThat(vr.recommendations().keySet()).containsExactly("zeta", "alpha", "mu");
  }

  @Test
  void agentIdIsRequired() {
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    assertThatThrownBy(() -> vr.addCpuSample("", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agentId must not be empty");
    assertThatThrownBy(() -> vr.addCpuSample(null, 0, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentId");
    assertThatThrownBy(() -> vr.addMemorySample(null, 0, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentId");
    assertThatThrownBy(() -> vr.recommendation(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentId");
    assertThatThrownBy(() -> vr.forget(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentId");
    assertThatThrownBy(() -> vr.recordOom("a", null, ByteSize.ofMebibytes(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("time");
    assertThatThrownBy(() -> vr.recordOom("a", Instant.EPOCH, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("memoryAtOom");
  }

  @Test
  void historyNeedsAnAgentAndAWindow() {
    ScriptedSource source = ScriptedSource.named("scripted");
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(clock)
        .platformSources(false).source(source).build();
    VerticalRecommender vr = recommender(VerticalRecommenderConfig.custom());
    assertThatThrownBy(() -> vr.addHistory(null, Duration.ofHours(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agent");
    assertThatThrownBy(() -> vr.addHistory(rm.tracker().register("idle"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window");
    assertThatThrownBy(() -> vr.addHistory(rm.tracker().register("worker"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative, was PT-1S");
    assertThat(vr.size()).isZero();
  }
}
