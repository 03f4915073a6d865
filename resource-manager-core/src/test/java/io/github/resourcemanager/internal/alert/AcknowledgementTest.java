package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Repeat notifications, acknowledgement and its withdrawal.
 *
 * <p>Repeats: Alertmanager notify/notify.go, {@code DedupStage.needsUpdate} (v0.30; moved to notify/dedup_stage.go
 * later) repeats a notification only when {@code entry.Timestamp.Before(now.Add(-repeat))}, that is when strictly
 * more than the repeat interval has passed since the receiver's last notification. With samples every 5 s and a
 * 60 s interval, a repeat due after a notification at {@code t} goes out at {@code t + 65}.
 */
class AcknowledgementTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.CRITICAL, 80).build();

  private static AlertHarness harness() {
    return new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(1)), CPU);
  }

  /** Samples a breach every 5 s from {@code from} to {@code to} seconds. */
  private static void breachFromTo(AlertHarness h, long from, long to) {
    for (long s = from; s <= to; s += 5) {
      h.cpuAt(s, 90);
    }
  }

  @Test
  void firingUnacknowledgedAlertRepeatsEveryRepeatInterval() {
    try (AlertHarness h = harness()) {
      breachFromTo(h, 0, 190);
      // at 60, 60 s have passed since 0: not more than the interval (needsUpdate: Timestamp.Before(now - repeat))
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Repeated cpu-high#1 CRITICAL #1 @65",
          "Repeated cpu-high#1 CRITICAL #2 @130");
    }
  }

  @Test
  void acknowledgedAlertStopsRepeatingButStillResolves() {
    try (AlertHarness h = harness()) {
      breachFromTo(h, 0, 30);
      Alert acked = h.pipeline.acknowledge("cpu-high#1", "alice", "looking into it");
      assertThat(acked.acknowledgement()).contains(new Alert.Acknowledgement("alice", "looking into it", at(30)));
      assertThat(acked.state()).isEqualTo(AlertState.FIRING);
      breachFromTo(h, 35, 180);
      h.cpuAt(185, 10);
      Alert resolved = h.pipeline.resolvedAlerts().get(0);
      assertThat(resolved.isAcknowledged()).isTrue();
      assertThat(resolved.resolvedAt()).contains(at(185));
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Acknowledged cpu-high#1 CRITICAL @30",
          "Resolved cpu-high#1 CRITICAL @185");
    }
  }

  @Test
  void breachAfterAnAcknowledgedAlertResolvedIsANewUnacknowledgedAlert() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90);
      h.pipeline.acknowledge("cpu-high#1", "alice", "");
      h.cpuAt(5, 10).cpuAt(10, 90);
      Alert fresh = h.active();
      assertThat(fresh.id()).isEqualTo("cpu-high#2");
      assertThat(fresh.isAcknowledged()).isFalse();
      breachFromTo(h, 15, 75);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Acknowledged cpu-high#1 CRITICAL @0",
          "Resolved cpu-high#1 CRITICAL @5", "Fired cpu-high#2 CRITICAL @10", "Repeated cpu-high#2 CRITICAL #1 @75");
    }
  }

  @Test
  void unacknowledgingResumesRepeatsOneIntervalLater() {
    try (AlertHarness h = harness()) {
      breachFromTo(h, 0, 10);
      h.pipeline.acknowledge("cpu-high#1", "alice", "mine");
      breachFromTo(h, 15, 100);
      Alert unacked = h.pipeline.unacknowledge("cpu-high#1", "bob");
      assertThat(unacked.acknowledgement()).isEmpty();
      breachFromTo(h, 105, 165);
      // the interval restarts at 100; 160 - 100 is not more than 60, 165 - 100 is
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Acknowledged cpu-high#1 CRITICAL @10",
          "Unacknowledged cpu-high#1 CRITICAL @100", "Repeated cpu-high#1 CRITICAL #1 @165");
      assertThat(h.events().get(2)).isInstanceOfSatisfying(AlertEvent.Unacknowledged.class,
          e -> assertThat(e.by()).isEqualTo("bob"));
    }
  }

  @Test
  void acknowledgingAgainReplacesTheAcknowledgement() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90);
      h.pipeline.acknowledge("cpu-high#1", "alice", "mine");
      h.cpuAt(5, 90);
      Alert again = h.pipeline.acknowledge("cpu-high#1", "bob", "taking over");
      assertThat(again.acknowledgement()).contains(new Alert.Acknowledgement("bob", "taking over", at(5)));
    }
  }

  @Test
  void pendingAlertCanBeAcknowledgedAndStillFires() {
    AlertRule slow = CPU.toBuilder().forDuration(Duration.ofSeconds(10)).build();
    try (AlertHarness h = new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(1)), slow)) {
      h.cpuAt(0, 90);
      h.pipeline.acknowledge("cpu-high#1", "alice", "expected during the batch run");
      breachFromTo(h, 5, 120);
      assertThat(h.eventLines()).containsExactly("Acknowledged cpu-high#1 CRITICAL @0", "Fired cpu-high#1 CRITICAL @10");
    }
  }

  @Test
  void acknowledgingAnUnknownAlertNamesTheActiveOnes() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90);
      assertThatThrownBy(() -> h.pipeline.acknowledge("cpu-high#9", "alice", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("alertId \"cpu-high#9\" is not the id of an active alert; active alerts: [cpu-high#1] "
              + "(resolved alerts are kept for 60 min)");
    }
  }

  @Test
  void acknowledgingAResolvedAlertSaysWhenItResolved() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90).cpuAt(5, 10);
      assertThatThrownBy(() -> h.pipeline.acknowledge("cpu-high#1", "alice", ""))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("alert \"cpu-high#1\" resolved at 2026-01-01T00:00:05Z; only pending or firing alerts can be acknowledged");
      assertThatThrownBy(() -> h.pipeline.unacknowledge("cpu-high#1", "alice"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("alert \"cpu-high#1\" resolved at 2026-01-01T00:00:05Z; only pending or firing alerts can be unacknowledged");
    }
  }

  @Test
  void unacknowledgingAnAlertThatIsNotAcknowledgedFails() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90);
      assertThatThrownBy(() -> h.pipeline.unacknowledge("cpu-high#1", "bob"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("alert \"cpu-high#1\" is not acknowledged");
    }
  }

  @Test
  void acknowledgementNeedsSomeoneAndAComment() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90);
      assertThatThrownBy(() -> h.pipeline.acknowledge("cpu-high#1", " ", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("acknowledged by must not be blank, was \" \"");
      assertThatThrownBy(() -> h.pipeline.acknowledge("cpu-high#1", "alice", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("comment");
      assertThatThrownBy(() -> h.pipeline.acknowledge(null, "alice", ""))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("alertId");
      assertThat(h.active().isAcknowledged()).isFalse();
    }
  }
}
