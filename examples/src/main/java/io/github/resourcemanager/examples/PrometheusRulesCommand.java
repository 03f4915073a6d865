package io.github.resourcemanager.examples;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig;
import io.github.resourcemanager.prometheus.PrometheusRuleFile;
import io.github.resourcemanager.prometheus.PrometheusRules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the default alert rules as a Prometheus rule file, on the meters of the Micrometer binder. */
@Command(name = "prometheus-rules", mixinStandardHelpOptions = true,
    description = {"Write the default alert rules as a Prometheus rule file that fires as the library does, on the "
        + "meters the Micrometer binder exposes (give the binder's --prefix and --tag if the application sets them).",
        "Check it with: promtool check rules FILE. Rules that cannot be expressed are listed on standard error."})
final class PrometheusRulesCommand implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to this file, replacing it whole (default: standard output).")
  Path output;

  @Option(names = "--group", defaultValue = "resource-manager",
      description = "The rule group's name (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--interval", paramLabel = "DURATION",
      description = "The group's evaluation interval, e.g. 5s: the library's sampling interval (default: "
          + "Prometheus' global evaluation_interval).")
  Duration interval;

  @Option(names = "--prefix", defaultValue = ResourceManagerMetricsConfig.DEFAULT_PREFIX,
      description = "The binder's meter name prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "A common tag the binder puts on every meter, e.g. application=api; repeat for more.")
  List<String> tags = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrometheusRules rules;
    try {
      ResourceManagerMetricsConfig.Builder metrics = ResourceManagerMetricsConfig.custom().prefix(prefix);
      List<String> keyValues = new ArrayList<>();
      for (String tag : tags) {
        int eq = tag.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("tag \"" + tag + "\" is not allowed; write KEY=VALUE, e.g. application=api");
        }
        keyValues.add(tag.substring(0, eq));
        keyValues.add(tag.substring(eq + 1));
      }
      metrics.tags(keyValues.toArray(new String[0]));
      PrometheusRules.Builder b = PrometheusRules.custom().metrics(metrics.build()).groupName(group);
      if (interval != null) {
        b.evaluationInterval(interval);
      }
      rules = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrometheusRuleFile file = rules.export(AlertRule.defaultRules());
    PrintWriter err = spec.commandLine().getErr();
    file.notExported().forEach((name, why) -> err.printf("not exported: %s: %s%n", name, why));
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(file.yaml());
      out.flush();
    } else {
      file.writeTo(output);
      err.printf("wrote %d rules to %s%n", file.exported().size(), output);
    }
    err.flush();
    return 0;
  }
}
