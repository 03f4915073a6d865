package io.github.resourcemanager.export;

import static io.github.resourcemanager.export.ExportFiles.cells;
import static io.github.resourcemanager.export.ExportFiles.csv;
import static io.github.resourcemanager.export.ExportFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ResourceManagerExtension.class)
class HistoryExporterTest {
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  private static String export(ResourceManager rm, ExportFormat format, ExportOptions options) throws IOException {
    StringWriter out = new StringWriter();
    HistoryExporter.of(rm).write(format, options, out);
    return out.toString();
  }

  private static ExportOptions machine(Metric... metrics) {
    return ExportOptions.custom().metrics(metrics).agents().build();
  }

  @Test
  void csvHeaderNamesEachMetricWithItsUnitInDefinitionOrder(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_LOAD_1M, 0.5).values(Metric.SYSTEM_THREADS, 300);
    rm.start();
    ticker.advance(Duration.ZERO);
    source.values(Metric.SYSTEM_DISK_READ, 2048).values(Metric.SYSTEM_CPU_USAGE, 10); // measured later
    ticker.advance(FIVE_SECONDS);
    List<List<String>> lines = csv(export(rm, ExportFormat.CSV, ExportOptions.ofDefaults()));
    assertThat(lines.get(0)).containsExactly("time", "agent", "system.cpu.usage [%]", "system.disk.read [bytes/s]",
        "system.threads [count]", "system.load.1m");
  }

  @Test
  void csvHasOneRowPerSampleWithExactValuesAndIsoUtcTimes(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 20.5, 0.1 + 0.2).values(Metric.SYSTEM_MEMORY_USED, 1 << 20, 3 << 20, Double.NaN);
    rm.start();
    ticker.advance(Duration.ofSeconds(10));
    List<List<String>> lines = csv(export(rm, ExportFormat.CSV, machine(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USED)));
    assertThat(lines).containsExactly(
        List.of("time", "agent", "system.cpu.usage [%]", "system.memory.used [bytes]"),
        List.of("2026-01-01T00:00:00Z", "", "10", "1048576"),
        List.of("2026-01-01T00:00:05Z", "", "20.5", "3145728"),
        List.of("2026-01-01T00:00:10Z", "", "0.30000000000000004", ""));
    assertThat(Double.parseDouble(lines.get(3).get(2))).isEqualTo(0.1 + 0.2);
  }

  @Test
  void jsonCarriesMetadataColumnsWithUnitsAndRows(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 20.5).values(Metric.SYSTEM_DISK_READ, Double.NaN, 4096);
    rm.start();
    ticker.advance(FIVE_SECONDS);
    JsonNode doc = json(export(rm, ExportFormat.JSON, machine(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_DISK_READ)));
    assertThat(doc.get("kind").asText()).isEqualTo("history");
    assertThat(doc.get("generatedAt").asText()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(doc.get("window").isNull()).isTrue();
    assertThat(doc.get("step").isNull()).isTrue();
    assertThat(doc.get("aggregation").asText()).isEqualTo("none");
    assertThat(doc.get("columns").toString()).isEqualTo("[{\"name\":\"time\",\"type\":\"time\"},"
        + "{\"name\":\"agent\",\"type\":\"text\"},"
        + "{\"name\":\"system.cpu.usage\",\"type\":\"number\",\"unit\":\"%\",\"description\":\"busy share of all CPUs\"},"
        + "{\"name\":\"system.disk.read\",\"type\":\"number\",\"unit\":\"bytes/s\",\"description\":\"bytes read from disks per second\"}]");
    JsonNode series = doc.get("series");
    assertThat(series).hasSize(1);
    assertThat(series.get(0).get("agent").isNull()).isTrue();
    assertThat(series.get(0).get("columns").toString()).isEqualTo("[\"time\",\"system.cpu.usage\",\"system.disk.read\"]");
    JsonNode rows = series.get(0).get("rows");
    assertThat(rows).hasSize(2);
    assertThat(cells(rows.get(0))).containsExactly("2026-01-01T00:00:00Z", 10.0, null);
    assertThat(cells(rows.get(1))).containsExactly("2026-01-01T00:00:05Z", 20.5, 4096.0);
  }

  @Test
  void agentRowsFollowTheMachineRowsWithTheAgentColumnFilled(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 50, 60)
        .agentValues("alpha", Metric.AGENT_CPU_USAGE, 5, 6)
        .agentValues("beta", Metric.AGENT_CPU_USAGE, 7, 8);
    rm.start();
    ticker.advance(FIVE_SECONDS);
    ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_CPU_USAGE).build();
    assertThat(csv(export(rm, ExportFormat.CSV, options))).containsExactly(
        List.of("time", "agent", "system.cpu.usage [%]", "agent.cpu.usage [%]"),
        List.of("2026-01-01T00:00:00Z", "", "50", ""),
        List.of("2026-01-01T00:00:05Z", "", "60", ""),
        List.of("2026-01-01T00:00:00Z", "alpha", "", "5"),
        List.of("2026-01-01T00:00:05Z", "alpha", "", "6"),
        List.of("2026-01-01T00:00:00Z", "beta", "", "7"),
        List.of("2026-01-01T00:00:05Z", "beta", "", "8"));
  }

  @Test
  void jsonWritesEachAgentAsItsOwnSeriesWithLabels(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    rm.tracker().register("alpha", Map.of("project", "p1"));
    source.values(Metric.SYSTEM_CPU_USAGE, 50).agentValues("alpha", Metric.AGENT_CPU_USAGE, 5);
    rm.start();
    ticker.advance(Duration.ZERO);
    JsonNode series = json(export(rm, ExportFormat.JSON,
        ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_CPU_USAGE).build())).get("series");
    assertThat(series).hasSize(2);
    JsonNode alpha = series.get(1);
    assertThat(alpha.get("agent").asText()).isEqualTo("alpha");
    assertThat(alpha.get("labels").toString()).isEqualTo("{\"project\":\"p1\"}");
    assertThat(alpha.get("columns").toString()).isEqualTo("[\"time\",\"agent.cpu.usage\"]");
    assertThat(cells(alpha.get("rows").get(0))).containsExactly("2026-01-01T00:00:00Z", 5.0);
  }

  @Test
  void onlyTheAgentsAskedForAreWrittenInTheOrderAsked(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.agentValues("alpha", Metric.AGENT_THREADS, 1).agentValues("beta", Metric.AGENT_THREADS, 2)
        .agentValues("gamma", Metric.AGENT_THREADS, 3);
    rm.start();
    ticker.advance(Duration.ZERO);
    ExportOptions options = ExportOptions.custom().metrics(Metric.AGENT_THREADS).agents("gamma", "alpha").build();
    assertThat(csv(export(rm, ExportFormat.CSV, options))).containsExactly(
        List.of("time", "agent", "agent.threads [count]"),
        List.of("2026-01-01T00:00:00Z", "gamma", "3"),
        List.of("2026-01-01T00:00:00Z", "alpha", "1"));
  }

  @Test
  void byDefaultEveryMetricWithAValueInTheWindowIsWritten(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3, 4).values(Metric.SYSTEM_SWAP_USED, 7);
    rm.start();
    ticker.advance(FIVE_SECONDS);
    source.remove(Metric.SYSTEM_SWAP_USED);
    ticker.advance(Duration.ofSeconds(15)); // swap last measured at 5 s; now is 20 s
    ExportOptions lastTenSeconds = ExportOptions.custom().window(Duration.ofSeconds(10)).agents().build();
    assertThat(csv(export(rm, ExportFormat.CSV, lastTenSeconds)).get(0))
        .containsExactly("time", "agent", "system.cpu.usage [%]");
    assertThat(csv(export(rm, ExportFormat.CSV, ExportOptions.custom().agents().build())).get(0))
        .containsExactly("time", "agent", "system.cpu.usage [%]", "system.swap.used [bytes]");
  }

  @Test
  void aMetricAskedForWithoutDataIsAnEmptyColumn(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(csv(export(rm, ExportFormat.CSV, machine(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_NETWORK_RECEIVE))))
        .containsExactly(
            List.of("time", "agent", "system.cpu.usage [%]", "system.network.receive [bytes/s]"),
            List.of("2026-01-01T00:00:00Z", "", "1", ""));
  }

  @Test
  void windowKeepsOnlySamplesTakenWithinItOfNow(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 0, 5, 10, 15, 20, 25, 30);
    rm.start();
    ticker.advance(Duration.ofSeconds(30));
    ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE).window(Duration.ofSeconds(10)).build();
    List<List<String>> lines = csv(export(rm, ExportFormat.CSV, options));
    assertThat(lines.subList(1, lines.size())).containsExactly(
        List.of("2026-01-01T00:00:20Z", "", "20"),
        List.of("2026-01-01T00:00:25Z", "", "25"),
        List.of("2026-01-01T00:00:30Z", "", "30"));
    assertThat(json(export(rm, ExportFormat.JSON, options)).get("window").asText()).isEqualTo("PT10S");
  }

  /** A clock that runs an action, once, the next time {@link #instant()} is read: a hook into a running export. */
  private static final class HookedClock extends Clock {
    private final Clock delegate;
    private Runnable onNextRead;

    HookedClock(Clock delegate) {
      this.delegate = delegate;
    }

    void onNextRead(Runnable action) {
      onNextRead = action;
    }

    @Override
    public Instant instant() {
      Runnable action = onNextRead;
      onNextRead = null;
      if (action != null) {
        action.run();
      }
      return delegate.instant();
    }

    @Override
    public ZoneId getZone() {
      return delegate.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void samplesTakenWhileTheExportRunsAreNotWrittenForTheMachineOrTheAgents(ManualTicker ticker) throws IOException {
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3, 4)
        .agentValues("alpha", Metric.AGENT_THREADS, 10, 20, 30, 40);
    HookedClock clock = new HookedClock(ticker.clock(ResourceManagerExtension.START));
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(clock).build()) {
      rm.start();
      ticker.advance(FIVE_SECONDS); // samples at 0 s and 5 s; the export starts at 5 s
      // The export reads the clock for its generatedAt after resolving its window and before reading any history:
      // two more samples (10 s and 15 s) are taken right then, while it runs.
      clock.onNextRead(() -> ticker.advance(Duration.ofSeconds(10)));
      List<List<String>> lines = csv(export(rm, ExportFormat.CSV,
          ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_THREADS).build()));
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)).size()).isEqualTo(4); // they were taken
      assertThat(lines).containsExactly(
          List.of("time", "agent", "system.cpu.usage [%]", "agent.threads [count]"),
          List.of("2026-01-01T00:00:00Z", "", "1", ""),
          List.of("2026-01-01T00:00:05Z", "", "2", ""),
          List.of("2026-01-01T00:00:00Z", "alpha", "", "10"),
          List.of("2026-01-01T00:00:05Z", "alpha", "", "20"));
    }
  }

  /**
   * A ticker that reads as {@code base} until armed; armed, each read after the first is 1 ms later than the one
   * before, as when time passes between the reads of one export.
   */
  private static final class DriftingTicker implements Ticker {
    private final ManualTicker base;
    private long reads = -1; // -1: not armed

    DriftingTicker(ManualTicker base) {
      this.base = base;
    }

    void arm() {
      reads = 0;
    }

    @Override
    public long read() {
      return reads < 0 ? base.read() : base.read() + 1_000_000L * reads++;
    }
  }

  @Test
  void theWindowsFirstSampleIsWrittenEvenWhenTimePassesBetweenTheReadsOfOneExport(ManualTicker manual)
      throws IOException {
    DriftingTicker ticker = new DriftingTicker(manual);
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 0, 5, 10, 15, 20, 25, 30);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(new ManualScheduler(manual)).clock(manual.clock(ResourceManagerExtension.START)).build()) {
      rm.start();
      manual.advance(Duration.ofSeconds(30));
      // The export starts at 30 s: its 10 s window begins at 20 s exactly, where a sample was taken. Every later read
      // of the ticker, the manager's own included, is 1 ms later.
      ticker.arm();
      List<List<String>> lines = csv(export(rm, ExportFormat.CSV,
          ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE).window(Duration.ofSeconds(10)).build()));
      assertThat(lines.subList(1, lines.size())).containsExactly(
          List.of("2026-01-01T00:00:20Z", "", "20"),
          List.of("2026-01-01T00:00:25Z", "", "25"),
          List.of("2026-01-01T00:00:30Z", "", "30"));
    }
  }

  @Test
  void stepWritesTheMeanOfEachBucketAlignedToTheStep(ManualTicker ticker) throws IOException {
    // The first sample at 00:00:07 falls in the bucket that starts at 00:00:00, not at 00:00:07.
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3, 4, 5, 6, 7);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(scheduler).clock(ticker.clock(Instant.parse("2026-01-01T00:00:07Z"))).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(30)); // samples at :07 :12 :17 :22 :27 :32 :37
      ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE).step(Duration.ofSeconds(20)).build();
      List<List<String>> lines = csv(export(rm, ExportFormat.CSV, options));
      assertThat(lines).containsExactly(
          List.of("time", "agent", "system.cpu.usage [%]"),
          List.of("2026-01-01T00:00:00Z", "", "2"),        // :07 :12 :17 -> (1+2+3)/3
          List.of("2026-01-01T00:00:20Z", "", "5.5"));      // :22 :27 :32 :37 -> (4+5+6+7)/4
      JsonNode doc = json(export(rm, ExportFormat.JSON, options));
      assertThat(doc.get("step").asText()).isEqualTo("PT20S");
      assertThat(doc.get("aggregation").asText()).isEqualTo("mean");
    }
  }

  @Test
  void stepAveragesOnlyMeasuredValuesAndWritesABucketWithNoneAsMissing(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws IOException {
    double nan = Double.NaN;
    source.values(Metric.SYSTEM_CPU_USAGE, 10, nan, 20, nan, nan, nan).values(Metric.SYSTEM_MEMORY_USED, 1, 2, 3, 4, 5, 6);
    rm.start();
    ticker.advance(Duration.ofSeconds(25)); // samples at 0 5 10 | 15 20 25
    ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USED)
        .step(Duration.ofSeconds(15)).build();
    assertThat(csv(export(rm, ExportFormat.CSV, options))).containsExactly(
        List.of("time", "agent", "system.cpu.usage [%]", "system.memory.used [bytes]"),
        List.of("2026-01-01T00:00:00Z", "", "15", "2"),
        List.of("2026-01-01T00:00:15Z", "", "", "5"));
    JsonNode rows = json(export(rm, ExportFormat.JSON, options)).get("series").get(0).get("rows");
    assertThat(cells(rows.get(1))).containsExactly("2026-01-01T00:00:15Z", null, 5.0);
  }

  @Test
  void stepMeansAreExactDoubleMeans(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 0.1, 0.2, 0.7);
    rm.start();
    ticker.advance(Duration.ofSeconds(10));
    ExportOptions options = ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE).step(Duration.ofMinutes(1)).build();
    JsonNode row = json(export(rm, ExportFormat.JSON, options)).get("series").get(0).get("rows").get(0);
    assertThat(row.get(1).doubleValue()).isEqualTo((0.1 + 0.2 + 0.7) / 3);
    assertThat(Double.parseDouble(csv(export(rm, ExportFormat.CSV, options)).get(1).get(2))).isEqualTo((0.1 + 0.2 + 0.7) / 3);
  }

  @Test
  void returnsTheNumberOfRowsWritten(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 1).agentValues("alpha", Metric.AGENT_THREADS, 1);
    rm.start();
    ticker.advance(Duration.ofSeconds(10));
    long rows = HistoryExporter.of(rm).write(ExportFormat.CSV,
        ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_THREADS).build(), new StringWriter());
    assertThat(rows).isEqualTo(6);
  }

  @Test
  void emptyHistoryStillWritesTheHeader(ResourceManager rm) throws IOException {
    assertThat(export(rm, ExportFormat.CSV, machine(Metric.SYSTEM_CPU_USAGE)))
        .isEqualTo("time,agent,system.cpu.usage [%]\n");
    JsonNode doc = json(export(rm, ExportFormat.JSON, machine(Metric.SYSTEM_CPU_USAGE)));
    assertThat(doc.get("series").get(0).get("rows")).isEmpty();
  }

  @Test
  void unknownAgentIsRejectedBeforeAnythingIsWritten(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("alpha", Metric.AGENT_THREADS, 1);
    rm.start();
    ticker.advance(Duration.ZERO);
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> HistoryExporter.of(rm).write(ExportFormat.JSON,
        ExportOptions.custom().agents("alpha", "ghost").build(), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown agent \"ghost\"; registered agents: alpha");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void writingAFileReplacesItWhole(ResourceManager rm, ScriptedSource source, ManualTicker ticker, @TempDir Path dir)
      throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 42);
    rm.start();
    ticker.advance(Duration.ZERO);
    Path file = dir.resolve("metrics.csv");
    Files.writeString(file, "old content that is longer than the export will be, old content, old content\n");
    long rows = HistoryExporter.of(rm).write(ExportFormat.CSV, machine(Metric.SYSTEM_CPU_USAGE), file);
    assertThat(rows).isEqualTo(1);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("time,agent,system.cpu.usage [%]\n2026-01-01T00:00:00Z,,42\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aFailedExportLeavesTheExistingFileAsItWas(ResourceManager rm, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("metrics.json");
    Files.writeString(file, "{\"previous\":true}");
    assertThatThrownBy(() -> HistoryExporter.of(rm).write(ExportFormat.JSON,
        ExportOptions.custom().agents("ghost").build(), file)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(file)).isEqualTo("{\"previous\":true}");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void theCallersWriterIsFlushedAndLeftOpen(ResourceManager rm) throws IOException {
    boolean[] closed = {false};
    StringWriter target = new StringWriter();
    FilterWriter out = new FilterWriter(target) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    HistoryExporter.of(rm).write(ExportFormat.JSON, machine(Metric.SYSTEM_CPU_USAGE), out);
    assertThat(closed[0]).isFalse();
    assertThat(target.toString()).startsWith("{\"kind\":\"history\"").endsWith("]}");
  }

  @Test
  void aManagerWithoutAgentsExportsItsMachineHistoryAlone(ManualTicker ticker) throws IOException {
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 12.5);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.parse("2026-03-01T12:00:00Z"))).build()) {
      rm.sampleNow();
      StringWriter out = new StringWriter();
      HistoryExporter.of(rm).write(ExportFormat.CSV, ExportOptions.ofDefaults(), out);
      assertThat(out.toString()).isEqualTo("time,agent,system.cpu.usage [%]\n2026-03-01T12:00:00Z,,12.5\n");
      assertThatThrownBy(() -> HistoryExporter.of(rm)
          .write(ExportFormat.CSV, ExportOptions.custom().agents("a").build(), new StringWriter()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("unknown agent \"a\"; registered agents: none");
    }
  }

  @Test
  void theDocumentIsStreamedToTheWriterInSmallPiecesNotBuiltWhole(ManualTicker ticker) throws IOException {
    double[] cpu = new double[20_000];
    double[] memory = new double[20_000];
    for (int i = 0; i < 20_000; i++) {
      cpu[i] = i % 100;
      memory[i] = 1_000_000 + i;
    }
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, cpu)
        .values(Metric.SYSTEM_MEMORY_USED, memory);
    // 20,000 samples 5 s apart span 99,995 s: a history retained that long holds them all.
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).defaultAlertRules(false)
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .historyRetention(Duration.ofSeconds(99_995)).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(99_995));
      int[] writes = {0};
      int[] largest = {0};
      long[] total = {0};
      java.io.Writer counting = new java.io.Writer() {
        @Override
        public void write(char[] buffer, int offset, int length) {
          writes[0]++;
          largest[0] = Math.max(largest[0], length);
          total[0] += length;
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
      };
      for (ExportFormat format : ExportFormat.values()) {
        writes[0] = 0;
        largest[0] = 0;
        total[0] = 0;
        long rows = HistoryExporter.of(rm).write(format, ExportOptions.ofDefaults(), counting);
        assertThat(rows).isEqualTo(20_000);
        assertThat(total[0]).as(format + " document size").isGreaterThan(600_000);
        assertThat(largest[0]).as(format + " largest piece").isLessThanOrEqualTo(16_384);
        assertThat(writes[0]).as(format + " pieces").isGreaterThan(30);
      }
    }
  }

  @Test
  void millisecondsAppearInTimesOnlyWhenPresent(ManualTicker ticker) throws IOException {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1, 2);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(scheduler).interval(Duration.ofMillis(250)).clock(ticker.clock(Instant.parse("2026-01-01T00:00:00Z"))).build()) {
      rm.start();
      ticker.advance(Duration.ofMillis(250));
      List<List<String>> lines = csv(export(rm, ExportFormat.CSV, machine(Metric.SYSTEM_CPU_USAGE)));
      assertThat(lines.get(1).get(0)).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(lines.get(2).get(0)).isEqualTo("2026-01-01T00:00:00.250Z");
    }
  }

  @Test
  void nullArgumentsAreRejectedByName(ResourceManager rm) {
    HistoryExporter exporter = HistoryExporter.of(rm);
    assertThatThrownBy(() -> exporter.write(null, ExportOptions.ofDefaults(), new StringWriter()))
        .isInstanceOf(NullPointerException.class).hasMessage("format");
    assertThatThrownBy(() -> exporter.write(ExportFormat.CSV, null, new StringWriter()))
        .isInstanceOf(NullPointerException.class).hasMessage("options");
    assertThatThrownBy(() -> exporter.write(ExportFormat.CSV, ExportOptions.ofDefaults(), (Writer) null))
        .isInstanceOf(NullPointerException.class).hasMessage("out");
    assertThatThrownBy(() -> exporter.write(ExportFormat.CSV, ExportOptions.ofDefaults(), (Path) null))
        .isInstanceOf(NullPointerException.class).hasMessage("file");
    assertThatThrownBy(() -> HistoryExporter.of((ResourceManager) null))
        .isInstanceOf(NullPointerException.class).hasMessage("manager");
  }
}
