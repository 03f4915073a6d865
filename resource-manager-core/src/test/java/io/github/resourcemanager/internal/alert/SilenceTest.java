package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.alert.Silence;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager-style silences, and what each handler is told once one ends.
 *
 * <p>References: Alertmanager silence/silence.go, {@code getState}: a silence is pending while {@code ts} is before
 * {@code StartsAt}, expired once {@code ts.After(EndsAt)}, active otherwise, so it is active at its end time; and
 * notify/notify.go, {@code DedupStage.needsUpdate} (v0.30; notify/dedup_stage.go later), per receiver's notification
 * log entry: no entry and firing alerts: notify; firing alerts not in the entry: notify; no firing alert left: notify
 * only if the entry had firing alerts ("there is no need to notify the receiver since it doesn't know about them");
 * else only when {@code entry.Timestamp.Before(now.Add(-repeat))}. A silenced alert is removed before that stage
 * (notify/notify.go, {@code MuteStage}), so nothing is logged for it while it is muted.
 */
class SilenceTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.CRITICAL, 80).label("team", "platform").build();

  private static AlertHarness harness() {
    return new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(5)), CPU);
  }

  private static void breachFromTo(AlertHarness h, long from, long to) {
    for (long s = from; s <= to; s += 5) {
      h.cpuAt(s, 90);
    }
  }

  @Test
  void alertThatFiredWhileSilencedIsNotifiedAtTheFirstEvaluationAfterTheSilence() {
    try (AlertHarness h = harness()) {
      Silence silence = h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(0), at(600),
          "ops", "maintenance");
      assertThat(silence.id()).isEqualTo("silence-1");
      breachFromTo(h, 0, 600);
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING); // tracked and queryable
      // silence.go, getState: at 600 (= EndsAt) the silence is still active, so nothing was sent; the handler was
      // never told, so no repeat came due (needsUpdate repeats only an existing entry): one muted notification
      assertThat(h.events()).isEmpty();
      assertThat(h.pipeline.stats().silencedNotifications()).isEqualTo(1);
      h.cpuAt(605, 90); // expired (605 is after EndsAt); needsUpdate: no entry, a firing alert: notify
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @605");
      assertThat(h.events().get(0).alert().firedAt()).contains(at(0)); // it fired at 0; the handler learns at 605
      breachFromTo(h, 610, 905); // the handler's repeat interval runs from 605: more than 300 s at 910
      h.cpuAt(910, 90);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @605", "Repeated cpu-high#1 CRITICAL #1 @910");
    }
  }

  @Test
  void silenceIsStillInForceAtItsEndTime() {
    try (AlertHarness h = harness()) {
      h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(10), at(20), "ops", "");
      h.cpuAt(20, 90); // silence.go, getState: expired only when ts.After(EndsAt); at EndsAt it is active
      assertThat(h.events()).isEmpty();
      assertThat(h.pipeline.silences()).hasSize(1);
      h.cpuAt(25, 90);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @25");
      assertThat(h.pipeline.silences()).isEmpty();
    }
  }

  @Test
  void resolutionOfAnAlertTheHandlerWasNeverToldOfIsNotSent() {
    try (AlertHarness h = harness()) {
      h.pipeline.addSilence(List.of(LabelMatcher.equal("team", "platform")), at(0), at(60), "ops", "");
      breachFromTo(h, 0, 60);
      h.cpuAt(65, 10);
      // needsUpdate: no firing alert left and the receiver's entry has none (it has no entry): do not notify
      assertThat(h.events()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts()).extracting(a -> a.id()).containsExactly("cpu-high#1");
    }
  }

  @Test
  void handlerToldBeforeASilenceGetsTheRepeatThatCameDueDuringIt() {
    try (AlertHarness h = harness()) {
      h.cpuAt(0, 90); // told at 0
      h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(5), at(400), "ops", "");
      breachFromTo(h, 5, 400); // a repeat is due from 305 on (more than 300 s after 0): muted, counted once
      assertThat(h.pipeline.stats().silencedNotifications()).isEqualTo(1);
      h.cpuAt(405, 90); // needsUpdate: entry.Timestamp (0) is before 405 - 300: notify
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Repeated cpu-high#1 CRITICAL #1 @405");
    }
  }

  @Test
  void handlerToldBeforeASilenceHearsOfTheSeverityItMissed() {
    AlertRule twoLevels = CPU.toBuilder().threshold(Severity.WARNING, 70).build();
    try (AlertHarness h = new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(5)), twoLevels)) {
      h.cpuAt(0, 75); // told WARNING at 0
      h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(5), at(30), "ops", "");
      h.cpuAt(10, 90).cpuAt(30, 90); // CRITICAL while muted
      h.cpuAt(35, 90);
      // Alertmanager sees a severity as a label, so the CRITICAL alert is one the receiver was not told of
      // (needsUpdate: firing alerts not in the entry); here it is the same alert, told as a change of severity
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 WARNING @0",
          "SeverityChanged cpu-high#1 CRITICAL from WARNING @35");
    }
  }

  @Test
  void silenceThatHasNotStartedMutesNothingYet() {
    try (AlertHarness h = harness()) {
      h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(30), at(600), "ops", "");
      h.cpuAt(0, 90).cpuAt(5, 10).cpuAt(30, 90);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5");
    }
  }

  @Test
  void regexAndNegativeMatchersSelectAlertsAsInAlertmanager() {
    AlertRule agentCpu = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).build();
    try (AlertHarness h = new AlertHarness(agentCpu)) {
      h.pipeline.addSilence(List.of(LabelMatcher.regex("agent", "worker-.*"), LabelMatcher.notEqual("agent", "worker-9")),
          at(0), at(600), "ops", "workers are being rebuilt");
      h.values.setAgent("worker-1", Metric.AGENT_CPU_USAGE, 90).setAgent("worker-9", Metric.AGENT_CPU_USAGE, 90)
          .setAgent("db-1", Metric.AGENT_CPU_USAGE, 90);
      h.sampleAt(0);
      assertThat(h.pipeline.activeAlerts()).hasSize(3);
      assertThat(h.eventLines()).containsExactly("Fired agent-cpu-high/worker-9#2 WARNING @0",
          "Fired agent-cpu-high/db-1#3 WARNING @0");
    }
  }

  @Test
  void expiringASilenceEndsItNow() {
    try (AlertHarness h = harness()) {
      Silence silence = h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(0), at(3600),
          "ops", "");
      h.cpuAt(0, 90);
      h.timeAt(20);
      Silence ended = h.pipeline.expireSilence(silence.id());
      assertThat(ended.endsAt()).isEqualTo(at(20));
      assertThat(h.pipeline.silences()).isEmpty();
      h.cpuAt(25, 90).cpuAt(30, 10); // told at 25 (the first evaluation after the silence), so told of the end
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @25", "Resolved cpu-high#1 CRITICAL @30");
      assertThatThrownBy(() -> h.pipeline.expireSilence(silence.id()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("silenceId \"silence-1\" is not the id of a current silence; current silences: []");
    }
  }

  @Test
  void endedSilencesAreNoLongerListed() {
    try (AlertHarness h = harness()) {
      Silence short1 = h.pipeline.addSilence(List.of(LabelMatcher.equal("a", "1")), at(0), at(10), "ops", "");
      Silence long1 = h.pipeline.addSilence(List.of(LabelMatcher.equal("a", "2")), at(0), at(100), "ops", "");
      assertThat(h.pipeline.silences()).containsExactly(short1, long1);
      h.timeAt(10); // silence.go, getState: at EndsAt still active
      assertThat(h.pipeline.silences()).containsExactly(short1, long1);
      h.timeAt(11);
      assertThat(h.pipeline.silences()).containsExactly(long1);
    }
  }

  @Test
  void silenceMustEndInTheFutureAndAfterItsStart() {
    try (AlertHarness h = harness()) {
      h.timeAt(100);
      assertThatThrownBy(() -> h.pipeline.addSilence(List.of(LabelMatcher.equal("a", "b")), at(0), at(50), "ops", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("silence endsAt 2026-01-01T00:00:50Z must be in the future (now is 2026-01-01T00:01:40Z)");
      assertThatThrownBy(() -> h.pipeline.addSilence(List.of(LabelMatcher.equal("a", "b")), at(200), at(150), "ops", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("silence endsAt 2026-01-01T00:02:30Z must be after startsAt 2026-01-01T00:03:20Z");
      assertThatThrownBy(() -> h.pipeline.addSilence(List.of(), at(0), at(150), "ops", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("silence matchers must not be empty; a silence without matchers would mute every alert");
      assertThat(h.pipeline.silences()).isEmpty();
      assertThat(h.pipeline.addSilence(List.of(LabelMatcher.equal("a", "b")), at(0), at(150), "ops", "").id())
          .isEqualTo("silence-1"); // failed attempts use no ids
    }
  }
}
