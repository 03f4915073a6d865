package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
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
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.monitor.SourceStats;
import io.github.resourcemanager.reliability.Injection.Fault;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of callback, made to throw each kind of {@link Throwable} on every call: exceptions and the errors the
 * JVM survives ({@link AssertionError}, {@link StackOverflowError}, {@link OutOfMemoryError}, {@link LinkageError}s).
 * The fault is caught, counted in the statistics of the part that threw, and the other parts go on exactly as if it
 * were not there; the monitor completes every tick.
 */
class CallbackErrorsReliabilityTest {

  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final int TICKS = 3;

  private final ManualTicker ticker = new ManualTicker();

  private ResourceManager.Builder manual() {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH)).interval(INTERVAL);
  }

  /** Starts the manager and takes {@link #TICKS} scheduled samples, {@link #INTERVAL} apart. */
  private void tick(ResourceManager rm) {
    rm.start();
    ticker.advance(Duration.ZERO);
    for (int i = 1; i < TICKS; i++) {
      ticker.advance(INTERVAL);
    }
  }

  private static ResourceSource throwingSource(String name, boolean mayBlock, Fault fault) {
    return new ResourceSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean mayBlock() {
        return mayBlock;
      }

      @Override
      public void sample(SampleWriter out) {
        out.set(Metric.SYSTEM_LOAD_1M, 9); // written before the fault: must not be recorded
        throw fault.raise();
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aSourceThatThrowsIsCountedAndTheOtherSourcesAreRecorded(String kind, Fault fault) {
    ScriptedSource healthy = ScriptedSource.named("healthy").values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3);
    try (ResourceManager rm = manual().source(throwingSource("inline", false, fault))
        .source(throwingSource("blocking", true, fault)).source(healthy).build()) {
      tick(rm);
      MonitorStats stats = rm.stats();
      String error = fault.make().toString();
      assertThat(stats.ticks()).isEqualTo(TICKS);
      assertThat(stats.source("inline")).isEqualTo(new SourceStats("inline", false, 0, TICKS, 0, 0, error));
      assertThat(stats.source("blocking")).isEqualTo(new SourceStats("blocking", true, 0, TICKS, 0, 0, error));
      assertThat(stats.source("healthy")).isEqualTo(new SourceStats("healthy", false, TICKS, 0, 0, 0, null));
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, INTERVAL.multipliedBy(TICKS)).values()).containsExactly(1, 2, 3);
      assertThat(rm.metrics()).containsExactly(Metric.SYSTEM_CPU_USAGE); // nothing of the failed calls
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aListenerThatThrowsIsCountedAndTheListenersAfterItRun(String kind, Fault fault) {
    AtomicInteger after = new AtomicInteger();
    try (ResourceManager rm = manual().source(ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 1)).build()) {
      rm.addListener(sample -> {
        throw fault.raise();
      });
      rm.addListener(sample -> after.incrementAndGet());
      tick(rm);
      assertThat(rm.stats().ticks()).isEqualTo(TICKS);
      assertThat(rm.stats().listenerFailures()).isEqualTo(TICKS);
      assertThat(rm.stats().callbackTimeouts()).isZero();
      assertThat(after.get()).isEqualTo(TICKS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aGaugeThatThrowsCountsAsNoDataAndTheRulesAfterItFire(String kind, Fault fault) {
    AlertRule broken = AlertRule.custom().name("broken").gauge("broken", () -> {
      throw fault.raise();
    }).threshold(Severity.WARNING, 1).build();
    AlertRule after = AlertRule.custom().name("after").gauge("five", () -> 5).threshold(Severity.WARNING, 1).build();
    try (ResourceManager rm = manual().alertRule(broken).alertRule(after).build()) {
      tick(rm);
      assertThat(rm.alerts().activeAlerts()).extracting(Alert::name).containsExactly("after");
      assertThat(rm.alerts().stats().evaluations()).isEqualTo(TICKS);
      assertThat(rm.alerts().stats().gaugeFailures()).isEqualTo(TICKS);
      assertThat(rm.alerts().stats().gaugeTimeouts()).isZero();
      assertThat(rm.stats().listenerFailures()).isZero();
    }
  }

  /** A threshold scaler on CPU at 90 %: it wants to scale up at every sample (no cooldown). */
  private static DynamicScalerConfig scaleUpEverySample() {
    return DynamicScalerConfig.custom().metric(Metric.SYSTEM_CPU_USAGE).maxSize(100).cooldown(Duration.ZERO).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aScaleTargetThatThrowsGivesFailedDecisionsAndTheOtherScalerScales(String kind, Fault fault) {
    AtomicInteger healthySize = new AtomicInteger(1);
    ScaleTarget unreadable = ScaleTarget.of("unreadable", () -> {
      throw fault.raise();
    }, size -> {});
    ScaleTarget unresizable = ScaleTarget.of("unresizable", () -> 1, size -> {
      throw fault.raise();
    });
    try (ResourceManager rm = manual().source(ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 90))
        .dynamicScaler("unreadable", unreadable, scaleUpEverySample())
        .dynamicScaler("unresizable", unresizable, scaleUpEverySample())
        .dynamicScaler("healthy", ScaleTarget.of("healthy", healthySize::get, healthySize::set), scaleUpEverySample())
        .build()) {
      tick(rm);
      String error = fault.make().toString();
      assertThat(rm.scaler("unreadable").decisions()).hasSize(TICKS).allSatisfy(d -> {
        assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
        assertThat(d.error()).isEqualTo("reading the size of target \"unreadable\" failed: " + error);
      });
      assertThat(rm.scaler("unresizable").decisions()).hasSize(TICKS).allSatisfy(d -> {
        assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
        assertThat(d.error()).isEqualTo("target \"unresizable\" refused size 2: " + error);
      });
      assertThat(rm.scaler("healthy").decisions()).extracting(ScaleDecision::applied).containsExactly(2, 3, 4);
      assertThat(rm.stats().listenerFailures()).isZero();
      assertThat(rm.stats().ticks()).isEqualTo(TICKS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aTargetWhoseReplicasThrowGivesFailedDecisions(String kind, Fault fault) {
    ScaleTarget target = ScaleTarget.of("workers", () -> 2, size -> {}, () -> {
      throw fault.raise();
    });
    try (ResourceManager rm = manual().source(ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 90))
        .horizontalScaler("hpa", target, HorizontalScalerConfig.custom().maxReplicas(10)
            .metric(ScalingMetric.cpuUtilization(50)).syncPeriod(INTERVAL).build())
        .build()) {
      tick(rm);
      assertThat(rm.scaler("hpa").decisions()).hasSize(TICKS).allSatisfy(d -> {
        assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
        assertThat(d.error()).contains(fault.make().toString());
      });
      assertThat(rm.stats().ticks()).isEqualTo(TICKS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aDecisionListenerThatThrowsIsCountedAndTheOtherListenerHearsEveryDecision(String kind, Fault fault) {
    AtomicInteger size = new AtomicInteger(1);
    List<ScaleDecision> heard = new CopyOnWriteArrayList<>();
    try (ResourceManager rm = manual().source(ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 90))
        .dynamicScaler("up", ScaleTarget.of("t", size::get, size::set), scaleUpEverySample()).build()) {
      rm.scaler("up").addListener(d -> {
        throw fault.raise();
      });
      rm.scaler("up").addListener(heard::add);
      tick(rm);
      assertThat(heard).extracting(ScaleDecision::applied).containsExactly(2, 3, 4);
      assertThat(rm.stats().listenerFailures()).isEqualTo(TICKS);
      assertThat(size.get()).isEqualTo(4);
    }
  }

  /** An enforcer that throws on every call, counting them. */
  private static final class ThrowingEnforcer implements Enforcer {
    final Fault fault;
    final AtomicInteger calls = new AtomicInteger();

    ThrowingEnforcer(Fault fault) {
      this.fault = fault;
    }

    @Override
    public String name() {
      return "throwing";
    }

    @Override
    public void pause(String agentId, String reason) {
      calls.incrementAndGet();
      throw fault.raise();
    }

    @Override
    public void resume(String agentId) {
      calls.incrementAndGet();
      throw fault.raise();
    }

    @Override
    public void throttle(String agentId, double fraction, String reason) {
      calls.incrementAndGet();
      throw fault.raise();
    }

    @Override
    public void unthrottle(String agentId) {
      calls.incrementAndGet();
      throw fault.raise();
    }
  }

  /** A pool on one CPU with agent "worker" limited to 100m and using 600m (60 % of the machine): it is paused. */
  private ResourceManager pausingPool(Enforcer enforcer, List<AllocationEvent> events,
      java.util.function.Consumer<AllocationEvent> firstListener) {
    ResourceManager rm = manual().source(ScriptedSource.named("s").agentValues("worker", Metric.AGENT_CPU_USAGE, 60))
        .allocation(AllocationConfig.custom().machineCpus(1).enforcer(enforcer).build()).interval(INTERVAL).build();
    if (firstListener != null) {
      rm.allocation().addListener(firstListener);
    }
    rm.allocation().addListener(events::add);
    rm.allocation().admit(AgentSpec.custom("worker")
        .resources(Resources.limits(ResourceVector.of(Resource.CPU, "100m"))).build());
    return rm;
  }

  private static final Enforcer NOTHING = new Enforcer() {
    @Override
    public String name() {
      return "nothing";
    }

    @Override
    public void pause(String agentId, String reason) {}

    @Override
    public void resume(String agentId) {}

    @Override
    public void throttle(String agentId, double fraction, String reason) {}

    @Override
    public void unthrottle(String agentId) {}
  };

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void anEnforcerThatThrowsIsReportedAsAnEventAndRetriedWhileTheAgentIsHeldInTheJvm(String kind, Fault fault) {
    ThrowingEnforcer enforcer = new ThrowingEnforcer(fault);
    List<AllocationEvent> events = new CopyOnWriteArrayList<>();
    try (ResourceManager rm = pausingPool(enforcer, events, null)) {
      tick(rm);
      assertThat(rm.allocation().canRun("worker")).isFalse(); // the in-JVM enforcer paused it all the same
      assertThat(enforcer.calls.get()).isEqualTo(TICKS); // pause tried at every check
      assertThat(events).filteredOn(e -> e.type() == AllocationEvent.Type.ENFORCEMENT_FAILED).hasSize(TICKS)
          .allSatisfy(e -> assertThat(e.message()).contains("enforcer throwing could not pause agent worker"));
      assertThat(rm.stats().ticks()).isEqualTo(TICKS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void anAllocationListenerThatThrowsIsCountedAndTheOtherListenerHearsEveryEvent(String kind, Fault fault) {
    List<AllocationEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger thrown = new AtomicInteger();
    try (ResourceManager rm = pausingPool(NOTHING, events, e -> {
      thrown.incrementAndGet();
      throw fault.raise();
    })) {
      tick(rm);
      assertThat(events).extracting(AllocationEvent::type).contains(AllocationEvent.Type.ADMITTED,
          AllocationEvent.Type.LIMIT_EXCEEDED, AllocationEvent.Type.PAUSED);
      assertThat(thrown.get()).isEqualTo(events.size()); // every event reached both listeners
      assertThat(rm.stats().listenerFailures()).isEqualTo(events.size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.resourcemanager.reliability.Injection#throwables")
  void aHandlerThatThrowsIsCountedAndTheOtherHandlerReceivesEveryEvent(String kind, Fault fault)
      throws InterruptedException {
    CollectingAlertHandler healthy = new CollectingAlertHandler();
    AlertRule flapping = AlertRule.custom().name("flapping").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.WARNING, 50).build();
    try (ResourceManager rm = manual().source(ScriptedSource.named("s").values(Metric.SYSTEM_CPU_USAGE, 90, 10, 90))
        .alertRule(flapping).alertHandler(event -> {
          throw fault.raise();
        }, HandlerOptions.ofDefaults().withName("throwing"))
        .alertHandler(healthy, HandlerOptions.ofDefaults().withName("healthy")).build()) {
      tick(rm);
      assertThat(rm.alerts().awaitDelivered(Duration.ofSeconds(30))).isTrue();
      HandlerStats throwing = rm.alerts().stats().handler("throwing");
      assertThat(throwing.received()).isEqualTo(3); // fired, resolved, fired
      assertThat(throwing.failed()).isEqualTo(3);
      assertThat(throwing.lastFailure()).isEqualTo(fault.make().toString());
      assertThat(healthy.events()).hasSize(3);
      assertThat(rm.alerts().stats().handler("healthy").delivered()).isEqualTo(3);
    }
  }
}
