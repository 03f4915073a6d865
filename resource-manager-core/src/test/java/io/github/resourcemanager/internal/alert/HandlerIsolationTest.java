package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.StderrCapture;
import java.time.Duration;
import java.time.Instant;
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

  private static HandlerOptions unlimited(String name) {
    return HandlerOptions.ofDefaults().withName(name).withRateLimit(1_000_000, Duration.ofDays(1));
  }

  /** Waits until one handler has dealt with every event it received (others may be blocked). */
  private static void awaitSettled(AlertPipeline pipeline, String handler) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> pipeline.stats().handler(handler).isSettled());
  }

  private static EventAlert oomKill(int container) {
    return EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent("c-" + container)
        .withResolveAfter(Duration.ZERO);
  }

  /** The line logged once {@code handler} receives events again after missing some. */
  private static String missedLine(String handler, long rateLimited, long overflowed, Instant since) {
    return "alert handler '" + handler + "' missed " + rateLimited + " events over its rate limit and " + overflowed
        + " on a full queue since " + since + "; it receives events again";
  }

  @Test
  void throwingHandlerIsCountedWhileTheOthersReceiveEverything() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      String thrower = h.pipeline.subscribe(event -> {
        throw new IllegalStateException("handler bug");
      }, unlimited("thrower"));
      h.cpuAt(0, 90).cpuAt(5, 10).cpuAt(10, 90);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5",
          "Fired cpu-high#2 CRITICAL @10");
      assertThat(h.pipeline.stats().handler(thrower)).isEqualTo(new HandlerStats("thrower", 3, 0, 3, 0, 0, 0,
          "java.lang.IllegalStateException: handler bug"));
      assertThat(h.monitor.stats().listenerFailures()).isZero();
    }
  }

  @Test
  void blockingHandlerFillsOnlyItsOwnQueueAndDelaysNeitherTheOthersNorSampling() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CollectingAlertHandler blockedReceived = new CollectingAlertHandler();
    try (AlertHarness h = new AlertHarness(CPU); StderrCapture log = new StderrCapture()) {
      String blocker = h.pipeline.subscribe(event -> {
        entered.countDown();
        release.await();
        blockedReceived.handle(event);
      }, unlimited("blocker").withQueueCapacity(2));

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
      awaitSettled(h.pipeline, "collector");
      assertThat(h.collected.size()).isEqualTo(10);
      // The blocker: one event in its hands (Fired #1), two queued (Resolved #1, Fired #2), four overflowed
      // (Resolved #2, Fired #3, #4, #5). It was never told #3, #4, #5 fired, so their resolutions are not offered to
      // it (Alertmanager notify/notify.go, DedupStage.needsUpdate: with no firing alert left, notify only a receiver
      // whose last notification had firing alerts).
      HandlerStats stuck = h.pipeline.stats().handler(blocker);
      assertThat(List.of(stuck.received(), stuck.delivered(), stuck.overflowed(), (long) stuck.queued()))
          .containsExactly(7L, 0L, 4L, 2L);

      release.countDown();
      awaitSettled(h.pipeline, blocker);
      assertThat(log.linesContaining("alert handler 'blocker' missed")).isEmpty();
      h.cpuAt(50, 10); // the next evaluation logs what the blocker missed: the first left out at 15 s
      awaitSettled(h.pipeline, blocker);
      assertThat(blockedReceived.events()).extracting(AlertHarness::line).containsExactly(
          "Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5", "Fired cpu-high#2 CRITICAL @10");
      assertThat(log.linesContaining("alert handler 'blocker' missed"))
          .singleElement().asString().contains("WARN").endsWith(missedLine("blocker", 0, 4, at(15)));
      // Nothing new at 50 s: the three delivered, the four missed still counted as overflowed and never delivered.
      assertThat(h.pipeline.stats().handler(blocker)).isEqualTo(new HandlerStats("blocker", 7, 3, 0, 0, 4, 0, null));
      assertThat(log.linesContaining("alert handler 'collector' missed")).isEmpty();
    }
  }

  @Test
  void stormOfTenThousandEventsDeliversExactlyTheRateLimitAndCountsTheRest() {
    try (AlertHarness h = new AlertHarness()) {
      CollectingAlertHandler stormReceived = new CollectingAlertHandler();
      String storm = h.pipeline.subscribe(stormReceived, HandlerOptions.ofDefaults().withName("storm")
          .withRateLimit(10, Duration.ofHours(1)).withQueueCapacity(100));
      try (StderrCapture log = new StderrCapture()) {
        for (int i = 0; i < 10_000; i++) {
          h.pipeline.raise(oomKill(i));
        }
        // decided at once, on the raising thread
        assertThat(h.pipeline.stats().handler(storm).rateLimited()).isEqualTo(9_990);
        awaitSettled(h.pipeline, storm);
        assertThat(h.pipeline.stats().handler(storm))
            .isEqualTo(new HandlerStats("storm", 10_000, 10, 0, 9_990, 0, 0, null));
        assertThat(stormReceived.events(AlertEvent.Fired.class)).extracting(e -> e.alert().agent().orElseThrow())
            .containsExactly("c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7", "c-8", "c-9");
        assertThat(log.linesContaining("alert handler 'storm' reached its rate limit of 10 events per 60 min"))
            .hasSize(1); // one warning for the storm, not one per event

        h.sampleAt(3_599); // same rate-limit period: the handler cannot receive events yet
        assertThat(log.linesContaining("alert handler 'storm' missed")).isEmpty();
        h.sampleAt(3_600); // the limiter refreshes: what was missed is logged, once
        h.sampleAt(3_605);
        assertThat(log.linesContaining("alert handler 'storm' missed"))
            .singleElement().asString().endsWith(missedLine("storm", 9_990, 0, at(0)));
        awaitSettled(h.pipeline, storm);
        assertThat(stormReceived.size()).isEqualTo(10); // missed events are not delivered later
        assertThat(h.pipeline.stats().handler(storm))
            .isEqualTo(new HandlerStats("storm", 10_000, 10, 0, 9_990, 0, 0, null));
      }
      assertThat(h.pipeline.activeAlerts()).hasSize(10_000); // every alert is tracked, whatever was delivered
    }
  }

  @Test
  void defaultRateLimitIsTwentyEventsPerTenSeconds() {
    try (AlertHarness h = new AlertHarness()) {
      CollectingAlertHandler received = new CollectingAlertHandler();
      String defaults = h.pipeline.subscribe(received);
      assertThat(defaults).isEqualTo("handler-1");
      try (StderrCapture log = new StderrCapture()) {
        for (int i = 0; i < 25; i++) {
          h.pipeline.raise(oomKill(i));
        }
        awaitSettled(h.pipeline, defaults);
        assertThat(h.pipeline.stats().handler(defaults)).isEqualTo(new HandlerStats("handler-1", 25, 20, 0, 5, 0, 0, null));
        assertThat(received.size()).isEqualTo(20);
        h.sampleAt(10);
        assertThat(log.linesContaining("alert handler 'handler-1' missed"))
            .singleElement().asString().endsWith(missedLine("handler-1", 5, 0, at(0)));
      }
    }
  }

  @Test
  void filterPassesSeverityChangesAndResolutionsOfAlertsThatReachedTheMinimum() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      CollectingAlertHandler critical = new CollectingAlertHandler();
      CollectingAlertHandler database = new CollectingAlertHandler();
      String criticalSub = h.pipeline.subscribe(critical, unlimited("critical").withMinSeverity(Severity.CRITICAL));
      String databaseSub = h.pipeline.subscribe(database, unlimited("database")
          .withMatchers(LabelMatcher.equal("team", "db")));
      h.cpuAt(0, 77).cpuAt(5, 85).cpuAt(10, 77).cpuAt(15, 10);
      awaitSettled(h.pipeline, criticalSub);
      awaitSettled(h.pipeline, databaseSub);
      assertThat(critical.events()).extracting(AlertHarness::line).containsExactly(
          "SeverityChanged cpu-high#1 CRITICAL from WARNING @5", "SeverityChanged cpu-high#1 WARNING from CRITICAL @10",
          "Resolved cpu-high#1 WARNING @15");
      assertThat(database.size()).isZero();
      assertThat(h.pipeline.stats().handler(databaseSub).received()).isZero();
      assertThat(h.collected.size()).isEqualTo(4);
    }
  }

  @Test
  void unsubscribedHandlerReceivesNothingNew() {
    try (AlertHarness h = new AlertHarness(CPU)) {
      CollectingAlertHandler received = new CollectingAlertHandler();
      h.pipeline.subscribe(received, unlimited("leaving"));
      h.cpuAt(0, 90);
      assertThat(h.pipeline.unsubscribe(received)).isTrue();
      h.cpuAt(5, 10);
      h.awaitSettled();
      assertThat(received.events()).extracting(AlertHarness::line).containsExactly("Fired cpu-high#1 CRITICAL @0");
      assertThat(h.pipeline.stats().handlers()).extracting(HandlerStats::name).containsExactly("collector");
    }
  }

  @Test
  void handlerNamesAreUniqueAndTheirNumberBounded() {
    try (AlertHarness h = new AlertHarness(b -> b.maxHandlers(2))) {
      assertThatThrownBy(() -> h.pipeline.subscribe(e -> {}, HandlerOptions.ofDefaults().withName("collector")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("handler name \"collector\" is taken; handler names must be unique");
      h.pipeline.subscribe(e -> {});
      assertThatThrownBy(() -> h.pipeline.subscribe(e -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the pipeline already has 2 handlers, its maxAlertHandlers; unsubscribe one or raise "
              + "maxAlertHandlers");
    }
  }

  @Test
  void closingThePipelineEndsItsHandlerThreadsAndRefusesNewWork() {
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    AlertHarness h = new AlertHarness(CPU);
    String sub = h.pipeline.subscribe(e -> handlerThread.set(Thread.currentThread()), unlimited("threads"));
    h.cpuAt(0, 90);
    awaitSettled(h.pipeline, sub);
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
    String stuck = h.pipeline.subscribe(e -> {
      entered.countDown();
      never.await();
    }, unlimited("stuck"));
    h.cpuAt(0, 90);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    h.close();
    awaitSettled(h.pipeline, stuck);
    assertThat(h.pipeline.stats().handler(stuck)).isEqualTo(new HandlerStats("stuck", 1, 0, 1, 0, 0, 0, "java.lang.InterruptedException"));
  }
}
