package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Raw samples for a recent window, rollups for longer ones: a query reads the finest tier that holds its window, and
 * its series says which step that was. Tiers here: raw for 10 s, 5-second buckets for 1 min, 30-second buckets for
 * 5 min; the ticker starts at 0 and samples every second, so the sample at {@code t} seconds has the value {@code t}
 * and bucket boundaries fall on multiples of the step.
 */
class TieredHistoryTest {
  private static final Metric LOAD = Metric.of("test.tiers.load", Unit.NONE, "a scripted machine value");
  private static final Metric AGENT_LOAD = Metric.of("agent.test.tiers.load", Unit.NONE, "a scripted agent value");
  private static final double[] RAMP = ramp(400);

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(1)).defaultAlertRules(false)
      .historyTiers("raw 10s, 5s for 1m, 30s for 5m")
      .agentHistoryTiers("class=batch", "raw 5s, 10s for 2m"));

  private static double[] ramp(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  /** Samples at t = 0 .. seconds - 1. */
  private static void run(ResourceManager rm, ManualTicker ticker, int seconds) {
    rm.start();
    ticker.advance(Duration.ofSeconds(seconds - 1));
  }

  @Test
  void aWindowWithinTheRawTierReadsRawSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 100);
    Series series = rm.history(LOAD, Duration.ofSeconds(5));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(1));
    assertThat(series.values()).containsExactly(94, 95, 96, 97, 98, 99); // t >= 99 - 5
  }

  @Test
  void aWindowBeyondTheRawTierReadsTheFinestRollupThatHoldsIt(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 100);
    Series series = rm.history(LOAD, Duration.ofSeconds(40));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(5));
    // buckets overlapping t >= 59: [55, 60) .. [90, 95) closed, [95, 100) still open; a bucket's value is its mean
    assertThat(series.values()).containsExactly(57, 62, 67, 72, 77, 82, 87, 92, 97);
    assertThat(series.tickNanos(0)).isEqualTo(55_000_000_000L);
    assertThat(series.time(8)).isEqualTo(ResourceManagerExtension.START.plusSeconds(95));
  }

  @Test
  void aSummaryFromARollupCountsEverySampleWithExactExtremesAndMean(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 100);
    Summary summary = rm.summary(LOAD, Duration.ofSeconds(40));
    // the samples 55 .. 99 of the buckets read: 45 of them, mean (55 + 99) / 2
    assertThat(summary.count()).isEqualTo(45);
    assertThat(summary.min()).isEqualTo(55);
    assertThat(summary.max()).isEqualTo(99);
    assertThat(summary.avg()).isEqualTo(77);
    assertThat(summary.last()).isEqualTo(99);
    // R-7 over 55..99: p50 at rank 22 -> 77, p95 at rank 41.8 -> 96.8; the mixture of buckets approximates them
    // within a bucket's spread (5 samples, 4 apart at most)
    assertThat(summary.p50()).isCloseTo(77, within(2.0));
    assertThat(summary.p95()).isCloseTo(96.8, within(2.0));
  }

  @Test
  void aWindowBeyondTheFirstRollupReadsTheCoarserOne(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 400);
    Series series = rm.history(LOAD, Duration.ofMinutes(4));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(30));
    // since t = 159: buckets [150, 180) .. [360, 390) closed, [390, 420) open with 390 .. 399
    assertThat(series.values()).containsExactly(164.5, 194.5, 224.5, 254.5, 284.5, 314.5, 344.5, 374.5, 394.5);
    Summary summary = series.summary();
    assertThat(summary.count()).isEqualTo(250); // 150 .. 399
    assertThat(summary.min()).isEqualTo(150);
    assertThat(summary.max()).isEqualTo(399);
    assertThat(summary.avg()).isEqualTo(274.5);
  }

  @Test
  void aWindowLongerThanTheHistoryReadsTheTierReachingFurthestBack(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 400);
    Series series = rm.history(LOAD, Duration.ofHours(1));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(30));
    // the 30 s tier keeps 5 min / 30 s + 1 = 11 closed buckets, [60, 90) .. [360, 390), then the open [390, 420):
    // the oldest data of any tier
    assertThat(series.value(0)).isEqualTo(74.5);
    assertThat(series.summary().count()).isEqualTo(400 - 60);
  }

  @Test
  void aYoungHistoryReadsRawSamplesForAnyWindow(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(LOAD, RAMP);
    run(rm, ticker, 8);
    Series series = rm.history(LOAD, Duration.ofHours(1));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(1));
    assertThat(series.values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void agentsReadAcrossTiersAsTheMachineDoes(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("worker", AGENT_LOAD, RAMP);
    run(rm, ticker, 100);
    Series series = rm.history("worker", AGENT_LOAD, Duration.ofSeconds(40));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(5));
    assertThat(series.values()).containsExactly(57, 62, 67, 72, 77, 82, 87, 92, 97);
    assertThat(rm.summary("worker", AGENT_LOAD, Duration.ofSeconds(40)).count()).isEqualTo(45);
    assertThat(rm.history("worker", AGENT_LOAD, Duration.ofSeconds(5)).step()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anAgentClassKeepsTheTiersConfiguredForItsLabel(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("batch-1", Map.of("class", "batch"));
    source.agentValues("batch-1", AGENT_LOAD, RAMP);
    source.agentValues("web-1", AGENT_LOAD, RAMP);
    run(rm, ticker, 100);
    // batch: raw for 5 s, then 10 s buckets; others: raw for 10 s, then 5 s buckets
    assertThat(rm.history("batch-1", AGENT_LOAD, Duration.ofSeconds(8)).step()).isEqualTo(Duration.ofSeconds(10));
    assertThat(rm.history("web-1", AGENT_LOAD, Duration.ofSeconds(8)).step()).isEqualTo(Duration.ofSeconds(1));
    // buckets overlapping t >= 69: [60, 70) .. [80, 90) closed, [90, 100) open
    assertThat(rm.history("batch-1", AGENT_LOAD, Duration.ofSeconds(30)).values()).containsExactly(64.5, 74.5, 84.5,
        94.5);
  }

  @Test
  void statsShowTheBytesEachTierRetains(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(LOAD, RAMP);
    source.agentValues("worker", AGENT_LOAD, RAMP);
    run(rm, ticker, 400);
    Map<String, Long> bytes = rm.stats().historyBytes();
    assertThat(bytes.keySet()).containsExactly("raw", "5s", "30s", "10s", "state", "pooled");
    assertThat(bytes.get("raw")).isPositive();
    assertThat(bytes.get("5s")).isPositive();
    assertThat(bytes.get("30s")).isPositive();
    assertThat(rm.stats().historyBytesRetained()).isEqualTo(bytes.get("raw") + bytes.get("5s") + bytes.get("30s")
        + bytes.get("10s"));
  }

  @Test
  void anAgentThatLeftKeepsItsTieredHistory(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("leaver");
    source.agentValues("leaver", AGENT_LOAD, RAMP);
    run(rm, ticker, 100);
    var agent = rm.tracker().get("leaver");
    rm.tracker().unregister("leaver");
    source.agentValues("leaver", AGENT_LOAD, Double.NaN);
    ticker.advance(Duration.ofSeconds(1)); // the tick at which it leaves the table
    Series series = agent.history(AGENT_LOAD, Duration.ofSeconds(40));
    assertThat(series.step()).isEqualTo(Duration.ofSeconds(5));
    assertThat(series.values()).containsExactly(62, 67, 72, 77, 82, 87, 92, 97);
    assertThat(agent.history(AGENT_LOAD, Duration.ofSeconds(5)).values()).containsExactly(95, 96, 97, 98, 99);
  }
}
