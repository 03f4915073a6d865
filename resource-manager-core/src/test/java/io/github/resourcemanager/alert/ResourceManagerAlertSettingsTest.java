package io.github.resourcemanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The alert settings of the manager's builder: each reaches the pipeline and does what it says. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResourceManagerAlertSettingsTest {

  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.CRITICAL, 80).build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("scripted");

  /** A manager on a manual ticker and scheduler, without platform sources or default rules. */
  private ResourceManager.Builder manual() {
    return ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .defaultAlertRules(false);
  }

  private static EventAlert oom(String container) {
    return EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent(container).withResolveAfter(Duration.ZERO);
  }

  @Test
  void alertRulesAddsRulesInOrderAndOneNamedLikeADefaultReplacesIt() {
    AlertRule stricterCpu = AlertRule.defaultRules().get(0).toBuilder().threshold(Severity.CRITICAL, 98).build();
    AlertRule gc = AlertRule.custom().name("gc-overhead-high").metric(Metric.JVM_GC_OVERHEAD)
        .threshold(Severity.WARNING, 20).build();
    try (ResourceManager rm = manual().defaultAlertRules(true).alertRules(List.of(gc, stricterCpu)).build()) {
      assertThat(rm.alerts().rules()).containsExactly(stricterCpu, AlertRule.defaultRules().get(1), AlertRule.defaultRules().get(2),
          AlertRule.defaultRules().get(3), AlertRule.defaultRules().get(4), gc);
    }
  }

  @Test
  void alertRepeatIntervalIsTheReminderPeriodOfAFiringAlert() throws InterruptedException {
    CollectingAlertHandler collected = new CollectingAlertHandler();
    source.values(Metric.SYSTEM_CPU_USAGE, 90);
    try (ResourceManager rm = manual().alertRule(CPU).alertRepeatInterval(Duration.ofSeconds(30))
        .alertHandler(collected).build()) {
      rm.start();
      // samples every 5 s: fired at 0; a reminder once strictly more than 30 s passed since the last notification
      // (Alertmanager notify/notify.go, DedupStage.needsUpdate: entry.Timestamp.Before(now.Add(-repeat))): 35, 70
      ticker.advance(Duration.ofSeconds(75));
      assertThat(rm.alerts().awaitDelivered(WAIT)).isTrue();
      assertThat(collected.events()).extracting(e -> e.getClass().getSimpleName() + " @"
          + Duration.between(ResourceManagerExtension.START, e.time()).toSeconds())
          .containsExactly("Fired @0", "Repeated @35", "Repeated @70");
    }
  }

  @Test
  void resolvedAlertHistorySizeAndRetentionBoundTheResolvedAlerts() {
    try (ResourceManager rm = manual().resolvedAlertHistorySize(2).resolvedAlertRetention(Duration.ofMinutes(1))
        .build()) {
      for (String c : List.of("c-1", "c-2", "c-3")) {
        rm.alerts().resolve(rm.alerts().raise(oom(c)).id());
      }
      assertThat(rm.alerts().resolvedAlerts()).extracting(a -> a.agent().orElseThrow()).containsExactly("c-3", "c-2");
      ticker.advance(Duration.ofSeconds(60));
      assertThat(rm.alerts().resolvedAlerts()).hasSize(2); // kept for exactly one minute
      ticker.advance(Duration.ofNanos(1));
      assertThat(rm.alerts().resolvedAlerts()).isEmpty();
    }
  }

  @Test
  void maxAlertHandlersBoundsTheSubscribedHandlers() {
    try (ResourceManager rm = manual().maxAlertHandlers(2).alertHandler(e -> {}).build()) {
      assertThat(rm.alerts().subscribe(e -> {})).isEqualTo("handler-2");
      assertThatThrownBy(() -> rm.alerts().subscribe(e -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the pipeline already has 2 handlers, its maxAlertHandlers; unsubscribe one or raise "
              + "maxAlertHandlers");
    }
  }

  @Test
  void maxEventAlertsBoundsTheActiveEventAlertsWhileActiveOnesCanBeRaisedAgain() {
    try (ResourceManager rm = manual().maxEventAlerts(2).build()) {
      rm.alerts().raise(oom("c-1"));
      rm.alerts().raise(oom("c-2"));
      assertThatThrownBy(() -> rm.alerts().raise(oom("c-3")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("event alert limit reached: 2 event alerts are active (maxEventAlerts); resolve some or raise the "
              + "limit before raising EventAlert{container-oom-killed CRITICAL {agent=c-3}}");
      assertThat(rm.alerts().raise(oom("c-1").withValue(137)).value()).isEqualTo(137);
      assertThat(rm.alerts().activeAlerts()).hasSize(2);
    }
  }

  @Test
  void alertCloseTimeoutIsHowLongCloseWaitsBeforeInterruptingAHandler() throws InterruptedException {
    CountDownLatch handling = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ResourceManager rm = manual().alertCloseTimeout(Duration.ofMillis(300))
        .alertHandler(e -> {
          handling.countDown();
          never.await();
        }, HandlerOptions.ofDefaults().withName("stuck")).build();
    rm.alerts().raise(oom("c-1"));
    assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    rm.close();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMillis).as("close waited the timeout, then interrupted the handler").isBetween(300L, 5_000L);
    assertThat(rm.alerts().stats().handler("stuck").lastFailure()).isEqualTo("java.lang.InterruptedException");
  }

  @Test
  void alertHandlerExecutorRunsTheDeliveriesAndIsNotShutDownByTheManager() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "app-alert-worker"));
    try {
      AtomicReference<String> thread = new AtomicReference<>();
      try (ResourceManager rm = manual().alertHandlerExecutor(executor)
          .alertHandler(e -> thread.set(Thread.currentThread().getName())).build()) {
        rm.alerts().raise(oom("c-1"));
        assertThat(rm.alerts().awaitDelivered(WAIT)).isTrue();
        assertThat(thread.get()).isEqualTo("app-alert-worker");
      }
      assertThat(executor.isShutdown()).isFalse();
      assertThat(executor.submit(() -> "still running").get(10, TimeUnit.SECONDS)).isEqualTo("still running");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void closeInterruptsAHandlerBlockedOnTheGivenExecutorAndLeavesItsThreadUninterrupted() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "app-alert-worker"));
    try {
      CountDownLatch handling = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      ResourceManager rm = manual().alertHandlerExecutor(executor).alertCloseTimeout(Duration.ofMillis(100))
          .alertHandler(e -> {
            handling.countDown();
            never.await();
          }, HandlerOptions.ofDefaults().withName("stuck")).build();
      rm.alerts().raise(oom("c-1"));
      rm.alerts().raise(oom("c-2")); // queued behind the blocked one: undelivered
      assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();
      rm.close();
      assertThat(rm.alerts().stats().handler("stuck"))
          .isEqualTo(new HandlerStats("stuck", 2, 0, 1, 0, 0, 1, "java.lang.InterruptedException"));
      assertThat(executor.submit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS))
          .as("the executor's thread, interrupted by close, is handed back uninterrupted").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void invalidSettingsAreRejectedNamingTheBuilderMethodAndTheSourcesAreReleased() {
    assertThatThrownBy(() -> manual().resolvedAlertRetention(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resolvedAlertRetention must be positive, was PT0S");
    assertThatThrownBy(() -> manual().resolvedAlertHistorySize(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolvedAlertHistorySize must be between 0 and 1000000, was -1");
    assertThatThrownBy(() -> manual().maxAlertHandlers(257).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAlertHandlers must be between 1 and 256, was 257");
    assertThatThrownBy(() -> manual().maxEventAlerts(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEventAlerts must be between 1 and 1000000, was 0");
    assertThatThrownBy(() -> manual().alertCloseTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("alertCloseTimeout must not be negative, was PT-1S");
    assertThatThrownBy(() -> manual().alertHandlerExecutor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("executor");
    assertThat(source.isClosed()).isTrue();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    try (ResourceManager rm = manual().build()) {
      var config = Internals.alerts(rm).config();
      assertThat(List.of(config.repeatInterval(), config.resolvedRetention(), config.closeTimeout()))
          .containsExactly(Duration.ofHours(4), Duration.ofHours(1), Duration.ofSeconds(2));
      assertThat(List.of(config.resolvedHistorySize(), config.maxHandlers(), config.maxEventAlerts()))
          .containsExactly(1_000, 16, 10_000);
      assertThat(config.handlerExecutor()).isEmpty();
    }
  }
}
