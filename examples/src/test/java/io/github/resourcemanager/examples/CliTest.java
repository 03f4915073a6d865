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
import java.util.Map;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.test.stress.StressOutcome;
import io.github.resourcemanager.test.stress.StressReport;
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
    CommandLine cmd = Cli.commandLine(args); // as the tool builds it: only the command named
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
    assertThat(out.toString()).contains("metrics", "analytics", "stress-test", "top", "alerts", "autotune")
        .contains("Exit codes:", "0     success", "1     the command failed at run time",
            "2     invalid usage (an option or its value)", "130   interrupted (Ctrl-C)");
  }

  @Test
  void onlyTheCommandNamedIsBuiltAndTheHelpIsTheSameAsWithEveryCommandBuilt() {
    CommandLine lazy = Cli.commandLine("metrics", "--collect", "0s");
    assertThat(lazy.getSubcommands().get("metrics").getCommandSpec().findOption("--collect")).isNotNull();
    assertThat(lazy.getSubcommands().get("top").getCommandSpec().findOption("--duration")).isNull(); // listed, not built
    assertThat(lazy.getSubcommands().get("help").getCommandSpec().userObject()).isInstanceOf(CommandLine.HelpCommand.class);
    CommandLine forHelp = Cli.commandLine("help", "stress-test");
    assertThat(forHelp.getSubcommands().get("stress-test").getCommandSpec().findOption("--target-cpu")).isNotNull();
    assertThat(forHelp.getSubcommands().get("metrics").getCommandSpec().findOption("--collect")).isNull();
    assertThat(Cli.commandLine("--help").getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(Cli.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF))
        .contains("  -v, --verbose   Also print the library's INFO log lines on standard error");
    assertThat(Cli.commandLine().getSubcommands().keySet()).containsExactly("top", "metrics", "analytics",
        "stress-test", "alerts", "autotune", "prometheus", "dashboard", "prometheus-rules", "k8s", "help");
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
        .contains("wrote 3 rows to " + file)
        .doesNotContain("collecting:"); // no progress for a collection this short
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
  void metricsRejectsBadDurationsBeforeCollectingNamingThemAsTyped() {
    assertThat(run("metrics", "--window", "0s")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--window must be positive, was 0s");
    assertThat(run("metrics", "--step", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
    assertThat(run("metrics", "--interval", "PT0S")).isEqualTo(2);
    assertThat(err.toString()).contains("--interval must be positive, was PT0S");
    assertThat(run("metrics", "--collect", "25h")).isEqualTo(2);
    assertThat(err.toString()).contains("--collect must be at most 24h, was 25h").doesNotContain("PT25H");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  @Test
  void anOutputInADirectoryThatDoesNotExistIsAUsageErrorBeforeAnythingIsCollected() {
    Path missing = dir.resolve("no-such-dir").resolve("m.csv");
    String problem = missing + ": the directory " + missing.getParent() + " does not exist";
    assertThat(run("metrics", "--output", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("--output " + problem);
    for (String[] command : new String[][] {{"alerts"}, {"analytics", "peak"}, {"analytics", "bottlenecks"},
        {"autotune"}, {"stress-test", "--threads", "1"}}) {
      err.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("-o", missing.toString()));
      assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
      assertThat(err.toString()).as(args.toString()).startsWith("--output " + problem);
    }
    assertThat(err.toString()).doesNotContain("samples over");
    assertThat(run("metrics", "-o", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--output " + dir + " is a directory; give a file name");
  }

  @Test
  void aFailureAtRunTimeIsOneLineAndExitCodeOne() {
    // /proc exists and is a directory, but no file can be created in it: found only when writing.
    assertThat(run("metrics", "--collect", "0s", "--metric", "jvm.heap.max", "--output", "/proc/m.csv")).isEqualTo(1);
    assertThat(err.toString()).startsWith("collecting 1 sample over 0s at 1s intervals...")
        .contains(System.lineSeparator() + "resource-manager metrics: ").contains("/proc")
        .endsWith(System.lineSeparator()).doesNotContain("\tat ");
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
    assertThat(err.toString()).startsWith("Invalid value for option '--threshold': '150' is not a percentage "
        + "threshold: above 0 and below 100 (a percentage never goes above 100)");
    assertThat(run("analytics", "bottlenecks", "--threshold", "system.cpu.usage=100")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--threshold': 'system.cpu.usage=100' can never be "
        + "exceeded: system.cpu.usage is a percentage, at most 100");
    assertThat(run("analytics", "bottlenecks", "--min-duration", "PT-1S")).isEqualTo(2);
    assertThat(err.toString()).contains("--min-duration must not be negative, was PT-1S");
    assertThat(run("analytics", "bottlenecks", "--threshold", "system.load.1m=lots")).isEqualTo(2);
    assertThat(err.toString()).contains("'system.load.1m=lots' is not a threshold; use a number (80) or METRIC=NUMBER");
    assertThat(run("analytics", "bottlenecks", "--threshold", "cpu=4")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown metric \"cpu\"; known metrics: system.cpu.usage,");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  @Test
  void analyticsWithoutASubcommandIsAUsageError() {
    assertThat(run("analytics")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required subcommand: peak, bottlenecks or efficiency");
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
        .contains("memory 4 MiB of 4 MiB, threads 2 of 2, files 1 of 1")
        .contains("report written to " + report)
        .doesNotContain("\r");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("stress-"));
  }

  @Test
  void stressTestPrintsTheReportOnStandardOutputWithoutOutput() throws IOException {
    assertThat(run("stress-test", "--duration", "500ms", "--threads", "1")).isZero();
    assertThat(JSON.readTree(out.toString()).get("outcome").asText()).isEqualTo("completed");
    assertThat(err.toString()).startsWith("stress-test completed after 0.5s: cpu not asked")
        .doesNotContain("\r").doesNotContain("\u001B");
  }

  @Test
  void stressTestRejectsTargetsTheMachineCannotAllowNamingTheOptions() {
    int cpus = Runtime.getRuntime().availableProcessors();
    assertThat(run("stress-test", "--target-cpu", "150")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--target-cpu must be above 0 and at most 100 (% of all " + cpus + " CPU"
        + (cpus == 1 ? "" : "s") + "), was 150" + System.lineSeparator());
    assertThat(run("stress-test", "--duration", "1s")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to generate: set at least one of --target-cpu, --target-memory, "
        + "--threads, --files");
    assertThat(run("stress-test", "--target-memory", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--target-memory'").contains("\"lots\"");
    assertThat(run("stress-test", "--threads", "1", "--duration", "25h")).isEqualTo(2);
    assertThat(err.toString()).contains("--duration must be above 0 and at most 24h, was 25h");
    assertThat(run("stress-test", "--target-memory", "100000Gi")).isEqualTo(2);
    long maxHeap = Runtime.getRuntime().maxMemory();
    assertThat(err.toString()).contains("--target-memory must be above 0 and at most half of the maximum heap ("
        + TopCommand.bytes(maxHeap / 2) + " of " + TopCommand.bytes(maxHeap) + "; raise it with JAVA_OPTS=-Xmx...), "
        + "was 100000Gi");
    assertThat(run("stress-test", "--cpu-threads", "2", "--threads", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--cpu-threads 2 is set without --target-cpu; set the CPU target too")
        .doesNotContain("cpuThreads").doesNotContain("cpuPercent");
  }

  @Test
  void stressTestSummaryCountsAlertsBySeverityAndScalingDecisions() {
    StressReport report = new StressReport(StressOutcome.COMPLETED, null, Instant.EPOCH, Instant.EPOCH.plusSeconds(2),
        Duration.ofSeconds(2), new StressReport.Targets(Duration.ofSeconds(2), 0, 0, 0, 1, 0),
        new StressReport.Achieved(1.5, 0, 0, 0, 1, 0), null, null,
        new StressReport.Alerts(3, Map.of(Severity.INFO, 0, Severity.WARNING, 1, Severity.CRITICAL, 2,
            Severity.EMERGENCY, 0), List.of("a#1", "b#2", "c#3")),
        new StressReport.Scaling(4, 2, 1, 0, Map.of()));
    assertThat(StressTestCommand.summary(report)).isEqualTo("stress-test completed after 2.0s: cpu not asked (process "
        + "1.5%), memory 0 B of 0 B, threads 1 of 1, files 0 of 0; 3 alerts raised (warning 1, critical 2); "
        + "4 scaling decisions (up 2, down 1, failed 0)");
    StressReport quiet = new StressReport(StressOutcome.COMPLETED, null, Instant.EPOCH, Instant.EPOCH, Duration.ZERO,
        report.targets(), report.achieved(), null, null, new StressReport.Alerts(0, Map.of(), List.of()),
        new StressReport.Scaling(0, 0, 0, 0, Map.of()));
    assertThat(StressTestCommand.watched(quiet)).isEqualTo("; 0 alerts raised; 0 scaling decisions");
    StressReport one = new StressReport(StressOutcome.COMPLETED, null, Instant.EPOCH, Instant.EPOCH, Duration.ZERO,
        report.targets(), report.achieved(), null, null, new StressReport.Alerts(1, Map.of(Severity.CRITICAL, 1),
        List.of("a#1")), new StressReport.Scaling(1, 1, 0, 0, Map.of()));
    assertThat(StressTestCommand.watched(one)).isEqualTo("; 1 alert raised (critical 1); 1 scaling decision (up 1, "
        + "down 0, failed 0)");
  }

  // ---------------------------------------------------------------- alerts

  @Test
  void alertsExportsTheAlertsOfTheCollectionAsCsvWithTheRulesGiven() throws IOException {
    Path file = dir.resolve("alerts.csv");
    assertThat(run("alerts", "--collect", "400ms", "--interval", "200ms", "--threshold", "jvm.heap.max=1",
        "--state", "firing", "--output", file.toString())).isZero();
    List<List<String>> lines = csv(Files.readString(file));
    assertThat(lines.get(0)).containsExactly("id", "name", "state", "severity", "peakSeverity", "value", "unit", "agent",
        "source", "activeAt", "firedAt", "resolvedAt", "acknowledgedBy", "acknowledgedAt", "acknowledgeComment", "labels",
        "annotations");
    List<String> heap = lines.stream().filter(row -> row.get(1).equals("jvm.heap.max-high")).findFirst().orElseThrow();
    assertThat(heap.subList(2, 9)).containsExactly("firing", "warning", "warning",
        Long.toString(Runtime.getRuntime().maxMemory()), "bytes", "", "rule");
    assertThat(heap.get(9)).isEqualTo(heap.get(10)); // fired at its first sample
    assertThat(heap.get(15)).isEqualTo("{\"alertname\":\"jvm.heap.max-high\"}");
    assertThat(heap.get(16)).isEqualTo("{\"summary\":\"jvm.heap.max is " + Runtime.getRuntime().maxMemory()
        + " (threshold 1)\"}");
    assertThat(lines.subList(1, lines.size())).allSatisfy(row -> assertThat(row.get(2)).isEqualTo("firing"));
    int alerts = lines.size() - 1;
    assertThat(err.toString()).contains("collecting 3 samples over 400ms at 200ms intervals...")
        .contains("wrote " + alerts + (alerts == 1 ? " alert" : " alerts") + " to " + file);
  }

  @Test
  void alertsWritesJsonOnStandardOutputForTheStatesAsked() throws IOException {
    assertThat(run("alerts", "--collect", "0s", "--threshold", "jvm.heap.max=1", "--state", "resolved",
        "--format", "json")).isZero();
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("kind").asText()).isEqualTo("alerts");
    assertThat(doc.get("states").toString()).isEqualTo("[\"resolved\"]");
    assertThat(doc.get("series").get(0).get("rows")).isEmpty(); // one sample: nothing can have resolved
  }

  @Test
  void alertsRejectsBadThresholdsBeforeCollecting() {
    assertThat(run("alerts", "--threshold", "process.threads")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--threshold': 'process.threads' is not a "
        + "threshold; use METRIC=VALUE (process.threads=200)");
    assertThat(run("alerts", "--threshold", "process.threads=1", "--threshold", "process.threads=2")).isEqualTo(2);
    assertThat(err.toString()).contains("process.threads is given twice; give one threshold per metric");
    assertThat(run("alerts", "--threshold", "system.cpu.usage=150")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--threshold': 'system.cpu.usage=150' can never "
        + "fire: system.cpu.usage is a percentage, at most 100");
    assertThat(run("alerts", "--threshold", "process.threads=-1")).isEqualTo(2);
    assertThat(err.toString()).contains("'process.threads=-1' fires always: process.threads is never negative");
    assertThat(run("alerts", "--state", "gone")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--state' (STATE): expected one of [all, active, pending, "
        + "firing, resolved]");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  // ---------------------------------------------------------------- analytics efficiency

  @Test
  void analyticsEfficiencyComparesTheDemoAgentsUsageWithTheirShares() throws IOException {
    Path config = dir.resolve("workspace.json");
    Files.writeString(config, "{\"global\": {\"resourceLimits\": {\"maxCpu\": 50, \"maxMemory\": \"1Gi\"}}}");
    assertThat(run("analytics", "efficiency", "--allocation", config.toString(), "--agents", "2", "--collect", "400ms",
        "--interval", "200ms", "--format", "json")).isZero();
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("kind").asText()).isEqualTo("efficiency");
    assertThat(doc.get("strategy").asText()).isEqualTo("equal");
    List<String> lines = new ArrayList<>();
    for (JsonNode e : doc.get("entries")) {
      lines.add(e.get("scope").asText() + " " + e.get("name").asText() + " " + e.get("resource").asText());
    }
    // in-JVM agents have CPU but no memory of their own, so there are only CPU lines
    assertThat(lines).containsExactly("agent allocator cpu", "agent cruncher cpu", "project default cpu", "global global cpu");
    long global = doc.get("entries").get(3).get("allocated").asLong();
    assertThat(global).isEqualTo(AllocationConfig.cpuPercentToMillicores(50, doc.get("machineCpus").asInt()));
    assertThat(doc.get("entries").get(2).get("allocated").asLong()).isEqualTo(global); // the only project
    assertThat(doc.get("entries").get(0).get("allocated").asLong() + doc.get("entries").get(1).get("allocated").asLong())
        .isEqualTo(global); // divided equally between the two agents
    assertThat(doc.get("entries").get(1).get("unit").asText()).isEqualTo("millicores");
  }

  @Test
  void analyticsEfficiencyNeedsAnAllocationAndSaysWhatIsWrongWithIt() throws IOException {
    assertThat(run("analytics", "efficiency")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required option: '--allocation=FILE'");
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"global\": {\"resourceLimits\": {\"maxCpu\": 150}}}");
    assertThat(run("analytics", "efficiency", "--allocation", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--allocation': " + config + ": $.global.resourceLimits.maxCpu");
    Path missing = dir.resolve("missing.json");
    assertThat(run("analytics", "efficiency", "--allocation", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--allocation " + missing + ": no such file");
    Path malformed = dir.resolve("malformed.json");
    Files.writeString(malformed, "{\"global\": ");
    assertThat(run("analytics", "efficiency", "--allocation", malformed.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--allocation': " + malformed + ": ");
    assertThat(err.toString()).doesNotContain("samples over");
  }

  // ---------------------------------------------------------------- autotune

  @Test
  void autotunePrintsTheReasoningAndWritesJsonToTheOutputFile() throws IOException {
    Path file = dir.resolve("autotune.json");
    assertThat(run("autotune", "--collect", "400ms", "--interval", "200ms", "--min-samples", "1", "-o",
        file.toString())).isZero();
    assertThat(out.toString()).startsWith("Alert thresholds (window 600ms):\n  cpu-high: ")
        .contains("  open-files-high: ", "open-files-high watches process.files.open: 3 evaluations in the last 0.6 s")
        .contains("Agent limits:\n  no agent had measured CPU or memory")
        .endsWith("Nothing was applied; see docs/export.md (Autotune) for how to apply a suggestion.\n");
    JsonNode doc = JSON.readTree(Files.readString(file));
    assertThat(doc.get("kind").asText()).isEqualTo("autotune");
    assertThat(doc.get("options").get("minSamples").asInt()).isEqualTo(1);
    List<String> rules = new ArrayList<>();
    doc.get("thresholds").forEach(t -> rules.add(t.get("rule").asText()));
    assertThat(rules).containsExactly("cpu-high", "memory-high", "disk-io-high", "network-io-high", "open-files-high");
    assertThat(err.toString()).contains("wrote " + file);
  }

  @Test
  void autotuneSuggestsLimitsForTheDemoAgentsFromTheRecommender() throws IOException {
    assertThat(run("autotune", "--collect", "400ms", "--interval", "200ms", "--agents", "1", "--recommender",
        "--format", "json")).isZero();
    JsonNode cruncher = JSON.readTree(out.toString()).get("limits").get(0);
    assertThat(cruncher.get("agent").asText()).isEqualTo("cruncher");
    assertThat(cruncher.get("cpuBasis").asText()).isEqualTo("vertical-recommender");
    assertThat(cruncher.get("cpuMillicores").asLong()).isGreaterThanOrEqualTo(25); // the VPA's minimum
    assertThat(cruncher.get("memory").isNull()).isTrue();
  }

  @Test
  void autotuneRejectsBadBudgets() {
    assertThat(run("autotune", "--budget", "warning=100")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--budget': 'warning=100': a budget is a share of "
        + "evaluations, at least 0 and below 100 (%)");
    assertThat(run("autotune", "--min-samples", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--min-samples must be at least 1, was 0");
    assertThat(run("autotune", "--budget", "loud=5")).isEqualTo(2);
    assertThat(err.toString()).contains("'loud=5' is not a budget; use SEVERITY=PERCENT with a severity of info, "
        + "warning, critical, emergency (warning=10)");
    assertThat(run("autotune", "--budget", "critical=10")).isEqualTo(2);
    assertThat(err.toString()).contains("budgets must not increase with severity");
  }

  // ---------------------------------------------------------------- top

  /** Runs the tool on a thread of its own, which {@code thread} receives so a test can interrupt it as Ctrl-C does. */
  private java.util.concurrent.CompletableFuture<Integer> start(
      java.util.concurrent.CompletableFuture<Thread> thread, String... args) {
    java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> exit.complete(run(args)), "cli-command");
    thread.complete(t);
    t.start();
    return exit;
  }

  @Test
  void topPrintsPlainBlocksWhenNotOnATerminalAndTheFirstSaysCollecting() throws Exception {
    java.util.concurrent.CompletableFuture<Thread> thread = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Integer> exit = start(thread, "top", "--duration", "0", "--interval",
        "200ms", "--agents", "1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> out.toString().split("UTC ==", -1).length > 3); // three frames
    thread.get().interrupt(); // what Ctrl-C does to the command's thread
    assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(130);

    String[] blocks = out.toString().split(System.lineSeparator() + "(?===)");
    assertThat(out.toString()).doesNotContain("\u001B");
    assertThat(blocks[0]).isEmpty(); // each block starts on a new line
    assertThat(blocks[1]).matches("(?s)== \\d\\d:\\d\\d:\\d\\d UTC == 1 agent is registered ==.*")
        .contains("machine  cpu collecting").contains("agent    cruncher   cpu collecting");
    assertThat(blocks[2]).doesNotContain("collecting").contains("agent    cruncher   cpu ");
  }

  @Test
  void topRejectsANegativeDurationAsTyped() {
    assertThat(run("top", "--duration", "PT-2S")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--duration must not be negative (0 runs until Ctrl-C), was PT-2S");
  }
}
