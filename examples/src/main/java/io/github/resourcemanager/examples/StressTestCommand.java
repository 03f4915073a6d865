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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the bounded stress generator with progress on standard error and writes its report. */
@Command(name = "stress-test", mixinStandardHelpOptions = true,
    description = {"Load this machine for a bounded time: CPU to a share of all CPUs, heap, parked threads, open files.",
        "Everything is released at the end, on Ctrl-C and on failure. The JSON report goes to --output or standard "
            + "output; progress and a summary go to standard error."})
final class StressTestCommand implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to run, above 0 and at most 24h (default: ${DEFAULT-VALUE}); Ctrl-C ends it early and "
          + "still writes the report, marked interrupted.")
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

  @Option(names = "--no-progress", description = "Do not show progress on standard error.")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    Usage.checkWritable(spec, "--output", output);
    PrintWriter err = spec.commandLine().getErr();
    try (ResourceManager rm = ResourceManager.custom().interval(interval).build()) {
      StressConfig config = config(rm);
      rm.start();
      StressReport report;
      boolean interrupted = false;
      try (StressRun run = StressGenerator.start(config);
           Progress progress = Progress.start("stress-test", duration, Usage.typed(spec, "--duration"), !noProgress,
               Cli.terminals().stderr(), err)) {
        try {
          do {
            StressProgress p = run.progress();
            progress.update(p.elapsed(), rm.stats().ticks(), state(p, rm.stats().ticks()));
          } while (!run.await(Duration.ofMillis(200)));
        } catch (InterruptedException ctrlC) {
          interrupted = true; // the run has ended (INTERRUPTED) and released everything; report what ran
        }
        report = run.report();
      }
      err.println(summary(report));
      err.flush();
      if (output != null) {
        report.writeJson(output);
        err.printf("report written to %s%n", output);
      } else {
        report.writeJson(spec.commandLine().getOut());
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().flush();
      }
      err.flush();
      if (interrupted) {
        return Cli.INTERRUPTED;
      }
      return report.outcome() == StressOutcome.COMPLETED ? 0 : 1;
    }
  }

  /** The checks that need no generator, with the options named as typed. */
  private void validate() {
    if (duration.isZero() || duration.isNegative() || duration.compareTo(StressConfig.MAX_DURATION) > 0) {
      throw Usage.error(spec, "--duration", "must be above 0 and at most " + Durations.format(StressConfig.MAX_DURATION));
    }
    if (interval.isZero() || interval.isNegative()) {
      throw Usage.error(spec, "--interval", "must be positive");
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    if (targetCpu != null && (!(targetCpu > 0) || targetCpu > 100)) {
      throw Usage.error(spec, "--target-cpu", "must be above 0 and at most 100 (% of all " + Words.count(cpus, "CPU") + ")");
    }
    long maxHeap = Runtime.getRuntime().maxMemory();
    if (targetMemory != null && (targetMemory.bytes() <= 0 || targetMemory.bytes() > maxHeap / 2)) {
      throw Usage.error(spec, "--target-memory", "must be above 0 and at most half of the maximum heap ("
          + TopCommand.bytes(maxHeap / 2) + " of " + TopCommand.bytes(maxHeap) + "; raise it with JAVA_OPTS=-Xmx...)");
    }
    if (threads < 0) {
      throw Usage.error(spec, "--threads", "must not be negative");
    }
    if (files < 0) {
      throw Usage.error(spec, "--files", "must not be negative");
    }
    if (targetCpu == null && targetMemory == null && threads == 0 && files == 0) {
      throw Usage.message(spec, "nothing to generate: set at least one of --target-cpu, --target-memory, --threads, "
          + "--files");
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
      throw Usage.message(spec, flags(e.getMessage()));
    }
  }

  /** The generator's words for its settings, as the options the user typed, and their values as typed. */
  private String flags(String message) {
    String[][] names = {{"cpuPercent", "--target-cpu"}, {"cpuThreads", "--cpu-threads"}, {"memory", "--target-memory"},
        {"threads", "--threads"}, {"openFiles", "--files"}, {"duration", "--duration"}};
    String m = message;
    for (String[] n : names) {
      if (m.startsWith(n[0] + " ")) {
        String rest = m.substring(n[0].length() + 1);
        if (n[0].equals("memory") && targetMemory != null && rest.startsWith(targetMemory + " ")) {
          rest = Usage.typed(spec, "--target-memory") + rest.substring(targetMemory.toString().length());
        }
        int was = rest.lastIndexOf(", was ");
        if (was >= 0) {
          rest = rest.substring(0, was) + ", was " + Usage.typed(spec, n[1]);
        }
        m = n[1] + " " + rest;
        break;
      }
    }
    for (String[] n : names) {
      if (!n[0].equals(n[0].toLowerCase(Locale.ROOT))) { // camelCase names are unambiguous anywhere
        m = m.replace(n[0], n[1]);
      }
    }
    return m;
  }

  /** {@code 14 samples; cpu 49.8%, memory 256 MiB, threads 4, files 0}. */
  static String state(StressProgress p, long samples) {
    return Words.count(samples, "sample") + "; cpu " + TopCommand.pct(p.generatorCpuPercent()) + ", memory "
        + TopCommand.bytes(p.memoryBytes()) + ", threads " + p.threads() + ", files " + p.openFiles();
  }

  static String summary(StressReport r) {
    StressReport.Targets t = r.targets();
    StressReport.Achieved a = r.achieved();
    String cpu = t.cpuPercent() == 0 ? "cpu not asked"
        : "cpu " + TopCommand.pct(a.generatorCpuPercent()) + " of " + TopCommand.pct(t.cpuPercent()) + " asked";
    return String.format(Locale.ROOT, "stress-test %s after %s: %s (process %s), memory %s of %s, "
            + "threads %d of %d, files %d of %d%s%s",
        r.outcome(), Durations.seconds(r.elapsed()), cpu, TopCommand.pct(a.processCpuPercent()),
        TopCommand.bytes(a.peakMemoryBytes()), TopCommand.bytes(t.memoryBytes()), a.threads(), t.threads(),
        a.openFiles(), t.openFiles(), watched(r), r.failure() == null ? "" : "; failure: " + r.failure());
  }

  /** {@code ; 2 alerts raised (warning 1, critical 1); 0 scaling decisions}: empty without a manager. */
  static String watched(StressReport r) {
    if (r.alerts() == null || r.scaling() == null) {
      return "";
    }
    StringBuilder b = new StringBuilder("; ").append(Words.count(r.alerts().raised(), "alert")).append(" raised");
    StringJoiner bySeverity = new StringJoiner(", ", " (", ")").setEmptyValue("");
    r.alerts().bySeverity().forEach((severity, count) -> {
      if (count > 0) {
        bySeverity.add(severity.name().toLowerCase(Locale.ROOT) + " " + count);
      }
    });
    b.append(bySeverity).append("; ").append(Words.count(r.scaling().decisions(), "scaling decision"));
    if (r.scaling().decisions() > 0) {
      b.append(" (up ").append(r.scaling().scaledUp()).append(", down ").append(r.scaling().scaledDown())
          .append(", failed ").append(r.scaling().failed()).append(')');
    }
    return b.toString();
  }
}
