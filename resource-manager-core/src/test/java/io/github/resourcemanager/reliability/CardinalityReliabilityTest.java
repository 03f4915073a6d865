package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.History;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.monitor.SourceStats;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sources that make up a new metric name at every tick (a common mistake: an id or a path in the name). Before, each
 * name got a column in the history, forever: about 139 MiB after 5,000 names, and the tick slowed from 0.5 to 20 ms.
 * Now each source keeps at most {@code maxMetricsPerSource} distinct metrics and the monitor {@code maxMetrics} and
 * {@code maxAgentMetrics}; the rest is dropped and counted. The bound is asserted on the history's cells (what the
 * memory and the per-tick work grow with), not on time.
 */
class CardinalityReliabilityTest {

  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final int TICKS = 1_000;

  /** Writes {@code perTick} metrics named {@code prefix.<tick>.<i>} at each tick: all new. */
  private static ResourceSource inventingNames(String name, String prefix, int perTick, boolean perAgent) {
    return new ResourceSource() {
      private int tick;

      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void sample(SampleWriter out) {
        tick++;
        for (int i = 0; i < perTick; i++) {
          Metric m = Metric.of((perAgent ? "agent." : "") + prefix + "." + tick + "." + i, Unit.COUNT, "made up");
          if (perAgent) {
            out.setAgent("worker", m, tick);
          } else {
            out.set(m, tick);
          }
        }
      }
    };
  }

  private static ResourceManager.Builder manual(ManualTicker ticker) {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH)).interval(INTERVAL)
        .historyRetention(INTERVAL.multipliedBy(100));
  }

  private static void run(ResourceManager rm, ManualTicker ticker, int ticks) {
    rm.start();
    ticker.advance(Duration.ZERO);
    for (int i = 1; i < ticks; i++) {
      ticker.advance(INTERVAL);
    }
  }

  @Test
  void aSourceInventingANameEveryTickKeepsItsFirstNamesAndTheHistoryStopsGrowing() {
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = manual(ticker).maxMetricsPerSource(100)
        .source(inventingNames("inventive", "card.one", 1, false)).build()) {
      History history = Internals.monitor(rm).history();
      run(rm, ticker, 150);
      long cellsAtTheBound = history.bufferBytes();
      for (int i = 150; i < TICKS; i++) {
        ticker.advance(INTERVAL);
      }
      SourceStats source = rm.stats().source("inventive");
      assertThat(source.samples()).isEqualTo(TICKS);
      assertThat(source.droppedValues()).isEqualTo(TICKS - 100);
      assertThat(rm.stats().droppedMetricValues()).isEqualTo(TICKS - 100);
      assertThat(rm.metrics()).hasSize(100);
      assertThat(rm.metrics().get(99).name()).isEqualTo("card.one.100.0");
      // 101 samples kept (100 intervals), each a time and 100 values of 8 bytes: 101 x 8 x (1 + 100)
      assertThat(history.bufferBytes()).isEqualTo(101L * 8 * (1 + 100)).isEqualTo(cellsAtTheBound);
    }
  }

  @Test
  void theMonitorsBoundHoldsAcrossSources() {
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = manual(ticker).maxMetrics(150).source(inventingNames("first", "card.two.a", 1, false))
        .source(inventingNames("second", "card.two.b", 1, false)).build()) {
      run(rm, ticker, 200);
      MonitorStats stats = rm.stats();
      // Each tick, "first" then "second" write one new name: the 150 places go to ticks 1..75 of both.
      assertThat(rm.metrics()).hasSize(150);
      assertThat(stats.source("first").droppedValues()).isEqualTo(200 - 75);
      assertThat(stats.source("second").droppedValues()).isEqualTo(200 - 75);
      assertThat(stats.droppedMetricValues()).isEqualTo(2 * (200 - 75));
      assertThat(Internals.monitor(rm).history().bufferBytes()).isEqualTo(101L * 8 * (1 + 150));
    }
  }

  @Test
  void perAgentMetricsAreBoundedSoEveryAgentHasAtMostThatManySeries() {
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = manual(ticker).maxAgentMetrics(10)
        .source(inventingNames("agents", "card.three", 1, true)).build()) {
      run(rm, ticker, 50);
      // The tracker's own four agent metrics (CPU usage and time, allocation rate, threads) take four places.
      assertThat(rm.stats().source("agents").droppedValues()).isEqualTo(50 - (10 - 4));
      assertThat(rm.tracker().get("worker").history(Metric.AGENT_THREADS, Duration.ofMinutes(10)).size())
          .isPositive();
      long withValues = Metric.all().stream().filter(m -> m.name().startsWith("agent.card.three."))
          .filter(m -> rm.tracker().get("worker").history(m, Duration.ofHours(1)).summary().count() > 0).count();
      assertThat(withValues).isEqualTo(6);
    }
  }

  @Test
  void theJvmWideTableOfNamesRefusesNamesBeyondItsLimit() throws IOException, InterruptedException {
    // In a JVM of its own: the table of names lives as long as the JVM, and this fills it.
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), FillMetricTable.class.getName()).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    List<String> lines = out.lines().toList();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("refused after " + Metric.MAX_METRICS + " names: "
        + "metric limit reached: 10000 metric names are defined in this JVM (Metric.MAX_METRICS); cannot define "
        + "\"filler.n\". Names are kept for the life of the JVM: put varying parts (ids, paths) in agents or labels, "
        + "not in metric names");
    assertThat(p.exitValue()).isZero();
  }

  /** Defines metric names until {@link Metric#of} refuses, and prints how many there were and why. */
  public static final class FillMetricTable {
    public static void main(String[] args) {
      for (int i = 0; ; i++) {
        try {
          Metric.of("filler." + i, Unit.COUNT, "filler");
        } catch (IllegalStateException refused) {
          System.out.println("refused after " + Metric.count() + " names: " + refused.getMessage()
              .replace("\"filler." + i + "\"", "\"filler.n\""));
          return;
        }
      }
    }
  }
}
