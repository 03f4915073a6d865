package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.Unit;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A rule in the form evaluation needs, derived once from its public accessors: the watched metrics as an array, the
 * thresholds present with the most serious first, durations in nanoseconds. Reading a value and finding its
 * severity allocate nothing. Immutable.
 */
final class CompiledRule {

  private static final Severity[] SEVERITIES = Severity.values();

  final AlertRule rule;
  final String name;
  final String input;
  final boolean perAgent;
  final @Nullable DoubleSupplier gauge; // null unless a gauge rule
  final @Nullable Unit unit; // the watched metrics' unit; null for a gauge
  final boolean hasClearThreshold;
  final long forNanos;
  final long keepFiringForNanos;
  private final Metric[] metrics;
  private final boolean above;
  private final int[] severitiesDesc;
  private final double[] thresholdsDesc;
  private final double clearThreshold;

  CompiledRule(AlertRule rule) {
    this.rule = rule;
    this.name = rule.name();
    this.input = rule.input();
    this.perAgent = rule.isPerAgent();
    this.gauge = rule.gauge().orElse(null);
    this.metrics = rule.metrics().toArray(new Metric[0]);
    this.unit = metrics.length == 0 ? null : metrics[0].unit(); // one unit: the rule validated it
    this.above = rule.direction() == Direction.ABOVE;
    Map<Severity, Double> thresholds = rule.thresholds();
    this.severitiesDesc = new int[thresholds.size()];
    this.thresholdsDesc = new double[thresholds.size()];
    int k = 0;
    for (int s = SEVERITIES.length - 1; s >= 0; s--) {
      Double t = thresholds.get(SEVERITIES[s]);
      if (t != null) {
        severitiesDesc[k] = s;
        thresholdsDesc[k] = t;
        k++;
      }
    }
    this.hasClearThreshold = rule.clearThreshold().isPresent();
    this.clearThreshold = rule.clearThreshold().orElse(Double.NaN);
    this.forNanos = rule.forDuration().toNanos(); // within range: the rule validated it
    this.keepFiringForNanos = rule.keepFiringFor().toNanos();
  }

  /** The value of a machine-level input in {@code sample}: a metric, or the sum of several (NaN if any is NaN). */
  double read(Sample sample) {
    double sum = 0;
    for (Metric m : metrics) {
      sum += sample.value(m);
    }
    return sum;
  }

  /** The value of a per-agent input for {@code agent}. */
  double read(Sample sample, Agent agent) {
    double sum = 0;
    for (Metric m : metrics) {
      sum += sample.value(agent, m);
    }
    return sum;
  }

  /** The ordinal of the most serious severity whose threshold {@code value} breaches, or -1 (always for NaN). */
  int severityOf(double value) {
    double[] t = thresholdsDesc;
    for (int i = 0; i < t.length; i++) {
      if (above ? value >= t[i] : value <= t[i]) {
        return severitiesDesc[i];
      }
    }
    return -1;
  }

  /**
   * The severity ordinal of a firing alert held by hysteresis: the breached severity, or the lowest one while
   * the value is between the lowest threshold and the clear threshold; -1 once the value crosses the clear
   * threshold (or is NaN).
   */
  int severityHeld(double value) {
    int s = severityOf(value);
    if (s >= 0) {
      return s;
    }
    return (above ? value > clearThreshold : value < clearThreshold) ? severitiesDesc[severitiesDesc.length - 1] : -1;
  }
}
