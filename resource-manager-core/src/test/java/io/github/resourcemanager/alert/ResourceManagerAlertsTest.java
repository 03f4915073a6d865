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
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facade's alerting: defaults on, builder rules and handlers, delegates, first listener, close. */
@ExtendWith(ResourceManagerExtension.class)
class ResourceManagerAlertsTest {

  @Test
  void defaultRulesAlertOnSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50, 95);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    Alert cpu = rm.alerts().activeAlerts().get(0);
    assertThat(cpu.id()).isEqualTo("cpu-high#1");
    assertThat(cpu.severity()).isEqualTo(Severity.WARNING);
    assertThat(cpu.state()).isEqualTo(AlertState.PENDING); // the default cpu-high holds for 10 minutes
    assertThat(cpu.activeAt()).isEqualTo(ResourceManagerExtension.START.plusSeconds(5));
    ticker.advance(Duration.ofMinutes(10));
    assertThat(rm.alerts().activeAlerts().get(0).firedAt()).contains(ResourceManagerExtension.START.plusSeconds(605));
  }

  @Test
  void acknowledgeAndUnacknowledgeDelegateToThePipeline(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_MEMORY_USAGE, 90);
    rm.start();
    ticker.advance(Duration.ZERO);
    Alert acked = rm.acknowledge("memory-high#1", "alice", "adding RAM");
    assertThat(acked.acknowledgement().orElseThrow().by()).isEqualTo("alice");
    assertThat(rm.alerts().find("memory-high#1").orElseThrow().isAcknowledged()).isTrue();
    assertThat(rm.unacknowledge("memory-high#1", "bob").isAcknowledged()).isFalse();
    assertThatThrownBy(() -> rm.acknowledge("nope#1", "alice", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alertId \"nope#1\" is not the id of an active alert; active alerts: [memory-high#1]");
  }

  @Test
  void pipelineIsTheFirstListenerSoLaterListenersSeeThisSamplesAlerts(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    List<Integer> activeSeenByListener = new ArrayList<>();
    rm.addListener(sample -> activeSeenByListener.add(rm.alerts().activeAlerts().size()));
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 90);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(activeSeenByListener).containsExactly(0, 1);
  }

  @Test
  void builderAddsRulesAndHandlersAndTurnsDefaultsOff() {
    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("scripted").values(Metric.SYSTEM_CPU_USAGE, 99)
        .values(Metric.JVM_GC_OVERHEAD, 30);
    CollectingAlertHandler collected = new CollectingAlertHandler();
    AlertRule gc = AlertRule.custom().name("gc-overhead-high").metric(Metric.JVM_GC_OVERHEAD)
        .threshold(Severity.WARNING, 20).build();
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .defaultAlertRules(false).alertRule(gc).alertRepeatInterval(Duration.ofMinutes(10))
        .alertHandler(collected, HandlerOptions.ofDefaults().withName("collected")).build()) {
      assertThat(rm.alerts().rules()).containsExactly(gc);
      assertThat(Internals.alerts(rm).config().repeatInterval()).isEqualTo(Duration.ofMinutes(10));
      rm.start();
      ticker.advance(Duration.ZERO);
      assertThat(rm.alerts().activeAlerts()).extracting(Alert::id).containsExactly("gc-overhead-high#1");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> collected.size() == 1);
      assertThat(rm.alerts().stats().handler("collected").delivered()).isEqualTo(1);
    }
  }

  @Test
  void closingTheManagerClosesThePipeline(ResourceManager rm) {
    rm.close();
    assertThat(Internals.alerts(rm).isClosed()).isTrue();
  }

  @Test
  void invalidAlertSettingIsRejectedAndTheSourcesAreReleased() {
    ScriptedSource source = ScriptedSource.named("scripted");
    assertThatThrownBy(() -> ResourceManager.custom().platformSources(false).source(source)
        .alertRepeatInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alertRepeatInterval must be positive, was PT0S");
    assertThat(source.isClosed()).isTrue();
  }

  @Test
  void invalidHandlerIsRejectedAtBuild() {
    ScriptedSource source = ScriptedSource.named("scripted");
    HandlerOptions twice = HandlerOptions.ofDefaults().withName("pager");
    assertThatThrownBy(() -> ResourceManager.custom().platformSources(false).source(source)
        .alertHandler(e -> {}, twice).alertHandler(e -> {}, twice).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler name \"pager\" is taken; handler names must be unique");
    assertThat(source.isClosed()).isTrue();
    assertThatThrownBy(() -> ResourceManager.custom().platformSources(false).alertHandler(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("handler");
  }
}
