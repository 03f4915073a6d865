package io.github.resourcemanager.export;

import static io.github.resourcemanager.test.ResourceManagerExtension.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.export.BottleneckCriteria.Ranking;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ResourceManagerExtension.class)
class AnalyticsTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final double NAN = Double.NaN;

  private static Instant at(int seconds) {
    return START.plusSeconds(seconds);
  }

  /** Samples every 5 s from 0 s; starts the manager and takes one sample per value. */
  private static void run(ResourceManager rm, ManualTicker ticker, int samples) {
    rm.start();
    ticker.advance(Duration.ofSeconds(5L * (samples - 1)));
  }

  // ---------------------------------------------------------------- peaks

  @Test
  void peakIsTheHighestMeasuredValueAtItsFirstTime(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 40, 90, NAN, 90, 10);
    run(rm, ticker, 5);
    PeakReport report = Analytics.of(rm).peaks(HOUR);
    assertThat(report.peaks()).containsExactly(new Peak(Metric.SYSTEM_CPU_USAGE, null, 90, at(5)));
    assertThat(report.generatedAt()).isEqualTo(at(20));
    assertThat(report.window()).isEqualTo(HOUR);
  }

  @Test
  void agentPeakNamesTheAgentThatReachedIt(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("alpha", Metric.AGENT_CPU_USAGE, 10, 30, 20)
        .agentValues("beta", Metric.AGENT_CPU_USAGE, 25, 5, 35);
    run(rm, ticker, 3);
    assertThat(Analytics.of(rm).peaks(HOUR, List.of(Metric.AGENT_CPU_USAGE)).peaks())
        .containsExactly(new Peak(Metric.AGENT_CPU_USAGE, "beta", 35, at(10)));
  }

  @Test
  void equalAgentPeaksGoToTheEarliestTimeThenTheFirstRegistered(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    rm.tracker().register("first");
    rm.tracker().register("second");
    rm.tracker().register("third");
    source.agentValues("third", Metric.AGENT_THREADS, 1, 7)
        .agentValues("second", Metric.AGENT_THREADS, 7, 1)
        .agentValues("first", Metric.AGENT_THREADS, 1, 7);
    run(rm, ticker, 2);
    assertThat(Analytics.of(rm).peaks(HOUR, List.of(Metric.AGENT_THREADS)).peak(Metric.AGENT_THREADS))
        .contains(new Peak(Metric.AGENT_THREADS, "second", 7, at(0)));
    source.agentValues("second", Metric.AGENT_THREADS, 0); // from the third sample on
    ticker.advance(Duration.ofSeconds(5));
    assertThat(Analytics.of(rm).peaks(Duration.ofSeconds(5), List.of(Metric.AGENT_THREADS)).peak(Metric.AGENT_THREADS))
        .contains(new Peak(Metric.AGENT_THREADS, "first", 7, at(5)));
  }

  @Test
  void peaksLookOnlyWithinTheWindow(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 99, 20, 30, 25);
    run(rm, ticker, 4);
    assertThat(Analytics.of(rm).peaks(Duration.ofSeconds(10)).peaks())
        .containsExactly(new Peak(Metric.SYSTEM_CPU_USAGE, null, 30, at(10)));
  }

  @Test
  void byDefaultEveryMetricWithDataHasAPeakMachineMetricsFirst(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.agentValues("alpha", Metric.AGENT_CPU_USAGE, 3)
        .values(Metric.SYSTEM_MEMORY_USED, 1024).values(Metric.SYSTEM_CPU_USAGE, 12);
    run(rm, ticker, 1);
    // The tracker adds agent.cpu.time and agent.threads of its own for every agent, both 0 here.
    assertThat(Analytics.of(rm).peaks(HOUR).peaks()).containsExactly(
        new Peak(Metric.SYSTEM_CPU_USAGE, null, 12, at(0)),
        new Peak(Metric.SYSTEM_MEMORY_USED, null, 1024, at(0)),
        new Peak(Metric.AGENT_CPU_USAGE, "alpha", 3, at(0)),
        new Peak(Metric.AGENT_CPU_TIME, "alpha", 0, at(0)),
        new Peak(Metric.AGENT_THREADS, "alpha", 0, at(0)));
  }

  @Test
  void metricsAskedForComeInTheOrderGivenAndThoseWithoutDataAreLeftOut(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 12).values(Metric.SYSTEM_MEMORY_USED, 1024);
    run(rm, ticker, 1);
    PeakReport report = Analytics.of(rm).peaks(HOUR,
        List.of(Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_DISK_READ, Metric.SYSTEM_CPU_USAGE));
    assertThat(report.peaks()).extracting(Peak::metric).containsExactly(Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_CPU_USAGE);
    assertThat(report.peak(Metric.SYSTEM_DISK_READ)).isEmpty();
  }

  @Test
  void windowMustBePositive(ResourceManager rm) {
    assertThatThrownBy(() -> Analytics.of(rm).peaks(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was PT0S");
    assertThatThrownBy(() -> Analytics.of(rm).bottlenecks(null, BottleneckCriteria.ofDefaults()))
        .isInstanceOf(NullPointerException.class).hasMessage("window");
  }

  // ---------------------------------------------------------------- bottlenecks

  private static final double[] CPU = {50, 85, 90, 95, 70, 85, 88, NAN, 99, 60}; // t = 0, 5, ..., 45

  @Test
  void runsLastFromTheirFirstToTheirLastSampleAboveAndShortOnesAreDropped(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, CPU);
    run(rm, ticker, CPU.length);
    BottleneckCriteria criteria = BottleneckCriteria.custom().minDuration(Duration.ofSeconds(5)).build();
    BottleneckReport report = Analytics.of(rm).bottlenecks(HOUR, criteria);
    assertThat(report.bottlenecks()).containsExactly(new Bottleneck(Metric.SYSTEM_CPU_USAGE, null, 80,
        Duration.ofSeconds(15), Duration.ofSeconds(10), 95, at(15), (95 - 80) / 80.0, List.of(
            new Bottleneck.Run(at(5), at(15), Duration.ofSeconds(10), 95),
            new Bottleneck.Run(at(25), at(30), Duration.ofSeconds(5), 88))));
  }

  @Test
  void zeroMinimumDurationKeepsSingleSamplesAboveAndAnUnmeasuredSampleEndsARun(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, CPU);
    run(rm, ticker, CPU.length);
    Bottleneck cpu = Analytics.of(rm).bottlenecks(HOUR, BottleneckCriteria.custom().minDuration(Duration.ZERO).build())
        .bottlenecks().get(0);
    assertThat(cpu.runs()).containsExactly(
        new Bottleneck.Run(at(5), at(15), Duration.ofSeconds(10), 95),
        new Bottleneck.Run(at(25), at(30), Duration.ofSeconds(5), 88),
        new Bottleneck.Run(at(40), at(40), Duration.ZERO, 99));
    assertThat(cpu.peak()).isEqualTo(99);
    assertThat(cpu.peakTime()).isEqualTo(at(40));
    assertThat(cpu.timeAbove()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aValueEqualToTheThresholdIsNotAbove(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 80, 80, 80, 80);
    run(rm, ticker, 4);
    assertThat(Analytics.of(rm).bottlenecks(HOUR, BottleneckCriteria.custom().minDuration(Duration.ZERO).build())
        .bottlenecks()).isEmpty();
  }

  @Test
  void byDefaultEveryPercentageMetricIsCheckedAgainstEightyForAMinute(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    double[] high = new double[14]; // 65 s above
    java.util.Arrays.fill(high, 90);
    double[] bytes = high.clone();
    java.util.Arrays.fill(bytes, 1e12);
    source.values(Metric.SYSTEM_MEMORY_USAGE, high).values(Metric.SYSTEM_MEMORY_USED, bytes)
        .values(Metric.JVM_GC_OVERHEAD, 95, 95, 95, 5);
    run(rm, ticker, 14);
    BottleneckReport report = Analytics.of(rm).bottlenecks(HOUR, BottleneckCriteria.ofDefaults());
    assertThat(report.bottlenecks()).extracting(Bottleneck::metric).containsExactly(Metric.SYSTEM_MEMORY_USAGE);
    assertThat(report.bottlenecks().get(0).timeAbove()).isEqualTo(Duration.ofSeconds(65));
  }

  @Test
  void aThresholdOfItsOwnChecksAnyMetricAndTurnsTheDefaultPercentageCheckOff(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 99, 99).values(Metric.SYSTEM_LOAD_1M, 3, 5);
    run(rm, ticker, 2);
    BottleneckCriteria criteria = BottleneckCriteria.custom().threshold(Metric.SYSTEM_LOAD_1M, 4)
        .minDuration(Duration.ZERO).build();
    assertThat(Analytics.of(rm).bottlenecks(HOUR, criteria).bottlenecks())
        .extracting(Bottleneck::metric, Bottleneck::peak, Bottleneck::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Metric.SYSTEM_LOAD_1M, 5.0, 0.25));
    BottleneckCriteria both = BottleneckCriteria.custom().threshold(Metric.SYSTEM_LOAD_1M, 4).percentThreshold(90)
        .minDuration(Duration.ZERO).build();
    assertThat(Analytics.of(rm).bottlenecks(HOUR, both).bottlenecks()).extracting(Bottleneck::metric)
        .containsExactly(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_LOAD_1M);
  }

  @Test
  void agentMetricsAreCheckedPerAgent(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("alpha", Metric.AGENT_CPU_USAGE, 90, 90, 90)
        .agentValues("beta", Metric.AGENT_CPU_USAGE, 90, 10, 95);
    run(rm, ticker, 3);
    BottleneckReport report = Analytics.of(rm).bottlenecks(HOUR, BottleneckCriteria.custom()
        .minDuration(Duration.ZERO).build());
    assertThat(report.bottlenecks()).extracting(Bottleneck::agent, Bottleneck::timeAbove).containsExactly(
        org.assertj.core.groups.Tuple.tuple("alpha", Duration.ofSeconds(10)),
        org.assertj.core.groups.Tuple.tuple("beta", Duration.ZERO));
  }

  @Test
  void rankingByTimeAboveOrBySeverity(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 85, 85, 85, 85) // long, mild
        .values(Metric.SYSTEM_MEMORY_USAGE, 10, 10, 99, 99); // short, severe
    run(rm, ticker, 4);
    Analytics analytics = Analytics.of(rm);
    BottleneckCriteria.Builder criteria = BottleneckCriteria.custom().minDuration(Duration.ofSeconds(5));
    assertThat(analytics.bottlenecks(HOUR, criteria.build()).bottlenecks()).extracting(Bottleneck::metric)
        .containsExactly(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USAGE);
    assertThat(analytics.bottlenecks(HOUR, criteria.ranking(Ranking.SEVERITY).build()).bottlenecks())
        .extracting(Bottleneck::metric).containsExactly(Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void bottlenecksLookOnlyWithinTheWindow(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 90, 90, 10, 10);
    run(rm, ticker, 5);
    BottleneckCriteria criteria = BottleneckCriteria.custom().minDuration(Duration.ZERO).build();
    // now is 20 s: a 9 s window starts after the last sample above, a 10 s window includes it
    assertThat(Analytics.of(rm).bottlenecks(Duration.ofSeconds(9), criteria).bottlenecks()).isEmpty();
    assertThat(Analytics.of(rm).bottlenecks(Duration.ofSeconds(10), criteria).bottlenecks().get(0).runs())
        .containsExactly(new Bottleneck.Run(at(10), at(10), Duration.ZERO, 90));
  }
}
