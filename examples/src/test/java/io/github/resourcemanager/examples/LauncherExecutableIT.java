package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built tool as a user runs it: from another directory (through a symbolic link), on a terminal and into a pipe,
 * with Ctrl-C (a real SIGINT), with its log lines on standard error.
 */
class LauncherExecutableIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void helpRunsFromAnyDirectoryThroughALinkWithoutLoadingTheLibraryOshiOrJackson() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("my-bin"));
    Files.createSymbolicLink(bin.resolve("resource-manager"), Executable.LAUNCHER);
    Path classes = dir.resolve("classes.txt");
    Executable.Result r = Executable.start(dir, bin.resolve("resource-manager") + " --help", false,
        Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes)).await(120);

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: resource-manager [-hvV] [COMMAND]")
        .contains("  metrics ", "  stress-test ", "  dashboard ", "Exit codes:", "130   interrupted (Ctrl-C)");
    assertThat(r.err()).isEmpty();
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).anyMatch(l -> l.contains(" io.github.resourcemanager.examples.Cli ")); // the log is real
    assertThat(loaded).noneMatch(l -> l.contains(" oshi.")).noneMatch(l -> l.contains(" com.fasterxml.jackson."))
        .noneMatch(l -> l.contains(" io.micrometer.")).noneMatch(l -> l.contains(" me.tongfei."))
        .noneMatch(l -> l.matches(".* io\\.github\\.resourcemanager\\.(?!examples\\.)\\S+ source.*"));
  }

  @Test
  void ctrlCDuringStressTestWritesTheReportMarkedInterruptedPrintsTheSummaryAndExits130() throws Exception {
    long start = System.nanoTime();
    // exec: the shell becomes env, then the launcher, then java: one process id to signal. env restores SIGINT's
    // default action, which a child of a background job (the build's) inherits as ignored; the JVM would keep that.
    Executable.Running run = Executable.start(dir, "exec env --default-signal=INT resource-manager stress-test "
        + "--duration 60s --threads 2 --interval 200ms -o report.json", false, Map.of());
    // The first progress line comes when the run has started (standard error is a pipe: plain lines).
    await().atMost(Duration.ofSeconds(60)).until(() -> run.err().matches("(?s)stress-test: \\d+\\.\\ds of 60s elapsed.*"));
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.process.pid())).start(); // the launcher exec'd java
    assertThat(kill.waitFor()).isZero();
    Executable.Result r = run.await(60);

    assertThat(r.exit()).isEqualTo(130);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended early").isLessThan(Duration.ofSeconds(55));
    assertThat(r.err()).containsPattern("stress-test interrupted after \\d+\\.\\ds: cpu not asked \\(process [0-9.]+%\\), "
        + "memory 0 B of 0 B, threads 2 of 2, files 0 of 0")
        .contains("report written to report.json");
    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("outcome").asText()).isEqualTo("interrupted");
    assertThat(report.get("targets").get("threads").asInt()).isEqualTo(2);
    assertThat(report.get("elapsedSeconds").asDouble()).isLessThan(55);
  }

  @Test
  void topRedrawsInPlaceOnATerminalAndPrintsPlainBlocksIntoAPipe() throws Exception {
    // script(1) runs the tool on a pseudo-terminal, as a user's shell would; its output is what the terminal got.
    Executable.Result terminal = Executable.run(dir, "script -qec 'resource-manager top --duration 2s --interval 500ms "
        + "--agents 1' /dev/null");
    assertThat(terminal.exit()).isZero();
    String screen = terminal.out();
    int frames = screen.split(Pattern.quote(TopCommand.HOME_AND_CLEAR), -1).length - 1;
    assertThat(frames).isGreaterThanOrEqualTo(2);
    assertThat(screen).contains(TopCommand.HOME_AND_CLEAR + "== ").contains("machine  cpu collecting");

    Executable.Result pipe = Executable.run(dir, "resource-manager top --duration 2s --interval 500ms --agents 1 | cat");
    assertThat(pipe.exit()).isZero();
    assertThat(pipe.out()).doesNotContain("\u001B").contains("\n== ").contains("machine  cpu collecting");
  }

  @Test
  void progressIsABarOnATerminalAndPlainLinesInAFile() throws Exception {
    Executable.Result terminal = Executable.run(dir, "script -qec 'resource-manager metrics --collect 3s --interval 500ms "
        + "-o on-terminal.csv' /dev/null");
    assertThat(terminal.exit()).isZero();
    assertThat(terminal.out()).contains("\rcollecting").contains("/3s").contains("of 7 samples")
        .contains("wrote 7 rows to on-terminal.csv");

    Executable.Result file = Executable.run(dir, "resource-manager metrics --collect 3s --interval 500ms -o in-file.csv "
        + "2> progress.txt");
    assertThat(file.exit()).isZero();
    String progress = Files.readString(dir.resolve("progress.txt"));
    assertThat(progress).startsWith("collecting 7 samples over 3s at 500ms intervals...\n"
        + "collecting: 0.0s of 3s elapsed, 3.0s remaining, 1 of 7 samples\n").endsWith("wrote 7 rows to in-file.csv\n");
    assertThat(progress).doesNotContain("\r").doesNotContain("\u001B");
  }

  @Test
  void theLibrarysLogLinesGoToStandardErrorWarnByDefaultInfoWithVerbose() throws Exception {
    Executable.Result quiet = Executable.run(dir, "resource-manager dashboard --port 0 --duration 1s --agents 0");
    assertThat(quiet.exit()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).matches("dashboard: http://127\\.0\\.0\\.1:\\d+/\nserving for 1s\n");

    Executable.Result verbose = Executable.run(dir, "resource-manager dashboard --verbose --port 0 --duration 1s --agents 0");
    assertThat(verbose.exit()).isZero();
    Matcher m = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)").matcher(verbose.out());
    assertThat(m.find()).isTrue();
    assertThat(verbose.err()).contains("INFO Dashboard - dashboard listening at " + m.group(1) + "\n");
    assertThat(verbose.out()).doesNotContain("INFO");

    Executable.Result exposed = Executable.run(dir, "resource-manager dashboard --bind 0.0.0.0 --allowed-host localhost "
        + "--port 0 --duration 1s --agents 0");
    assertThat(exposed.exit()).isZero();
    Matcher real = Pattern.compile("dashboard: http://localhost:(\\d+)/").matcher(exposed.out());
    assertThat(real.find()).as(exposed.out()).isTrue();
    assertThat(exposed.err()).contains("WARN Dashboard - dashboard listening on 0.0.0.0:" + real.group(1)
        + ", reachable from other machines, at http://localhost:" + real.group(1) + "/ (allowed hosts localhost)");
  }

  @Test
  void usageErrorsExitWithTwoNamingTheOptionAsTyped() throws Exception {
    Executable.Result r = Executable.run(dir, "resource-manager metrics --collect 25h");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("--collect must be at most 24h, was 25h\nUsage: resource-manager metrics");
    assertThat(r.out()).isEmpty();
    Executable.Result missing = Executable.run(dir, "resource-manager metrics -o no-such-dir/out.csv");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("--output no-such-dir/out.csv: the directory " + dir.toRealPath()
        .resolve("no-such-dir") + " does not exist");
  }
}
