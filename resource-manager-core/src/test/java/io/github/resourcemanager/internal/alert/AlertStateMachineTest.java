package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alerting-rule state machine, one transition per test, driven by a manual ticker.
 *
 * <p>Values: Prometheus rules/alerting.go, {@code AlertingRule.Eval}, sets {@code alert.Value} and
 * {@code alert.Annotations} only in the loop over the query result ({@code for h, a := range alerts}); an active
 * alert absent from the result (not matching: held by keep_firing_for, or resolved) keeps the value and annotations of
 * its last matching evaluation.
 */
class AlertStateMachineTest {

  private static AlertRule.Builder cpuRule() {
    return AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80);
  }

  private static void assertAlert(Alert alert, AlertState state, Severity severity, double value, Instant activeAt,
      Instant firedAt, Instant resolvedAt) {
    assertThat(alert.state()).isEqualTo(state);
    assertThat(alert.severity()).isEqualTo(severity);
    assertThat(Double.valueOf(alert.value())).isEqualTo(Double.valueOf(value)); // boxed: NaN equals NaN
    assertThat(alert.activeAt()).isEqualTo(activeAt);
    assertThat(alert.firedAt()).isEqualTo(Optional.ofNullable(firedAt));
    assertThat(alert.resolvedAt()).isEqualTo(Optional.ofNullable(resolvedAt));
  }

  @Test
  void forZeroFiresOnTheFirstBreachingEvaluation() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      h.cpuAt(0, 70);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      h.cpuAt(5, 85);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(5), at(5), null);
      assertThat(h.active().id()).isEqualTo("cpu-high#1");
      assertThat(h.active().labels()).isEqualTo(Map.of("alertname", "cpu-high"));
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @5");
    }
  }

  @Test
  void sustainedBreachIsOneAlertNotOnePerEvaluation() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      for (int s = 0; s <= 60; s += 5) {
        h.cpuAt(s, 85);
      }
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(0), at(0), null);
      assertThat(h.pipeline.stats().evaluations()).isEqualTo(13);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0");
    }
  }

  @Test
  void pendingAlertFiresOnceActiveForAtLeastFor() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85);
      assertAlert(h.active(), AlertState.PENDING, Severity.CRITICAL, 85, at(0), null, null);
      h.cpuAt(5, 86);
      assertAlert(h.active(), AlertState.PENDING, Severity.CRITICAL, 86, at(0), null, null);
      h.cpuAt(10, 87); // active for exactly 10 s: fires (>=, as Prometheus)
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 87, at(0), at(10), null);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @10");
    }
  }

  @Test
  void breachShorterThanForIsDroppedWithoutAnyNotification() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(30)).build())) {
      h.cpuAt(0, 85).cpuAt(5, 85).cpuAt(10, 85);
      assertAlert(h.active(), AlertState.PENDING, Severity.CRITICAL, 85, at(0), null, null);
      h.cpuAt(15, 50);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts()).isEmpty();
      assertThat(h.pipeline.find("cpu-high#1")).isEmpty();
      h.cpuAt(20, 85); // a new breach starts a new pending alert, timed from now
      assertAlert(h.active(), AlertState.PENDING, Severity.CRITICAL, 85, at(20), null, null);
      assertThat(h.active().id()).isEqualTo("cpu-high#2");
      assertThat(h.events()).isEmpty();
    }
  }

  @Test
  void firingAlertResolvesAtTheFirstEvaluationWithoutBreach() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      h.cpuAt(0, 85).cpuAt(5, 85).cpuAt(10, 60);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      List<Alert> resolved = h.pipeline.resolvedAlerts();
      assertThat(resolved).hasSize(1);
      // alerting.go, AlertingRule.Eval: the resolved alert is not in the result at 10, so it keeps the value of 5
      assertAlert(resolved.get(0), AlertState.RESOLVED, Severity.CRITICAL, 85, at(0), at(0), at(10));
      assertThat(h.pipeline.find("cpu-high#1")).contains(resolved.get(0));
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @10");
    }
  }

  @Test
  void breachAfterResolutionIsANewAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      h.cpuAt(0, 85).cpuAt(5, 60).cpuAt(10, 90);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 90, at(10), at(10), null);
      assertThat(h.active().id()).isEqualTo("cpu-high#2");
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5",
          "Fired cpu-high#2 CRITICAL @10");
    }
  }

  @Test
  void keepFiringForHoldsAFiringAlertCountedFromTheFirstEvaluationWithoutBreach() {
    try (AlertHarness h = new AlertHarness(cpuRule().keepFiringFor(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85);
      h.cpuAt(5, 50); // no breach since 5 s: kept, with the value of 0 (alerting.go: Value set only for matches)
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(0), at(0), null);
      h.cpuAt(10, 50); // 5 s < 10 s: kept
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(0), at(0), null);
      h.cpuAt(15, 50); // 10 s: resolved
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertAlert(h.pipeline.resolvedAlerts().get(0), AlertState.RESOLVED, Severity.CRITICAL, 85, at(0), at(0), at(15));
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @15");
    }
  }

  @Test
  void keepFiringForStartsAgainWhenTheBreachReturns() {
    try (AlertHarness h = new AlertHarness(cpuRule().keepFiringFor(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85).cpuAt(5, 50).cpuAt(10, 86).cpuAt(15, 50).cpuAt(20, 50);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 86, at(0), at(0), null); // the match at 10
      h.cpuAt(25, 50);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @25");
    }
  }

  @Test
  void alertHeldByKeepFiringForKeepsTheValueAndAnnotationsOfItsLastMatch() {
    AlertRule rule = cpuRule().keepFiringFor(Duration.ofSeconds(10))
        .annotation("summary", "CPU at {{value}} % ({{severity}})").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.cpuAt(0, 85).cpuAt(5, 91.5).cpuAt(10, 40);
      // alerting.go, AlertingRule.Eval: at 10 the alert is not in the query result, so neither alert.Value nor
      // alert.Annotations is assigned; both stay as expanded at 5
      Alert held = h.active();
      assertThat(held.value()).isEqualTo(91.5);
      assertThat(held.annotations()).isEqualTo(Map.of("summary", "CPU at 91.5 % (CRITICAL)"));
      h.cpuAt(15, Double.NaN);
      assertThat(h.active().value()).isEqualTo(91.5);
      assertThat(h.active().annotations()).isEqualTo(Map.of("summary", "CPU at 91.5 % (CRITICAL)"));
      h.cpuAt(20, 30); // 10 s since 10: resolved
      List<AlertEvent> events = h.events();
      AlertEvent.Resolved resolved = (AlertEvent.Resolved) events.get(events.size() - 1);
      assertThat(resolved.alert().value()).isEqualTo(91.5); // the resolved event carries the last matching value
    }
  }

  @Test
  void keepFiringForNeverKeepsAPendingAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(30))
        .keepFiringFor(Duration.ofMinutes(5)).build())) {
      h.cpuAt(0, 85).cpuAt(5, 50);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.events()).isEmpty();
    }
  }

  @Test
  void hysteresisHoldsAFiringAlertUntilTheValueCrossesTheClearThreshold() {
    try (AlertHarness h = new AlertHarness(cpuRule().clearThreshold(70).build())) {
      h.cpuAt(0, 85);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(0), at(0), null);
      h.cpuAt(5, 74); // below every threshold, above the clear threshold: held at the lowest severity
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 74, at(0), at(0), null);
      h.cpuAt(10, 70.5);
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 70.5, at(0), at(0), null);
      h.cpuAt(15, 70); // reaching the clear threshold clears
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      // held values (above the clear threshold) match; 70 does not, so the alert keeps 70.5 (alerting.go, Eval)
      assertAlert(h.pipeline.resolvedAlerts().get(0), AlertState.RESOLVED, Severity.WARNING, 70.5, at(0), at(0),
          at(15));
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0",
          "SeverityChanged cpu-high#1 WARNING from CRITICAL @5", "Resolved cpu-high#1 WARNING @15");
    }
  }

  @Test
  void valueHoveringAtTheThresholdDoesNotFlapWithHysteresis() {
    try (AlertHarness h = new AlertHarness(cpuRule().clearThreshold(70).build())) {
      double[] hovering = {80.2, 79.8, 80.1, 79.9, 80.3, 79.7};
      for (int i = 0; i < hovering.length; i++) {
        h.cpuAt(5L * i, hovering[i]);
      }
      assertThat(h.active().id()).isEqualTo("cpu-high#1");
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0",
          "SeverityChanged cpu-high#1 WARNING from CRITICAL @5", "SeverityChanged cpu-high#1 CRITICAL from WARNING @10",
          "SeverityChanged cpu-high#1 WARNING from CRITICAL @15", "SeverityChanged cpu-high#1 CRITICAL from WARNING @20",
          "SeverityChanged cpu-high#1 WARNING from CRITICAL @25");
    }
  }

  @Test
  void withoutHysteresisTheSameHoveringValueFlaps() {
    try (AlertHarness h = new AlertHarness(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.CRITICAL, 80).build())) {
      h.cpuAt(0, 80.2).cpuAt(5, 79.8).cpuAt(10, 80.1);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5",
          "Fired cpu-high#2 CRITICAL @10");
    }
  }

  @Test
  void hysteresisDoesNotHoldAPendingAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().clearThreshold(70).forDuration(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85).cpuAt(5, 74);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.events()).isEmpty();
    }
  }

  @Test
  void escalationAndDeescalationUpdateTheSameAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().threshold(Severity.EMERGENCY, 95).build())) {
      h.cpuAt(0, 77);
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 77, at(0), at(0), null);
      h.cpuAt(5, 82);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 82, at(0), at(0), null);
      h.cpuAt(10, 97);
      assertAlert(h.active(), AlertState.FIRING, Severity.EMERGENCY, 97, at(0), at(0), null);
      h.cpuAt(15, 76);
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 76, at(0), at(0), null);
      assertThat(h.active().peakSeverity()).isEqualTo(Severity.EMERGENCY);
      h.cpuAt(20, 40);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 WARNING @0",
          "SeverityChanged cpu-high#1 CRITICAL from WARNING @5", "SeverityChanged cpu-high#1 EMERGENCY from CRITICAL @10",
          "SeverityChanged cpu-high#1 WARNING from EMERGENCY @15", "Resolved cpu-high#1 WARNING @20");
    }
  }

  @Test
  void severityChangesWhilePendingAreNotNotified() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 77);
      assertAlert(h.active(), AlertState.PENDING, Severity.WARNING, 77, at(0), null, null);
      h.cpuAt(5, 85);
      assertAlert(h.active(), AlertState.PENDING, Severity.CRITICAL, 85, at(0), null, null);
      h.cpuAt(10, 85);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @10");
    }
  }

  @Test
  void missingDataResolvesAFiringAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      h.cpuAt(0, 85).cpuAt(5, Double.NaN);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      // no data is no match: the alert keeps the value of 0 (alerting.go, Eval)
      assertAlert(h.pipeline.resolvedAlerts().get(0), AlertState.RESOLVED, Severity.CRITICAL, 85, at(0), at(0), at(5));
    }
  }

  @Test
  void missingDataDropsAPendingAlert() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85).cpuAt(5, Double.NaN);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.events()).isEmpty();
    }
  }

  @Test
  void keepFiringForRidesOutOneMissingSample() {
    try (AlertHarness h = new AlertHarness(cpuRule().keepFiringFor(Duration.ofSeconds(5)).build())) {
      h.cpuAt(0, 85).cpuAt(5, Double.NaN);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 85, at(0), at(0), null); // kept: the value of 0
      h.cpuAt(10, 87);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 87, at(0), at(0), null);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0");
    }
  }

  @Test
  void missingDataIsNotACrossingOfTheClearThreshold() {
    try (AlertHarness h = new AlertHarness(cpuRule().clearThreshold(70).build())) {
      h.cpuAt(0, 85).cpuAt(5, Double.NaN);
      assertThat(h.pipeline.activeAlerts()).isEmpty(); // no data resolves, hysteresis or not: keepFiringFor bridges gaps
    }
  }

  @Test
  void directionBelowBreachesAtOrUnderTheThresholds() {
    double[] free = {50};
    AlertRule rule = AlertRule.custom().name("free-workers-low").gauge("free.workers", () -> free[0])
        .direction(Direction.BELOW).threshold(Severity.WARNING, 20).threshold(Severity.CRITICAL, 10)
        .annotation("summary", "{{metric}} at {{value}}").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.sampleAt(0);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      free[0] = 20;
      h.sampleAt(5);
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 20, at(5), at(5), null);
      free[0] = 9.5;
      h.sampleAt(10);
      assertAlert(h.active(), AlertState.FIRING, Severity.CRITICAL, 9.5, at(5), at(5), null);
      assertThat(h.active().annotations()).isEqualTo(Map.of("summary", "free.workers at 9.5"));
      free[0] = 21;
      h.sampleAt(15);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
    }
  }

  @Test
  void gaugeThatThrowsCountsAsNoDataAndIsCounted() {
    boolean[] broken = {false};
    AlertRule rule = AlertRule.custom().name("queue-deep").gauge("queue.depth", () -> {
      if (broken[0]) {
        throw new IllegalStateException("queue gone");
      }
      return 500;
    }).threshold(Severity.WARNING, 100).build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.sampleAt(0);
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING);
      broken[0] = true;
      h.sampleAt(5).sampleAt(10);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.stats().gaugeFailures()).isEqualTo(2);
      assertThat(h.monitor.stats().listenerFailures()).isZero();
    }
  }

  @Test
  void sumOfMetricsBreachesOnTheTotal() {
    AlertRule rule = AlertRule.custom().name("disk-io-high").sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
        .threshold(Severity.WARNING, 100).annotation("summary", "{{metric}} = {{value}}").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.set(Metric.SYSTEM_DISK_READ, 60).set(Metric.SYSTEM_DISK_WRITE, 30).sampleAt(0);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      h.set(Metric.SYSTEM_DISK_WRITE, 40).sampleAt(5);
      assertAlert(h.active(), AlertState.FIRING, Severity.WARNING, 100, at(5), at(5), null);
      assertThat(h.active().annotations()).containsEntry("summary", "system.disk.read + system.disk.write = 100");
      h.set(Metric.SYSTEM_DISK_READ, Double.NaN).sampleAt(10); // one part missing: no data
      assertThat(h.pipeline.activeAlerts()).isEmpty();
    }
  }

  @Test
  void annotationPlaceholdersAreFilledWithTheCurrentValues() {
    AlertRule rule = cpuRule().label("team", "platform")
        .annotation("summary", "{{metric}} is {{value}} % ({{severity}}){{agent}}").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.cpuAt(0, 77.25);
      assertThat(h.active().annotations()).isEqualTo(Map.of("summary", "system.cpu.usage is 77.25 % (WARNING)"));
      assertThat(h.active().labels()).isEqualTo(Map.of("team", "platform", "alertname", "cpu-high"));
      h.cpuAt(5, 91.0004);
      assertThat(h.active().annotations()).isEqualTo(Map.of("summary", "system.cpu.usage is 91 % (CRITICAL)"));
    }
  }

  @Test
  void agentRuleRaisesOneAlertPerAgent() {
    AlertRule rule = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).annotation("summary", "{{agent}} uses {{value}} %").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.monitor.tracker().register("worker-1", Map.of("project", "alpha"));
      h.values.setAgent("worker-1", Metric.AGENT_CPU_USAGE, 60).setAgent("worker-2", Metric.AGENT_CPU_USAGE, 10)
          .setAgent("worker-3", Metric.AGENT_CPU_USAGE, 70);
      h.sampleAt(0).sampleAt(5);
      List<Alert> active = h.pipeline.activeAlerts();
      assertThat(active).extracting(Alert::id).containsExactly("agent-cpu-high/worker-1#1", "agent-cpu-high/worker-3#2");
      assertThat(active.get(0).labels())
          .isEqualTo(Map.of("project", "alpha", "alertname", "agent-cpu-high", "agent", "worker-1"));
      assertThat(active.get(0).agent()).contains("worker-1");
      assertThat(active.get(1).annotations()).isEqualTo(Map.of("summary", "worker-3 uses 70 %"));
      assertAlert(active.get(1), AlertState.FIRING, Severity.WARNING, 70, at(0), at(0), null);

      h.values.setAgent("worker-1", Metric.AGENT_CPU_USAGE, 20).setAgent("worker-2", Metric.AGENT_CPU_USAGE, 55);
      h.sampleAt(10);
      assertThat(h.pipeline.activeAlerts()).extracting(Alert::id)
          .containsExactly("agent-cpu-high/worker-3#2", "agent-cpu-high/worker-2#3");
      assertThat(h.eventLines()).containsExactly("Fired agent-cpu-high/worker-1#1 WARNING @0",
          "Fired agent-cpu-high/worker-3#2 WARNING @0", "Resolved agent-cpu-high/worker-1#1 WARNING @10",
          "Fired agent-cpu-high/worker-2#3 WARNING @10");
    }
  }

  @Test
  void agentThatLeavesTheSampleHasNoDataAndItsAlertResolves() {
    AlertRule rule = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.values.setAgent("worker-1", Metric.AGENT_CPU_USAGE, 60);
      h.sampleAt(0);
      h.values.removeAgent("worker-1");
      h.monitor.tracker().unregister("worker-1");
      h.sampleAt(5);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      // absent from the result: the alert keeps the value of its last match (alerting.go, Eval)
      assertAlert(h.pipeline.resolvedAlerts().get(0), AlertState.RESOLVED, Severity.WARNING, 60, at(0), at(0), at(5));
    }
  }

  @Test
  void resolvedHistoryIsNewestFirstAndBoundedInSize() {
    try (AlertHarness h = new AlertHarness(b -> b.resolvedHistorySize(2), cpuRule().build())) {
      for (int i = 0; i < 3; i++) {
        h.cpuAt(10L * i, 85).cpuAt(10L * i + 5, 10);
      }
      assertThat(h.pipeline.resolvedAlerts()).extracting(Alert::id).containsExactly("cpu-high#3", "cpu-high#2");
      assertThat(h.pipeline.resolvedAlerts()).extracting(a -> a.resolvedAt().orElseThrow())
          .containsExactly(at(25), at(15));
    }
  }

  @Test
  void resolvedAlertsAreDroppedAfterTheRetention() {
    try (AlertHarness h = new AlertHarness(b -> b.resolvedRetention(Duration.ofMinutes(15)), cpuRule().build())) {
      h.cpuAt(0, 85).cpuAt(5, 10);
      h.timeAt(5 + 15 * 60);
      assertThat(h.pipeline.resolvedAlerts()).extracting(Alert::id).containsExactly("cpu-high#1");
      h.sampleAt(5 + 15 * 60 + 5);
      assertThat(h.pipeline.resolvedAlerts()).isEmpty();
      assertThat(h.pipeline.find("cpu-high#1")).isEmpty();
    }
  }

  @Test
  void eachRuleHasItsOwnAlerts() {
    AlertRule memory = AlertRule.custom().name("memory-high").metric(Metric.SYSTEM_MEMORY_USAGE)
        .threshold(Severity.CRITICAL, 90).build();
    try (AlertHarness h = new AlertHarness(cpuRule().build(), memory)) {
      h.set(Metric.SYSTEM_MEMORY_USAGE, 95).cpuAt(0, 77);
      assertThat(h.pipeline.activeAlerts()).extracting(Alert::id).containsExactly("cpu-high#1", "memory-high#2");
      assertThat(h.pipeline.activeAlerts(Severity.CRITICAL)).extracting(Alert::id).containsExactly("memory-high#2");
      assertThat(h.pipeline.activeAlerts(Severity.WARNING)).extracting(Alert::id).containsExactly("cpu-high#1");
      assertThat(h.pipeline.activeAlerts(Severity.EMERGENCY)).isEmpty();
    }
  }
}
