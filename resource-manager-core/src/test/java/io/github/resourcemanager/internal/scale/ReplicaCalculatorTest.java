package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ReplicaPhase;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of the Kubernetes controller's replica_calculator_test.go, in our terms: a pod is a replica
 * whose agent carries its CPU usage, levels are millicores (written as % of one CPU), requests are CPU
 * quantities. The controller's tests give each pod two containers with the same request and usage, which
 * doubles both sides of every ratio; one replica with one request stands for such a pod here.
 */
class ReplicaCalculatorTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long NOW = 10 * 3600 * SECOND;
  private static final long WINDOW = MINUTE; // metrics-server's window in the controller's tests
  private static final Metric QPS = Metric.of("agent.qps", Unit.NONE, "requests per second of an agent");
  private static final Metric OBJECT_QPS = Metric.of("test.deployment.qps", Unit.NONE, "requests per second of a deployment");

  // The controller's test settings: 2 min CPU initialization period, 10 s initial readiness delay.
  private final ReplicaCalculator calc = new ReplicaCalculator(2 * MINUTE, 10 * SECOND);
  private final TestObservation observation = new TestObservation().at(NOW);

  private static Replica pod(int i) {
    return Replica.of("pod-" + i).withCpuRequest(CpuQuantity.ofCores(1));
  }

  /** Ready since long ago. */
  private static List<Replica> pods(int n) {
    List<Replica> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(pod(i));
    }
    return list;
  }

  /** Not ready, and never ready since it started long ago. */
  private static Replica notReady(Replica r) {
    return r.withStart(NOW - 3600 * SECOND).withReadiness(false, NOW - 3600 * SECOND);
  }

  /** Started just now: within the CPU initialization period. */
  private static Replica hot(Replica r) {
    return r.withStart(NOW);
  }

  /** Started 3 minutes ago: past the CPU initialization period. */
  private static Replica cool(Replica r) {
    return r.withStart(NOW - 3 * MINUTE);
  }

  /** Gives pod i the CPU usage levels[i] in millicores; pods beyond the levels have no metrics. */
  private void cpuLevels(long... millicores) {
    for (int i = 0; i < millicores.length; i++) {
      observation.set("pod-" + i, Metric.AGENT_CPU_USAGE, millicores[i] / 10.0); // % of one CPU
    }
  }

  private int cpuUtilization(int current, int targetPercent, List<Replica> replicas) {
    return calc.resourceUtilization(current, replicas, observation,
        MetricSpec.of(ScalingMetric.cpuUtilization(targetPercent)), 1, 0.1, 0.1, NOW, WINDOW);
  }

  private void qpsLevels(double... levels) {
    for (int i = 0; i < levels.length; i++) {
      observation.set("pod-" + i, QPS, levels[i]);
    }
  }

  private int qps(int current, double target, List<Replica> replicas) {
    return calc.plainAverage(current, replicas, observation, MetricSpec.of(ScalingMetric.replicaAverageValue(QPS, target)),
        1, 0.1, 0.1, NOW, WINDOW);
  }

  @Test
  void scalesUpByTheRatioOfUtilizationToTarget() { // TestReplicaCalcScaleUp
    cpuLevels(300, 500, 700);
    assertThat(cpuUtilization(3, 30, pods(3))).isEqualTo(5);
    assertThat(calc.current).isEqualTo(50);
  }

  @Test
  void notReadyReplicaCountsAtZeroOnScaleUp() { // TestReplicaCalcScaleUpUnreadyLessScale
    List<Replica> replicas = pods(3);
    replicas.set(0, notReady(replicas.get(0)));
    cpuLevels(300, 500, 700);
    assertThat(cpuUtilization(3, 30, replicas)).isEqualTo(4);
    assertThat(calc.current).isEqualTo(60);
  }

  @Test
  void replicaInItsCpuInitializationPeriodCountsAtZeroOnScaleUp() { // TestReplicaCalcScaleUpHotCpuLessScale
    List<Replica> replicas = pods(3);
    replicas.set(0, hot(replicas.get(0)));
    replicas.set(1, cool(replicas.get(1)));
    replicas.set(2, cool(replicas.get(2)));
    cpuLevels(300, 500, 700);
    assertThat(cpuUtilization(3, 30, replicas)).isEqualTo(4);
    assertThat(calc.current).isEqualTo(60);
  }

  @Test
  void notReadyReplicasThatWouldReverseTheDirectionHoldTheSize() { // TestReplicaCalcScaleUpUnreadyNoScale
    List<Replica> replicas = pods(3);
    replicas.set(1, notReady(replicas.get(1)));
    replicas.set(2, notReady(replicas.get(2)));
    cpuLevels(400, 500, 700);
    assertThat(cpuUtilization(3, 30, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(40);
    assertThat(calc.hold).isEqualTo(Reason.HELD);
  }

  @Test
  void startingReplicasThatAreNotReadyHoldTheSize() { // TestReplicaCalcScaleHotCpuNoScale
    List<Replica> replicas = pods(3);
    replicas.set(0, cool(replicas.get(0)));
    replicas.set(1, hot(replicas.get(1)).withReadiness(false, NOW));
    replicas.set(2, hot(replicas.get(2)).withReadiness(false, NOW));
    cpuLevels(400, 500, 700);
    assertThat(cpuUtilization(3, 30, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(40);
  }

  @Test
  void failedReplicasAreIgnored() { // TestReplicaCalcScaleUpIgnoresFailedPods
    List<Replica> replicas = pods(4);
    replicas.set(2, notReady(replicas.get(2)).withPhase(ReplicaPhase.FAILED));
    replicas.set(3, notReady(replicas.get(3)).withPhase(ReplicaPhase.FAILED));
    cpuLevels(500, 700);
    assertThat(cpuUtilization(2, 30, replicas)).isEqualTo(4);
    assertThat(calc.current).isEqualTo(60);
  }

  @Test
  void terminatingReplicasAreIgnored() { // TestReplicaCalcScaleUpIgnoresDeletionPods
    List<Replica> replicas = pods(4);
    replicas.set(2, notReady(replicas.get(2)).withPhase(ReplicaPhase.TERMINATING));
    replicas.set(3, notReady(replicas.get(3)).withPhase(ReplicaPhase.TERMINATING));
    cpuLevels(500, 700);
    assertThat(cpuUtilization(2, 30, replicas)).isEqualTo(4);
  }

  @Test
  void scalesDownByTheRatioOfUtilizationToTarget() { // TestReplicaCalcScaleDown
    cpuLevels(100, 300, 500, 250, 250);
    assertThat(cpuUtilization(5, 50, pods(5))).isEqualTo(3);
    assertThat(calc.current).isEqualTo(28);
  }

  @Test
  void notReadyReplicasAreLeftOutOfAScaleDown() { // TestReplicaCalcScaleDownExcludeUnreadyPods
    List<Replica> replicas = pods(5);
    replicas.set(3, notReady(replicas.get(3)));
    replicas.set(4, notReady(replicas.get(4)));
    cpuLevels(100, 300, 500, 250, 250);
    assertThat(cpuUtilization(5, 50, replicas)).isEqualTo(2);
    assertThat(calc.current).isEqualTo(30);
  }

  @Test
  void pendingReplicasAreLeftOutOfAScaleDown() { // TestReplicaCalcScaleDownExcludeUnscheduledPods
    List<Replica> replicas = pods(5);
    for (int i = 1; i < 5; i++) {
      replicas.set(i, notReady(replicas.get(i)).withPhase(ReplicaPhase.PENDING));
    }
    cpuLevels(100);
    assertThat(cpuUtilization(5, 50, replicas)).isEqualTo(1);
    assertThat(calc.current).isEqualTo(10);
  }

  @Test
  void startingReplicasAreLeftOutOfAScaleDown() { // TestReplicaCalcScaleDownIgnoreHotCpuPods
    List<Replica> replicas = pods(5);
    for (int i = 0; i < 3; i++) {
      replicas.set(i, cool(replicas.get(i)));
    }
    replicas.set(3, hot(replicas.get(3)));
    replicas.set(4, hot(replicas.get(4)));
    cpuLevels(100, 300, 500, 250, 250);
    assertThat(cpuUtilization(5, 50, replicas)).isEqualTo(2);
    assertThat(calc.current).isEqualTo(30);
  }

  @Test
  void failedAndTerminatingReplicasAreIgnoredOnScaleDown() { // TestReplicaCalcScaleDownIgnoresFailedPods / DeletionPods
    List<Replica> replicas = pods(7);
    replicas.set(5, notReady(replicas.get(5)).withPhase(ReplicaPhase.FAILED));
    replicas.set(6, notReady(replicas.get(6)).withPhase(ReplicaPhase.TERMINATING));
    cpuLevels(100, 300, 500, 250, 250);
    assertThat(cpuUtilization(5, 50, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(28);
  }

  @Test
  void ratioWithinTheToleranceKeepsTheSize() { // TestReplicaCalcTolerance
    List<Replica> replicas = List.of(
        pod(0).withCpuRequest(CpuQuantity.parse("0.9")),
        pod(1).withCpuRequest(CpuQuantity.parse("1.0")),
        pod(2).withCpuRequest(CpuQuantity.parse("1.1")));
    cpuLevels(1010, 1030, 1020);
    assertThat(cpuUtilization(3, 100, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(102);
    assertThat(calc.hold).isEqualTo(Reason.WITHIN_TOLERANCE);
  }

  @Test
  void agentsThatAreNotReplicasOfTheTargetAreIgnored() { // TestReplicaCalcSuperfluousMetrics
    cpuLevels(4000, 9500, 3000, 7000, 3200, 2000);
    assertThat(cpuUtilization(4, 100, pods(4))).isEqualTo(24);
    assertThat(calc.current).isEqualTo(587);
  }

  @Test
  void missingMetricsCountAsTheFullRequestOnScaleDown() { // TestReplicaCalcMissingMetrics
    cpuLevels(400, 95);
    assertThat(cpuUtilization(4, 100, pods(4))).isEqualTo(3);
    assertThat(calc.current).isEqualTo(24);
  }

  @Test
  void replicaWithoutRequestMakesTheMetricInvalid() { // TestReplicaCalcEmptyCPURequest
    cpuLevels(200);
    assertThat(cpuUtilization(1, 100, List.of(Replica.of("pod-0")))).isEqualTo(-1);
    assertThat(calc.status).isEqualTo(MetricStatus.MISSING_REQUEST);
    assertThat(calc.status.text(calc.detail, "cpu")).isEqualTo("replica pod-0 has no cpu request");
  }

  @Test
  void noMetricForAnyReadyReplicaMakesTheMetricInvalid() { // TestReplicaCalcEmptyMetrics
    assertThat(cpuUtilization(3, 100, pods(3))).isEqualTo(-1);
    assertThat(calc.status).isEqualTo(MetricStatus.NO_READY_METRICS);
  }

  @Test
  void noReplicasMakesTheMetricInvalid() {
    assertThat(cpuUtilization(3, 100, List.of())).isEqualTo(-1);
    assertThat(calc.status).isEqualTo(MetricStatus.NO_REPLICAS);
  }

  @Test
  void missingMetricsKeepTheSizeWhenTheyWouldReverseOrCancelTheChange() {
    cpuLevels(1000); // TestReplicaCalcMissingMetricsNoChangeEq
    assertThat(cpuUtilization(2, 100, pods(2))).isEqualTo(2);
    assertThat(calc.current).isEqualTo(100);
    cpuLevels(1900); // TestReplicaCalcMissingMetricsNoChangeGt
    assertThat(cpuUtilization(2, 100, pods(2))).isEqualTo(2);
    assertThat(calc.current).isEqualTo(190);
    cpuLevels(600); // TestReplicaCalcMissingMetricsNoChangeLt
    assertThat(cpuUtilization(2, 100, pods(2))).isEqualTo(2);
    assertThat(calc.current).isEqualTo(60);
  }

  @Test
  void notReadyAndMissingReplicasTogether() {
    List<Replica> replicas = pods(3);
    replicas.set(0, notReady(replicas.get(0)));
    cpuLevels(100, 450); // TestReplicaCalcMissingMetricsUnreadyChange
    assertThat(cpuUtilization(3, 50, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(45);
    cpuLevels(100, 2000); // TestReplicaCalcMissingMetricsUnreadyScaleUp
    assertThat(cpuUtilization(3, 50, replicas)).isEqualTo(4);
    assertThat(calc.current).isEqualTo(200);
  }

  @Test
  void startingAndMissingReplicasTogether() {
    List<Replica> replicas = pods(3);
    replicas.set(0, hot(replicas.get(0)));
    replicas.set(1, cool(replicas.get(1)));
    replicas.set(2, cool(replicas.get(2)));
    cpuLevels(100, 450); // TestReplicaCalcMissingMetricsHotCpuNoChange
    assertThat(cpuUtilization(3, 50, replicas)).isEqualTo(3);
    cpuLevels(100, 2000); // TestReplicaCalcMissingMetricsHotCpuScaleUp
    assertThat(cpuUtilization(3, 50, replicas)).isEqualTo(4);
    assertThat(calc.current).isEqualTo(200);
  }

  @Test
  void notReadyReplicaAndMissingMetricOnScaleDown() { // TestReplicaCalcMissingMetricsUnreadyScaleDown
    List<Replica> replicas = pods(4);
    replicas.set(0, notReady(replicas.get(0)));
    cpuLevels(100, 100, 100);
    assertThat(cpuUtilization(4, 50, replicas)).isEqualTo(3);
    assertThat(calc.current).isEqualTo(10);
  }

  @Test
  void missingMetricsCountAsTheTargetWhenItExceedsOneHundredPercent() { // ...ScaleDownTargetOver100
    List<Replica> replicas = List.of(
        notReady(pod(0)),
        pod(1),
        pod(2).withCpuRequest(CpuQuantity.ofCores(2)),
        pod(3).withCpuRequest(CpuQuantity.ofCores(2)));
    cpuLevels(200, 100, 100);
    assertThat(cpuUtilization(4, 300, replicas)).isEqualTo(2);
    assertThat(calc.current).isEqualTo(6);
  }

  @Test
  void surgeReplicaWithoutMetricsDuringARollingUpdateKeepsTheSize() { // ...DuringRollingUpdateWithMaxSurge
    cpuLevels(100, 100);
    assertThat(cpuUtilization(2, 50, pods(3))).isEqualTo(2);
    assertThat(calc.current).isEqualTo(10);
  }

  @Test
  void smallestRatioOutsideTheToleranceScalesAndOneJustInsideDoesNot() { // ...ComputedToleranceAlgImplementation
    int startPods = 10;
    long used = startPods * 150L; // 150m per replica
    long requested = 2 * used; // each replica requests twice what it uses: 50 %
    double requestedToUsed = (double) (requested / used);
    long perPodRequested = requested / startPods;
    long[] offsets = {100, -100, 10, -10, 2, -2, 1, -1, 0, 0};
    List<Replica> replicas = new ArrayList<>();
    long[] levels = new long[startPods];
    for (int i = 0; i < startPods; i++) {
      replicas.add(pod(i).withCpuRequest(CpuQuantity.ofMillicores(perPodRequested + offsets[i])));
      levels[i] = used / 10;
    }
    cpuLevels(levels);
    double target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .01;
    int targetPercent = (int) (target * 100);
    double usedRatio = used / (requested * target);
    int finalPods = (int) Math.ceil(usedRatio * startPods);
    assertThat(cpuUtilization(startPods, targetPercent, replicas)).isEqualTo(finalPods).isEqualTo(9);
    assertThat(calc.current).isEqualTo(used * 100 / requested);

    target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .004;
    assertThat(cpuUtilization(startPods, (int) (target * 100), replicas)).isEqualTo(startPods);
  }

  // ---------------------------------------------------------------- per-replica (Pods) metrics

  @Test
  void perReplicaMetricScalesByItsAverage() { // TestReplicaCalcScaleUpCM, ScaleDownCM
    qpsLevels(20, 10, 30);
    assertThat(qps(3, 15, pods(3))).isEqualTo(4);
    assertThat(calc.current).isEqualTo(20);
    qpsLevels(12, 12, 12, 12, 12);
    assertThat(qps(5, 20, pods(5))).isEqualTo(3);
    assertThat(calc.current).isEqualTo(12);
  }

  @Test
  void perReplicaMetricIgnoresCpuReadinessRules() { // TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale
    List<Replica> replicas = pods(3);
    replicas.set(0, cool(replicas.get(0)));
    replicas.set(1, cool(replicas.get(1)));
    replicas.set(2, hot(replicas.get(2)).withReadiness(false, NOW));
    qpsLevels(50, 10, 30);
    assertThat(qps(3, 15, replicas)).isEqualTo(6);
    assertThat(calc.current).isEqualTo(30);
  }

  @Test
  void perReplicaMetricAveragesInWholeThousandths() { // TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown
    List<Replica> replicas = pods(3);
    replicas.set(0, hot(replicas.get(0)).withReadiness(false, NOW));
    replicas.set(1, cool(replicas.get(1)));
    replicas.set(2, hot(replicas.get(2)).withReadiness(false, NOW));
    qpsLevels(50, 15, 30);
    assertThat(qps(3, 15, replicas)).isEqualTo(7);
    assertThat(calc.current).isEqualTo(31.666);
  }

  @Test
  void perReplicaMetricWithinTheToleranceKeepsTheSize() { // TestReplicaCalcToleranceCM
    qpsLevels(20, 21, 21);
    assertThat(qps(3, 20, pods(3))).isEqualTo(3);
    assertThat(calc.current).isEqualTo(20.666);
  }

  @Test
  void perReplicaMetricCountsMissingReplicasAtTheTargetOnScaleDown() { // ...MissingMetricsNoChangeEq
    qpsLevels(20, 19, 21);
    assertThat(qps(5, 20, pods(5))).isEqualTo(5);
    assertThat(calc.current).isEqualTo(20);
  }

  @Test
  void perReplicaMetricKeepsTheSizeWhenASurgeReplicaHasNoMetrics() { // ...DuringRollingUpdateWithMaxSurgeCM
    qpsLevels(10, 10);
    assertThat(qps(2, 17, pods(3))).isEqualTo(2);
    assertThat(calc.current).isEqualTo(10);
  }

  // ---------------------------------------------------------------- whole (Object / External) metrics

  @Test
  void wholeMetricWithValueTargetScalesTheReadyReplicas() {
    assertThat(calc.value(3, 20_000, 15_000, 3, 0.1, 0.1)).isEqualTo(4); // TestReplicaCalcScaleUpCMObject
    assertThat(calc.current).isEqualTo(20);
    assertThat(calc.value(5, 12_000, 20_000, 5, 0.1, 0.1)).isEqualTo(3); // TestReplicaCalcScaleDownCMObject
    assertThat(calc.value(5, 8_600, 14_334, 5, 0.1, 0.1)).isEqualTo(3); // TestReplicaCalcScaleDownCMExternal
    assertThat(calc.value(3, 20_666, 20_000, 3, 0.1, 0.1)).isEqualTo(3); // TestReplicaCalcToleranceCMObject
    assertThat(calc.value(3, 8_600, 8_888, 3, 0.1, 0.1)).isEqualTo(3); // TestReplicaCalcToleranceCMExternal
  }

  @Test
  void wholeMetricWithValueTargetCountsOnlyReadyReplicas() {
    List<Replica> replicas = List.of(notReady(pod(0)), pod(1), notReady(pod(2)));
    int ready = ReplicaCalculator.readyReplicas(replicas);
    assertThat(ready).isEqualTo(1);
    assertThat(calc.value(3, 50_000, 10_000, ready, 0.1, 0.1)).isEqualTo(5); // ...CMObjectIgnoresUnreadyPods
    assertThat(calc.value(3, 8_600, 4_400, ready, 0.1, 0.1)).isEqualTo(2); // ...CMExternalIgnoresUnreadyPods
  }

  @Test
  void wholeMetricScalesFromZeroWithoutCountingReplicas() {
    assertThat(calc.value(0, 8_600, 4_400, -1, 0.1, 0.1)).isEqualTo(2);
  }

  @Test
  void wholeMetricWithAverageValueTargetDividesByTheTarget() {
    assertThat(calc.averageValue(3, 20_000, 5_000, 0.1, 0.1)).isEqualTo(4); // TestReplicaCalcScaleUpCMPerPodObject
    assertThat(calc.current).isEqualTo(6.667);
    assertThat(calc.averageValue(5, 6_000, 2_000, 0.1, 0.1)).isEqualTo(3); // ...ScaleDownPerPodCMObject
    assertThat(calc.current).isEqualTo(1.2);
    assertThat(calc.averageValue(4, 20_166, 5_000, 0.1, 0.1)).isEqualTo(4); // ...TolerancePerPodCMObject
    assertThat(calc.current).isEqualTo(5.042);
    assertThat(calc.averageValue(3, 8_600, 2_150, 0.1, 0.1)).isEqualTo(4); // ...ScaleUpPerPodCMExternal
    assertThat(calc.current).isEqualTo(2.867);
    assertThat(calc.averageValue(5, 8_600, 2_867, 0.1, 0.1)).isEqualTo(3); // ...ScaleDownPerPodCMExternal
    assertThat(calc.current).isEqualTo(1.72);
    assertThat(calc.averageValue(3, 8_600, 2_900, 0.1, 0.1)).isEqualTo(3); // ...TolerancePerPodCMExternal
  }

  @Test
  void toleranceCanDifferPerDirection() {
    // ratio 1.08: within a 0.1 tolerance, outside a 0.05 scale-up tolerance
    assertThat(calc.value(10, 10_800, 10_000, 10, 0.1, 0.1)).isEqualTo(10);
    assertThat(calc.value(10, 10_800, 10_000, 10, 0.1, 0.05)).isEqualTo(11);
    // ratio 0.93: within a 0.1 tolerance, outside a 0.05 scale-down tolerance
    assertThat(calc.value(10, 9_300, 10_000, 10, 0.1, 0.1)).isEqualTo(10);
    assertThat(calc.value(10, 9_300, 10_000, 10, 0.05, 0.1)).isEqualTo(10); // ceil(9.3) is still 10
    assertThat(calc.value(10, 8_900, 10_000, 10, 0.05, 0.1)).isEqualTo(9);
    assertThat(calc.value(10, 8_900, 10_000, 10, 0.2, 0.1)).isEqualTo(10);
  }

  // ---------------------------------------------------------------- readiness rules (TestGroupPods)

  @Test
  void readyReplicaWithASampleTakenAfterItBecameReadyCountsDuringInitialization() {
    Replica r = pod(0).withStart(NOW - MINUTE).withReadiness(true, NOW - 30 * SECOND);
    assertThat(calc.unreadyForCpu(r, NOW, 30 * SECOND)).isFalse();
  }

  @Test
  void readyReplicaWhoseSampleBeganBeforeItBecameReadyIsSetAsideDuringInitialization() {
    Replica r = pod(0).withStart(NOW - MINUTE).withReadiness(true, NOW - 30 * SECOND);
    assertThat(calc.unreadyForCpu(r, NOW, 60 * SECOND)).isTrue();
  }

  @Test
  void replicaThatBecameNotReadySoonAfterItsStartIsSetAsideAfterInitialization() {
    Replica r = pod(0).withStart(NOW - 10 * MINUTE).withReadiness(false, NOW - 9 * MINUTE - 54 * SECOND);
    assertThat(calc.unreadyForCpu(r, NOW, MINUTE)).isTrue();
  }

  @Test
  void readyReplicaCountsAfterInitializationWhateverItsSample() {
    Replica r = pod(0).withStart(NOW - 3 * MINUTE).withReadiness(true, NOW - 3 * MINUTE);
    assertThat(calc.unreadyForCpu(r, NOW, MINUTE)).isFalse();
  }

  @Test
  void replicaThatWasReadyBeforeBecomingNotReadyCountsAfterInitialization() {
    Replica r = pod(0).withStart(NOW - 10 * MINUTE).withReadiness(false, NOW - 9 * MINUTE);
    assertThat(calc.unreadyForCpu(r, NOW, MINUTE)).isFalse();
  }

  @Test
  void readinessChangeExactlyAtTheInitialDelayCountsAsHavingBeenReady() {
    Replica r = pod(0).withStart(NOW - 10 * MINUTE).withReadiness(false, NOW - 9 * MINUTE - 50 * SECOND);
    assertThat(calc.unreadyForCpu(r, NOW, MINUTE)).isFalse();
  }

  @Test
  void runningReplicaStartedAtAnUnknownTimeCountsWhenReady() {
    assertThat(calc.unreadyForCpu(pod(0), NOW, MINUTE)).isFalse();
    assertThat(calc.unreadyForCpu(pod(0).withReadiness(false, Replica.UNKNOWN_TIME), NOW, MINUTE)).isFalse();
  }

  @Test
  void existingReplicasExcludeTerminatingAndFailedOnes() {
    List<Replica> replicas = List.of(pod(0), pod(1).withPhase(ReplicaPhase.PENDING),
        pod(2).withPhase(ReplicaPhase.TERMINATING), pod(3).withPhase(ReplicaPhase.FAILED));
    assertThat(ReplicaCalculator.existingReplicas(replicas)).isEqualTo(2);
    assertThat(ReplicaCalculator.readyReplicas(replicas)).isEqualTo(1);
  }

  @Test
  void objectMetricIsAcceptedAsAWholeMetric() {
    assertThat(MetricSpec.of(ScalingMetric.value(OBJECT_QPS, 15)).needsReplicas()).isFalse();
  }
}
