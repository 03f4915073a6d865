package io.github.resourcemanager.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test defines its own rules, handlers and scalers, and waits for handlers without polling. */
class ExtensionAlertsTest {

  static final AtomicInteger size = new AtomicInteger(1);

  @RegisterExtension
  static final ResourceManagerExtension extension = ResourceManagerExtension.configure(b -> b
      .defaultAlertRules(false)
      .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 80).forDuration(Duration.ofSeconds(10)).build())
      .dynamicScaler("workers", ScaleTarget.of("pool", size::get, size::set),
          DynamicScalerConfig.custom().cpu().scaleUpThreshold(80).scaleDownThreshold(20).maxSize(4)
              .cooldown(Duration.ZERO).build()));

  @Test
  void theTestsOwnRuleFiresAndTheCollectingHandlerHasEveryEventOnceDelivered(
      ResourceManager rm, ScriptedSource source, ManualTicker ticker, AlertPipeline alerts,
      CollectingAlertHandler collected) throws InterruptedException {
    size.set(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 90, 90, 10);
    rm.start();
    ticker.advance(Duration.ofSeconds(10)); // samples at 0, 5 and 10 s: pending at 0, firing at 10 (for = 10 s)
    assertThat(alerts.awaitDelivered(Duration.ofSeconds(30))).isTrue();
    assertThat(collected.events()).hasSize(1);
    assertThat(collected.events().get(0)).isInstanceOf(AlertEvent.Fired.class);
    assertThat(collected.events().get(0).alert().name()).isEqualTo("cpu-high");

    ticker.advance(Duration.ofSeconds(5)); // 10 % at 15 s: resolved
    assertThat(alerts.awaitDelivered(Duration.ofSeconds(30))).isTrue();
    assertThat(collected.events()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Fired", "Resolved");
  }

  @Test
  void theTestsOwnScalerActsOnTheScriptedSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    size.set(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 90);
    rm.start();
    ticker.advance(Duration.ofSeconds(5)); // two samples above 80 %: one step up each, from 1 to 3
    assertThat(rm.scaler("workers").decisions()).extracting(d -> d.applied()).containsExactly(2, 3);
    assertThat(size.get()).isEqualTo(3);
  }
}
