package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scaler's decision history: the decisions that changed something (resized the target or failed) are kept, the
 * latest evaluation is always readable, and evaluations that changed nothing are counted, not kept one by one.
 */
class DecisionHistoryTest {
  private static final Metric QUEUE = Metric.of("test.history.queue", Unit.COUNT, "queued jobs, for tests");

  private final ManualTicker ticker = new ManualTicker();
  private final Clock clock = ticker.clock(ResourceManagerExtension.START);
  private final TestObservation observation = new TestObservation();

  /** A scaler deciding every second on the queue: ceil(queue / 10) replicas. */
  private HorizontalScaler scaler(FakeTarget target, int history) {
    return Scalers.horizontal("workers", target, HorizontalScalerConfig.custom().maxReplicas(10)
        .syncPeriod(Duration.ofSeconds(1)).decisionHistory(history)
        .metric(ScalingMetric.averageValue(QUEUE, 10)).build(), clock, 1);
  }

  private void evaluateAndAdvance(HorizontalScaler scaler) {
    assertThat(scaler.evaluate(observation.at(ticker.read()))).isTrue();
    ticker.advance(Duration.ofSeconds(1));
  }

  @Test
  void anHourOfUnchangedEvaluationsKeepsTheChangeBeforeThem() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, 256);
    observation.set(QUEUE, 60); // AverageValue: ceil(60 / 10) = 6 replicas, a scale-up
    evaluateAndAdvance(scaler);
    for (int i = 0; i < 3600; i++) { // then an hour at 1 Hz at the target, 60 / 6 = 10 each: nothing changes
      evaluateAndAdvance(scaler);
    }
    // 3601 evaluations, far more than the 256 kept: the scale-up is still there, alone
    assertThat(scaler.decisions()).extracting(ScaleDecision::outcome).containsExactly(ScaleOutcome.SCALED);
    assertThat(scaler.decisions().get(0).time()).isEqualTo(ResourceManagerExtension.START);
    assertThat(scaler.decisions().get(0).applied()).isEqualTo(6);
    ScaleDecision latest = scaler.lastDecision().orElseThrow();
    assertThat(latest.outcome()).isEqualTo(ScaleOutcome.UNCHANGED);
    assertThat(latest.time()).isEqualTo(ResourceManagerExtension.START.plusSeconds(3600));
    assertThat(latest.current()).isEqualTo(6);
    assertThat(scaler.unchangedEvaluations()).isEqualTo(3600);
  }

  @Test
  void aChangeEndsTheRunOfUnchangedEvaluations() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, 256);
    observation.set(QUEUE, 40); // 40 / 4 = 10: at the target
    evaluateAndAdvance(scaler);
    evaluateAndAdvance(scaler);
    assertThat(scaler.unchangedEvaluations()).isEqualTo(2);
    assertThat(scaler.decisions()).isEmpty();
    assertThat(scaler.lastDecision().orElseThrow().time()).isEqualTo(ResourceManagerExtension.START.plusSeconds(1));
    observation.set(QUEUE, 80); // 8 replicas
    evaluateAndAdvance(scaler);
    assertThat(scaler.unchangedEvaluations()).isZero();
    assertThat(scaler.lastDecision()).isEqualTo(scaler.decisions().stream().reduce((a, b) -> b));
    assertThat(scaler.lastDecision().orElseThrow().applied()).isEqualTo(8);
  }

  @Test
  void failedDecisionsAreKeptAmongTheChanges() {
    FakeTarget target = FakeTarget.withoutReplicas(4).failNext(1);
    HorizontalScaler scaler = scaler(target, 256);
    observation.set(QUEUE, 40);
    evaluateAndAdvance(scaler); // unchanged
    observation.set(QUEUE, 60);
    evaluateAndAdvance(scaler); // the resize to 6 fails
    evaluateAndAdvance(scaler); // and is retried: 6
    assertThat(scaler.decisions()).extracting(ScaleDecision::outcome)
        .containsExactly(ScaleOutcome.FAILED, ScaleOutcome.SCALED);
    assertThat(scaler.unchangedEvaluations()).isZero();
  }

  @Test
  void theOldestChangeGoesWhenTheHistoryIsFull() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, 2);
    for (int queue : new int[] {50, 50, 60, 60, 70}) { // 5, hold, 6, hold, 7
      observation.set(QUEUE, queue);
      evaluateAndAdvance(scaler);
    }
    assertThat(scaler.decisions()).extracting(ScaleDecision::applied).containsExactly(6, 7);
    assertThat(scaler.unchangedEvaluations()).isZero();
  }

  @Test
  void listenersStillReceiveEveryEvaluation() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, 256);
    List<ScaleOutcome> delivered = new ArrayList<>();
    scaler.addListener(d -> delivered.add(d.outcome()));
    observation.set(QUEUE, 40);
    evaluateAndAdvance(scaler);
    evaluateAndAdvance(scaler);
    observation.set(QUEUE, 50);
    evaluateAndAdvance(scaler);
    assertThat(delivered).containsExactly(ScaleOutcome.UNCHANGED, ScaleOutcome.UNCHANGED, ScaleOutcome.SCALED);
  }

  @Test
  void unchangedEvaluationsAllocateNothing() {
    FakeTarget target = FakeTarget.withoutReplicas(4);
    HorizontalScaler scaler = scaler(target, 256);
    observation.set(QUEUE, 40);
    long[] tick = {0};
    Runnable decide = () -> scaler.evaluate(observation.at(tick[0] += 1_000_000_000L));
    for (int i = 0; i < 1_000; i++) {
      decide.run();
    }
    assertThat(AllocationMeter.leastBytesAllocated(1_000, decide)).isZero();
    assertThat(scaler.unchangedEvaluations()).isGreaterThanOrEqualTo(6_000);
  }
}
