package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A rule's evaluation form: which severity a value breaches. */
class CompiledRuleTest {

  private static AlertRule.Builder cpu() {
    return AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void equalThresholdsGiveTheMoreSeriousSeverity() {
    CompiledRule rule = new CompiledRule(cpu().threshold(Severity.WARNING, 80).threshold(Severity.CRITICAL, 80).build());
    assertThat(rule.severityOf(80)).isEqualTo(Severity.CRITICAL.ordinal());
    assertThat(rule.severityOf(79.99)).isEqualTo(-1);
  }

  @Test
  void severityIsThatOfTheMostSeriousThresholdBreached() {
    // Any subset of severities, thresholds in a consistent order, any value: compare with a plain search.
    qt().forAll(lists().of(integers().between(0, 100)).ofSize(4), integers().between(1, 15), integers().between(-5, 105))
        .checkAssert((raw, subset, value) -> {
          List<Integer> sorted = raw.stream().sorted().toList();
          for (Direction direction : Direction.values()) {
            AlertRule.Builder b = cpu().direction(direction);
            for (Severity s : Severity.values()) {
              if ((subset & (1 << s.ordinal())) != 0) {
                int t = direction == Direction.ABOVE ? sorted.get(s.ordinal()) : sorted.get(3 - s.ordinal());
                b.threshold(s, t);
              }
            }
            AlertRule rule = b.build();
            int expected = -1;
            for (Severity s : Severity.values()) {
              OptionalDouble t = rule.threshold(s);
              if (t.isPresent() && (direction == Direction.ABOVE ? value >= t.getAsDouble() : value <= t.getAsDouble())) {
                expected = s.ordinal();
              }
            }
            assertThat(new CompiledRule(rule).severityOf(value)).isEqualTo(expected);
          }
        });
  }

  @Test
  void noDataBreachesNothing() {
    CompiledRule rule = new CompiledRule(cpu().threshold(Severity.INFO, 0).clearThreshold(-1).build());
    assertThat(rule.severityOf(Double.NaN)).isEqualTo(-1);
    assertThat(rule.severityHeld(Double.NaN)).isEqualTo(-1);
  }
}
