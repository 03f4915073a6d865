package io.github.resourcemanager.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults and validation of the scaling configurations, with the Kubernetes API's bounds. */
class ScalingConfigTest {
  private static final Metric AGENT_MEMORY = Metric.of("agent.test.memory", Unit.BYTES, "an agent's memory, for tests");

  private static void rejects(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  private static void nullRejected(Runnable call, String parameter) {
    assertThatThrownBy(call::run).isInstanceOf(NullPointerException.class).hasMessage(parameter);
  }

  @Test
  void nullArgumentsOfScalingMetricsAreANullPointerExceptionNamingTheParameter() {
    nullRejected(() -> ScalingMetric.cpuUtilization(null, 80), "usage");
    nullRejected(() -> ScalingMetric.memoryUtilization(null, 80), "usage");
    nullRejected(() -> ScalingMetric.cpuAverageValue(null, CpuQuantity.ofMillicores(500)), "usage");
    nullRejected(() -> ScalingMetric.cpuAverageValue(Metric.AGENT_CPU_USAGE, null), "targetPerReplica");
    nullRejected(() -> ScalingMetric.memoryAverageValue(null, ByteSize.ofMebibytes(64)), "usage");
    nullRejected(() -> ScalingMetric.memoryAverageValue(Metric.AGENT_MEMORY_USED, null), "targetPerReplica");
    nullRejected(() -> ScalingMetric.replicaAverageValue(null, 1), "metric");
    nullRejected(() -> ScalingMetric.value(null, 1), "metric");
    nullRejected(() -> ScalingMetric.averageValue(null, 1), "metric");
  }

  @Test
  void nullRulesAndSettingsAreANullPointerExceptionNamingThem() {
    nullRejected(() -> ScalingBehavior.of(null, ScalingRules.scaleDown().build()), "scaleUp");
    nullRejected(() -> ScalingBehavior.of(ScalingRules.scaleUp().build(), null), "scaleDown");
    nullRejected(() -> ScalingBehavior.scaleUp(null), "scaleUp");
    nullRejected(() -> ScalingBehavior.scaleDown(null), "scaleDown");
    nullRejected(() -> ScalingRules.scaleDown().selectPolicy(null).build(), "scaleDown.selectPolicy");
    nullRejected(() -> HorizontalScalerConfig.custom().maxReplicas(3).behavior(null), "behavior");
    nullRejected(() -> DynamicScalerConfig.custom().metric(null).build(), "metric");
    nullRejected(() -> DynamicScalerConfig.custom().agentMetric(null, Metric.AGENT_CPU_USAGE), "agentId");
    nullRejected(() -> DynamicScalerConfig.custom().agentMetric("w", null).build(), "metric");
    nullRejected(() -> VerticalRecommenderConfig.custom().cpuMetric(null).build(), "cpuMetric");
    nullRejected(() -> VerticalRecommenderConfig.custom().oomMinBumpUp(null).build(), "oomMinBumpUp");
    nullRejected(() -> VerticalRecommenderConfig.custom().minimumRecommendation(null, ByteSize.ofMebibytes(1)).build(),
        "minCpu");
  }

  @Test
  void nullWhereItMeansNoneOrTheDefaultIsAccepted() {
    assertThat(ScalingRules.scaleDown().stabilizationWindow(Duration.ofSeconds(5)).stabilizationWindow(null).build()
        .stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
    VerticalRecommenderConfig config = VerticalRecommenderConfig.custom().memoryMetric(Metric.AGENT_MEMORY_USED)
        .memoryMetric(null).allowedCpu(null, CpuQuantity.ofCores(2)).allowedMemory(ByteSize.ofMebibytes(64), null)
        .build();
    assertThat(config.memoryMetric()).isEmpty();
    assertThat(config.minAllowedCpu()).isEmpty();
    assertThat(config.maxAllowedCpu()).contains(CpuQuantity.ofCores(2));
    assertThat(config.minAllowedMemory()).contains(ByteSize.ofMebibytes(64));
    assertThat(config.maxAllowedMemory()).isEmpty();
  }

  @Test
  void scaleUpDefaultsAreTheLargerOfFourPodsAndDoublingEveryFifteenSeconds() {
    ScalingRules up = ScalingRules.scaleUp().build();
    assertThat(up.stabilizationWindow()).isEqualTo(Duration.ZERO);
    assertThat(up.policies()).extracting(ScalingPolicy::description)
        .containsExactly("Pods 4 per 15 s", "Percent 100 per 15 s");
    assertThat(up.selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.MAX);
    assertThat(up.tolerance()).isEmpty();
  }

  @Test
  void scaleDownDefaultsAreAllPodsEveryFifteenSecondsAfterFiveMinutes() {
    ScalingRules down = ScalingRules.scaleDown().build();
    assertThat(down.stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(down.policies()).extracting(ScalingPolicy::description).containsExactly("Percent 100 per 15 s");
    assertThat(ScalingBehavior.ofDefaults().scaleDown().policies()).isEqualTo(down.policies());
  }

  @Test
  void stabilizationWindowMustBeWithinAnHour() {
    rejects(() -> ScalingRules.scaleUp().stabilizationWindow(Duration.ofSeconds(3601)).build(),
        "scaleUp.stabilizationWindow must be between 0 s and 3600 s, was PT1H1S");
    rejects(() -> ScalingRules.scaleDown().stabilizationWindow(Duration.ofSeconds(-1)).build(),
        "scaleDown.stabilizationWindow must not be negative, was PT-1S");
    assertThat(ScalingRules.scaleDown().stabilizationWindow(Duration.ofSeconds(3600)).build().stabilizationWindow())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void policyPeriodMustBeBetweenOneSecondAndHalfAnHour() {
    rejects(() -> ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(15))
            .policy(ScalingPolicy.Type.PERCENT, 50, Duration.ZERO).build(),
        "scaleUp.policies[1].period must be between 1 s and 1800 s, was PT0S");
    rejects(() -> ScalingRules.scaleDown().policy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(1801)).build(),
        "scaleDown.policies[0].period must be between 1 s and 1800 s, was PT30M1S");
    assertThatThrownBy(() -> ScalingRules.scaleDown().policy(ScalingPolicy.Type.PODS, 4, null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("scaleDown.policies[0].period");
  }

  @Test
  void policyValueMustBePositive() {
    rejects(() -> ScalingRules.scaleUp().policy(ScalingPolicy.Type.PERCENT, 0, Duration.ofSeconds(15)).build(),
        "scaleUp.policies[0].value must be greater than zero, was 0");
    assertThatThrownBy(() -> ScalingRules.scaleUp().policy(null, 1, Duration.ofSeconds(15)).build())
        .isInstanceOf(NullPointerException.class).hasMessage("scaleUp.policies[0].type");
    rejects(() -> new ScalingPolicy(ScalingPolicy.Type.PODS, -1, Duration.ofSeconds(15)),
        "policy.value must be greater than zero, was -1");
  }

  @Test
  void ruleToleranceMustBeANonNegativeNumber() {
    rejects(() -> ScalingRules.scaleDown().tolerance(-0.1).build(),
        "scaleDown.tolerance must be a finite number >= 0, was -0.1");
    assertThat(ScalingRules.scaleDown().tolerance(0.05).build().tolerance()).hasValue(0.05);
  }

  @Test
  void behaviorTakesRulesOfTheRightDirection() {
    ScalingRules up = ScalingRules.scaleUp().build();
    rejects(() -> ScalingBehavior.of(up, up), "behavior.scaleDown must be rules built with ScalingRules.scaleDown(), was "
        + up);
  }

  @Test
  void replicaBoundsAreValidated() {
    rejects(() -> HorizontalScalerConfig.custom().minReplicas(0).maxReplicas(3).build(), "minReplicas must be at least 1, was 0");
    rejects(() -> HorizontalScalerConfig.custom().build(), "maxReplicas must be set (at least minReplicas 1)");
    rejects(() -> HorizontalScalerConfig.custom().minReplicas(3).maxReplicas(2).build(),
        "maxReplicas 2 must be greater than or equal to minReplicas 3");
  }

  @Test
  void scalerSettingsAreValidated() {
    rejects(() -> HorizontalScalerConfig.custom().maxReplicas(3).tolerance(Double.NaN).build(),
        "tolerance must be a finite number >= 0, was NaN");
    rejects(() -> HorizontalScalerConfig.custom().maxReplicas(3).syncPeriod(Duration.ZERO).build(),
        "syncPeriod must be positive, was PT0S");
    rejects(() -> HorizontalScalerConfig.custom().maxReplicas(3).decisionHistory(0).build(),
        "decisionHistory must be between 1 and 100000, was 0");
    assertThatThrownBy(() -> HorizontalScalerConfig.custom().maxReplicas(3).metric(null))
        .isInstanceOf(NullPointerException.class).hasMessage("metric");
  }

  @Test
  void horizontalDefaultsAreTheControllers() {
    HorizontalScalerConfig config = HorizontalScalerConfig.custom().maxReplicas(10).build();
    assertThat(config.minReplicas()).isEqualTo(1);
    assertThat(config.tolerance()).isEqualTo(0.1);
    assertThat(config.syncPeriod()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.cpuInitializationPeriod()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.initialReadinessDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.downscaleStabilization()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.behavior()).isEmpty();
  }

  @Test
  void metricTargetsAreValidated() {
    rejects(() -> ScalingMetric.cpuUtilization(0), "targetPercent must be positive, was 0");
    rejects(() -> ScalingMetric.cpuUtilization(Metric.SYSTEM_CPU_USAGE, 50),
        "cpu usage metric must be a per-agent metric (named agent.*), was system.cpu.usage");
    rejects(() -> ScalingMetric.memoryUtilization(Metric.AGENT_CPU_USAGE, 50),
        "memory usage metric agent.cpu.usage must be in BYTES, was in PERCENT");
    rejects(() -> ScalingMetric.value(Metric.SYSTEM_CPU_USAGE, 0),
        "target must be a positive finite number of at most 9223372036854775, was 0.0");
    rejects(() -> ScalingMetric.averageValue(Metric.AGENT_CPU_USAGE, 1),
        "metric agent.cpu.usage is per agent; use replicaAverageValue for per-agent metrics, value and averageValue "
            + "take machine, process, JVM or custom metrics");
    rejects(() -> ScalingMetric.replicaAverageValue(Metric.SYSTEM_THREADS, 1),
        "metric must be a per-agent metric (named agent.*), was system.threads");
    rejects(() -> ScalingMetric.cpuAverageValue(Metric.AGENT_CPU_USAGE, CpuQuantity.ofMillicores(0)),
        "targetPerReplica must be a positive CPU quantity, was 0");
  }

  @Test
  void metricTargetsAreComparedInThousandthsRoundedUp() {
    assertThat(ScalingMetric.value(Metric.SYSTEM_CPU_USAGE, 0.0001).targetMilli()).isEqualTo(1); // as Kubernetes' 1m
    assertThat(ScalingMetric.memoryAverageValue(AGENT_MEMORY, ByteSize.ofMebibytes(1)).targetMilli())
        .isEqualTo(1_048_576_000L);
    assertThat(ScalingMetric.cpuAverageValue(Metric.AGENT_CPU_USAGE, CpuQuantity.parse("250m")).description())
        .isEqualTo("cpu average per replica (agent.cpu.usage, cores)");
  }

  @Test
  void metricsSayWhichKubernetesMetricAndTargetTheyStandFor() {
    // api/autoscaling/v2 types.go, MetricSpec and MetricTarget: Resource/Pods/Object metrics with a
    // Utilization, AverageValue or Value target
    ScalingMetric cpu = ScalingMetric.cpuUtilization(60);
    assertThat(List.of(cpu.isResource(), cpu.isUtilization(), cpu.isAverageValue())).containsExactly(true, true, false);
    ScalingMetric memory = ScalingMetric.memoryUtilization(AGENT_MEMORY, 70);
    assertThat(List.of(memory.isResource(), memory.isUtilization(), memory.isAverageValue()))
        .containsExactly(true, true, false);
    ScalingMetric cores = ScalingMetric.cpuAverageValue(Metric.AGENT_CPU_USAGE, CpuQuantity.parse("250m"));
    assertThat(List.of(cores.isResource(), cores.isUtilization(), cores.isAverageValue()))
        .containsExactly(true, false, true);
    ScalingMetric bytes = ScalingMetric.memoryAverageValue(AGENT_MEMORY, ByteSize.ofMebibytes(1));
    assertThat(List.of(bytes.isResource(), bytes.isUtilization(), bytes.isAverageValue()))
        .containsExactly(true, false, true);
    ScalingMetric pods = ScalingMetric.replicaAverageValue(AGENT_MEMORY, 5);
    assertThat(List.of(pods.isResource(), pods.isUtilization(), pods.isAverageValue()))
        .containsExactly(false, false, true);
    ScalingMetric whole = ScalingMetric.value(Metric.SYSTEM_LOAD_1M, 2);
    assertThat(List.of(whole.isResource(), whole.isUtilization(), whole.isAverageValue()))
        .containsExactly(false, false, false);
    ScalingMetric perReplica = ScalingMetric.averageValue(Metric.SYSTEM_LOAD_1M, 2);
    assertThat(List.of(perReplica.isResource(), perReplica.isUtilization(), perReplica.isAverageValue()))
        .containsExactly(false, false, true);
    assertThat(cpu.targetMilli()).isEqualTo(60); // a utilization's target is its percent
    assertThat(cores.targetMilli()).isEqualTo(250); // 250m
  }

  @Test
  void verticalHistogramSettingsAreReadBack() {
    VerticalRecommenderConfig defaults = VerticalRecommenderConfig.ofDefaults();
    // vertical-pod-autoscaler pkg/recommender/model/aggregations_config.go: CPU 0.01 to 1000 cores, memory 1e7 to
    // 1e12 bytes, buckets 5 % larger each
    assertThat(List.of(defaults.cpuFirstBucketCores(), defaults.cpuMaxCores(), defaults.memoryFirstBucketBytes(),
        defaults.memoryMaxBytes(), defaults.bucketGrowth())).containsExactly(0.01, 1000.0, 1e7, 1e12, 0.05);
    VerticalRecommenderConfig custom = VerticalRecommenderConfig.custom().cpuHistogram(0.001, 64)
        .memoryHistogram(1e6, 1e11).bucketGrowth(0.1).build();
    assertThat(List.of(custom.cpuFirstBucketCores(), custom.cpuMaxCores(), custom.memoryFirstBucketBytes(),
        custom.memoryMaxBytes(), custom.bucketGrowth())).containsExactly(0.001, 64.0, 1e6, 1e11, 0.1);
  }

  @Test
  void dynamicDefaultsAreCpuAt75And25WithAMinuteCooldown() {
    DynamicScalerConfig config = DynamicScalerConfig.ofDefaults();
    assertThat(config.metric()).isEqualTo(Metric.SYSTEM_CPU_USAGE);
    assertThat(config.scaleUpThreshold()).isEqualTo(75.0);
    assertThat(config.scaleDownThreshold()).isEqualTo(25.0);
    assertThat(config.scaleUpCooldown()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.scaleDownCooldown()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.minSize()).isEqualTo(1);
    assertThat(config.maxSize()).isEqualTo(Integer.MAX_VALUE);
    assertThat(config.step()).isEqualTo(1);
  }

  @Test
  void dynamicSettingsAreValidated() {
    rejects(() -> DynamicScalerConfig.custom().scaleUpThreshold(20).build(),
        "scaleUpThreshold 20.0 must exceed scaleDownThreshold 25.0");
    rejects(() -> DynamicScalerConfig.custom().minSize(5).maxSize(4).build(),
        "maxSize 4 must be greater than or equal to minSize 5");
    rejects(() -> DynamicScalerConfig.custom().scaleDownCooldown(Duration.ofSeconds(-1)).build(),
        "scaleDownCooldown must not be negative, was PT-1S");
    rejects(() -> DynamicScalerConfig.custom().step(0).build(), "step must be at least 1, was 0");
    rejects(() -> DynamicScalerConfig.custom().metric(Metric.AGENT_CPU_USAGE).build(),
        "metric agent.cpu.usage is per agent; use agentMetric(agentId, metric)");
    rejects(() -> DynamicScalerConfig.custom().agentMetric("a", Metric.SYSTEM_CPU_USAGE).build(),
        "agentMetric needs a per-agent metric (named agent.*), was system.cpu.usage");
    rejects(() -> DynamicScalerConfig.custom().scaleUpThreshold(Double.POSITIVE_INFINITY).build(),
        "scaleUpThreshold must be a finite number, was Infinity");
  }

  @Test
  void verticalDefaultsAreTheRecommenders() {
    VerticalRecommenderConfig config = VerticalRecommenderConfig.ofDefaults();
    assertThat(config.safetyMarginFraction()).isEqualTo(0.15);
    assertThat(config.targetCpuPercentile()).isEqualTo(0.9);
    assertThat(config.lowerBoundCpuPercentile()).isEqualTo(0.5);
    assertThat(config.upperBoundCpuPercentile()).isEqualTo(0.95);
    assertThat(config.minCpu()).isEqualTo(CpuQuantity.ofMillicores(25));
    assertThat(config.minMemory()).isEqualTo(ByteSize.ofMebibytes(250));
    assertThat(config.oomBumpUpRatio()).isEqualTo(1.2);
    assertThat(config.oomMinBumpUp()).isEqualTo(ByteSize.ofMebibytes(100));
    assertThat(config.cpuHalfLife()).isEqualTo(Duration.ofHours(24));
    assertThat(config.memoryAggregationInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(config.memoryAggregationIntervalCount()).isEqualTo(8);
  }

  @Test
  void verticalSettingsAreValidated() {
    rejects(() -> VerticalRecommenderConfig.custom().cpuPercentiles(90, 0.5, 0.95).build(),
        "targetCpuPercentile must be between 0 and 1 (0.9 is the 90th percentile), was 90.0");
    rejects(() -> VerticalRecommenderConfig.custom().memoryMetric(Metric.AGENT_CPU_USAGE).build(),
        "memoryMetric must be a per-agent metric (named agent.*) in BYTES, was agent.cpu.usage in PERCENT");
    rejects(() -> VerticalRecommenderConfig.custom().allowedCpu(CpuQuantity.ofCores(2), CpuQuantity.ofCores(1)).build(),
        "minAllowedCpu 2 must not exceed maxAllowedCpu 1");
    rejects(() -> VerticalRecommenderConfig.custom().cpuHalfLife(Duration.ZERO).build(),
        "cpuHalfLife must be positive, was PT0S");
    rejects(() -> VerticalRecommenderConfig.custom().bucketGrowth(0).build(),
        "cpuHistogram needs 0 < firstBucketSize <= maxValue and bucketGrowth > 0, was firstBucketSize 0.01, "
            + "maxValue 1000.0, bucketGrowth 0.0");
    rejects(() -> VerticalRecommenderConfig.custom().oomBumpUpRatio(0.5).build(),
        "oomBumpUpRatio must be a finite number >= 1, was 0.5");
  }
}
