package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deciding and adding samples allocate nothing in steady state (no listener registered). */
class ScaleAllocationTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Metric QUEUE = Metric.of("test.alloc.queue", Unit.COUNT, "queued jobs, for tests");
  private static final Metric AGENT_QPS = Metric.of("agent.test.alloc.qps", Unit.NONE, "requests per second, for tests");

  private final ManualTicker ticker = new ManualTicker();
  private final Clock clock = ticker.clock(ResourceManagerExtension.START);

  @Test
  void horizontalDecisionWithThreeMetricsAndAFiveMinuteWindowAllocatesNothing() {
    List<Replica> replicas = new ArrayList<>();
    TestObservation observation = new TestObservation();
    for (int i = 0; i < 4; i++) {
      replicas.add(Replica.of("w" + i).withCpuRequest(CpuQuantity.ofCores(1)));
      observation.set("w" + i, Metric.AGENT_CPU_USAGE, 52).set("w" + i, AGENT_QPS, 10);
    }
    observation.set(QUEUE, 40);
    HorizontalScaler scaler = Scalers.horizontal("alloc", FakeTarget.withReplicas(replicas),
        HorizontalScalerConfig.custom().maxReplicas(10)
            .metric(ScalingMetric.cpuUtilization(50))
            .metric(ScalingMetric.replicaAverageValue(AGENT_QPS, 10))
            .metric(ScalingMetric.averageValue(QUEUE, 10))
            .behavior(ScalingBehavior.ofDefaults())
            .build(),
        clock, 1);
    long[] tick = {0};
    Runnable decide = () -> {
      tick[0] += 15 * SECOND;
      scaler.evaluate(observation.at(tick[0]));
    };
    for (int i = 0; i < 1_000; i++) {
      decide.run(); // fill the 300 s recommendation log and the decision history
    }
    assertThat(scaler.lastDecision().orElseThrow().reason()).isEqualTo("within tolerance");
    assertThat(AllocationMeter.leastBytesAllocated(1_000, decide)).isZero();
  }

  @Test
  void dynamicDecisionAllocatesNothing() {
    TestObservation observation = new TestObservation().set(Metric.SYSTEM_CPU_USAGE, 50);
    DynamicScaler scaler = Scalers.dynamic("alloc", FakeTarget.withoutReplicas(3), DynamicScalerConfig.ofDefaults(), clock);
    long[] tick = {0};
    Runnable decide = () -> scaler.evaluate(observation.at(tick[0] += 5 * SECOND));
    for (int i = 0; i < 1_000; i++) {
      decide.run();
    }
    assertThat(AllocationMeter.leastBytesAllocated(1_000, decide)).isZero();
  }

  @Test
  void recommenderSampleAllocatesNothing() {
    VerticalRecommender recommender = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), 1);
    long[] time = {ResourceManagerExtension.START.toEpochMilli()};
    Runnable add = () -> {
      time[0] += 60_000;
      recommender.addCpuSample("svc", time[0], 0.25 + (time[0] / 60_000 % 7) * 0.1);
      recommender.addMemorySample("svc", time[0], (300L + time[0] / 60_000 % 5) << 20);
    };
    for (int i = 0; i < 1_000; i++) {
      add.run();
    }
    assertThat(AllocationMeter.leastBytesAllocated(1_000, add)).isZero();
  }
}
