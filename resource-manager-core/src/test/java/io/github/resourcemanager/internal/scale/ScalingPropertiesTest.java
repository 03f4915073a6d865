package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingPropertiesTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Metric LOAD = Metric.of("test.properties.load", Unit.NONE, "replicas wanted, for tests");
  private static final Clock CLOCK = Clock.fixed(ResourceManagerExtension.START, ZoneOffset.UTC);

  @Test
  void behaviorKeepsEveryDecisionWithinBoundsAndPolicies() {
    // Loads asked for in decisions 15 s apart; the policies allow 3 pods up and 2 down per 60 s.
    qt().withExamples(200).forAll(lists().of(integers().between(0, 60)).ofSizeBetween(1, 12), integers().between(1, 20))
        .checkAssert((loads, start) -> {
          FakeTarget target = FakeTarget.withoutReplicas(start);
          HorizontalScaler scaler = Scalers.horizontal("p", target, HorizontalScalerConfig.custom()
              .minReplicas(1).maxReplicas(20).metric(ScalingMetric.averageValue(LOAD, 1)).tolerance(0)
              .behavior(ScalingBehavior.of(
                  ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 3, Duration.ofSeconds(60)).build(),
                  ScalingRules.scaleDown().stabilizationWindow(Duration.ZERO)
                      .policy(ScalingPolicy.Type.PODS, 2, Duration.ofSeconds(60)).build()))
              .build(), CLOCK, 1);
          TestObservation observation = new TestObservation();
          List<Integer> sizes = new ArrayList<>();
          for (int i = 0; i < loads.size(); i++) {
            scaler.evaluate(observation.at(i * 15 * SECOND).set(LOAD, loads.get(i)));
            sizes.add(target.size);
          }
          for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            int previous = i == 0 ? start : sizes.get(i - 1);
            if (start <= 20) {
              assertThat(size).isBetween(1, 20);
            }
            // A scale-up leaves the net change over the last 60 s (since decision i-4) at most +3, a scale-down at
            // least -2: the size at the start of the period counts both directions' events, as in the controller.
            int periodStart = i >= 4 ? sizes.get(i - 4) : start;
            if (size > previous && previous >= 1) {
              assertThat(size - periodStart).isLessThanOrEqualTo(3);
            }
            if (size < previous && previous <= 20) {
              assertThat(size - periodStart).isGreaterThanOrEqualTo(-2);
            }
          }
        });
  }

  @Test
  void legacyPathNeverMoreThanDoublesOrAddsFourAtOnce() {
    qt().withExamples(300).forAll(integers().between(1, 50), integers().between(0, 500)).checkAssert((current, load) -> {
      FakeTarget target = FakeTarget.withoutReplicas(current);
      HorizontalScaler scaler = Scalers.horizontal("p", target, HorizontalScalerConfig.custom().maxReplicas(1000)
          .metric(ScalingMetric.averageValue(LOAD, 1)).build(), CLOCK, 1);
      scaler.evaluate(new TestObservation().at(0).set(LOAD, load));
      int desired = scaler.lastDecision().orElseThrow().desired();
      assertThat(desired).isBetween(1, Math.max(2 * current, 4));
      assertThat(desired).isGreaterThanOrEqualTo(Math.min(current, Math.max(1, load))); // no scale-down on the first decision
    });
  }

  @Test
  void lowerBoundTargetAndUpperBoundAreOrderedAndAtLeastTheMinimum() {
    qt().withExamples(200).forAll(lists().of(integers().between(0, 4000)).ofSizeBetween(1, 200), integers().between(1, 600))
        .checkAssert((millicores, minutesApart) -> {
          VerticalRecommender vr = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), 1);
          long t = ResourceManagerExtension.START.toEpochMilli();
          for (int m : millicores) {
            vr.addCpuSample("a", t, m / 1000.0);
            vr.addMemorySample("a", t, (long) m << 20);
            t += minutesApart * 60_000L;
          }
          Recommendation r = vr.recommendation("a").orElseThrow();
          assertThat(r.cpu().lowerBound()).isLessThanOrEqualTo(r.cpu().target());
          assertThat(r.cpu().target()).isLessThanOrEqualTo(r.cpu().upperBound());
          assertThat(r.cpu().lowerBound()).isGreaterThanOrEqualTo(CpuQuantity.ofMillicores(25));
          assertThat(r.memory().lowerBound()).isLessThanOrEqualTo(r.memory().target());
          assertThat(r.memory().target()).isLessThanOrEqualTo(r.memory().upperBound());
          assertThat(r.cpu().uncappedTarget()).isEqualTo(r.cpu().target());
        });
  }
}
