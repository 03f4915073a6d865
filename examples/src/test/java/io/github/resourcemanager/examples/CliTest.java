package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line tool against the live machine. Collections are short (a few hundred milliseconds), so the
 * values are the machine's own; the tests check the structure, the counts, the units and the exit codes.
 */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Cli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private static List<List<String>> csv(String text) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = new CsvMapper().readerFor(String[].class)
        .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
      while (it.hasNext()) {
        rows.add(Arrays.asList(it.next()));
      }
    }
    return rows;
  }

  // ---------------------------------------------------------------- help and usage

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("metrics", "analytics", "stress-test", "top")
        .contains("Exit codes:", "0   success", "1   the command failed", "2   invalid usage");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("metrics", "--frobnicate")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Unknown option: '--frobnicate'").contains("Usage: resource-manager metrics");
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void metricsWritesOneCsvRowPerCollectedSampleWithUnitsInTheHeader() throws IOException {
    Path file = dir.resolve("metrics.csv");
    assertThat(run("metrics", "--format", "csv", "--collect", "400ms", "--interval", "200ms",
        "--metric", "process.threads", "--metric", "jvm.heap.max", "--output", file.toString())).isZero();
    List<List<String>> lines = csv(Files.readString(file));
    assertThat(lines.get(0)).containsExactly("time", "agent", "process.threads [count]", "jvm.heap.max [bytes]");
    assertThat(lines).hasSize(1 + 3); // samples at 0, 200 and 400 ms
    Instant previous = Instant.MIN;
    for (List<String> row : lines.subList(1, lines.size())) {
      Instant time = Instant.parse(row.get(0));
      assertThat(time).isAfter(previous);
      previous = time;
      assertThat(row.get(1)).isEmpty();
      assertThat(Long.parseLong(row.get(2))).isPositive();
      assertThat(Long.parseLong(row.get(3))).isEqualTo(Runtime.getRuntime().maxMemory());
    }
    assertThat(err.toString()).contains("collecting 3 samples over 400ms at 200ms intervals...")
        .contains("wrote 3 rows to " + file);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void metricsWritesJsonDownsampledToStepAlignedBucketsOnStandardOutput() throws IOException {
    assertThat(run("metrics", "--format", "json", "--collect", "600ms", "--interval", "200ms", "--step", "1s",
        "--metric", "jvm.heap.max")).isZero();
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("kind").asText()).isEqualTo("history");
    assertThat(doc.get("step").asText()).isEqualTo("PT1S");
    assertThat(doc.get("aggregation").asText()).isEqualTo("mean");
    assertThat(doc.get("columns").get(2).get("unit").asText()).isEqualTo("bytes");
    JsonNode rows = doc.get("series").get(0).get("rows");
    assertThat(rows.size()).isBetween(1, 2); // 4 samples over 600 ms fall in one or two whole seconds
    for (JsonNode row : rows) {
      assertThat(Instant.parse(row.get(0).asText()).getNano()).isZero();
      assertThat(row.get(1).asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
    }
  }

  @Test
  void metricsRejectsAnUnknownMetricListingTheKnownOnes() {
    assertThat(run("metrics", "--metric", "system.cpu.usaeg")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown metric \"system.cpu.usaeg\"; known metrics: system.cpu.usage,");
  }

  @Test
  void metricsRejectsBadDurationsBeforeCollecting() {
    assertThat(run("metrics", "--window", "0s")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--window must be positive, was PT0S");
    assertThat(run("metrics", "--step", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
    assertThat(run("metrics", "--interval", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("--interval must be positive, was PT0S");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  @Test
  void aFailureAtRunTimeIsOneLineAndExitCodeOne() {
    Path missing = dir.resolve("no-such-dir");
    assertThat(run("metrics", "--collect", "0s", "--output", missing.resolve("m.csv").toString())).isEqualTo(1);
    assertThat(err.toString()).endsWith("resource-manager metrics: " + missing
        + ": the directory to write m.csv in does not exist" + System.lineSeparator());
  }

  // ---------------------------------------------------------------- analytics

  @Test
  void analyticsPeakWritesJsonWithEveryMetricAsked(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("peaks.json");
    assertThat(run("analytics", "peak", "--collect", "400ms", "--interval", "200ms", "--format", "json",
        "--metric", "jvm.heap.max", "--metric", "process.threads", "-o", file.toString())).isZero();
    JsonNode doc = JSON.readTree(Files.readString(file));
    assertThat(doc.get("kind").asText()).isEqualTo("peaks");
    assertThat(doc.get("window").asText()).isEqualTo("PT0.6S"); // the whole collection: 3 samples 200 ms apart, and one interval
    JsonNode peaks = doc.get("peaks");
    assertThat(peaks).hasSize(2);
    assertThat(peaks.get(0).get("metric").asText()).isEqualTo("jvm.heap.max");
    assertThat(peaks.get(0).get("unit").asText()).isEqualTo("bytes");
    assertThat(peaks.get(0).get("value").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
    assertThat(peaks.get(1).get("metric").asText()).isEqualTo("process.threads");
    assertThat(peaks.get(1).get("agent").isNull()).isTrue();
  }

  @Test
  void analyticsPeakPrintsATableByDefault() {
    assertThat(run("analytics", "peak", "--collect", "0s", "--metric", "jvm.heap.max")).isZero();
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).isEqualTo("METRIC                     AGENT                  PEAK  TIME (UTC)");
    assertThat(lines[1]).startsWith("jvm.heap.max               -            ")
        .contains(TopCommand.bytes(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void analyticsBottlenecksFindsAMetricAboveItsThresholdForTheWholeCollection() throws IOException {
    // The JVM's maximum heap is constant, so it is above half of itself at every sample.
    long half = Runtime.getRuntime().maxMemory() / 2;
    assertThat(run("analytics", "bottlenecks", "--collect", "400ms", "--interval", "200ms", "--format", "json",
        "--threshold", "jvm.heap.max=" + half, "--min-duration", "0s")).isZero();
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("thresholds").get("jvm.heap.max").asLong()).isEqualTo(half);
    assertThat(doc.get("percentThreshold").isNull()).isTrue();
    JsonNode heap = doc.get("bottlenecks").get(0);
    assertThat(heap.get("metric").asText()).isEqualTo("jvm.heap.max");
    assertThat(heap.get("runs")).hasSize(1);
    assertThat(heap.get("severity").asDouble()).isEqualTo((Runtime.getRuntime().maxMemory() - half) / (double) half);
    Instant start = Instant.parse(heap.get("runs").get(0).get("start").asText());
    Instant end = Instant.parse(heap.get("runs").get(0).get("end").asText());
    assertThat(Duration.between(start, end)).isBetween(Duration.ofMillis(300), Duration.ofMillis(500));
  }

  @Test
  void analyticsBottlenecksSaysSoWhenThereAreNone() {
    assertThat(run("analytics", "bottlenecks", "--collect", "0s", "--threshold", "jvm.heap.max=1e18")).isZero();
    assertThat(out.toString()).isEqualTo("no bottlenecks: nothing stayed above its threshold for 5s or longer\n");
  }

  @Test
  void analyticsBottlenecksRejectsBadThresholds() {
    assertThat(run("analytics", "bottlenecks", "--threshold", "150")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--threshold' or '--min-duration': "
        + "percentThreshold must be above 0 and below 100 (%), was 150.0");
    assertThat(run("analytics", "bottlenecks", "--threshold", "system.load.1m=lots")).isEqualTo(2);
    assertThat(err.toString()).contains("'system.load.1m=lots' is not a threshold; use a number (80) or METRIC=NUMBER");
    assertThat(run("analytics", "bottlenecks", "--threshold", "cpu=4")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown metric \"cpu\"; known metrics: system.cpu.usage,");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  @Test
  void analyticsWithoutASubcommandIsAUsageError() {
    assertThat(run("analytics")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required subcommand: peak or bottlenecks");
  }

  // ---------------------------------------------------------------- stress-test

  @Test
  void stressTestWritesItsReportAndReleasesEverything() throws IOException {
    Path report = dir.resolve("report.json");
    assertThat(run("stress-test", "--duration", "300ms", "--target-memory", "4m", "--threads", "2", "--files", "1",
        "--interval", "100ms", "--no-progress", "--output", report.toString())).isZero();
    JsonNode doc = JSON.readTree(Files.readString(report));
    assertThat(doc.get("outcome").asText()).isEqualTo("completed");
    assertThat(doc.get("targets").toString()).isEqualTo("{\"duration\":\"PT0.3S\",\"cpuPercent\":0.0,\"cpuThreads\":0,"
        + "\"memoryBytes\":4194304,\"threads\":2,\"openFiles\":1}");
    assertThat(doc.get("achieved").get("peakMemoryBytes").asLong()).isEqualTo(4194304);
    assertThat(doc.get("achieved").get("threads").asInt()).isEqualTo(2);
    assertThat(doc.get("achieved").get("openFiles").asInt()).isEqualTo(1);
    assertThat(doc.get("monitor").get("after").get("ticks").asLong())
        .isGreaterThan(doc.get("monitor").get("before").get("ticks").asLong());
    assertThat(err.toString()).contains("stress-test completed after 0.3s: cpu not asked (process ")
        .contains("memory 4.0 MiB of 4.0 MiB, threads 2 of 2, files 1 of 1")
        .contains("report written to " + report)
        .doesNotContain("\r");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("stress-"));
  }

  @Test
  void stressTestDrawsAProgressBarAndPrintsTheReportWithoutOutput() throws IOException {
    assertThat(run("stress-test", "--duration", "500ms", "--threads", "1")).isZero();
    assertThat(err.toString()).contains("\r[").contains("] 100%  0.5s/0.5s  cpu 0.0%  mem 0 B  threads 0  files 0\u001B[K\n");
    assertThat(JSON.readTree(out.toString()).get("outcome").asText()).isEqualTo("completed");
  }

  @Test
  void stressTestRejectsTargetsTheMachineCannotAllow() {
    assertThat(run("stress-test", "--target-cpu", "150")).isEqualTo(2);
    assertThat(err.toString()).startsWith("cpuPercent must be above 0 and at most 100 (% of all "
        + Runtime.getRuntime().availableProcessors() + " CPUs), was 150.0");
    assertThat(run("stress-test", "--duration", "1s")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to generate: set at least one of cpuPercent, memory, threads, openFiles");
    assertThat(run("stress-test", "--target-memory", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("\"lots\"");
  }

  @Test
  void progressBarShowsTheShareElapsed() {
    assertThat(StressTestCommand.bar(new io.github.resourcemanager.test.stress.StressProgress(Duration.ofSeconds(15),
        Duration.ofSeconds(30), 49.84, 256L << 20, 4, 2, false)))
        .isEqualTo("[###############---------------]  50%  15.0s/30.0s  cpu 49.8%  mem 256.0 MiB  threads 4  files 2");
  }
}
