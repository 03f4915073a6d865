package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notification state kept per handler, as Alertmanager's notification log keeps it per receiver.
 *
 * <p>Reference: Alertmanager notify/notify.go, {@code DedupStage.needsUpdate} (v0.30; notify/dedup_stage.go in later
 * versions), given the receiver's nflog entry (nflog/nflog.go: one entry per group and receiver, written by
 * {@code SetNotifiesStage} after the receiver was notified):
 * <ol>
 *   <li>no entry: notify if there are firing alerts;
 *   <li>a firing alert not in the entry ({@code !entry.IsFiringSubset(firing)}): notify;
 *   <li>no firing alert left: notify only if the entry had firing alerts, "since it doesn't know about them"
 *       otherwise;
 *   <li>else notify only if {@code entry.Timestamp.Before(now.Add(-repeat))}: strictly more than the repeat interval
 *       since that receiver's last notification.
 * </ol>
 * Each alert is its own group here, each handler its own receiver.
 */
class NotificationLogTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.WARNING, 70).threshold(Severity.CRITICAL, 80).build();

  private static HandlerOptions unlimited(String name) {
    return HandlerOptions.ofDefaults().withName(name).withRateLimit(1_000_000, Duration.ofDays(1));
  }

  private static List<String> lines(AlertHarness h, CollectingAlertHandler handler) {
    h.awaitSettled();
    return handler.events().stream().map(AlertHarness::line).toList();
  }

  @Test
  void resolutionGoesOnlyToHandlersThatWereToldTheAlertFired() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.cpuAt(0, 90); // the collector is told at 0
      CollectingAlertHandler late = new CollectingAlertHandler();
      h.pipeline.subscribe(late, unlimited("late"));
      h.cpuAt(5, 90).cpuAt(10, 10);
      // rule 3: the late handler has no entry for the alert: no resolution for it
      assertThat(lines(h, late)).isEmpty();
      assertThat(h.pipeline.stats().handler("late").received()).isZero();
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @10");
    }
  }

  @Test
  void handlerWhoseFiredEventWasRateLimitedIsNotSentTheResolution() {
    AlertRule memory = AlertRule.custom().name("memory-high").metric(Metric.SYSTEM_MEMORY_USAGE)
        .threshold(Severity.WARNING, 80).build();
    try (AlertHarness h = new AlertHarness(CPU, memory)) {
      CollectingAlertHandler limited = new CollectingAlertHandler();
      h.pipeline.subscribe(limited, HandlerOptions.ofDefaults().withName("limited")
          .withRateLimit(1, Duration.ofHours(1)));
      h.set(Metric.SYSTEM_MEMORY_USAGE, 90).cpuAt(0, 90); // cpu-high#1 takes the one permit, memory-high#2 misses it
      h.set(Metric.SYSTEM_MEMORY_USAGE, 10).cpuAt(5, 90);
      // the missed Fired left no entry (an nflog entry is written only after a notification): no resolution offered
      assertThat(lines(h, limited)).containsExactly("Fired cpu-high#1 CRITICAL @0");
      assertThat(h.pipeline.stats().handler("limited"))
          .isEqualTo(new HandlerStats("limited", 2, 1, 0, 1, 0, 0, null));
    }
  }

  @Test
  void handlerToldOnlyOfTheEscalationStillHearsOfTheResolution() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      CollectingAlertHandler pager = new CollectingAlertHandler();
      h.pipeline.subscribe(pager, unlimited("pager").withMinSeverity(Severity.CRITICAL));
      h.cpuAt(0, 75).cpuAt(5, 85).cpuAt(10, 75).cpuAt(15, 10); // WARNING, CRITICAL, WARNING, resolved
      h.cpuAt(20, 75).cpuAt(25, 10); // a WARNING alert the pager never hears of
      assertThat(lines(h, pager)).containsExactly("SeverityChanged cpu-high#1 CRITICAL from WARNING @5",
          "SeverityChanged cpu-high#1 WARNING from CRITICAL @10", "Resolved cpu-high#1 WARNING @15");
    }
  }

  @Test
  void eachHandlerRepeatsFromItsOwnLastNotification() {
    try (AlertHarness h = new AlertHarness(b -> b.repeatInterval(Duration.ofMinutes(1)), CPU)) {
      h.cpuAt(0, 75); // the collector is told at 0
      h.pipeline.addSilence(List.of(LabelMatcher.equal("alertname", "cpu-high")), at(5), at(20), "ops", "");
      h.cpuAt(5, 85).cpuAt(10, 75); // escalated and back, both muted: notifications are owed
      CollectingAlertHandler late = new CollectingAlertHandler();
      h.pipeline.subscribe(late, unlimited("late"));
      h.cpuAt(15, 75).cpuAt(20, 75); // the silence is in force up to and including 20
      for (long s = 25; s <= 130; s += 5) {
        h.cpuAt(s, 75);
      }
      // at 25 the collector, told WARNING at 0, is up to date (rule 4: 25 s since 0); the late handler has no entry
      // (rule 1): Fired. Then each repeats once more than 60 s passed since its own last notification.
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 WARNING @0", "Repeated cpu-high#1 WARNING #1 @65",
          "Repeated cpu-high#1 WARNING #2 @130");
      assertThat(lines(h, late)).containsExactly("Fired cpu-high#1 WARNING @25", "Repeated cpu-high#1 WARNING #1 @90");
    }
  }

  @Test
  void repeatIsNotSentAtExactlyTheRepeatInterval() {
    try (AlertHarness h = new AlertHarness(b -> b.repeatInterval(Duration.ofSeconds(10)), CPU)) {
      h.cpuAt(0, 90).cpuAt(10, 90); // 10 s since 0: entry.Timestamp (0) is not before 10 - 10
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0");
      h.timeAt(10);
      h.ticker.advance(Duration.ofNanos(1));
      h.monitor.sampleNow(); // 10 s and 1 ns: before now - repeat, so repeated
      assertThat(h.events()).hasSize(2);
      assertThat(h.events().get(1)).isInstanceOf(io.github.resourcemanager.alert.AlertEvent.Repeated.class);
    }
  }
}
