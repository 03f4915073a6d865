package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.test.stress.StressConfig;
import io.github.resourcemanager.test.stress.StressGenerator;
import io.github.resourcemanager.test.stress.StressOutcome;
import io.github.resourcemanager.test.stress.StressProgress;
import io.github.resourcemanager.test.stress.StressReport;
import io.github.resourcemanager.test.stress.StressRun;
import io.github.resourcemanager.units.ByteSize;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the bounded stress generator with a progress bar and writes its report. */
@Command(name = "stress-test", mixinStandardHelpOptions = true,
    description = {"Load this machine for a bounded time: CPU to a share of all CPUs, heap, parked threads, open files.",
        "Everything is released at the end, on Ctrl-C and on failure. The JSON report goes to --output or standard "
            + "output; the progress bar and a summary go to standard error."})
final class StressTestCommand implements Callable<Integer> {
  private static final int BAR_WIDTH = 30;

  @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to run, at most 24h (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--target-cpu", paramLabel = "PERCENT",
      description = "Keep this share of all CPUs busy, above 0 and at most 100.")
  Double targetCpu;

  @Option(names = "--cpu-threads", paramLabel = "N",
      description = "Spread the CPU load over N threads (default: the fewest that can reach the target).")
  Integer cpuThreads;

  @Option(names = "--target-memory", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
      description = "Hold this much heap, e.g. 256m or 256Mi; at most half of the maximum heap.")
  ByteSize targetMemory;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Start N threads that stay parked (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--files", defaultValue = "0", paramLabel = "N",
      description = "Hold N temporary files open (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the JSON report to this file.")
  Path output;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Sampling interval of the monitor whose statistics the report records (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try (ResourceManager rm = monitor()) {
      StressConfig config = config(rm);
      rm.start();
      StressReport report;
      try (StressRun run = StressGenerator.start(config)) {
        // Ctrl-C ends the JVM through its shutdown hooks: release the temporary files on the way out.
        Thread hook = new Thread(run::close, "stress-test-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          while (!run.await(Duration.ofMillis(200))) {
            progress(err, run.progress());
          }
        } finally {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
        progress(err, run.progress());
        if (!noProgress) {
          err.println();
        }
        report = run.report();
      }
      err.println(summary(report));
      err.flush();
      if (output != null) {
        report.writeJson(output);
        err.printf("report written to %s%n", output);
        err.flush();
      } else {
        report.writeJson(spec.commandLine().getOut());
      }
      return report.outcome() == StressOutcome.COMPLETED ? 0 : 1;
    }
  }

  private ResourceManager monitor() {
    try {
      return ResourceManager.custom().interval(interval).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
  }

  private StressConfig config(ResourceManager rm) {
    try {
      StressConfig.Builder b = StressConfig.custom().duration(duration).threads(threads).openFiles(files).manager(rm);
      if (targetCpu != null) {
        b.cpuPercent(targetCpu);
      }
      if (cpuThreads != null) {
        b.cpuThreads(cpuThreads);
      }
      if (targetMemory != null) {
        b.memory(targetMemory);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void progress(PrintWriter err, StressProgress p) {
    if (noProgress) {
      return;
    }
    err.print("\r" + bar(p) + "\u001B[K"); // CR, then erase what a longer previous line left behind
    err.flush();
  }

  /** One line: {@code [######------]  45%  13.5s/30.0s  cpu 49.8%  mem 256.0 MiB  threads 4  files 0}. */
  static String bar(StressProgress p) {
    int filled = (int) Math.floor(p.fraction() * BAR_WIDTH);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%  %.1fs/%.1fs  cpu %s  mem %s  threads %d  files %d",
            (int) Math.floor(p.fraction() * 100), p.elapsed().toMillis() / 1000.0, p.duration().toMillis() / 1000.0,
            TopCommand.pct(p.generatorCpuPercent()), TopCommand.bytes(p.memoryBytes()), p.threads(), p.openFiles());
  }

  static String summary(StressReport r) {
    StressReport.Targets t = r.targets();
    StressReport.Achieved a = r.achieved();
    String cpu = t.cpuPercent() == 0 ? "cpu not asked"
        : "cpu " + TopCommand.pct(a.generatorCpuPercent()) + " of " + TopCommand.pct(t.cpuPercent()) + " asked";
    return String.format(Locale.ROOT, "stress-test %s after %.1fs: %s (process %s), memory %s of %s, "
            + "threads %d of %d, files %d of %d%s%s",
        r.outcome(), r.elapsed().toMillis() / 1000.0, cpu, TopCommand.pct(a.processCpuPercent()),
        TopCommand.bytes(a.peakMemoryBytes()), TopCommand.bytes(t.memoryBytes()), a.threads(), t.threads(),
        a.openFiles(), t.openFiles(), watched(r), r.failure() == null ? "" : "; failure: " + r.failure());
  }

  /** {@code ; alerts raised 2 (warning 1, critical 1); scaling decisions 0}: empty without a manager. */
  static String watched(StressReport r) {
    if (r.alerts() == null || r.scaling() == null) {
      return "";
    }
    StringBuilder b = new StringBuilder("; alerts raised ").append(r.alerts().raised());
    StringJoiner bySeverity = new StringJoiner(", ", " (", ")").setEmptyValue("");
    r.alerts().bySeverity().forEach((severity, count) -> {
      if (count > 0) {
        bySeverity.add(severity.name().toLowerCase(Locale.ROOT) + " " + count);
      }
    });
    b.append(bySeverity).append("; scaling decisions ").append(r.scaling().decisions());
    if (r.scaling().decisions() > 0) {
      b.append(" (up ").append(r.scaling().scaledUp()).append(", down ").append(r.scaling().scaledDown())
          .append(", failed ").append(r.scaling().failed()).append(')');
    }
    return b.toString();
  }
}
