package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.export.Analytics;
import io.github.resourcemanager.export.AutotuneOptions;
import io.github.resourcemanager.export.AutotuneReport;
import io.github.resourcemanager.export.LimitSuggestion;
import io.github.resourcemanager.export.ThresholdSuggestion;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Suggests alert thresholds and agent limits from a collected history; applies nothing. */
@Command(name = "autotune", mixinStandardHelpOptions = true,
    description = {"Sample this machine for --collect, then suggest alert thresholds (the default rules, replayed "
        + "against firing budgets) and agent limits (from the agents' history, or the vertical recommender with "
        + "--recommender), each with its reasoning. Nothing is applied.",
        "The report goes to standard output as text (or JSON with --format json); --output writes it as JSON to a file."})
final class AutotuneCommand implements Callable<Integer> {

  /** How the report is printed. */
  enum Format { text, json }

  @Option(names = "--window", paramLabel = "DURATION",
      description = "Look only this far back from the end (default: everything collected).")
  Duration window;

  @Option(names = "--budget", paramLabel = "SEVERITY=PERCENT",
      description = {"The largest share of evaluations a rule may fire at SEVERITY or above, e.g. warning=10; "
          + "repeat for more (default: info=10, warning=5, critical=1, emergency=0.1)."})
  List<String> budgets = new ArrayList<>();

  @Option(names = "--lower-quiet", description = "Also lower thresholds that fire less than their budget.")
  boolean lowerQuiet;

  @Option(names = "--min-samples", defaultValue = "10", paramLabel = "N",
      description = "The fewest measured values a suggestion is made from (default: ${DEFAULT-VALUE}).")
  int minSamples;

  @Option(names = "--recommender",
      description = "Run the vertical recommender (fed every sample) while collecting, and take agent CPU limits from it.")
  boolean recommender;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "Format on standard output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the report as JSON to this file, replacing it whole; the text still goes to standard output.")
  Path output;

  @Mixin
  CollectOptions collection;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AutotuneOptions options = options();
    if (window != null && (window.isZero() || window.isNegative())) {
      throw Usage.error(spec, "--window", "must be positive");
    }
    Usage.checkWritable(spec, "--output", output);
    collection.validate(spec);
    Duration span = window != null ? window : collection.interval.multipliedBy(collection.samples());
    PrintWriter err = spec.commandLine().getErr();
    AutotuneReport report;
    try (ResourceManager rm = collection.run(spec, err, b -> {
      if (recommender) {
        b.verticalRecommender(VerticalRecommenderConfig.custom().sampleInterval(Duration.ZERO).build());
      }
    }, m -> { })) {
      report = Analytics.of(rm).autotune(span, options);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      report.writeJson(out);
      out.println();
    } else {
      out.print(text(report));
    }
    out.flush();
    if (output != null) {
      report.writeJson(output);
      err.printf("wrote %s%n", output);
      err.flush();
    }
    return 0;
  }

  private AutotuneOptions options() {
    if (minSamples < 1) {
      throw Usage.error(spec, "--min-samples", "must be at least 1");
    }
    AutotuneOptions.Builder b = AutotuneOptions.custom().lowerQuietThresholds(lowerQuiet).minSamples(minSamples);
    for (String budget : budgets) {
      try {
        int eq = budget.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("'" + budget + "' is not a budget; use SEVERITY=PERCENT (warning=10)");
        }
        Severity severity;
        double percent;
        try {
          severity = Severity.valueOf(budget.substring(0, eq).trim().toUpperCase(Locale.ROOT));
          percent = Double.parseDouble(budget.substring(eq + 1).trim());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'" + budget + "' is not a budget; use SEVERITY=PERCENT with a severity of "
              + "info, warning, critical, emergency (warning=10)");
        }
        if (percent < 0 || percent >= 100) {
          throw new IllegalArgumentException("'" + budget + "': a budget is a share of evaluations, at least 0 and "
              + "below 100 (%)");
        }
        b.budget(severity, percent);
      } catch (IllegalArgumentException e) {
        throw Usage.message(spec, "Invalid value for option '--budget': " + e.getMessage());
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw Usage.message(spec, "Invalid value for option '--budget': " + e.getMessage());
    }
  }

  /** The report for people: one paragraph per rule and per agent. */
  static String text(AutotuneReport report) {
    StringBuilder b = new StringBuilder();
    b.append("Alert thresholds (window ").append(CollectOptions.format(report.window())).append("):\n");
    for (ThresholdSuggestion t : report.thresholds()) {
      b.append("  ").append(t.rule().name()).append(": ").append(t.verdict());
      if (t.suggestedRule().isPresent()) {
        StringBuilder changes = new StringBuilder();
        for (ThresholdSuggestion.Level l : t.levels()) {
          if (l.suggested() != l.current()) {
            changes.append(changes.length() == 0 ? "" : ", ").append(l.severity()).append(' ')
                .append(number(l.current())).append(" -> ").append(number(l.suggested()));
          }
        }
        b.append(" (").append(changes).append(')');
      }
      b.append("\n    ").append(t.reasoning()).append('\n');
    }
    b.append("Agent limits:\n");
    if (report.limits().isEmpty()) {
      b.append("  no agent had measured CPU or memory (run demo agents with --agents N)\n");
    }
    for (LimitSuggestion l : report.limits()) {
      b.append("  ").append(l.agentId()).append(": ")
          .append(l.limits().isEmpty() ? "no suggestion" : l.limits().toString())
          .append("\n    ").append(l.reasoning()).append('\n');
    }
    b.append("Nothing was applied; see docs/export.md (Autotune) for how to apply a suggestion.\n");
    return b.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
