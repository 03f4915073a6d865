package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.MetricReading;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.Scaler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threshold scaler, driven by the monitor of a resource manager with a manual ticker. */
class DynamicScalerTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("scripted");
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  /** A manager sampling every second, whose scaler "workers" resizes {@code target}; takes the first sample. */
  private Scaler start(ScaleTarget target, DynamicScalerConfig.Builder config) {
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .interval(Duration.ofSeconds(1))
        .dynamicScaler("workers", target, config.build())
        .build();
    rm.start();
    ticker.advance(Duration.ZERO); // the first sample
    return rm.scaler("workers");
  }

  private static List<String> reasons(Scaler scaler) {
    return scaler.decisions().stream().map(ScaleDecision::reason).toList();
  }

  @Test
  void scalesUpWhenTheMetricReachesTheUpThreshold() {
    FakeTarget target = FakeTarget.withoutReplicas(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 74.9, 75);
    Scaler scaler = start(target, DynamicScalerConfig.custom());
    ticker.advance(Duration.ofSeconds(1));
    // the first evaluation changed nothing: counted, not kept; the scale-up is kept
    assertThat(reasons(scaler)).containsExactly("system.cpu.usage 75 % >= scale-up threshold 75 %");
    ScaleDecision up = scaler.lastDecision().orElseThrow();
    assertThat(up.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(up.current()).isEqualTo(1);
    assertThat(up.desired()).isEqualTo(2);
    assertThat(up.metrics()).containsExactly(new MetricReading("system.cpu.usage", 75, Double.NaN, 2, ""));
    assertThat(up.time()).isEqualTo(ResourceManagerExtension.START.plusSeconds(1));
    assertThat(target.applied).containsExactly(2);
  }

  @Test
  void scalesDownWhenTheMetricFallsToTheDownThreshold() {
    FakeTarget target = FakeTarget.withoutReplicas(3);
    source.values(Metric.SYSTEM_CPU_USAGE, 25);
    Scaler scaler = start(target, DynamicScalerConfig.custom());
    ScaleDecision down = scaler.lastDecision().orElseThrow();
    assertThat(down.desired()).isLessThan(down.current()); // a scale-down
    assertThat(down.reason()).isEqualTo("system.cpu.usage 25 % <= scale-down threshold 25 %");
    assertThat(target.size).isEqualTo(2);
  }

  @Test
  void cooldownHoldsTheNextActionAndSaysHowLongIsLeft() {
    FakeTarget target = FakeTarget.withoutReplicas(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 90);
    Scaler scaler = start(target, DynamicScalerConfig.custom());
    ticker.advance(Duration.ofSeconds(19));
    assertThat(scaler.lastDecision().orElseThrow().reason())
        .isEqualTo("system.cpu.usage 90 % >= scale-up threshold 75 %; cooldown 41 s left");
    assertThat(target.size).isEqualTo(2);
    ticker.advance(Duration.ofSeconds(41)); // 60 s after the first action
    assertThat(target.applied).containsExactly(2, 3);
  }

  @Test
  void cooldownsAreSeparatePerDirectionAndRunFromTheLastAction() {
    FakeTarget target = FakeTarget.withoutReplicas(2);
    double[] cpu = new double[31];
    java.util.Arrays.fill(cpu, 10);
    cpu[0] = 90; // scale up at 0 s, then quiet
    source.values(Metric.SYSTEM_CPU_USAGE, cpu);
    Scaler scaler = start(target, DynamicScalerConfig.custom()
        .scaleUpCooldown(Duration.ofSeconds(10)).scaleDownCooldown(Duration.ofSeconds(30)));
    ticker.advance(Duration.ofSeconds(29));
    assertThat(target.applied).containsExactly(3);
    assertThat(scaler.lastDecision().orElseThrow().reason())
        .isEqualTo("system.cpu.usage 10 % <= scale-down threshold 25 %; cooldown 1 s left");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(target.applied).containsExactly(3, 2);
  }

  @Test
  void stepIsLimitedByTheMaximum() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    source.values(Metric.SYSTEM_CPU_USAGE, 80);
    Scaler scaler = start(target, DynamicScalerConfig.custom().step(3).maxSize(5).cooldown(Duration.ZERO));
    ScaleDecision first = scaler.lastDecision().orElseThrow();
    assertThat(first.proposed()).isEqualTo(7);
    assertThat(first.desired()).isEqualTo(5);
    assertThat(first.reason()).isEqualTo("system.cpu.usage 80 % >= scale-up threshold 75 %; at max 5");
    ticker.advance(Duration.ofSeconds(1));
    ScaleDecision second = scaler.lastDecision().orElseThrow();
    assertThat(second.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(second.reason()).isEqualTo("system.cpu.usage 80 % >= scale-up threshold 75 %; at max 5");
  }

  @Test
  void minimumStopsTheScaleDown() {
    FakeTarget target = FakeTarget.withoutReplicas(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 0);
    Scaler scaler = start(target, DynamicScalerConfig.custom());
    assertThat(scaler.lastDecision().orElseThrow().reason())
        .isEqualTo("system.cpu.usage 0 % <= scale-down threshold 25 %; at min 1");
    assertThat(target.applied).isEmpty();
  }

  @Test
  void sizeOutsideTheBoundsIsCorrectedAtOnce() {
    FakeTarget target = FakeTarget.withoutReplicas(9);
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    Scaler scaler = start(target, DynamicScalerConfig.custom().maxSize(6));
    assertThat(scaler.lastDecision().orElseThrow().reason()).isEqualTo("current size 9 above max 6");
    assertThat(target.size).isEqualTo(6);
  }

  @Test
  void watchesOneAgentsMetric() {
    FakeTarget target = FakeTarget.withoutReplicas(1);
    source.agentValues("gateway", Metric.AGENT_CPU_USAGE, 95);
    Scaler scaler = start(target, DynamicScalerConfig.custom().agentMetric("gateway", Metric.AGENT_CPU_USAGE));
    assertThat(scaler.lastDecision().orElseThrow().reason())
        .isEqualTo("gateway agent.cpu.usage 95 % >= scale-up threshold 75 %");
    assertThat(target.size).isEqualTo(2);
  }

  @Test
  void unmeasuredMetricChangesNothing() {
    FakeTarget target = FakeTarget.withoutReplicas(2);
    Scaler scaler = start(target, DynamicScalerConfig.custom().memory());
    ScaleDecision d = scaler.lastDecision().orElseThrow();
    assertThat(d.reason()).isEqualTo("system.memory.usage not measured");
    assertThat(d.metrics().get(0).error()).isEqualTo("not measured in this sample");
    assertThat(target.applied).isEmpty();
  }

  @Test
  void failedResizeStartsNoCooldownAndIsRetriedOnTheNextSample() {
    FakeTarget target = FakeTarget.withoutReplicas(1).failNext(1);
    source.values(Metric.SYSTEM_CPU_USAGE, 90);
    Scaler scaler = start(target, DynamicScalerConfig.custom());
    ScaleDecision failed = scaler.lastDecision().orElseThrow();
    assertThat(failed.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(failed.applied()).isEqualTo(1);
    assertThat(failed.reason()).isEqualTo("system.cpu.usage 90 % >= scale-up threshold 75 %; applying size 2 failed");
    assertThat(failed.error()).isEqualTo("target \"fake\" refused size 2: java.lang.IllegalStateException: no capacity for 2");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(scaler.lastDecision().orElseThrow().outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(target.applied).containsExactly(2);
  }

  @Test
  void resizesAThreadPool() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    try {
      source.values(Metric.SYSTEM_CPU_USAGE, 90, 90, 10);
      start(ScaleTarget.threadPool("pool", pool), DynamicScalerConfig.custom().cooldown(Duration.ZERO));
      assertThat(pool.getCorePoolSize()).isEqualTo(3);
      ticker.advance(Duration.ofSeconds(1));
      assertThat(pool.getCorePoolSize()).isEqualTo(4);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
      ticker.advance(Duration.ofSeconds(1));
      assertThat(pool.getCorePoolSize()).isEqualTo(3);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }
}
