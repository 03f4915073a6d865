package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.export.AlertExporter;
import io.github.resourcemanager.export.ExportFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Samples the machine for a while with the default alert rules (and any given) and exports the alerts. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = {"Sample this machine for --collect with the default alert rules (CPU, memory, disk, network, open "
        + "files) and any --threshold, then export the alerts (active and resolved) as JSON or CSV.",
        "The document goes to --output or standard output; progress goes to standard error."})
final class AlertsCommand implements Callable<Integer> {

  /** Which alerts to export. */
  enum StateOption {
    all, active, pending, firing, resolved;

    Set<AlertState> states() {
      return switch (this) {
        case all -> EnumSet.allOf(AlertState.class);
        case active -> EnumSet.of(AlertState.PENDING, AlertState.FIRING);
        case pending -> EnumSet.of(AlertState.PENDING);
        case firing -> EnumSet.of(AlertState.FIRING);
        case resolved -> EnumSet.of(AlertState.RESOLVED);
      };
    }
  }

  @Option(names = "--format", defaultValue = "csv", paramLabel = "json|csv",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ExportFormat format;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Which alerts: ${COMPLETION-CANDIDATES}; repeat for more (default: all).")
  List<StateOption> states = new ArrayList<>();

  @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
      description = {"Add a WARNING rule named METRIC-high that fires at or above VALUE, in the metric's unit "
          + "(process.threads=200, system.cpu.usage=90 for 90 %%); an agent.* metric is watched per agent. Repeat for more."})
  List<String> thresholds = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to this file, replacing it whole (default: standard output).")
  Path output;

  @Mixin
  CollectOptions collection;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<AlertRule> rules = Thresholds.rules(spec, thresholds);
    Set<AlertState> selected = EnumSet.noneOf(AlertState.class);
    for (StateOption s : states.isEmpty() ? List.of(StateOption.all) : states) {
      selected.addAll(s.states());
    }
    Usage.checkWritable(spec, "--output", output);
    collection.validate(spec);
    PrintWriter err = spec.commandLine().getErr();
    try (ResourceManager rm = collection.run(spec, err, b -> rules.forEach(b::alertRule), m -> { })) {
      AlertExporter exporter = AlertExporter.of(rm);
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        exporter.write(format, selected, out);
        if (format == ExportFormat.JSON) {
          out.println();
        }
        out.flush();
      } else {
        long alerts = exporter.write(format, selected, output);
        err.printf("wrote %s to %s%n", Words.count(alerts, "alert"), output);
        err.flush();
      }
    }
    return 0;
  }
}
