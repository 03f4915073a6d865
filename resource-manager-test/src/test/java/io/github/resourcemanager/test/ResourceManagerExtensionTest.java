package io.github.resourcemanager.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.SourceStats;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ResourceManagerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceManagerExtensionTest {
  private static ResourceManager fromFirstTest;

  @Test
  @Order(1)
  void injectsAManagerWiredToTheManualTickerClockAndScriptedSource(
      ResourceManager rm, ManualTicker ticker, ScriptedSource source, Clock clock) {
    fromFirstTest = rm;
    source.values(Metric.SYSTEM_CPU_USAGE, 5, 6);
    rm.start();
    ticker.advance(Duration.ofSeconds(5)); // default interval: samples at 0 s and 5 s
    assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1)).values()).containsExactly(5, 6);
    assertThat(clock.instant()).isEqualTo(ResourceManagerExtension.START.plusSeconds(5));
    assertThat(rm.ticker()).isSameAs(ticker);
    assertThat(rm.stats().sources()).extracting(SourceStats::name).containsExactly(source.name());
  }

  @Test
  @Order(2)
  void injectsTheManagersAlertPipeline(ResourceManager rm, io.github.resourcemanager.alert.AlertPipeline alerts) {
    assertThat(alerts).isSameAs(rm.alerts());
  }

  @Test
  @Order(3)
  void closesTheManagerAfterEachTestAndGivesEachTestItsOwn(ResourceManager rm) {
    assertThat(fromFirstTest.isClosed()).isTrue();
    assertThat(rm).isNotSameAs(fromFirstTest);
    assertThat(rm.isClosed()).isFalse();
  }
}
