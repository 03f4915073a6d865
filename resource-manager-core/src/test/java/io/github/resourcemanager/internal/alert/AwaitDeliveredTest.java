package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting until every event published so far has been handled: for tests and orderly shutdown, without polling. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwaitDeliveredTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.CRITICAL, 80).build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static HandlerOptions unlimited(String name) {
    return HandlerOptions.ofDefaults().withName(name).withRateLimit(1_000_000, Duration.ofDays(1));
  }

  /** A handler that waits for a latch before collecting each event. */
  private static final class LatchedHandler implements AlertHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CollectingAlertHandler collected = new CollectingAlertHandler();

    @Override
    public void handle(AlertEvent event) throws InterruptedException {
      entered.countDown();
      release.await();
      collected.handle(event);
    }
  }

  @Test
  void timesOutInRealTimeWhileAHandlerIsBlockedAndReturnsOnceItHasEveryEvent() throws Exception {
    LatchedHandler latched = new LatchedHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(latched, unlimited("latched"));
      h.cpuAt(0, 90).cpuAt(5, 10).cpuAt(10, 90);
      assertThat(latched.entered.await(10, TimeUnit.SECONDS)).isTrue();

      long start = System.nanoTime();
      boolean delivered = h.pipeline.awaitDelivered(Duration.ofMillis(300));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(delivered).isFalse();
      assertThat(waitedMillis).as("waited the timeout, in real time").isBetween(300L, 5_000L);
      assertThat(latched.collected.size()).isZero();

      latched.release.countDown();
      assertThat(h.pipeline.awaitDelivered(WAIT)).isTrue();
      // No polling and no sleep in between: every event is there the moment awaitDelivered returns.
      assertThat(latched.collected.events()).extracting(AlertHarness::line).containsExactly("Fired cpu-high#1 CRITICAL @0",
          "Resolved cpu-high#1 CRITICAL @5", "Fired cpu-high#2 CRITICAL @10");
      assertThat(h.collected.events()).extracting(AlertHarness::line).containsExactly("Fired cpu-high#1 CRITICAL @0",
          "Resolved cpu-high#1 CRITICAL @5", "Fired cpu-high#2 CRITICAL @10");
    }
  }

  @Test
  void returnsAtOnceWhenNothingIsPendingAndAZeroTimeoutOnlyChecks() throws Exception {
    LatchedHandler latched = new LatchedHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(latched, unlimited("latched"));
      assertThat(h.pipeline.awaitDelivered(Duration.ZERO)).isTrue();
      h.cpuAt(0, 90);
      assertThat(latched.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.pipeline.awaitDelivered(Duration.ZERO)).isFalse();
      latched.release.countDown();
      assertThat(h.pipeline.awaitDelivered(WAIT)).isTrue();
      assertThat(h.pipeline.awaitDelivered(Duration.ZERO)).isTrue();
    }
  }

  @Test
  void aHandlerThatThrowsHasDealtWithTheEvent() throws Exception {
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(e -> {
        throw new AssertionError("handler bug");
      }, unlimited("thrower"));
      h.cpuAt(0, 90).cpuAt(5, 10);
      assertThat(h.pipeline.awaitDelivered(WAIT)).isTrue();
      assertThat(h.pipeline.stats().handler("thrower"))
          .isEqualTo(new HandlerStats("thrower", 2, 0, 2, 0, 0, 0, "java.lang.AssertionError: handler bug"));
    }
  }

  @Test
  void eventsLeftOutByTheRateLimitAreNotWaitedFor() throws Exception {
    CollectingAlertHandler limited = new CollectingAlertHandler();
    try (AlertHarness h = new AlertHarness()) {
      h.pipeline.subscribe(limited, HandlerOptions.ofDefaults().withName("limited").withRateLimit(1, Duration.ofHours(1)));
      for (int i = 0; i < 5; i++) {
        h.pipeline.raise(EventAlert.of("oom", Severity.CRITICAL).withAgent("c-" + i));
      }
      assertThat(h.pipeline.awaitDelivered(WAIT)).isTrue();
      assertThat(limited.size()).isEqualTo(1);
      assertThat(h.pipeline.stats().handler("limited")).isEqualTo(new HandlerStats("limited", 5, 1, 0, 4, 0, 0, null));
    }
  }

  @Test
  void waitsForEventsQueuedForAHandlerBeforeItWasUnsubscribed() throws Exception {
    LatchedHandler latched = new LatchedHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(latched, unlimited("leaving"));
      h.cpuAt(0, 90).cpuAt(5, 10);
      assertThat(latched.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.pipeline.unsubscribe(latched)).isTrue();
      assertThat(h.pipeline.awaitDelivered(Duration.ofMillis(100))).isFalse();
      latched.release.countDown();
      assertThat(h.pipeline.awaitDelivered(WAIT)).isTrue();
      assertThat(latched.collected.events()).extracting(AlertHarness::line)
          .containsExactly("Fired cpu-high#1 CRITICAL @0", "Resolved cpu-high#1 CRITICAL @5");
    }
  }

  @Test
  void anInterruptedWaiterStopsWaiting() throws Exception {
    LatchedHandler latched = new LatchedHandler();
    try (AlertHarness h = new AlertHarness(CPU)) {
      h.pipeline.subscribe(latched, unlimited("latched"));
      h.cpuAt(0, 90);
      assertThat(latched.entered.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> h.pipeline.awaitDelivered(WAIT)).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isFalse(); // the exception cleared the status, as the JDK's waits do
      latched.release.countDown();
    }
  }

  @Test
  void timeoutMustBeGivenAndNotNegative() {
    try (AlertHarness h = new AlertHarness()) {
      assertThatThrownBy(() -> h.pipeline.awaitDelivered(null))
          .isInstanceOf(NullPointerException.class).hasMessage("timeout");
      assertThatThrownBy(() -> h.pipeline.awaitDelivered(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must not be negative, was PT-1S");
    }
  }
}
