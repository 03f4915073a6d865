package io.github.resourcemanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules as configuration: validation and derivation. How they evaluate is CompiledRuleTest's (internal.alert). */
class AlertRuleTest {

  private static AlertRule.Builder cpu() {
    return AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void thresholdsAboveMustNotDecreaseWithSeverity() {
    assertThatThrownBy(() -> cpu().threshold(Severity.WARNING, 80).threshold(Severity.CRITICAL, 75).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("thresholds of rule \"cpu-high\" must not decrease with severity for direction ABOVE "
            + "(INFO <= WARNING <= CRITICAL <= EMERGENCY), but WARNING is 80 and CRITICAL is 75");
  }

  @Test
  void thresholdsBelowMustNotIncreaseWithSeverity() {
    assertThatThrownBy(() -> cpu().direction(Direction.BELOW).threshold(Severity.INFO, 10)
        .threshold(Severity.EMERGENCY, 12.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("thresholds of rule \"cpu-high\" must not increase with severity for direction BELOW "
            + "(INFO >= WARNING >= CRITICAL >= EMERGENCY), but INFO is 10 and EMERGENCY is 12.5");
  }

  @Test
  void clearThresholdMustLieOnTheSafeSideOfTheLowestThreshold() {
    assertThatThrownBy(() -> cpu().threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).clearThreshold(75).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clearThreshold 75 of rule \"cpu-high\" must be below its lowest threshold (WARNING 75) for "
            + "direction ABOVE, so that a firing alert clears only past it");
    assertThatThrownBy(() -> cpu().direction(Direction.BELOW).threshold(Severity.WARNING, 20).clearThreshold(15).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clearThreshold 15 of rule \"cpu-high\" must be above its lowest threshold (WARNING 20) for "
            + "direction BELOW, so that a firing alert clears only past it");
    assertThat(cpu().direction(Direction.BELOW).threshold(Severity.WARNING, 20).clearThreshold(25).build().clearThreshold())
        .hasValue(25);
  }

  @Test
  void ruleNeedsANameAnInputAndAThreshold() {
    assertThatThrownBy(() -> AlertRule.custom().metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.INFO, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alert rule name null is not allowed; use 1 to 128 characters: letters, digits and _ . : -, "
            + "starting with a letter");
    assertThatThrownBy(() -> AlertRule.custom().name("x").threshold(Severity.INFO, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rule \"x\" has nothing to watch; give metric(...), sumOf(...) or gauge(...)");
    assertThatThrownBy(() -> cpu().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rule \"cpu-high\" needs at least one threshold; give threshold(Severity, value)");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold INFO of rule \"cpu-high\" must be a finite number, was NaN");
  }

  @Test
  void sumsMustBeOfOneKindAndUnit() {
    assertThatThrownBy(() -> AlertRule.custom().name("x").sumOf(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_CPU_USAGE)
        .threshold(Severity.INFO, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics of rule \"x\" mix per-agent and machine metrics (system.cpu.usage, agent.cpu.usage); "
            + "sum metrics of one kind");
    assertThatThrownBy(() -> AlertRule.custom().name("x").sumOf(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_DISK_READ)
        .threshold(Severity.INFO, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics of rule \"x\" have different units (system.cpu.usage in PERCENT, system.disk.read in "
            + "BYTES_PER_SECOND); sum metrics of one unit");
  }

  @Test
  void labelsAnnotationsAndDurationsAreValidated() {
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).label("alertname", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label \"alertname\" of rule \"cpu-high\" is reserved; the pipeline sets alertname and agent itself, "
            + "and severity is a property of the alert, not a label");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).label("team-name", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label name of rule \"cpu-high\" \"team-name\" is not allowed; use letters, digits and _, "
            + "not starting with a digit (as Prometheus label names)");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).annotation("summary", "at {{ $value }}").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("annotation \"summary\" of rule \"cpu-high\" uses unknown placeholder {{$value}}; allowed "
            + "placeholders: {{value}}, {{humanValue}}, {{metric}}, {{agent}}, {{severity}}, {{state}}, {{$labels.NAME}}");
    // Prometheus model/labels/labels_common.go checks names with model.LegacyValidation.IsValidLabelName:
    // [a-zA-Z_][a-zA-Z0-9_]*
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).annotation("summary", "on {{$labels.team-name}}").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("annotation \"summary\" of rule \"cpu-high\" uses {{$labels.team-name}}, but \"team-name\" is not a "
            + "label name (a letter or _, then letters, digits or _); allowed placeholders: {{value}}, {{humanValue}}, "
            + "{{metric}}, {{agent}}, {{severity}}, {{state}}, {{$labels.NAME}}");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).annotation("summary", "on {{$labels.}}").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("annotation \"summary\" of rule \"cpu-high\" uses {{$labels.}}, but \"\" is not a label name");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).forDuration(Duration.ofSeconds(-5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("forDuration of rule \"cpu-high\" must not be negative, was PT-5S");
    assertThatThrownBy(() -> cpu().threshold(Severity.INFO, 1).keepFiringFor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keepFiringFor");
  }

  @Test
  void agentMetricMakesTheRulePerAgent() {
    AlertRule rule = AlertRule.custom().name("agent-cpu").metric(Metric.AGENT_CPU_USAGE).threshold(Severity.INFO, 1).build();
    assertThat(rule.isPerAgent()).isTrue();
    assertThat(cpu().threshold(Severity.INFO, 1).build().isPerAgent()).isFalse();
    assertThat(AlertRule.custom().name("g").gauge("queue.depth", () -> 1).threshold(Severity.INFO, 1).build().input())
        .isEqualTo("queue.depth");
  }

  @Test
  void toBuilderDerivesAChangedRule() {
    AlertRule original = cpu().threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).clearThreshold(70)
        .forDuration(Duration.ofMinutes(1)).keepFiringFor(Duration.ofSeconds(30)).label("team", "platform")
        .annotation("summary", "{{value}}").build();
    AlertRule changed = original.toBuilder().withoutThreshold(Severity.WARNING).threshold(Severity.CRITICAL, 90).build();
    assertThat(changed.thresholds()).isEqualTo(Map.of(Severity.CRITICAL, 90.0));
    assertThat(changed.clearThreshold()).hasValue(70);
    assertThat(changed.forDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(changed.keepFiringFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(changed.labels()).isEqualTo(Map.of("team", "platform"));
    assertThat(changed.toString()).isEqualTo("AlertRule{cpu-high: system.cpu.usage ABOVE CRITICAL 90 clear 70 for PT1M "
        + "keepFiringFor PT30S}");
    assertThat(original.toString()).isEqualTo("AlertRule{cpu-high: system.cpu.usage ABOVE WARNING 75 CRITICAL 80 clear 70 "
        + "for PT1M keepFiringFor PT30S}");
  }
}
