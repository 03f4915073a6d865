package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.Enforcer;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.reliability.Injection.Blocker;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of callback that runs on the monitor's worker, made to block: an inline source, a listener, an alert
 * gauge, a scale target, a decision listener, an enforcer, an allocation listener. In real time (bounds are generous:
 * the build machine is shared): the tick that meets the blocked call returns about one callback timeout later; the
 * call is counted and listed as stuck; no query waits for it; later ticks skip it and take no longer than without it;
 * the other parts go on at every tick; once the call returns, it runs again at the next tick.
 *
 * <p>The logic runs on a manual ticker; only the deadline is real time, as it is meant to be.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallbackDeadlinesReliabilityTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  /** Far above a tick's own work, far below waiting for a blocked call at every tick. */
  private static final long PROMPT_MILLIS = 2_000;

  private final ManualTicker ticker = new ManualTicker();
  private final Blocker blocker = new Blocker();
  private ResourceManager rm;

  @AfterEach
  void release() {
    blocker.release(); // lets the abandoned thread end
    if (rm != null) {
      rm.close();
    }
  }

  /**
   * A manager with one of each part, so that every query can be asked while something blocks: a source, a firing
   * alert rule, a scaler, a pool with one admitted agent.
   */
  private ResourceManager.Builder everyPart() {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .clock(ticker.clock(Instant.EPOCH)).interval(Duration.ofSeconds(5)).callbackTimeout(TIMEOUT)
        .source(ScriptedSource.named("healthy").values(Metric.SYSTEM_CPU_USAGE, 90)
            .agentValues("worker", Metric.AGENT_CPU_USAGE, 60))
        .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.WARNING, 50)
            .build())
        .dynamicScaler("healthy", ScaleTarget.of("healthy-target", healthySize::get, healthySize::set),
            DynamicScalerConfig.custom().metric(Metric.SYSTEM_CPU_USAGE).maxSize(1_000).cooldown(Duration.ZERO).build())
        .allocation(AllocationConfig.custom().machineCpus(1).build()).interval(Duration.ofSeconds(5));
  }

  private final AtomicInteger healthySize = new AtomicInteger(1);
  private final AtomicInteger healthyListener = new AtomicInteger();

  private void start(ResourceManager manager) {
    rm = manager;
    rm.allocation().admit(AgentSpec.custom("worker")
        .resources(Resources.limits(ResourceVector.of(Resource.CPU, "100m"))).build());
    rm.addListener(sample -> healthyListener.incrementAndGet());
  }

  /** Every query of the API, each answered promptly while a call is stuck. */
  private void everyQueryAnswersPromptly() {
    List<Runnable> queries = List.of(rm::stats, rm::isClosed, rm::isRunning, rm::currentUsage, rm::agents, rm::metrics,
        () -> rm.summary(Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)), () -> rm.alerts().activeAlerts(),
        () -> rm.alerts().resolvedAlerts(), () -> rm.alerts().stats(), () -> rm.alerts().silences(),
        () -> rm.scaler("healthy").decisions(), () -> rm.scaler("healthy").lastDecision(),
        () -> rm.allocation().shares(), () -> rm.allocation().status("worker"), () -> rm.allocation().admitted(),
        () -> rm.allocation().queued(), () -> rm.tracker().agents(), () -> rm.tracker().find("worker"));
    for (Runnable q : queries) {
      assertThat(Injection.millis(q)).as("a query while a call is stuck").isLessThan(PROMPT_MILLIS);
    }
  }

  /**
   * The contract for a blocking callback: {@code stuck} is the description {@link MonitorStats#stuck()} lists.
   */
  private void theBlockedCallIsLeftBehindAndSkippedUntilItReturns(String stuck) throws InterruptedException {
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns(stuck, true);
  }

  /**
   * As above; {@code calledEveryTick} false for a call made once per change (an enforcer's pause, a listener's event
   * of a transition), which is not repeated once it has returned.
   */
  private void theBlockedCallIsLeftBehindAndSkippedUntilItReturns(String stuck, boolean calledEveryTick)
      throws InterruptedException {
    int sizeBefore = healthySize.get();
    long first = Injection.millis(rm::sampleNow);
    blocker.awaitBlocked(Duration.ofSeconds(30));
    assertThat(first).as("the tick that met the blocked call").isLessThan(TIMEOUT.toMillis() + PROMPT_MILLIS);
    MonitorStats stats = rm.stats();
    assertThat(stats.callbackTimeouts()).isEqualTo(1);
    assertThat(stats.stuck()).containsExactly(stuck);
    everyQueryAnswersPromptly();

    // Ten more ticks: none waits for the blocked call (ten waits would take ten timeouts), none calls it again,
    // and every other part works at each.
    long ten = Injection.millis(() -> {
      for (int i = 0; i < 10; i++) {
        ticker.advance(Duration.ofSeconds(5));
        rm.sampleNow();
      }
    });
    assertThat(ten).as("ten ticks while a call is stuck").isLessThan(5 * TIMEOUT.toMillis());
    assertThat(blocker.calls()).isEqualTo(1);
    assertThat(rm.stats().ticks()).isEqualTo(11);
    assertThat(rm.stats().callbackTimeouts()).isEqualTo(1);
    assertThat(healthyListener.get()).isEqualTo(11);
    assertThat(rm.alerts().activeAlerts()).extracting(Alert::name).contains("cpu-high");
    if (!stuck.startsWith("scaler 'healthy'")) {
      assertThat(healthySize.get()).isGreaterThan(sizeBefore);
    }

    blocker.release();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> blocker.returned() == 1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rm.stats().stuck().isEmpty());
    rm.sampleNow();
    assertThat(blocker.calls()).as("called again once returned").isEqualTo(calledEveryTick ? 2 : 1);
    assertThat(rm.stats().callbackTimeouts()).isEqualTo(1);
    assertThat(rm.stats().stuck()).isEmpty();
  }

  @Test
  void anInlineSourceThatBlocks() throws InterruptedException {
    ResourceSource source = new ResourceSource() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void sample(SampleWriter out) {
        blocker.call();
        out.set(Metric.SYSTEM_LOAD_1M, 1);
      }
    };
    start(everyPart().source(source).build());
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("source 'stuck'");
    assertThat(rm.stats().source("stuck").timeouts()).isEqualTo(11); // the overrun and the ten skipped ticks
    assertThat(rm.stats().source("healthy").samples()).isEqualTo(12);
  }

  @Test
  void aListenerThatBlocks() throws InterruptedException {
    start(everyPart().build());
    rm.addListener(new SampleListener() {
      @Override
      public void onSample(Sample sample) {
        blocker.call();
      }

      @Override
      public String toString() {
        return "stuck-listener";
      }
    });
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("listener stuck-listener");
  }

  @Test
  void aGaugeThatBlocks() throws InterruptedException {
    start(everyPart().alertRule(AlertRule.custom().name("stuck-gauge").gauge("queue", () -> {
      blocker.call();
      return 0;
    }).threshold(Severity.WARNING, 1).build()).build());
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("gauge queue of alert rule 'stuck-gauge'");
    assertThat(rm.alerts().stats().gaugeTimeouts()).isEqualTo(1);
    assertThat(rm.alerts().stats().evaluations()).isEqualTo(12);
  }

  @Test
  void aScaleTargetThatBlocks() throws InterruptedException {
    AtomicInteger size = new AtomicInteger(1);
    start(everyPart().dynamicScaler("stuck", ScaleTarget.of("slow-target", size::get, n -> {
      blocker.call();
      size.set(n);
    }), DynamicScalerConfig.custom().metric(Metric.SYSTEM_CPU_USAGE).maxSize(1_000).cooldown(Duration.ZERO).build())
        .build());
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("scaler 'stuck' (target 'slow-target')");
  }

  @Test
  void aDecisionListenerThatBlocks() throws InterruptedException {
    start(everyPart().build());
    rm.scaler("healthy").addListener(decision -> blocker.call());
    int decisionsBefore = rm.scaler("healthy").decisions().size();
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("scaler 'healthy' (target 'healthy-target')");
    assertThat(rm.scaler("healthy").decisions().size()).isGreaterThan(decisionsBefore);
  }

  @Test
  void anEnforcerThatBlocks() throws InterruptedException {
    List<AllocationEvent> events = new CopyOnWriteArrayList<>();
    Enforcer stuck = new Enforcer() {
      @Override
      public String name() {
        return "remote";
      }

      @Override
      public void pause(String agentId, String reason) {
        blocker.call();
      }

      @Override
      public void resume(String agentId) {}

      @Override
      public void throttle(String agentId, double fraction, String reason) {}

      @Override
      public void unthrottle(String agentId) {}
    };
    start(everyPart().allocation(AllocationConfig.custom().machineCpus(1).enforcer(stuck).build())
        .interval(Duration.ofSeconds(5)).build());
    rm.allocation().addListener(events::add);
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("the pool's enforcers", false);
    assertThat(rm.allocation().canRun("worker")).isFalse(); // paused in the JVM all the same
    assertThat(events).filteredOn(e -> e.type() == AllocationEvent.Type.ENFORCEMENT_FAILED).first()
        .satisfies(e -> assertThat(e.message()).startsWith("the enforcers (remote) did not return within "));
  }

  @Test
  void anAdmissionDoesNotWaitForAnEnforcerThatBlocks() throws InterruptedException {
    Enforcer stuck = new Enforcer() {
      @Override
      public String name() {
        return "remote";
      }

      @Override
      public void pause(String agentId, String reason) {
        blocker.call();
      }

      @Override
      public void resume(String agentId) {}

      @Override
      public void throttle(String agentId, double fraction, String reason) {}

      @Override
      public void unthrottle(String agentId) {}
    };
    start(everyPart().allocation(AllocationConfig.custom().machineCpus(1).enforcer(stuck).build())
        .interval(Duration.ofSeconds(5)).build());
    rm.sampleNow();
    blocker.awaitBlocked(Duration.ofSeconds(30));
    assertThat(Injection.millis(() -> rm.allocation().admit("second"))).isLessThan(PROMPT_MILLIS);
    assertThat(rm.allocation().canRun("second")).isTrue(); // its gate opened without the blocked enforcer
    assertThat(Injection.millis(() -> rm.allocation().release("second"))).isLessThan(PROMPT_MILLIS);
  }

  @Test
  void anAllocationListenerThatBlocks() throws InterruptedException {
    start(everyPart().build());
    rm.allocation().addListener(event -> {
      if (event.type() == AllocationEvent.Type.LIMIT_EXCEEDED) {
        blocker.call();
      }
    });
    theBlockedCallIsLeftBehindAndSkippedUntilItReturns("the pool's event listeners", false);
  }

  @Test
  void theScheduledMonitorKeepsItsCadenceWhileAListenerNeverReturns() throws InterruptedException {
    rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).scheduler(Scheduler.system())
        .interval(Duration.ofMillis(100)).historyRetention(Duration.ofMinutes(1)).callbackTimeout(TIMEOUT)
        .source(ScriptedSource.named("healthy").values(Metric.SYSTEM_CPU_USAGE, 1)).build();
    rm.addListener(sample -> blocker.call());
    blocker.fromCall(3);
    rm.start();
    blocker.awaitBlocked(Duration.ofSeconds(30));
    long ticks = rm.stats().ticks();
    // At 100 ms, 20 ticks take 2 s; a monitor stalled by the listener would never get there.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rm.stats().ticks() >= ticks + 20);
    assertThat(blocker.calls()).isEqualTo(3);
    assertThat(rm.stats().callbackTimeouts()).isEqualTo(1);
    assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)).size()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void closeReturnsWithinItsBoundWhenCallbacksNeverReturn() throws InterruptedException {
    Blocker closing = new Blocker();
    ResourceSource neverCloses = new ResourceSource() {
      @Override
      public String name() {
        return "never-closes";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void sample(SampleWriter out) {
        out.set(Metric.SYSTEM_LOAD_1M, 1);
      }

      @Override
      public void close() {
        closing.call();
      }
    };
    rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).scheduler(Scheduler.system())
        .interval(Duration.ofMillis(100)).historyRetention(Duration.ofMinutes(1)).callbackTimeout(TIMEOUT)
        .alertCloseTimeout(Duration.ofMillis(500)).source(neverCloses)
        .alertRule(AlertRule.custom().name("stuck-gauge").gauge("g", () -> {
          blocker.call();
          return 0;
        }).threshold(Severity.WARNING, 1).build())
        .alertHandler(event -> blocker.call()).build();
    rm.addListener(sample -> blocker.call());
    rm.start();
    blocker.awaitBlocked(Duration.ofSeconds(30));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rm.stats().stuck().size() == 2); // gauge, listener
    // 3 callback timeouts + 2 s for the monitor, 2 close timeouts for the alert handlers: 4.5 s; 10 s of slack
    long bound = 3 * TIMEOUT.toMillis() + 2_000 + 2 * 500;
    ResourceManager manager = rm;
    long took = Injection.millis(manager::close);
    assertThat(took).isLessThan(bound + 10_000);
    assertThat(manager.isClosed()).isTrue();
    closing.awaitBlocked(Duration.ofSeconds(1)); // its close() was called, and left behind
    closing.release();
    rm = null;
  }
}
