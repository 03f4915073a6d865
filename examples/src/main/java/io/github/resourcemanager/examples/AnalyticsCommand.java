package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.export.Analytics;
import io.github.resourcemanager.export.Bottleneck;
import io.github.resourcemanager.export.BottleneckCriteria;
import io.github.resourcemanager.export.BottleneckReport;
import io.github.resourcemanager.export.Efficiency;
import io.github.resourcemanager.export.EfficiencyReport;
import io.github.resourcemanager.export.Peak;
import io.github.resourcemanager.export.PeakReport;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import io.github.resourcemanager.export.JsonReport;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Peaks, bottlenecks and allocation efficiency over a collected history. */
@Command(name = "analytics", mixinStandardHelpOptions = true,
    description = "Sample this machine for --collect, then report peaks, bottlenecks or allocation efficiency over the history.",
    subcommands = {AnalyticsCommand.PeakCommand.class, AnalyticsCommand.BottlenecksCommand.class,
        AnalyticsCommand.EfficiencyCommand.class, CommandLine.HelpCommand.class})
final class AnalyticsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** {@code analytics} alone is a usage error: it needs a subcommand. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing required subcommand: peak, bottlenecks or efficiency");
  }

  /** How the report is written. */
  enum Format { text, json }

  /** Options shared by the analytics subcommands. */
  static final class Common {
    @Option(names = "--window", paramLabel = "DURATION",
        description = "Look only this far back from the end (default: everything collected).")
    Duration window;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write to this file instead of standard output.")
    Path output;

    @Mixin
    CollectOptions collection;

    /** The window to analyse: as given, or the whole collection (one interval more, so the first sample is in). */
    Duration window(CommandSpec spec) {
      if (window == null) {
        return collection.interval.multipliedBy(collection.samples());
      }
      if (window.isZero() || window.isNegative()) {
        throw Usage.error(spec, "--window", "must be positive");
      }
      return window;
    }

    boolean json() {
      return format == Format.json;
    }
  }

  @Command(name = "peak", mixinStandardHelpOptions = true,
      description = "The highest value of each metric, when it was reached and, for agent metrics, by which agent.")
  static final class PeakCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--metric", paramLabel = "NAME", converter = Converters.MetricConverter.class,
        description = "A metric to report, e.g. system.cpu.usage; repeat for more (default: every metric with data).")
    List<Metric> metrics = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Duration window = common.window(spec);
      Usage.checkWritable(spec, "--output", common.output);
      common.collection.validate(spec);
      PeakReport report;
      try (ResourceManager rm = common.collection.run(spec, spec.commandLine().getErr())) {
        report = Analytics.of(rm).peaks(window, metrics);
      }
      print(spec, common, report, () -> text(report));
      return 0;
    }

    static String text(PeakReport report) {
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "%-26s %-12s %14s  %s%n", "METRIC", "AGENT", "PEAK", "TIME (UTC)"));
      for (Peak p : report.peaks()) {
        b.append(String.format(Locale.ROOT, "%-26s %-12s %14s  %s%n", p.metric().name(), p.agent() == null ? "-" : p.agent(),
            value(p.metric(), p.value()), p.time()));
      }
      return b.toString();
    }
  }

  @Command(name = "bottlenecks", mixinStandardHelpOptions = true,
      description = {"Resources above a threshold for at least --min-duration, ranked.",
          "A run is consecutive samples above the threshold; it lasts from its first to its last sample."})
  static final class BottlenecksCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--threshold", paramLabel = "[METRIC=]VALUE",
        description = {"A bare number applies to every percentage metric (CPU, memory, swap, GC, agents' CPU);",
            "METRIC=VALUE checks one metric in its own unit; repeat for more (default: 80 for percentages)."})
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--min-duration", defaultValue = "5s", paramLabel = "DURATION",
        description = "The shortest run that counts (default: ${DEFAULT-VALUE}; short, as the collection is short).")
    Duration minDuration;

    @Option(names = "--ranking", defaultValue = "time-above", paramLabel = "time-above|severity",
        converter = Converters.RankingConverter.class,
        description = "Order by total time above, or by how far the peak went above the threshold (default: ${DEFAULT-VALUE}).")
    BottleneckCriteria.Ranking ranking;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Duration window = common.window(spec);
      BottleneckCriteria criteria = criteria();
      Usage.checkWritable(spec, "--output", common.output);
      common.collection.validate(spec);
      BottleneckReport report;
      try (ResourceManager rm = common.collection.run(spec, spec.commandLine().getErr())) {
        report = Analytics.of(rm).bottlenecks(window, criteria);
      }
      print(spec, common, report, () -> text(report));
      return 0;
    }

    private BottleneckCriteria criteria() {
      if (minDuration.isNegative()) {
        throw Usage.error(spec, "--min-duration", "must not be negative");
      }
      BottleneckCriteria.Builder b = BottleneckCriteria.custom().minDuration(minDuration).ranking(ranking);
      for (String t : thresholds) {
        int eq = t.indexOf('=');
        try {
          if (eq < 0) {
            double percent = number(t, t);
            if (percent <= 0 || percent >= 100) {
              throw new IllegalArgumentException("'" + t + "' is not a percentage threshold: above 0 and below 100 "
                  + "(a percentage never goes above 100)");
            }
            b.percentThreshold(percent);
          } else {
            Metric metric = Metric.named(t.substring(0, eq).trim());
            double value = number(t.substring(eq + 1), t);
            if (metric.unit() == Unit.PERCENT && value >= 100) {
              throw new IllegalArgumentException("'" + t + "' can never be exceeded: " + metric.name()
                  + " is a percentage, at most 100");
            }
            b.threshold(metric, value);
          }
        } catch (IllegalArgumentException e) {
          throw Usage.message(spec, "Invalid value for option '--threshold': " + e.getMessage());
        }
      }
      try {
        return b.build();
      } catch (IllegalArgumentException e) {
        throw Usage.message(spec, "Invalid value for option '--threshold': " + e.getMessage());
      }
    }

    private static double number(String text, String option) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + option + "' is not a threshold; use a number (80) or METRIC=NUMBER "
            + "(system.load.1m=4)");
      }
    }

    static String text(BottleneckReport report) {
      if (report.bottlenecks().isEmpty()) {
        return "no bottlenecks: nothing stayed above its threshold for " + CollectOptions.format(report.criteria().minDuration())
            + " or longer\n";
      }
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "%-4s %-26s %-12s %12s %10s %10s %14s %8s %4s%n",
          "RANK", "METRIC", "AGENT", "THRESHOLD", "TIME ABOVE", "LONGEST", "PEAK", "SEVERITY", "RUNS"));
      int rank = 1;
      for (Bottleneck x : report.bottlenecks()) {
        b.append(String.format(Locale.ROOT, "%-4d %-26s %-12s %12s %10s %10s %14s %7.1f%% %4d%n", rank++,
            x.metric().name(), x.agent() == null ? "-" : x.agent(), value(x.metric(), x.threshold()),
            Durations.measured(x.timeAbove()), Durations.measured(x.longestRun()), value(x.metric(), x.peak()),
            x.severity() * 100, x.runs().size()));
      }
      return b.toString();
    }
  }

  @Command(name = "efficiency", mixinStandardHelpOptions = true,
      description = {"Allocation efficiency: for each admitted agent, project and the pool, the mean usage of each "
          + "allocated resource against its share, and the share of it left idle.",
          "Needs --allocation: the demo agents (--agents) are admitted to its pool before collecting."})
  static final class EfficiencyCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--allocation", required = true, paramLabel = "FILE",
        description = "The allocation configuration: a JSON file (see docs/allocation.md).")
    Path allocation;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Duration window = common.window(spec);
      Usage.checkReadable(spec, "--allocation", allocation);
      AllocationConfig config;
      try {
        config = AllocationConfig.custom(allocation).build();
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw Usage.message(spec, "Invalid value for option '--allocation': " + allocation + ": " + e.getMessage());
      }
      Usage.checkWritable(spec, "--output", common.output);
      common.collection.validate(spec);
      EfficiencyReport report;
      try (ResourceManager rm = common.collection.run(spec, spec.commandLine().getErr(), b -> b.allocation(config),
          m -> m.agents().forEach(agent -> m.allocation().admit(agent.id())))) {
        report = Analytics.of(rm).efficiency(window);
      }
      print(spec, common, report, () -> text(report));
      return 0;
    }

    static String text(EfficiencyReport report) {
      if (report.entries().isEmpty()) {
        return "no allocated resource with measured usage: admit agents (--agents N) and limit resources in the "
            + "allocation's global limits\n";
      }
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "%-8s %-14s %-14s %-10s %12s %12s %12s %12s %10s %6s%n", "SCOPE", "NAME",
          "PROJECT", "RESOURCE", "ALLOCATED", "MEAN", "P95", "PEAK", "EFFICIENCY", "IDLE"));
      for (Efficiency e : report.entries()) {
        b.append(String.format(Locale.ROOT, "%-8s %-14s %-14s %-10s %12s %12s %12s %12s %9.1f%% %5.1f%%%n", e.scope(),
            e.name(), e.project() == null ? "-" : e.project(), e.resource().name(), amount(e, e.allocated()),
            amount(e, e.meanUsed()), amount(e, e.p95Used()), amount(e, e.peakUsed()), e.efficiency() * 100,
            e.idleShare() * 100));
      }
      return b.toString();
    }

    private static String amount(Efficiency e, double v) {
      return switch (e.unit()) {
        case "millicores" -> String.format(Locale.ROOT, "%.0fm", v);
        case "bytes" -> TopCommand.bytes(v);
        case "bytes/s" -> TopCommand.bytes(v) + "/s";
        default -> TopCommand.count(v);
      };
    }
  }

  static String value(Metric metric, double v) {
    Unit unit = metric.unit();
    return switch (unit) {
      case PERCENT -> TopCommand.pct(v);
      case BYTES -> TopCommand.bytes(v);
      case BYTES_PER_SECOND -> TopCommand.bytes(v) + "/s";
      case COUNT -> TopCommand.count(v);
      case SECONDS -> String.format(Locale.ROOT, "%.3f s", v);
      case NONE -> String.format(Locale.ROOT, "%.2f", v);
    };
  }

  /** Prints a report as JSON or as text, to the output file or to the command's standard output. */
  static void print(CommandSpec spec, Common common, JsonReport report, Supplier<String> text) throws IOException {
    if (!common.json()) {
      write(spec, common.output, text.get());
    } else if (common.output != null) {
      report.writeJson(common.output);
    } else {
      report.writeJson(spec.commandLine().getOut());
      spec.commandLine().getOut().println();
    }
  }

  static void write(CommandSpec spec, Path output, String text) throws IOException {
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    } else {
      java.nio.file.Files.writeString(output, text);
      spec.commandLine().getErr().printf("wrote %s%n", output);
      spec.commandLine().getErr().flush();
    }
  }
}
