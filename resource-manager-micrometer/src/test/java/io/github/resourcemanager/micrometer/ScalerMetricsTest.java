package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per scaler: the target's size, the latest decision's desired and proposed sizes, decisions by direction and outcome. */
class ScalerMetricsTest {
  private static final Duration TICK = Duration.ofSeconds(5);

  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("scripted");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger size = new AtomicInteger(1);
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  private ResourceManager manager(ScaleTarget target) {
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source).interval(TICK)
        .defaultAlertRules(false).dynamicScaler("pool", target, DynamicScalerConfig.ofDefaults()).build();
    return rm;
  }

  private double gauge(String name) {
    return registry.get(name).tag("scaler", "pool").gauge().value();
  }

  private double decisions(String direction, String outcome) {
    return registry.get("resource.scaler.decisions").tags("scaler", "pool", "direction", direction, "outcome", outcome)
        .functionCounter().count();
  }

  @Test
  void beforeItsFirstDecisionAScalerShowsItsSizeOnly() {
    new ResourceManagerMetrics(manager(ScaleTarget.of("pool", size::get, size::set))).bindTo(registry);
    assertThat(gauge("resource.scaler.size")).isEqualTo(1);
    assertThat(gauge("resource.scaler.desired")).isNaN();
    assertThat(gauge("resource.scaler.proposed")).isNaN();
    assertThat(registry.find("resource.scaler.decisions").functionCounters()).hasSize(9)
        .allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void aScaleUpShowsInTheSizesAndTheDecisionCounters() {
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 50);
    new ResourceManagerMetrics(manager(ScaleTarget.of("pool", size::get, size::set))).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO); // 90 % CPU: up by one

    assertThat(gauge("resource.scaler.size")).isEqualTo(2);
    assertThat(gauge("resource.scaler.desired")).isEqualTo(2);
    assertThat(gauge("resource.scaler.proposed")).isEqualTo(2);
    assertThat(decisions("up", "scaled")).isEqualTo(1);
    assertThat(decisions("none", "unchanged")).isZero();

    ticker.advance(TICK); // 50 %: within the thresholds
    assertThat(decisions("up", "scaled")).isEqualTo(1);
    assertThat(decisions("none", "unchanged")).isEqualTo(1);
    assertThat(gauge("resource.scaler.desired")).isEqualTo(2);
  }

  @Test
  void aTargetThatRefusesCountsAsAFailedDecision() {
    source.values(Metric.SYSTEM_CPU_USAGE, 90);
    new ResourceManagerMetrics(manager(ScaleTarget.of("pool", size::get, n -> {
      throw new IllegalStateException("no capacity");
    }))).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(decisions("up", "failed")).isEqualTo(1);
    assertThat(decisions("up", "scaled")).isZero();
    assertThat(gauge("resource.scaler.size")).isEqualTo(1);
  }

  @Test
  void aTargetWhoseSizeCannotBeReadReadsNaN() {
    new ResourceManagerMetrics(manager(ScaleTarget.of("pool", () -> {
      throw new IllegalStateException("unreachable");
    }, n -> { }))).bindTo(registry);
    assertThat(gauge("resource.scaler.size")).isNaN();
  }
}
