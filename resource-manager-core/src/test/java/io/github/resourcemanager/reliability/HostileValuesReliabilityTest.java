package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.monitor.ReliabilityAccess;
import io.github.resourcemanager.internal.scale.Scalers;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Values no resource can have: NaN and infinities from gauges and sources, counters that go backwards (the
 * measured process or device restarted) or read negative. None of them gives a negative rate, and none fires an
 * alert; a real breach on the same rules still does.
 */
class HostileValuesReliabilityTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MIB = 1L << 20;
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir
  Path dir;

  /** Counter readings of any kind: growing, resetting, negative, near the ends of a long. */
  private static Gen<List<Long>> readings() {
    Gen<Long> reading = Generate.oneOf(longs().between(0, 1L << 40), longs().between(0, 1L << 40),
        longs().all(), Generate.pick(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1)));
    return lists().of(reading).ofSizeBetween(2, 20);
  }

  @Test
  void counterRatesAreNeverNegativeNorInfiniteAndExactWhenTheCounterGrows() {
    qt().withExamples(2_000).forAll(readings(), lists().of(integers().between(-2, 5)).ofSize(20))
        .checkAssert((values, steps) -> {
          long[] v = values.stream().mapToLong(Long::longValue).toArray();
          long[] ticks = new long[v.length];
          for (int i = 1; i < v.length; i++) {
            ticks[i] = ticks[i - 1] + steps.get(i) * SECOND; // the ticker may also stand still or jump back
          }
          double[] rates = ReliabilityAccess.counterRates(v, ticks);
          assertThat(rates[0]).as("the first reading has no rate").isNaN();
          for (int i = 1; i < v.length; i++) {
            double r = rates[i];
            assertThat(Double.isNaN(r) || (r >= 0 && Double.isFinite(r))).as("rate %s from %s", r, values).isTrue();
            long elapsed = ticks[i] - ticks[i - 1];
            if (v[i - 1] >= 0 && v[i] >= v[i - 1] && elapsed > 0) {
              assertThat(r).isEqualTo((double) (v[i] - v[i - 1]) * 1e9 / elapsed);
            } else if (v[i] < v[i - 1] && v[i - 1] >= 0 && v[i] >= 0) {
              assertThat(r).as("a counter that went back (reset)").isNaN();
            }
          }
        });
  }

  @Test
  void countersThatResetOrReadNegativeGiveNoRateForThatTickAndFireNoAlert() {
    ReliabilityAccess proc = new ReliabilityAccess(dir);
    ManualTicker ticker = new ManualTicker();
    CollectingAlertHandler alerts = new CollectingAlertHandler();
    long base = 14_548_002;
    // per second: +1 MiB; reset to 0; +1 MiB; a negative reading; +1 MiB; +200 MiB (a real breach); reset; +1 MiB
    long[] received = {base, base + MIB, 0, MIB, -5, -5 + MIB, -5 + 201 * MIB, 0, MIB};
    long[] sectors = {2048, 4096, 0, 2048, -5, -5 + 2048, -5 + 2048 + 409_600, 0, 2048}; // 2048 sectors = 1 MiB
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(proc.source())
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .interval(Duration.ofSeconds(1)).alertHandler(alerts).defaultAlertRules(false)
        .alertRule(AlertRule.custom().name("disk-io-high").sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
            .threshold(Severity.WARNING, 100 * MIB).build()) // 100 MiB/s, firing on the first breaching sample
        .alertRule(AlertRule.custom().name("network-io-high")
            .sumOf(Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT).threshold(Severity.WARNING, 100 * MIB)
            .build())
        .build()) {
      rm.start();
      for (int tick = 0; tick < received.length; tick++) {
        proc.interfaceCounters("eth0", received[tick], 134_399).diskSectors("sda", sectors[tick], 4096);
        ticker.advance(tick == 0 ? Duration.ZERO : Duration.ofSeconds(1));
      }

      double nan = Double.NaN;
      double[] expected = {nan, MIB, nan, MIB, nan, MIB, 200 * MIB, nan, MIB};
      assertThat(rm.history(Metric.SYSTEM_NETWORK_RECEIVE, HOUR).values()).containsExactly(expected);
      assertThat(rm.history(Metric.SYSTEM_DISK_READ, HOUR).values()).containsExactly(expected);
      assertThat(rm.history(Metric.SYSTEM_NETWORK_TRANSMIT, HOUR).values()).containsExactly(nan, 0, 0, 0, 0, 0, 0, 0, 0);
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> rm.alerts().stats().handlers().get(0).isSettled());
      // Only the real breach fires; the resets and the negative reading do not, before or after it.
      assertThat(alerts.events()).extracting(e -> e.getClass().getSimpleName() + " " + e.alert()
          .name() + " @" + e.time().getEpochSecond())
          .containsExactly("Fired disk-io-high @6", "Fired network-io-high @6", "Resolved disk-io-high @7",
              "Resolved network-io-high @7");
    }
  }

  private static AlertRule gaugeRule(String name, Direction direction, double threshold, java.util.function.DoubleSupplier gauge) {
    return AlertRule.custom().name(name).gauge(name, gauge).direction(direction).threshold(Severity.CRITICAL, threshold)
        .build();
  }

  @Test
  void aGaugeReadingNanOrInfinityOrThrowingFiresNothingAndARealBreachStillFires() {
    double[] script = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 50, 50};
    AtomicInteger call = new AtomicInteger();
    AtomicInteger throwingCalls = new AtomicInteger();
    ManualTicker ticker = new ManualTicker();
    CollectingAlertHandler alerts = new CollectingAlertHandler();
    java.util.function.DoubleSupplier scripted = () -> script[Math.min(call.get(), script.length - 1)];
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .interval(Duration.ofSeconds(1))
        .alertRule(gaugeRule("queue-high", Direction.ABOVE, 10, scripted))
        .alertRule(gaugeRule("free-low", Direction.BELOW, -10, scripted))
        .alertRule(gaugeRule("flaky", Direction.ABOVE, 10, () -> {
          if (throwingCalls.incrementAndGet() % 2 == 1) {
            throw new IllegalStateException("gauge backend down");
          }
          return Double.NaN;
        }))
        .alertHandler(alerts, HandlerOptions.ofDefaults().withName("collector"))
        .build()) {
      rm.addListener(sample -> call.incrementAndGet());
      rm.start();
      ticker.advance(Duration.ofSeconds(3)); // samples 1-4: NaN, +Inf, -Inf, NaN
      assertThat(rm.alerts().activeAlerts()).isEmpty();
      assertThat(rm.alerts().stats().gaugeFailures()).isEqualTo(2);

      ticker.advance(Duration.ofSeconds(1)); // sample 5: 50
      assertThat(rm.alerts().activeAlerts()).extracting(a -> a.name() + " " + a.value()).containsExactly("queue-high 50.0");
      assertThat(rm.alerts().stats().gaugeFailures()).isEqualTo(3);
    }
  }

  @Test
  void nanAndInfiniteValuesFromASourceAreRecordedAsNotMeasuredAndFireNothing() {
    ManualTicker ticker = new ManualTicker();
    CollectingAlertHandler alerts = new CollectingAlertHandler();
    ScriptedSource source = ScriptedSource.named("hostile")
        .values(Metric.SYSTEM_CPU_USAGE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 10)
        .agentValues("worker", Metric.AGENT_CPU_USAGE, Double.POSITIVE_INFINITY, Double.NaN, Double.NEGATIVE_INFINITY, 95);
    AlertRule agentCpu = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 90).build();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).alertRule(agentCpu)
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .interval(Duration.ofSeconds(1)).alertHandler(alerts).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(2)); // samples 1-3
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(Double.NaN, Double.NaN, Double.NaN);
      // Not measured by the source, the agent's CPU is the tracker's own in-JVM figure: none at the first tick (no
      // earlier reading), then 0 (no thread of it in a scope).
      assertThat(rm.history("worker", Metric.AGENT_CPU_USAGE, HOUR).values()).containsExactly(Double.NaN, 0, 0);
      assertThat(rm.alerts().activeAlerts()).isEmpty();

      ticker.advance(Duration.ofSeconds(1)); // sample 4: a real breach of the agent rule
      assertThat(rm.alerts().activeAlerts()).extracting(a -> a.name() + " " + a.agent().orElseThrow())
          .containsExactly("agent-cpu-high worker");
    }
  }

  @Test
  void theVerticalRecommenderDiscardsNanAndInfiniteCpuSamples() {
    VerticalRecommender vpa = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), 4);
    long t = 1_700_000_000_000L;
    assertThat(vpa.addCpuSample("a", t, Double.NaN)).isFalse();
    assertThat(vpa.addCpuSample("a", t + 1, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(vpa.addCpuSample("a", t + 2, Double.NEGATIVE_INFINITY)).isFalse();
    assertThat(vpa.addCpuSample("a", t + 3, -1)).isFalse();
    assertThat(vpa.addCpuSample("a", t + 4, 0.5)).isTrue();
    assertThat(vpa.recommendation("a").orElseThrow().cpuSamples()).isEqualTo(1);
  }
}
