package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts raised by events (the Docker module's OOM kills and exit code 137) through the same machinery. */
class EventAlertTest {

  private static EventAlert oomKill(String container) {
    return EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent(container).withLabel("image", "app:1.4")
        .withAnnotation("summary", "container " + container + " was killed: out of memory").withValue(137);
  }

  @Test
  void raisedEventAlertFiresAtOnceAndIsNotified() {
    try (AlertHarness h = new AlertHarness()) {
      h.timeAt(3);
      Alert alert = h.pipeline.raise(oomKill("worker-7"));
      assertThat(alert.id()).isEqualTo("container-oom-killed/worker-7#1");
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.activeAt()).isEqualTo(at(3));
      assertThat(alert.firedAt()).contains(at(3));
      assertThat(alert.labels()).isEqualTo(Map.of("image", "app:1.4", "agent", "worker-7", "alertname", "container-oom-killed"));
      assertThat(alert.annotations()).isEqualTo(Map.of("summary", "container worker-7 was killed: out of memory"));
      assertThat(alert.value()).isEqualTo(137);
      assertThat(alert.isFromEvent()).isTrue();
      assertThat(h.pipeline.activeAlerts()).containsExactly(alert);
      assertThat(h.eventLines()).containsExactly("Fired container-oom-killed/worker-7#1 CRITICAL @3");
    }
  }

  @Test
  void raisingTheSameIdentityAgainUpdatesOneAlertAndNotifiesOnlySeverityChanges() {
    try (AlertHarness h = new AlertHarness()) {
      h.pipeline.raise(oomKill("worker-7"));
      h.timeAt(10);
      Alert again = h.pipeline.raise(oomKill("worker-7").withValue(9));
      assertThat(again.id()).isEqualTo("container-oom-killed/worker-7#1");
      assertThat(again.value()).isEqualTo(9);
      assertThat(again.activeAt()).isEqualTo(at(0));
      h.timeAt(20);
      h.pipeline.raise(EventAlert.of("container-oom-killed", Severity.EMERGENCY).withAgent("worker-7")
          .withLabel("image", "app:1.4"));
      h.pipeline.raise(oomKill("worker-8")); // another identity: another alert
      assertThat(h.pipeline.activeAlerts()).extracting(Alert::id)
          .containsExactly("container-oom-killed/worker-7#1", "container-oom-killed/worker-8#2");
      assertThat(h.eventLines()).containsExactly("Fired container-oom-killed/worker-7#1 CRITICAL @0",
          "SeverityChanged container-oom-killed/worker-7#1 EMERGENCY from CRITICAL @20",
          "Fired container-oom-killed/worker-8#2 CRITICAL @20");
    }
  }

  @Test
  void eventAlertResolvesAtTheFirstEvaluationOnceResolveAfterHasPassedSinceTheLastRaise() {
    try (AlertHarness h = new AlertHarness()) {
      EventAlert event = oomKill("worker-7").withResolveAfter(Duration.ofSeconds(60));
      h.pipeline.raise(event);
      h.timeAt(30);
      h.pipeline.raise(event);
      h.sampleAt(85);
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING);
      h.sampleAt(90);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts().get(0).resolvedAt()).contains(at(90));
      assertThat(h.eventLines()).containsExactly("Fired container-oom-killed/worker-7#1 CRITICAL @0",
          "Resolved container-oom-killed/worker-7#1 CRITICAL @90");
    }
  }

  @Test
  void eventAlertsDueAtTheSameEvaluationAllResolveAndTheOthersStay() {
    try (AlertHarness h = new AlertHarness()) {
      for (String c : List.of("a", "b", "c", "d", "e")) {
        h.pipeline.raise(oomKill(c).withResolveAfter(Duration.ofSeconds(c.equals("b") || c.equals("d") ? 60 : 10)));
      }
      h.sampleAt(10);
      assertThat(h.pipeline.activeAlerts()).extracting(a -> a.agent().orElseThrow()).containsExactly("b", "d");
      assertThat(h.pipeline.resolvedAlerts()).extracting(a -> a.agent().orElseThrow()).containsExactlyInAnyOrder("a", "c", "e");
      h.sampleAt(60);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts()).hasSize(5);
    }
  }

  @Test
  void eventAlertWithoutResolveAfterStaysUntilResolvedById() {
    try (AlertHarness h = new AlertHarness()) {
      Alert raised = h.pipeline.raise(oomKill("worker-7").withResolveAfter(Duration.ZERO));
      h.sampleAt(86_400);
      assertThat(h.active().id()).isEqualTo(raised.id());
      Alert resolved = h.pipeline.resolve(raised.id());
      assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(resolved.resolvedAt()).contains(at(86_400));
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.find(raised.id())).contains(resolved);
      assertThat(h.pipeline.raise(oomKill("worker-7")).id()).isEqualTo("container-oom-killed/worker-7#2");
    }
  }

  @Test
  void eventAlertCanBeResolvedByItsIdentity() {
    try (AlertHarness h = new AlertHarness()) {
      h.pipeline.raise(oomKill("worker-7"));
      assertThat(h.pipeline.resolve(oomKill("worker-7"))).map(Alert::id).contains("container-oom-killed/worker-7#1");
      assertThat(h.pipeline.resolve(oomKill("worker-7"))).isEmpty();
      assertThat(h.pipeline.resolve(oomKill("worker-8"))).isEmpty();
    }
  }

  @Test
  void thresholdAlertsCannotBeResolvedByHand() {
    AlertRule cpu = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.CRITICAL, 80).build();
    try (AlertHarness h = new AlertHarness(cpu)) {
      h.cpuAt(0, 90);
      assertThatThrownBy(() -> h.pipeline.resolve("cpu-high#1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("alert \"cpu-high#1\" comes from threshold rule \"cpu-high\" and resolves when its condition "
              + "clears; only event alerts can be resolved");
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING);
      assertThatThrownBy(() -> h.pipeline.raise(EventAlert.of("cpu-high", Severity.INFO)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event alert name \"cpu-high\" is the name of a threshold rule of this pipeline; give event "
              + "alerts names of their own");
    }
  }

  @Test
  void eventAlertsAreRepeatedAcknowledgedAndSilencedLikeThresholdAlerts() {
    try (AlertHarness h = new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(1)))) {
      Alert a = h.pipeline.raise(oomKill("worker-7").withResolveAfter(Duration.ZERO));
      h.pipeline.addSilence(List.of(LabelMatcher.equal("agent", "worker-8")), at(0), at(3600), "ops", "");
      h.pipeline.raise(oomKill("worker-8").withResolveAfter(Duration.ZERO));
      h.sampleAt(60).sampleAt(65);
      h.pipeline.acknowledge(a.id(), "alice", "restarting it");
      h.sampleAt(120).sampleAt(180);
      // Alertmanager notify/notify.go, DedupStage.needsUpdate: a repeat once strictly more than the interval passed
      // (not at 60, at 65); worker-8 fired while silenced, so no handler was told of it and no repeat comes due
      assertThat(h.eventLines()).containsExactly("Fired container-oom-killed/worker-7#1 CRITICAL @0",
          "Repeated container-oom-killed/worker-7#1 CRITICAL #1 @65",
          "Acknowledged container-oom-killed/worker-7#1 CRITICAL @65");
      assertThat(h.pipeline.stats().silencedNotifications()).isEqualTo(1); // worker-8's Fired
    }
  }

  @Test
  void eventAlertsAreValidated() {
    assertThatThrownBy(() -> EventAlert.of("oom kill", Severity.CRITICAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event alert name \"oom kill\" is not allowed; use 1 to 128 characters: letters, digits and _ . : -, "
            + "starting with a letter");
    assertThatThrownBy(() -> EventAlert.of("oom", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("severity");
    assertThatThrownBy(() -> EventAlert.of("oom", Severity.CRITICAL).withLabel("agent", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label \"agent\" of event alert \"oom\" is reserved; the pipeline sets alertname and agent itself, "
            + "and severity is a property of the alert, not a label");
    assertThatThrownBy(() -> EventAlert.of("oom", Severity.CRITICAL).withValue(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of event alert \"oom\" must be finite or NaN (none), was Infinity");
    assertThatThrownBy(() -> EventAlert.of("oom", Severity.CRITICAL).withResolveAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolveAfter of event alert \"oom\" must not be negative, was PT-1S");
    assertThat(EventAlert.of("oom", Severity.CRITICAL).resolveAfter()).isEqualTo(Duration.ofMinutes(5));
  }
}
