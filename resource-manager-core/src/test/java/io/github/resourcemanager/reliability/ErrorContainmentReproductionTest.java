package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The three faults an audit found: an {@link Error} thrown by an alert gauge disabled every rule after it; one thrown by
 * an inline source or a listener aborted every tick while the statistics reported no failure.
 */
class ErrorContainmentReproductionTest {

  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private static ResourceManager.Builder manual(ManualTicker ticker) {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH)).interval(INTERVAL);
  }

  @Test
  void anErrorFromAGaugeIsCountedAndTheRulesAfterItStillFire() {
    ManualTicker ticker = new ManualTicker();
    AlertRule broken = AlertRule.custom().name("broken").gauge("broken-gauge", () -> {
      throw new AssertionError("gauge bug");
    }).threshold(Severity.WARNING, 1).build();
    AlertRule after = AlertRule.custom().name("after").gauge("constant", () -> 5).threshold(Severity.WARNING, 1).build();
    try (ResourceManager rm = manual(ticker).alertRule(broken).alertRule(after).build()) {
      rm.sampleNow();
      rm.sampleNow();
      assertThat(rm.alerts().activeAlerts()).extracting(Alert::name).containsExactly("after");
      assertThat(rm.alerts().stats().gaugeFailures()).isEqualTo(2);
      assertThat(rm.stats().listenerFailures()).isZero();
    }
  }

  @Test
  void aStackOverflowErrorFromAnInlineSourceIsCountedAndTheTickCompletes() {
    ManualTicker ticker = new ManualTicker();
    ResourceSource recursive = new ResourceSource() {
      @Override
      public String name() {
        return "recursive";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void sample(SampleWriter out) {
        throw new StackOverflowError("deep recursion");
      }
    };
    AtomicInteger listened = new AtomicInteger();
    try (ResourceManager rm = manual(ticker).source(recursive).build()) {
      rm.addListener(sample -> listened.incrementAndGet());
      rm.sampleNow();
      rm.sampleNow();
      assertThat(listened.get()).isEqualTo(2);
      assertThat(rm.stats().ticks()).isEqualTo(2);
      assertThat(rm.stats().source("recursive").failures()).isEqualTo(2);
      assertThat(rm.stats().source("recursive").lastError()).isEqualTo("java.lang.StackOverflowError: deep recursion");
    }
  }

  @Test
  void aStackOverflowErrorFromAListenerIsCountedAndTheListenersAfterItRun() {
    ManualTicker ticker = new ManualTicker();
    AtomicInteger later = new AtomicInteger();
    try (ResourceManager rm = manual(ticker).source(io.github.resourcemanager.test.ScriptedSource.named("s")
        .values(Metric.SYSTEM_CPU_USAGE, 1)).build()) {
      rm.addListener(sample -> {
        throw new StackOverflowError("listener recursion");
      });
      rm.addListener(sample -> later.incrementAndGet());
      rm.sampleNow();
      rm.sampleNow();
      assertThat(later.get()).isEqualTo(2);
      assertThat(rm.stats().ticks()).isEqualTo(2);
      assertThat(rm.stats().listenerFailures()).isEqualTo(2);
    }
  }
}
