package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.export.ExportFormat;
import io.github.resourcemanager.export.ExportOptions;
import io.github.resourcemanager.export.HistoryExporter;
import io.github.resourcemanager.monitor.Metric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Samples the machine for a while and exports the history as JSON or CSV. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = {"Sample this machine, this process and the JVM for --collect, then export the history as JSON or CSV.",
        "The document goes to --output or standard output; progress goes to standard error."})
final class MetricsCommand implements Callable<Integer> {

  @Option(names = "--format", defaultValue = "csv", paramLabel = "json|csv",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ExportFormat format;

  @Option(names = "--window", paramLabel = "DURATION",
      description = "Export only the samples within this long of the end (default: everything collected).")
  Duration window;

  @Option(names = "--step", paramLabel = "DURATION",
      description = "Downsample: one row per step-aligned bucket, the mean of its samples (default: every sample).")
  Duration step;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to this file, replacing it whole (default: standard output).")
  Path output;

  @Option(names = "--metric", paramLabel = "NAME", converter = Converters.MetricConverter.class,
      description = "A metric to export, e.g. system.cpu.usage; repeat for more (default: every metric with data).")
  List<Metric> metrics = new ArrayList<>();

  @Mixin
  CollectOptions collection;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (window != null && (window.isZero() || window.isNegative())) {
      throw Usage.error(spec, "--window", "must be positive");
    }
    if (step != null && (step.isZero() || step.isNegative() || step.toNanos() % 1_000_000 != 0)) {
      throw Usage.error(spec, "--step", "must be a positive whole number of milliseconds");
    }
    ExportOptions options;
    try {
      ExportOptions.Builder b = ExportOptions.custom().metrics(metrics);
      if (window != null) {
        b.window(window);
      }
      if (step != null) {
        b.step(step);
      }
      options = b.build();
    } catch (IllegalArgumentException e) {
      throw Usage.message(spec, e.getMessage());
    }
    Usage.checkWritable(spec, "--output", output);
    collection.validate(spec);
    PrintWriter err = spec.commandLine().getErr();
    try (ResourceManager rm = collection.run(spec, err)) {
      HistoryExporter exporter = HistoryExporter.of(rm);
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        exporter.write(format, options, out);
        if (format == ExportFormat.JSON) {
          out.println(); // CSV ends with a line break already
        }
        out.flush();
      } else {
        long rows = exporter.write(format, options, output);
        err.printf("wrote %s to %s%n", Words.count(rows, "row"), output);
        err.flush();
      }
    }
    return 0;
  }
}
