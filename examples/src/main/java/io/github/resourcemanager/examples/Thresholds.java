package io.github.resourcemanager.examples;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --threshold METRIC=VALUE} option of {@code alerts} and {@code dashboard}: a WARNING rule named
 * {@code METRIC-high} firing at or above VALUE, in the metric's unit. A threshold that can never fire (a
 * percentage above 100, a negative amount) is a usage error, like one that does not parse.
 */
final class Thresholds {
  private Thresholds() {}

  static List<AlertRule> rules(CommandSpec spec, List<String> thresholds) {
    List<AlertRule> rules = new ArrayList<>();
    for (String t : thresholds) {
      int eq = t.indexOf('=');
      if (eq < 0) {
        throw invalid(spec, "'" + t + "' is not a threshold; use METRIC=VALUE (process.threads=200)");
      }
      Metric metric;
      try {
        metric = Metric.named(t.substring(0, eq).trim());
      } catch (IllegalArgumentException e) {
        throw invalid(spec, e.getMessage());
      }
      String text = t.substring(eq + 1).trim();
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw invalid(spec, "'" + t + "' is not a threshold; use METRIC=VALUE (process.threads=200)");
      }
      if (!Double.isFinite(value)) {
        throw invalid(spec, "'" + t + "' is not a threshold; VALUE must be a finite number");
      }
      if (metric.unit() == Unit.PERCENT && value > 100) {
        throw invalid(spec, "'" + t + "' can never fire: " + metric.name() + " is a percentage, at most 100");
      }
      if (value < 0 && metric.unit() != Unit.NONE) {
        throw invalid(spec, "'" + t + "' fires always: " + metric.name() + " is never negative");
      }
      if (rules.stream().anyMatch(r -> r.metrics().get(0) == metric)) {
        throw invalid(spec, metric.name() + " is given twice; give one threshold per metric");
      }
      rules.add(AlertRule.custom().name(metric.name() + "-high").metric(metric).threshold(Severity.WARNING, value)
          .annotation("summary", metric.name() + " is {{value}} (threshold " + text + ")")
          .build());
    }
    return rules;
  }

  private static RuntimeException invalid(CommandSpec spec, String problem) {
    return Usage.message(spec, "Invalid value for option '--threshold': " + problem);
  }
}
