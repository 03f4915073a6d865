package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After {@code close()}, every method of the API that would change the manager's state refuses with an
 * {@link IllegalStateException} that says the manager (or the part) is closed; nothing changes. Queries keep
 * answering, and removals (listeners, handlers, agents) stay allowed so that cleanup code may run in any order.
 */
class ClosedManagerReliabilityTest {

  private static final ManualTicker TICKER = new ManualTicker();
  private static ResourceManager rm;
  private static AgentScope scopeOpenAtClose;
  private static final SampleListener LISTENER = sample -> {};
  private static final Consumer<ScaleDecision> DECISIONS = d -> {};
  private static final Consumer<AllocationEvent> EVENTS = e -> {};
  private static final CollectingAlertHandler HANDLER = new CollectingAlertHandler();

  @BeforeAll
  static void closedManager() {
    rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(TICKER)
        .scheduler(new ManualScheduler(TICKER)).clock(TICKER.clock(Instant.EPOCH))
        .dynamicScaler("s", ScaleTarget.of("t", () -> 1, n -> {}), DynamicScalerConfig.ofDefaults())
        .verticalRecommender(VerticalRecommenderConfig.ofDefaults())
        .allocation(AllocationConfig.custom().machineCpus(2).build()).interval(Duration.ofSeconds(5)).build();
    rm.addListener(LISTENER);
    rm.scaler("s").addListener(DECISIONS);
    rm.allocation().addListener(EVENTS);
    rm.alerts().subscribe(HANDLER);
    rm.tracker().register("a");
    rm.tracker().register("leaving");
    rm.allocation().admit("admitted");
    rm.sampleNow();
    scopeOpenAtClose = rm.tracker().enter("a");
    rm.close();
  }

  @AfterAll
  static void done() {
    rm.close();
  }

  private static VerticalRecommender vpa() {
    return rm.verticalRecommender().orElseThrow();
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("ResourceManager.start", () -> rm.start()),
        change("ResourceManager.sampleNow", () -> rm.sampleNow()),
        change("ResourceManager.addListener", () -> rm.addListener(sample -> {})),
        change("ResourceManager.acknowledge", () -> rm.acknowledge("alert-1", "me", "")),
        change("ResourceManager.unacknowledge", () -> rm.unacknowledge("alert-1", "me")),
        change("AgentTracker.register", () -> rm.tracker().register("b")),
        change("AgentTracker.register with labels", () -> rm.tracker().register("b", Map.of("team", "x"))),
        change("AgentTracker.enter", () -> rm.tracker().enter("a")),
        change("AgentTracker.wrap(Runnable)", () -> rm.tracker().wrap("a", () -> {})),
        change("AgentTracker.wrap(Callable)", () -> rm.tracker().wrap("a", (Callable<String>) () -> "x")),
        change("AgentTracker.executor", () -> rm.tracker().executor("a", Runnable::run)),
        change("AlertPipeline.raise", () -> rm.alerts().raise(EventAlert.of("oom", Severity.CRITICAL))),
        change("AlertPipeline.resolve(id)", () -> rm.alerts().resolve("alert-1")),
        change("AlertPipeline.resolve(event)", () -> rm.alerts().resolve(EventAlert.of("oom", Severity.CRITICAL))),
        change("AlertPipeline.acknowledge", () -> rm.alerts().acknowledge("alert-1", "me", "")),
        change("AlertPipeline.unacknowledge", () -> rm.alerts().unacknowledge("alert-1", "me")),
        change("AlertPipeline.addSilence", () -> rm.alerts().addSilence(List.of(LabelMatcher.equal("a", "b")),
            Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "me", "")),
        change("AlertPipeline.expireSilence", () -> rm.alerts().expireSilence("silence-1")),
        change("AlertPipeline.subscribe", () -> rm.alerts().subscribe(new CollectingAlertHandler())),
        change("ResourcePool.admit(id)", () -> rm.allocation().admit("late")),
        change("ResourcePool.admit(spec)", () -> rm.allocation().admit(AgentSpec.custom("late").build())),
        change("ResourcePool.release", () -> rm.allocation().release("admitted")),
        change("ResourcePool.executor", () -> rm.allocation().executor("late", Runnable::run)),
        change("ResourcePool.recompute", () -> rm.allocation().recompute()),
        change("ResourcePool.recordRun", () -> rm.allocation().recordRun("admitted", Duration.ofSeconds(1))),
        change("ResourcePool.addListener", () -> rm.allocation().addListener(e -> {})),
        change("Scaler.addListener", () -> rm.scaler("s").addListener(d -> {})),
        change("VerticalRecommender.addCpuSample", () -> vpa().addCpuSample("a", 0, 1)),
        change("VerticalRecommender.addMemorySample", () -> vpa().addMemorySample("a", 0, 1)),
        change("VerticalRecommender.recordOom", () -> vpa().recordOom("a", Instant.EPOCH, ByteSize.ofMebibytes(1))),
        change("VerticalRecommender.addHistory", () -> vpa().addHistory(rm.tracker().get("a"), Duration.ofMinutes(1))),
        change("VerticalRecommender.forget", () -> vpa().forget("a")));
  }

  private static Arguments change(String name, ThrowingCallable call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void isRefusedSayingTheManagerIsClosed(String name, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void nothingChanged() {
    assertThat(rm.tracker().agents()).extracting(a -> a.id()).contains("a", "admitted").doesNotContain("b", "late");
    assertThat(rm.allocation().admitted()).containsExactly("admitted");
    assertThat(rm.alerts().silences()).isEmpty();
    assertThat(rm.alerts().activeAlerts()).isEmpty();
    assertThat(rm.stats().ticks()).isEqualTo(1);
    assertThat(rm.isClosed()).isTrue();
  }

  @Test
  void aScopeEnteredBeforeCloseStillCloses() {
    scopeOpenAtClose.close();
  }

  @Test
  void removalsStayAllowedSoThatCleanupMayRunInAnyOrder() {
    assertThat(rm.removeListener(LISTENER)).isTrue();
    assertThat(rm.scaler("s").removeListener(DECISIONS)).isFalse(); // close dropped the scaler's listeners
    rm.allocation().removeListener(EVENTS);
    assertThat(rm.alerts().unsubscribe(HANDLER)).isTrue();
    assertThat(rm.tracker().unregister("leaving")).isTrue();
    assertThat(rm.summary(Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)).count()).isZero();
  }
}
