package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.MetricReading;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole decisions of the controller (horizontal_test.go) and the scaler's own duties: failures, history, listeners. */
class HorizontalScalerTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final Metric QUEUE = Metric.of("test.hpa.queue", Unit.COUNT, "queued jobs, for tests");
  private static final Metric MISSING = Metric.of("test.hpa.never-measured", Unit.COUNT, "a metric no source writes");

  private final ManualTicker ticker = new ManualTicker();
  private final Clock clock = ticker.clock(ResourceManagerExtension.START);
  private final TestObservation observation = new TestObservation();

  private static List<Replica> replicas(int n, String request) {
    List<Replica> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Replica.of("pod-" + i).withCpuRequest(CpuQuantity.parse(request)));
    }
    return list;
  }

  private void cpuLevels(long... millicores) {
    for (int i = 0; i < millicores.length; i++) {
      observation.set("pod-" + i, Metric.AGENT_CPU_USAGE, millicores[i] / 10.0);
    }
  }

  private HorizontalScaler scaler(FakeTarget target, HorizontalScalerConfig.Builder config) {
    return Scalers.horizontal("workers", target, config.build(), clock, 1);
  }

  private ScaleDecision evaluate(HorizontalScaler scaler) {
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isTrue();
    return scaler.lastDecision().orElseThrow();
  }

  @Test
  void scalesUpToTheUtilizationProposal() { // TestScaleUp
    FakeTarget target = FakeTarget.withReplicas(replicas(3, "1"));
    cpuLevels(300, 500, 700);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6)
        .metric(ScalingMetric.cpuUtilization(30)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(d.desired()).isGreaterThan(d.current()); // a scale-up
    assertThat(d.current()).isEqualTo(3);
    assertThat(d.proposed()).isEqualTo(5);
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.applied()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("cpu utilization (agent.cpu.usage, % of request) above target");
    assertThat(d.metrics()).containsExactly(
        new MetricReading("cpu utilization (agent.cpu.usage, % of request)", 50, 30, 5, ""));
    assertThat(d.time()).isEqualTo(ResourceManagerExtension.START);
    assertThat(target.applied).containsExactly(5);
  }

  @Test
  void scaleDownIsHeldForTheStabilizationWindowAfterTheFirstDecision() { // TestScaleDown, from a fresh controller
    cpuLevels(100, 300, 500, 250, 250);
    HorizontalScalerConfig.Builder config = HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6)
        .metric(ScalingMetric.cpuUtilization(50));
    FakeTarget target = FakeTarget.withReplicas(replicas(5, "1"));
    HorizontalScaler scaler = scaler(target, config);
    FakeTarget twinTarget = FakeTarget.withReplicas(replicas(5, "1"));
    HorizontalScaler twin = scaler(twinTarget, config); // the same from the same instant, asked 1 ns later
    ScaleDecision first = evaluate(scaler);
    evaluate(twin);
    assertThat(first.proposed()).isEqualTo(3);
    assertThat(first.desired()).isEqualTo(5);
    assertThat(first.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(first.reason()).isEqualTo("all metrics below target; stabilized: highest recommendation in window");

    // horizontal.go: recordInitialRecommendation stamps the seed (5) with time.Now() before the first
    // stabilizeRecommendation, one nanosecond earlier here; a recommendation counts until it is Before(now - window)
    ticker.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(evaluate(scaler).desired()).isEqualTo(5); // the seed is exactly 5 min old: still in the window
    ticker.advance(Duration.ofNanos(1));
    ScaleDecision later = evaluate(twin); // the seed is 5 min + 1 ns old; the other recommendation is 3
    assertThat(later.desired()).isEqualTo(3);
    assertThat(later.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(later.reason()).isEqualTo("all metrics below target");
  }

  @Test
  void zeroStabilizationWindowNeverHoldsTheFirstScaleDown() {
    // horizontal.go: recordInitialRecommendation stores {currentReplicas, time.Now()} when the controller first sees
    // the HPA; stabilizeRecommendation then takes cutoff := time.Now().Add(-window), a later instant, and a
    // recommendation with rec.timestamp.Before(cutoff) is replaced, not counted: with a zero window the seed is out
    FakeTarget target = FakeTarget.withReplicas(replicas(5, "1"));
    cpuLevels(100, 300, 500, 250, 250); // 1400m of 5 × 1000m requested at a 50 % target: ceil(5 × 0.28 / 0.5) = 3
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6)
        .downscaleStabilization(Duration.ZERO).metric(ScalingMetric.cpuUtilization(50)));
    ScaleDecision first = evaluate(scaler);
    assertThat(first.proposed()).isEqualTo(3);
    assertThat(first.desired()).isEqualTo(3);
    assertThat(first.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(first.reason()).isEqualTo("all metrics below target");
    assertThat(target.applied).containsExactly(3);
  }

  @Test
  void recentHigherRecommendationStabilizesAScaleDown() { // TestStabilizeDownscale
    FakeTarget target = FakeTarget.withReplicas(replicas(4, "0.1"));
    cpuLevels(50, 50, 50);
    ticker.advance(Duration.ofMinutes(20));
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(5)
        .metric(ScalingMetric.cpuUtilization(100)));
    scaler.seedRecommendation(ticker.read() - 10 * MINUTE, 10);
    scaler.seedRecommendation(ticker.read() - MINUTE, 4);
    ScaleDecision d = evaluate(scaler);
    assertThat(d.proposed()).isEqualTo(3);
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason()).isEqualTo("all metrics below target; stabilized: highest recommendation in window");
  }

  @Test
  void sizeBelowTheMinimumIsRaisedAtOnce() { // TestScaleUpRCImmediately
    FakeTarget target = FakeTarget.withReplicas(replicas(1, "1"));
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(d.reason()).isEqualTo("current size 1 below min 2");
    assertThat(d.metrics()).extracting(MetricReading::proposal).containsExactly(-1); // not computed
  }

  @Test
  void sizeAboveTheMaximumIsLoweredAtOnce() { // TestScaleDownRCImmediately
    FakeTarget target = FakeTarget.withReplicas(replicas(6, "1"));
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(5));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("current size 6 above max 5");
  }

  @Test
  void targetOfSizeZeroIsNotScaled() {
    FakeTarget target = FakeTarget.withoutReplicas(0);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(5)
        .metric(ScalingMetric.value(QUEUE, 10)));
    observation.set(QUEUE, 100);
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(d.reason()).isEqualTo("scaling disabled: the target's size is 0");
    assertThat(target.applied).isEmpty();
  }

  @Test
  void largestProposalOfSeveralMetricsWins() {
    FakeTarget target = FakeTarget.withReplicas(replicas(3, "1"));
    cpuLevels(300, 300, 300); // 30 % of a 30 % target: 3
    observation.set(QUEUE, 80); // 80 queued, 10 per replica: 8
    observation.set(Metric.SYSTEM_MEMORY_USAGE, 50); // 50 of a 100 target: ready 3 × 0.5 = 2
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(20)
        .metric(ScalingMetric.cpuUtilization(30))
        .metric(ScalingMetric.averageValue(QUEUE, 10))
        .metric(ScalingMetric.value(Metric.SYSTEM_MEMORY_USAGE, 100)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.metrics()).extracting(MetricReading::proposal).containsExactly(3, 8, 2);
    assertThat(d.desired()).isEqualTo(6); // 8, limited to the legacy path's max(2 × 3, 4)
    assertThat(d.reason()).isEqualTo("test.hpa.queue average per replica above target; "
        + "limited by scale-up limit 6 (the larger of 2 × current and 4)");
  }

  @Test
  void invalidMetricDoesNotStopAScaleUp() { // TestScaleUpOneMetricInvalid
    FakeTarget target = FakeTarget.withReplicas(replicas(3, "1"));
    cpuLevels(300, 400, 500);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6)
        .metric(ScalingMetric.cpuUtilization(30)).metric(ScalingMetric.value(MISSING, 1)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(d.reason()).isEqualTo("cpu utilization (agent.cpu.usage, % of request) above target; 1 of 2 metrics invalid");
    assertThat(d.metrics().get(1)).isEqualTo(
        new MetricReading("test.hpa.never-measured value", Double.NaN, 1, -1, "not measured in this sample"));
  }

  @Test
  void invalidMetricStopsAScaleDown() { // TestNoScaleDownOneMetricInvalid
    FakeTarget target = FakeTarget.withReplicas(replicas(5, "1"));
    cpuLevels(100, 300, 500, 250, 250);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(6)
        .metric(ScalingMetric.cpuUtilization(50)).metric(ScalingMetric.value(MISSING, 1)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("no decision: 1 of 2 metrics invalid");
    assertThat(d.error()).isEqualTo("test.hpa.never-measured value: not measured in this sample");
    assertThat(target.applied).isEmpty();
  }

  @Test
  void noValidMetricMeansNoDecision() {
    FakeTarget target = FakeTarget.withReplicas(replicas(3, "1"));
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(6));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(d.error()).isEqualTo("cpu utilization (agent.cpu.usage, % of request): "
        + "no metrics for ready replicas (replicas might be not ready)");
  }

  @Test
  void withoutMetricsTheDefaultIsEightyPercentCpu() {
    assertThat(HorizontalScalerConfig.custom().maxReplicas(3).build().metrics())
        .containsExactly(ScalingMetric.cpuUtilization(80));
  }

  @Test
  void withinToleranceIsTheReasonWhenNothingChanges() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    observation.set(QUEUE, 42); // 42 of 10 per replica at 4 replicas: ratio 1.05
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(d.desired()).isEqualTo(d.current()); // neither up nor down
    assertThat(d.reason()).isEqualTo("within tolerance");
    assertThat(d.metrics().get(0).current()).isEqualTo(10.5);
  }

  @Test
  void behaviorToleranceOverridesTheScalerToleranceForItsDirection() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    observation.set(QUEUE, 42);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10))
        .behavior(ScalingBehavior.scaleUp(ScalingRules.scaleUp().tolerance(0.01).build())));
    assertThat(evaluate(scaler).desired()).isEqualTo(5);
  }

  @Test
  void decidesOncePerSyncPeriod() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    observation.set(QUEUE, 40);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10)));
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isTrue();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isFalse();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isFalse();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isTrue();
    assertThat(scaler.unchangedEvaluations()).isEqualTo(2); // two decisions, both at the target: 40 / 4 = 10
    assertThat(scaler.decisions()).isEmpty();
  }

  @Test
  void failedResizeIsReportedAndRetriedWithoutRecordingAScaleEvent() {
    FakeTarget target = FakeTarget.withoutReplicas(2).failNext(1);
    observation.set(QUEUE, 60);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10))
        .behavior(ScalingBehavior.scaleUp(ScalingRules.scaleUp()
            .policy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(60)).build())));
    ScaleDecision failed = evaluate(scaler);
    assertThat(failed.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(failed.desired()).isEqualTo(6);
    assertThat(failed.applied()).isEqualTo(2);
    assertThat(failed.reason()).isEqualTo("test.hpa.queue average per replica above target; applying size 6 failed");
    assertThat(failed.error()).isEqualTo("target \"fake\" refused size 6: java.lang.IllegalStateException: no capacity for 6");
    assertThat(scaler.scaleEvents(true).size()).isZero();

    ticker.advance(Duration.ofSeconds(15));
    ScaleDecision retried = evaluate(scaler);
    assertThat(retried.outcome()).isEqualTo(ScaleOutcome.SCALED);
    assertThat(retried.desired()).isEqualTo(6); // the failed attempt used up nothing of the 4-per-minute policy
    assertThat(target.applied).containsExactly(6);
    assertThat(scaler.scaleEvents(true).size()).isEqualTo(1);
    assertThat(scaler.scaleEvents(true).change(0)).isEqualTo(4);
  }

  @Test
  void appliedScaleUpCountsAgainstThePolicyPeriod() {
    FakeTarget target = FakeTarget.withoutReplicas(2);
    observation.set(QUEUE, 100);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(20)
        .metric(ScalingMetric.averageValue(QUEUE, 10))
        .behavior(ScalingBehavior.scaleUp(ScalingRules.scaleUp()
            .policy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(60)).build())));
    assertThat(evaluate(scaler).desired()).isEqualTo(6);
    ticker.advance(Duration.ofSeconds(15));
    ScaleDecision held = evaluate(scaler);
    assertThat(held.desired()).isEqualTo(6);
    assertThat(held.reason()).isEqualTo("test.hpa.queue average per replica above target; limited by policy Pods 4 per 60 s");
    ticker.advance(Duration.ofSeconds(46)); // the event is now 61 s old
    assertThat(evaluate(scaler).desired()).isEqualTo(10);
  }

  @Test
  void failedReadOfTheTargetIsReported() {
    FakeTarget target = FakeTarget.withoutReplicas(2);
    target.readFailure = new IllegalStateException("api down");
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(20)
        .metric(ScalingMetric.averageValue(QUEUE, 10)));
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(d.reason()).isEqualTo("reading the target failed");
    assertThat(d.error()).isEqualTo("reading the size of target \"fake\" failed: java.lang.IllegalStateException: api down");
  }

  @Test
  void failedReadOfTheReplicasInvalidatesTheMetrics() {
    FakeTarget target = FakeTarget.withReplicas(replicas(2, "1"));
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(20));
    target.replicas = null;
    ScaleDecision d = evaluate(scaler);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.FAILED);
    assertThat(d.error()).isEqualTo("cpu utilization (agent.cpu.usage, % of request): reading the replicas failed: "
        + "target \"fake\" returned null instead of a list of replicas");
  }

  @Test
  void startingReplicaIsSetAsideWhileItsSampleBeganBeforeItBecameReady() {
    List<Replica> list = replicas(3, "1");
    list.set(0, list.get(0).withStart(7 * SECOND)); // ready since it started, 7 s in
    FakeTarget target = FakeTarget.withReplicas(list);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(20)
        .syncPeriod(Duration.ofSeconds(5)).cpuInitializationPeriod(Duration.ofMinutes(2))
        .metric(ScalingMetric.cpuUtilization(30)));
    cpuLevels(300, 500, 700);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(evaluate(scaler).desired()).isEqualTo(4); // not ready yet: 0 % on scale up
    target.size = 3;
    ticker.advance(Duration.ofSeconds(5));
    assertThat(evaluate(scaler).desired()).isEqualTo(4); // this sample covers 5..10 s, begun before 7 s
    target.size = 3;
    ticker.advance(Duration.ofSeconds(5));
    assertThat(evaluate(scaler).desired()).isEqualTo(5); // 10..15 s: after it became ready, it counts
  }

  @Test
  void historyKeepsTheConfiguredNumberOfDecisionsOldestFirst() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10).decisionHistory(3)
        .syncPeriod(Duration.ofSeconds(1)).metric(ScalingMetric.averageValue(QUEUE, 10)));
    for (int i = 0; i < 5; i++) {
      observation.set(QUEUE, 50 + 10 * i); // ceil(queue / 10): 5, 6, 7, 8, 9 replicas, one more each second
      scaler.evaluate(observation.at(ticker.read()));
      ticker.advance(Duration.ofSeconds(1));
    }
    assertThat(target.applied).containsExactly(5, 6, 7, 8, 9);
    assertThat(scaler.decisions()).extracting(ScaleDecision::time).containsExactly(
        ResourceManagerExtension.START.plusSeconds(2), ResourceManagerExtension.START.plusSeconds(3),
        ResourceManagerExtension.START.plusSeconds(4));
  }

  @Test
  void listenersReceiveEveryDecisionAndAFailingOneDoesNotStopTheOthers() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    observation.set(QUEUE, 80);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10)));
    List<ScaleDecision> seen = new ArrayList<>();
    scaler.addListener(d -> {
      throw new IllegalStateException("listener bug");
    });
    scaler.addListener(seen::add);
    ScaleDecision d = evaluate(scaler);
    assertThat(seen).containsExactly(d);
    assertThat(d.desired()).isEqualTo(8);
  }

  @Test
  void closedScalerIgnoresSamplesAndRefusesEvaluations() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, HorizontalScalerConfig.custom().maxReplicas(10)
        .metric(ScalingMetric.averageValue(QUEUE, 10)));
    scaler.close();
    assertThat(scaler.isClosed()).isTrue();
    assertThatThrownBy(() -> scaler.evaluate(observation))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("scaler \"workers\" is closed");
  }

  @Test
  void resourceMetricNeedsATargetThatReportsReplicas() {
    assertThatThrownBy(() -> Scalers.horizontal("workers", FakeTarget.withoutReplicas(1),
        HorizontalScalerConfig.custom().maxReplicas(3).build(), clock, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics[0] (cpu utilization (agent.cpu.usage, % of request)) of scaler \"workers\" needs the "
            + "replicas of its target, but target \"fake\" does not report replicas; use a target built with "
            + "ScaleTarget.of(name, currentSize, applier, replicas) or a value metric");
  }
}
