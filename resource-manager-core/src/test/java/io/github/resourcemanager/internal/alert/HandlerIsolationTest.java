package io.github.resourcemanager.alert;

import static io.github.resourcemanager.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handlers: own queues, own rate limiters, filters, failures and blocking kept away from the rest. */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // a handler that blocked sampling would hang the test instead of failing it
class HandlerIsolationTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build();

  private static HandlerOptions.Builder unlimited(String name) {
    return HandlerOptions.custom().name(name).rateLimit(1_000_000, Duration.ofDays(1));
  }

  private static void awaitSettled(Subscription subscription) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> subscription.stats().isSettled());
  }

  private static EventAlert oomKill(int container) {
    return EventAlert.custom("container-oom-killed", Severity.CRITICAL).agent("c-" + container)
        .resolveAfter(Duration.ZERO).build();
  }

  @Test
  void throwingHandlerIsCountedWhileTheOthersReceiveEverything() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      Subscription thrower = h.pipeline.subscribe(event -> {
        throw new IllegalStateException("handler bug");
      }, unlimited("thrower").build());
      h.cpuAt(0, 90).cpuAt(5, 10).cpuAt(10, 90);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5",
          "Fired cpu-high#2 CRITICAL @10");
      assertThat(thrower.stats()).isEqualTo(new HandlerStats("thrower", 3, 0, 3, 0, 0, 0,
          "java.lang.IllegalStateException: handler bug"));
      assertThat(h.monitor.stats().listenerFailures()).isZero();
    }
  }

  @Test
  void blockingHandlerFillsOnlyItsOwnQueueAndDelaysNeitherTheOthersNorSampling() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CollectingAlertHandler blockedReceived = new CollectingAlertHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      Subscription blocker = h.pipeline.subscribe(event -> {
        entered.countDown();
        release.await();
        blockedReceived.handle(event);
      }, unlimited("blocker").queueCapacity(2).build());

      h.cpuAt(0, 90);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // the blocker now holds the first event
      for (int s = 5; s <= 45; s += 5) {
        h.cpuAt(s, s % 10 == 5 ? 10 : 90); // resolves at 5, 15, ... and fires again at 10, 20, ...
      }
      // Sampling went on at every tick, with exact states:
      assertThat(h.pipeline.stats().evaluations()).isEqualTo(10);
      assertThat(h.pipeline.activeAlerts()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts()).extracting(a -> a.resolvedAt().orElseThrow())
          .containsExactly(at(45), at(35), at(25), at(15), at(5));
      // The other handler got all ten events while the blocker was stuck:
      Subscription collector = h.pipeline.subscriptions().get(0);
      awaitSettled(collector);
      assertThat(h.collected.size()).isEqualTo(10);
      // The blocker: one event in its hands, two queued, seven overflowed.
      HandlerStats stuck = blocker.stats();
      assertThat(List.of(stuck.received(), stuck.delivered(), stuck.overflowed(), (long) stuck.queued()))
          .containsExactly(10L, 0L, 7L, 2L);

      release.countDown();
      awaitSettled(blocker);
      h.cpuAt(50, 10); // the next evaluation sends the blocker a summary of what it missed
      awaitSettled(blocker);
      assertThat(blockedReceived.events()).extracting(AlertHarness::line).containsExactly(
          "Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5", "Fired cpu-high#2 CRITICAL @10",
          "Suppressed blocker limited=0 overflowed=7 @50");
      assertThat(blockedReceived.events(AlertEvent.Suppressed.class).get(0).since()).isEqualTo(at(15));
      assertThat(blocker.stats()).isEqualTo(new HandlerStats("blocker", 11, 4, 0, 0, 7, 0, null));
      assertThat(h.collected.events(AlertEvent.Suppressed.class)).isEmpty();
    }
  }

  @Test
  void stormOfTenThousandEventsDeliversExactlyTheRateLimitAndCountsTheRest() {
    try (AlertHarness h = new AlertHarness()) {
      CollectingAlertHandler stormReceived = new CollectingAlertHandler();
      Subscription storm = h.pipeline.subscribe(stormReceived, HandlerOptions.custom().name("storm")
          .rateLimit(10, Duration.ofHours(1)).queueCapacity(100).build());
      for (int i = 0; i < 10_000; i++) {
        h.pipeline.raise(oomKill(i));
      }
      assertThat(storm.stats().rateLimited()).isEqualTo(9_990); // decided at once, on the raising thread
      awaitSettled(storm);
      assertThat(storm.stats()).isEqualTo(new HandlerStats("storm", 10_000, 10, 0, 9_990, 0, 0, null));
      assertThat(stormReceived.events(AlertEvent.Fired.class)).extracting(e -> e.alert().agent().orElseThrow())
          .containsExactly("c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7", "c-8", "c-9");

      h.sampleAt(3_599); // same rate-limit period: no permit for a summary yet
      awaitSettled(storm);
      assertThat(stormReceived.size()).isEqualTo(10);
      h.sampleAt(3_600); // the limiter refreshes: the summary takes the new period's first permit
      awaitSettled(storm);
      assertThat(stormReceived.events(AlertEvent.Suppressed.class)).containsExactly(
          new AlertEvent.Suppressed("storm", 9_990, 0, at(0), at(3_600)));
      assertThat(h.pipeline.activeAlerts()).hasSize(10_000); // every alert is tracked, whatever was delivered
    }
  }

  @Test
  void defaultRateLimitIsTwentyEventsPerTenSeconds() {
    try (AlertHarness h = new AlertHarness()) {
      CollectingAlertHandler received = new CollectingAlertHandler();
      Subscription defaults = h.pipeline.subscribe(received);
      for (int i = 0; i < 25; i++) {
        h.pipeline.raise(oomKill(i));
      }
      awaitSettled(defaults);
      assertThat(defaults.stats()).isEqualTo(new HandlerStats("handler-1", 25, 20, 0, 5, 0, 0, null));
      h.sampleAt(10);
      awaitSettled(defaults);
      assertThat(received.events(AlertEvent.Suppressed.class)).containsExactly(
          new AlertEvent.Suppressed("handler-1", 5, 0, at(0), at(10)));
    }
  }

  @Test
  void filterPassesSeverityChangesAndResolutionsOfAlertsThatReachedTheMinimum() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      CollectingAlertHandler critical = new CollectingAlertHandler();
      CollectingAlertHandler database = new CollectingAlertHandler();
      Subscription criticalSub = h.pipeline.subscribe(critical, unlimited("critical")
          .filter(AlertFilter.minSeverity(Severity.CRITICAL)).build());
      Subscription databaseSub = h.pipeline.subscribe(database, unlimited("database")
          .filter(AlertFilter.all().and(LabelMatcher.equal("team", "db"))).build());
      h.cpuAt(0, 77).cpuAt(5, 85).cpuAt(10, 77).cpuAt(15, 10);
      awaitSettled(criticalSub);
      awaitSettled(databaseSub);
      assertThat(critical.events()).extracting(AlertHarness::line).containsExactly(
          "SeverityChanged cpu-high#1 CRITICAL from WARNING @5", "SeverityChanged cpu-high#1 WARNING from CRITICAL @10",
          "Resolved cpu-high#1 WARNING @15");
      assertThat(database.size()).isZero();
      assertThat(databaseSub.stats().received()).isZero();
      assertThat(h.collected.size()).isEqualTo(4);
    }
  }

  @Test
  void closedSubscriptionReceivesNothingNew() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      CollectingAlertHandler received = new CollectingAlertHandler();
      Subscription sub = h.pipeline.subscribe(received, unlimited("leaving").build());
      h.cpuAt(0, 90);
      sub.close();
      h.cpuAt(5, 10);
      h.awaitSettled();
      assertThat(received.events()).extracting(AlertHarness::line).containsExactly("Fired cpu-high#1 CRITICAL @0");
      assertThat(sub.isClosed()).isTrue();
      assertThat(h.pipeline.subscriptions()).extracting(Subscription::name).containsExactly("collector");
    }
  }

  @Test
  void handlerNamesAreUniqueAndTheirNumberBounded() {
    try (AlertHarness h = new AlertHarness(b -> b.maxHandlers(2))) {
      assertThatThrownBy(() -> h.pipeline.subscribe(e -> {}, HandlerOptions.custom().name("collector").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("handler name \"collector\" is taken; handler names must be unique");
      h.pipeline.subscribe(e -> {});
      assertThatThrownBy(() -> h.pipeline.subscribe(e -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the pipeline already has 2 handlers, its maxHandlers; close a subscription or raise maxHandlers");
    }
  }

  @Test
  void closingThePipelineEndsItsHandlerThreadsAndRefusesNewWork() {
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    AlertHarness h = new AlertHarness(CPU);
    Subscription sub = h.pipeline.subscribe(e -> handlerThread.set(Thread.currentThread()), unlimited("threads").build());
    h.cpuAt(0, 90);
    awaitSettled(sub);
    assertThat(handlerThread.get().getName()).startsWith("resource-alerts-");
    assertThat(handlerThread.get().isDaemon()).isTrue();
    h.close();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !handlerThread.get().isAlive());
    assertThat(h.pipeline.isClosed()).isTrue();
    assertThatThrownBy(() -> h.pipeline.raise(oomKill(1)))
        .isInstanceOf(IllegalStateException.class).hasMessage("this alert pipeline is closed");
    assertThatThrownBy(() -> h.pipeline.subscribe(e -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessage("this alert pipeline is closed");
    h.pipeline.onSample(h.lastSample);
    assertThat(h.pipeline.stats().evaluations()).isEqualTo(1);
    assertThat(h.pipeline.activeAlerts()).hasSize(1); // queries still answer
  }

  @Test
  void closeInterruptsAHandlerStillBlockedAfterTheCloseTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AlertHarness h = new AlertHarness(b -> b.closeTimeout(Duration.ofMillis(50)), CPU);
    Subscription stuck = h.pipeline.subscribe(e -> {
      entered.countDown();
      never.await();
    }, unlimited("stuck").build());
    h.cpuAt(0, 90);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    h.close();
    awaitSettled(stuck);
    assertThat(stuck.stats()).isEqualTo(new HandlerStats("stuck", 1, 0, 1, 0, 0, 0, "java.lang.InterruptedException"));
  }
}
