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

/** Alertmanager-style silences. */
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
  void silencedAlertIsTrackedButItsHandlersAreNotCalledUntilTheSilenceEnds() {
    try (AlertHarness h = harness()) {
      Silence silence = h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(0), at(600),
          "ops", "maintenance");
      assertThat(silence.id()).isEqualTo("silence-1");
      breachFromTo(h, 0, 595);
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING); // tracked and queryable
      assertThat(h.events()).isEmpty();
      assertThat(h.pipeline.stats().silencedNotifications()).isEqualTo(2); // fired @0, repeat @300
      breachFromTo(h, 600, 600); // the silence ended at 600 (exclusive): the repeat due now is delivered
      assertThat(h.eventLines()).containsExactly("Repeated cpu-high#1 CRITICAL #2 @600");
    }
  }

  @Test
  void afterASilenceEndsTheNextChangeIsNotified() {
    try (AlertHarness h = harness()) {
      h.pipeline.addSilence(List.of(LabelMatcher.equal("team", "platform")), at(0), at(60), "ops", "");
      breachFromTo(h, 0, 60);
      h.cpuAt(65, 10);
      assertThat(h.eventLines()).containsExactly("Resolved cpu-high#1 CRITICAL @65");
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
      h.cpuAt(25, 10);
      assertThat(h.eventLines()).containsExactly("Resolved cpu-high#1 CRITICAL @25");
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
      h.timeAt(10);
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
