package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stabilization and rate-limit scenarios of the controller's horizontal_test.go (TestScalingWithRules,
 * TestNormalizeDesiredReplicasWithBehavior, TestNormalizeDesiredReplicas, TestCalculateScaleUpLimitWithScalingRules,
 * TestCalculateScaleDownLimitWithBehaviors), run through a whole decision.
 *
 * <p>The metrics' proposal is set exactly with an average-value metric of target 1 and tolerance 0: a load of
 * {@code n} asks for {@code n} replicas. The controller's tests of the rate limits call the limit function alone;
 * here the stabilization windows are 0 in those tests so that only the limits act.
 */
class HorizontalScalerBehaviorTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final Metric LOAD = Metric.of("test.behavior.load", Unit.NONE, "replicas wanted, for tests");

  private final ManualTicker ticker = new ManualTicker(3600 * SECOND);
  private final long now = ticker.read();
  private final Clock clock = ticker.clock(ResourceManagerExtension.START);
  private final List<long[]> upEvents = new ArrayList<>();
  private final List<long[]> downEvents = new ArrayList<>();
  private final List<long[]> recommendations = new ArrayList<>();
  private HorizontalScaler scaler;

  /** Kubernetes' generateScalingRules: a Pods and a Percent policy (0 leaves one out), select Max. */
  private static ScalingRules rules(boolean up, int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    ScalingRules.Builder b = up ? ScalingRules.scaleUp() : ScalingRules.scaleDown();
    b.stabilizationWindow(Duration.ofSeconds(window));
    if (pods != 0) {
      b.policy(ScalingPolicy.Type.PODS, pods, Duration.ofSeconds(podsPeriod));
    }
    if (percent != 0) {
      b.policy(ScalingPolicy.Type.PERCENT, percent, Duration.ofSeconds(percentPeriod));
    }
    return b.build();
  }

  private static ScalingRules defaultUp() {
    return ScalingRules.scaleUp().build();
  }

  private static ScalingRules defaultDownWithoutWindow() {
    return ScalingRules.scaleDown().stabilizationWindow(Duration.ZERO).build();
  }

  /**
   * Kubernetes' generateEventsUniformDistribution: spreads the events over the last {@code periodSeconds}, each in
   * the middle of its segment, oldest first.
   */
  private static List<long[]> uniform(long now, int periodSeconds, int... changes) {
    List<long[]> events = new ArrayList<>();
    double segment = (double) periodSeconds / changes.length;
    for (int i = 0; i < changes.length; i++) {
      double secondsAgo = periodSeconds - segment * (i + 1) + segment / 2;
      events.add(new long[] {now - (long) (secondsAgo * SECOND), changes[i]});
    }
    return events;
  }

  private ScaleDecision decide(int current, int desired, int min, int max, ScalingRules up, ScalingRules down) {
    FakeTarget target = FakeTarget.withoutReplicas(current);
    HorizontalScalerConfig config = HorizontalScalerConfig.custom()
        .minReplicas(min).maxReplicas(max)
        .metric(ScalingMetric.averageValue(LOAD, 1))
        .tolerance(0)
        .behavior(ScalingBehavior.of(up, down))
        .build();
    scaler = Scalers.horizontal("test", target, config, clock, 1);
    for (long[] e : upEvents) {
      scaler.seedScaleEvent(true, e[0], (int) e[1]);
    }
    for (long[] e : downEvents) {
      scaler.seedScaleEvent(false, e[0], (int) e[1]);
    }
    for (long[] r : recommendations) {
      scaler.seedRecommendation(r[0], (int) r[1]);
    }
    scaler.evaluate(new TestObservation().at(now).set(LOAD, desired));
    return scaler.lastDecision().orElseThrow();
  }

  private ScaleDecision rate(int current, int desired, int min, int max, ScalingRules up, ScalingRules down) {
    return decide(current, desired, min, max, up, down);
  }

  private void recommendation(long minutesAgo, int replicas) {
    recommendations.add(new long[] {now - minutesAgo * MINUTE, replicas});
  }

  private List<Integer> storedRecommendations() {
    List<Integer> values = new ArrayList<>();
    Recommendations r = scaler.recommendations();
    for (int i = 0; i < r.size(); i++) {
      values.add(r.value(i));
    }
    return values;
  }

  // ---------------------------------------------------------------- rate limits (TestScalingWithRules)

  @Test
  void desiredWithinRangeIsKept() {
    ScaleDecision d = rate(5, 7, 3, 8, defaultUp(), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(7);
    assertThat(d.reason()).isEqualTo("test.behavior.load average per replica above target");
  }

  @Test
  void desiredBelowMinimumIsRaisedToIt() {
    ScaleDecision d = rate(3, 1, 2, 8, defaultUp(), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.reason()).isEqualTo("all metrics below target; at min 2");
  }

  @Test
  void maximumLimitsWhenBelowTheRateLimit() {
    ScaleDecision d = rate(100, 1000, 100, 150, defaultUp(), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(150);
    assertThat(d.reason()).endsWith("; at max 150");
  }

  @Test
  void percentPolicyRoundsTheScaleUpLimitUp() {
    ScaleDecision d = rate(3, 1000, 1, 2000, rules(true, 0, 0, 1, 60, 0), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason()).endsWith("; limited by policy Percent 1 per 60 s");
  }

  @Test
  void podsPolicyLimitsTheScaleDown() {
    ScaleDecision d = rate(1000, 3, 3, 2000, defaultUp(), rules(false, 20, 60, 0, 0, 0));
    assertThat(d.desired()).isEqualTo(980);
    assertThat(d.reason()).endsWith("; limited by policy Pods 20 per 60 s");
  }

  @Test
  void defaultScaleUpAllowsTheLargerOfFourPodsAndDoubling() {
    ScaleDecision d = rate(10, 50, 1, 1000, defaultUp(), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(20);
    assertThat(d.reason()).endsWith("; limited by policy Percent 100 per 15 s");
    assertThat(rate(2, 50, 1, 1000, defaultUp(), defaultDownWithoutWindow()).reason())
        .endsWith("; limited by policy Pods 4 per 15 s");
    assertThat(scaler.lastDecision().orElseThrow().desired()).isEqualTo(6);
  }

  @Test
  void selectMaxTakesTheLargestAllowedChange() {
    assertThat(rate(10, 500, 1, 1000, rules(true, 100, 60, 100, 60, 0), defaultDownWithoutWindow()).desired()).isEqualTo(110);
    assertThat(rate(10, 500, 1, 1000, rules(true, 2, 60, 100, 60, 0), defaultDownWithoutWindow()).desired()).isEqualTo(20);
    assertThat(rate(100, 2, 1, 1000, defaultUp(), rules(false, 20, 60, 1, 60, 0)).desired()).isEqualTo(80);
    assertThat(rate(100, 2, 1, 1000, defaultUp(), rules(false, 2, 60, 1, 60, 0)).desired()).isEqualTo(98);
  }

  @Test
  void largePoliciesLeaveTheDesiredSizeAlone() {
    assertThat(rate(10, 50, 1, 1000, rules(true, 100, 60, 0, 0, 0), defaultDownWithoutWindow()).desired()).isEqualTo(50);
    assertThat(rate(10, 50, 1, 1000, rules(true, 10000, 60, 0, 0, 0), defaultDownWithoutWindow()).desired()).isEqualTo(50);
    ScaleDecision d = rate(10, 5, 1, 1000, defaultUp(), rules(false, 0, 0, 50, 60, 0));
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("all metrics below target");
  }

  @Test
  void singlePoliciesLimitTheChange() {
    assertThat(rate(10, 50, 1, 1000, rules(true, 30, 60, 0, 0, 0), defaultDownWithoutWindow()).desired()).isEqualTo(40);
    assertThat(rate(10, 50, 1, 1000, rules(true, 0, 0, 200, 60, 0), defaultDownWithoutWindow()).desired()).isEqualTo(30);
    assertThat(rate(10, 2, 1, 1000, defaultUp(), rules(false, 5, 60, 0, 0, 0)).desired()).isEqualTo(5);
  }

  @Test
  void minimumWinsOverScaleDownPolicies() {
    ScaleDecision d = rate(10, 0, 1, 1000, defaultUp(), rules(false, 100, 60, 0, 0, 0));
    assertThat(d.desired()).isEqualTo(1);
    assertThat(d.reason()).endsWith("; at min 1");
    assertThat(rate(10, 2, 5, 1000, defaultUp(), rules(false, 0, 0, 100, 60, 0)).desired()).isEqualTo(5);
  }

  @Test
  void maximumWinsOverScaleUpPoliciesAfterEarlierEvents() {
    upEvents.addAll(uniform(now, 120, 1, 5, 9));
    ScaleDecision d = rate(100, 500, 1, 200, rules(true, 300, 60, 0, 0, 0), defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(200);
    assertThat(d.reason()).endsWith("; at max 200");
    assertThat(rate(100, 500, 1, 200, rules(true, 0, 0, 10000, 60, 0), defaultDownWithoutWindow()).desired()).isEqualTo(200);
  }

  @Test
  void scaleUpEventsOfThePeriodUseUpThePolicy() {
    upEvents.addAll(uniform(now, 120, 1, 5, 9)); // 15 replicas added in the last 120 s
    ScaleDecision held = rate(100, 500, 1, 1000, rules(true, 5, 120, 0, 0, 0), defaultDownWithoutWindow());
    assertThat(held.desired()).isEqualTo(100); // 120 s ago there were 85; 85 + 5 < 100: no more now
    assertThat(held.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(held.reason()).endsWith("; limited by policy Pods 5 per 2 min");
    assertThat(rate(100, 500, 1, 1000, rules(true, 150, 120, 0, 0, 0), defaultDownWithoutWindow()).desired()).isEqualTo(235);
    assertThat(rate(100, 500, 1, 1000, rules(true, 0, 0, 200, 120, 0), defaultDownWithoutWindow()).desired()).isEqualTo(255);
  }

  @Test
  void scaleUpPeriodStartCountsBothDirections() {
    upEvents.addAll(uniform(now, 120, 4));
    downEvents.addAll(uniform(now, 120, 2));
    assertThat(rate(6, 24, 1, 1000, rules(true, 0, 0, 300, 300, 0), defaultDownWithoutWindow()).desired()).isEqualTo(16);
  }

  @Test
  void scaleDownEventsOfThePeriodUseUpThePolicy() {
    downEvents.addAll(uniform(now, 120, 1, 5, 9)); // 15 replicas removed in the last 120 s
    assertThat(rate(10, 5, 1, 1000, defaultUp(), defaultDownWithoutWindow()).desired()).isEqualTo(5);
    assertThat(rate(100, 0, 1, 1000, defaultUp(), rules(false, 115, 120, 0, 0, 0)).desired()).isEqualTo(1);
    assertThat(rate(100, 0, 5, 1000, defaultUp(), rules(false, 130, 120, 0, 0, 0)).desired()).isEqualTo(5);
    assertThat(rate(100, 2, 5, 1000, defaultUp(), rules(false, 0, 0, 100, 120, 0)).desired()).isEqualTo(5);
    ScaleDecision held = rate(100, 2, 1, 1000, defaultUp(), rules(false, 5, 120, 0, 0, 0));
    assertThat(held.desired()).isEqualTo(100); // 115 - 5 = 110 is above the current 100: keep 100
    assertThat(held.reason()).endsWith("; limited by policy Pods 5 per 2 min");
  }

  @Test
  void scaleDownPercentPolicyAppliesToThePeriodStart() {
    downEvents.addAll(uniform(now, 120, 2, 4, 6));
    assertThat(rate(100, 0, 1, 1000, defaultUp(), rules(false, 0, 0, 50, 120, 0)).desired()).isEqualTo(56);
  }

  @Test
  void scaleDownPeriodStartCountsBothDirections() {
    upEvents.addAll(uniform(now, 120, 2));
    downEvents.addAll(uniform(now, 120, 4));
    assertThat(rate(10, 1, 1, 1000, defaultUp(), rules(false, 0, 0, 50, 180, 0)).desired()).isEqualTo(6);
  }

  @Test
  void earlierScaleDownsCanForbidOrStillAllowMore() {
    downEvents.addAll(uniform(now, 120, 10, 10, 10));
    assertThat(rate(100, 0, 1, 1000, defaultUp(), rules(false, 0, 0, 10, 120, 0)).desired()).isEqualTo(100);
    ScaleDecision d = rate(10, 5, 1, 1000, defaultUp(), rules(false, 0, 0, 1000, 120, 0));
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("all metrics below target");
  }

  @Test
  void eventsOlderThanAPolicyPeriodDoNotCountForIt() {
    upEvents.addAll(uniform(now, 120, 8, 12, 9, 11));
    assertThat(rate(100, 200, 1, 1000, rules(true, 1000, 60, 0, 0, 0), defaultDownWithoutWindow()).desired()).isEqualTo(200);
    assertThat(rate(100, 200, 1, 1000, rules(true, 1000, 30, 100, 60, 0), defaultDownWithoutWindow()).desired()).isEqualTo(200);
    downEvents.addAll(uniform(now, 120, 8, 12, 9, 11));
    assertThat(rate(100, 5, 1, 1000, defaultUp(), rules(false, 1000, 120, 100, 60, 0)).desired()).isEqualTo(5);
  }

  @Test
  void selectMinTakesTheSmallestAllowedChange() { // TestCalculateScaleUpLimitWithScalingRules / ScaleDown...
    ScalingRules up = ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 2, Duration.ofSeconds(60))
        .policy(ScalingPolicy.Type.PERCENT, 50, Duration.ofSeconds(60)).selectPolicy(ScalingRules.SelectPolicy.MIN).build();
    ScaleDecision d = rate(1, 10, 1, 100, up, defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(2); // min(1 + 2, ceil(1 × 1.5))
    assertThat(d.reason()).endsWith("; limited by policy Percent 50 per 60 s");
    ScalingRules down = ScalingRules.scaleDown().stabilizationWindow(Duration.ZERO)
        .policy(ScalingPolicy.Type.PODS, 2, Duration.ofSeconds(60))
        .policy(ScalingPolicy.Type.PERCENT, 50, Duration.ofSeconds(60)).selectPolicy(ScalingRules.SelectPolicy.MIN).build();
    assertThat(rate(5, 1, 1, 100, defaultUp(), down).desired()).isEqualTo(3); // max(5 - 2, int(5 × 0.5))
  }

  @Test
  void disabledDirectionDoesNotScale() {
    ScalingRules up = ScalingRules.scaleUp().selectPolicy(ScalingRules.SelectPolicy.DISABLED).build();
    ScaleDecision d = rate(3, 10, 1, 100, up, defaultDownWithoutWindow());
    assertThat(d.desired()).isEqualTo(3);
    assertThat(d.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(d.reason()).endsWith("; scale-up disabled by selectPolicy Disabled");
    ScalingRules down = ScalingRules.scaleDown().stabilizationWindow(Duration.ZERO)
        .selectPolicy(ScalingRules.SelectPolicy.DISABLED).build();
    assertThat(rate(10, 3, 1, 100, defaultUp(), down).reason()).endsWith("; scale-down disabled by selectPolicy Disabled");
  }

  // ---------------------------------------------------------------- stabilization (TestNormalizeDesiredReplicasWithBehavior)

  private ScaleDecision stabilize(int current, int desired, int upWindowSeconds, int downWindowSeconds) {
    ScalingRules up = ScalingRules.scaleUp().stabilizationWindow(Duration.ofSeconds(upWindowSeconds))
        .policy(ScalingPolicy.Type.PERCENT, 100_000, Duration.ofSeconds(15)).build();
    ScalingRules down = ScalingRules.scaleDown().stabilizationWindow(Duration.ofSeconds(downWindowSeconds)).build();
    return decide(current, desired, 1, 10_000, up, down);
  }

  @Test
  void scaleDownIsStabilizedToTheHighestRecommendationInTheWindow() {
    recommendation(2, 4);
    recommendation(1, 5);
    ScaleDecision d = stabilize(100, 3, 0, 180);
    assertThat(d.desired()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("all metrics below target; stabilized: highest recommendation in window");
    assertThat(storedRecommendations()).containsExactly(4, 5, 3);
  }

  @Test
  void scaleUpIsStabilizedToTheLowestRecommendationInTheWindow() {
    recommendation(2, 4);
    recommendation(1, 5);
    ScaleDecision d = stabilize(1, 7, 300, 0);
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason()).endsWith("; stabilized: lowest recommendation in window");
    assertThat(storedRecommendations()).containsExactly(4, 5, 7);
  }

  @Test
  void recommendationsInTheOtherDirectionsWindowDoNotStabilize() {
    recommendation(2, 1);
    recommendation(1, 2);
    assertThat(stabilize(100, 3, 300, 0).desired()).isEqualTo(3);
    recommendations.clear();
    recommendation(2, 4);
    recommendation(1, 5);
    assertThat(stabilize(1, 3, 0, 300).desired()).isEqualTo(3);
    assertThat(storedRecommendations()).containsExactly(4, 5, 3);
  }

  @Test
  void recommendationOutsideBothWindowsIsReplaced() {
    recommendation(10, 10);
    recommendation(9, 9);
    assertThat(stabilize(100, 3, 0, 0).desired()).isEqualTo(3);
    assertThat(storedRecommendations()).containsExactly(10, 3);
    recommendations.clear();
    recommendation(10, 10);
    recommendation(9, 9);
    assertThat(stabilize(1, 100, 0, 0).desired()).isEqualTo(100);
    assertThat(storedRecommendations()).containsExactly(10, 100);
  }

  @Test
  void onlyRecommendationsOutsideBothWindowsAreReused() {
    recommendation(10, 10);
    recommendation(1, 4);
    recommendation(2, 5);
    recommendation(9, 9);
    assertThat(stabilize(100, 3, 0, 180).desired()).isEqualTo(5);
    assertThat(storedRecommendations()).containsExactly(10, 4, 5, 3);
    recommendations.clear();
    recommendation(100, 10);
    recommendation(1, 6);
    recommendation(2, 5);
    recommendation(3, 9);
    assertThat(stabilize(1, 100, 300, 0).desired()).isEqualTo(5);
    assertThat(storedRecommendations()).containsExactly(100, 6, 5, 9);
  }

  @Test
  void bothWindowsTogetherHoldTheCurrentSize() {
    recommendation(100, 2);
    recommendation(3, 3);
    ScaleDecision d = stabilize(2, 1, 300, 300);
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.reason()).isEqualTo("all metrics below target; stabilized: highest recommendation in window");
    recommendations.clear();
    recommendation(100, 2);
    recommendation(3, 1);
    assertThat(stabilize(2, 3, 300, 300).desired()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- legacy path (TestNormalizeDesiredReplicas)

  private ScaleDecision legacy(int current, int desired, int max) {
    FakeTarget target = FakeTarget.withoutReplicas(current);
    HorizontalScalerConfig config = HorizontalScalerConfig.custom().maxReplicas(max)
        .metric(ScalingMetric.averageValue(LOAD, 1)).tolerance(0).build();
    scaler = Scalers.horizontal("test", target, config, clock, 1);
    for (long[] r : recommendations) {
      scaler.seedRecommendation(r[0], (int) r[1]);
    }
    scaler.evaluate(new TestObservation().at(now).set(LOAD, desired));
    return scaler.lastDecision().orElseThrow();
  }

  @Test
  void legacyPathStabilizesScaleDownOverFiveMinutes() {
    recommendation(2, 4);
    recommendation(1, 5);
    assertThat(legacy(10, 3, 100).desired()).isEqualTo(5);
    assertThat(storedRecommendations()).containsExactly(4, 5, 3);
  }

  @Test
  void legacyPathDoesNotStabilizeWhenRecentRecommendationsAreLower() {
    recommendation(2, 1);
    recommendation(1, 2);
    assertThat(legacy(10, 3, 100).desired()).isEqualTo(3);
    assertThat(storedRecommendations()).containsExactly(1, 2, 3);
  }

  @Test
  void legacyPathReusesTheLastRecommendationOutsideTheWindow() {
    recommendation(10, 10);
    recommendation(9, 9);
    assertThat(legacy(10, 3, 100).desired()).isEqualTo(3);
    assertThat(storedRecommendations()).containsExactly(10, 3);
    recommendations.clear();
    recommendation(10, 10);
    recommendation(1, 4);
    recommendation(2, 5);
    recommendation(9, 9);
    assertThat(legacy(10, 3, 100).desired()).isEqualTo(5);
    assertThat(storedRecommendations()).containsExactly(10, 4, 5, 3);
  }

  @Test
  void legacyPathLimitsScaleUpToTheLargerOfDoubleAndFour() { // TestConvertDesiredReplicasWithRules
    ScaleDecision d = legacy(3, 1000, 2000);
    assertThat(d.desired()).isEqualTo(6);
    assertThat(d.reason()).endsWith("; limited by scale-up limit 6 (the larger of 2 × current and 4)");
    assertThat(legacy(1, 1000, 2000).desired()).isEqualTo(4);
    assertThat(legacy(5, 7, 8).desired()).isEqualTo(7);
    ScaleDecision atMax = legacy(10, 1000, 12);
    assertThat(atMax.desired()).isEqualTo(12);
    assertThat(atMax.reason()).endsWith("; at max 12");
  }
}
