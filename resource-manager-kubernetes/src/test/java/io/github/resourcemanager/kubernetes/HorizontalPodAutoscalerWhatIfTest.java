package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "What would this HPA do with this load?": a HorizontalPodAutoscaler read from YAML becomes the library's horizontal
 * scaler, which a resource manager drives on scripted per-pod usage with a manual clock; the replica counts it
 * reaches are those the Kubernetes controller computes. The expected counts are worked out in the comments from
 * kubernetes/kubernetes {@code pkg/controller/podautoscaler}: replica_calculator.go ({@code GetResourceReplicas}:
 * utilization = sum(usage) × 100 / sum(requests), rounded down; ratio = utilization / target; unchanged while
 * |1 - ratio| ≤ tolerance 0.1, else ceil(ratio × ready pods)) and horizontal.go ({@code computeReplicasForMetrics}:
 * the largest proposal of the metrics; {@code normalizeDesiredReplicasWithBehaviors}:
 * {@code stabilizeRecommendationWithBehaviors}, then {@code convertDesiredReplicasWithBehaviorRate} with
 * {@code calculateScaleUpLimitWithScalingRules} / {@code calculateScaleDownLimitWithBehaviors}). The controller seeds
 * its recommendations with the replica count it first sees ({@code reconcileAutoscaler}), and syncs every 15 s
 * ({@code --horizontal-pod-autoscaler-sync-period}), the library's default sync period, which the manager's 15 s
 * sampling interval matches here.
 */
class HorizontalPodAutoscalerWhatIfTest {

  /** The agent platform's controller HPA (agent-platform-reference.yaml) and the Deployment it scales. */
  private static String manifests(int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: coderun-controller
          namespace: agent-platform
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: coderun-controller
          template:
            metadata:
              labels:
                app: coderun-controller
            spec:
              containers:
              - name: controller
                image: ghcr.io/example/coderun-controller:1.0
                resources:
                  requests:
                    cpu: 500m
                    memory: 1Gi
                  limits:
                    cpu: "1"
                    memory: 2Gi
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: coderun-controller-hpa
          namespace: agent-platform
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: coderun-controller
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 70
          - type: Resource
            resource:
              name: memory
              target:
                type: Utilization
                averageUtilization: 80
          behavior:
            scaleUp:
              stabilizationWindowSeconds: 300
              policies:
              - type: Percent
                value: 100
                periodSeconds: 60
            scaleDown:
              stabilizationWindowSeconds: 900
              policies:
              - type: Percent
                value: 50
                periodSeconds: 60
        """.formatted(replicas);
  }

  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("pods");
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  /** The Deployment's pods as the scaler sees them: coderun-controller-1..n, each with the template's requests. */
  private static final class Pods {
    final List<Replica> replicas = new ArrayList<>();
    final CpuQuantity cpuRequest;
    final ByteSize memoryRequest;

    Pods(Workload workload) {
      Resources resources = workload.resources().orElseThrow();
      this.cpuRequest = CpuQuantity.ofMillicores(resources.requests().amount(Resource.CPU));
      this.memoryRequest = ByteSize.ofBytes(resources.requests().amount(Resource.MEMORY));
      resize(workload.replicas());
    }

    int size() {
      return replicas.size();
    }

    void resize(int n) {
      while (replicas.size() < n) {
        replicas.add(Replica.of("coderun-controller-" + (replicas.size() + 1)).withCpuRequest(cpuRequest)
            .withMemoryRequest(memoryRequest));
      }
      while (replicas.size() > n) {
        replicas.remove(replicas.size() - 1);
      }
    }

    ScaleTarget target() {
      return ScaleTarget.of("coderun-controller", this::size, this::resize, () -> replicas);
    }
  }

  /** Imports the manifests, and builds a manager whose scaler is the imported HPA, scaling {@code pods}. */
  private Pods start(int replicas) {
    Policy policy = Manifests.parseYaml(manifests(replicas)).toPolicy();
    Workload workload = policy.workloads().workload("agent-platform", "coderun-controller").orElseThrow();
    HorizontalScalerConfig hpa = workload.horizontalScaler().orElseThrow();
    Pods pods = new Pods(workload);
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .interval(Duration.ofSeconds(15))
        .horizontalScaler(workload.horizontalScalerName(), pods.target(), hpa).build();
    rm.start();
    return pods;
  }

  /**
   * Samples and decides every 15 s from 0 to {@code seconds}, each pod of the moment using an equal part of
   * {@code totalMillicores} (the monitor measures an agent's CPU in percent of the machine) and {@code memoryPerPod};
   * returns the replica count after each decision, the i-th at i × 15 s.
   */
  private List<Integer> run(Pods pods, long totalMillicores, ByteSize memoryPerPod, int seconds) {
    List<Integer> sizes = new ArrayList<>();
    for (int t = 0; t <= seconds; t += 15) {
      int n = pods.size();
      assertThat(totalMillicores % n).as("the load divides evenly over " + n + " pods").isZero();
      double percentOfMachine = totalMillicores / (double) n / 1000.0 / rm.cpuCount() * 100.0;
      for (Replica pod : pods.replicas) {
        source.agentValues(pod.agentId(), Metric.AGENT_CPU_USAGE, percentOfMachine);
        source.agentValues(pod.agentId(), AllocationConfig.AGENT_MEMORY_USED, memoryPerPod.bytes());
      }
      ticker.advance(t == 0 ? Duration.ZERO : Duration.ofSeconds(15));
      sizes.add(pods.size());
    }
    return sizes;
  }

  private static List<Integer> repeat(int value, int times) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      list.add(value);
    }
    return list;
  }

  @Test
  void aLoadOfFourTimesTheTargetWaitsOutTheScaleUpWindowThenDoublesOncePerMinute() {
    Pods pods = start(2);
    // 2800m over the pods; 256Mi each of a 1Gi request (25 %, never the largest proposal here).
    List<Integer> sizes = run(pods, 2800, ByteSize.parse("256Mi"), 420);

    // t = 0 .. 285 s, 2 pods of 1400m: cpu 2800 × 100 / 1000 = 280 %, ratio 280 / 70 = 4, ceil(4 × 2) = 8;
    //   memory 25 / 80 = 0.3125, ceil(0.3125 × 2) = 1; the proposal is 8.
    //   Scale-up stabilization keeps the lowest recommendation of the last 300 s: the seed, 2. Nothing changes.
    // t = 300 s: the seed (t = 0) has left the window (after t - 300 s only), every recommendation since is 8.
    //   Rate: Percent 100 per 60 s from periodStart = 2 - 0 added = 2: ceil(2 × (1 + 100 / 100)) = 4. 4 pods.
    // t = 315, 330, 345 s, 4 pods of 700m: 2800 × 100 / 2000 = 140 %, ratio 2, ceil(2 × 4) = 8; memory
    //   ceil(0.3125 × 4) = 2. Rate: 2 pods were added within the last 60 s, periodStart = 4 - 2 = 2, limit 4.
    // t = 360 s: the scale event of t = 300 s is no longer after t - 60 s; periodStart = 4, limit ceil(4 × 2) = 8.
    // t = 375 .. 420 s, 8 pods of 350m: 2800 × 100 / 4000 = 70 %, ratio 1, within the tolerance: keep 8.
    List<Integer> expected = new ArrayList<>(repeat(2, 20));
    expected.addAll(repeat(4, 4));
    expected.addAll(repeat(8, 5));
    assertThat(sizes).isEqualTo(expected);
  }

  @Test
  void aLightLoadWaitsOutTheScaleDownWindowThenHalvesOncePerMinuteDownToTheMinimum() {
    Pods pods = start(8);
    // 600m over the pods; 128Mi each of a 1Gi request.
    List<Integer> sizes = run(pods, 600, ByteSize.parse("128Mi"), 990);

    // t = 0 .. 885 s, 8 pods of 75m: cpu 600 × 100 / 4000 = 15 %, ratio 15 / 70 = 0.214, ceil(0.214 × 8) = 2;
    //   memory 8 × 128Mi × 100 / 8Gi = 12.5, rounded down 12 %, ratio 12 / 80 = 0.15, ceil(0.15 × 8) = 2.
    //   Scale-down stabilization keeps the highest recommendation of the last 900 s: the seed, 8.
    // t = 900 s: the seed has left the window; the highest since is 2.
    //   Rate: Percent 50 per 60 s from periodStart = 8: int32(8 × (1 - 50 / 100)) = 4. 4 pods.
    // t = 915, 930, 945 s, 4 pods of 150m: 600 × 100 / 2000 = 30 %, ratio 0.429, ceil(0.429 × 4) = 2. Rate:
    //   4 pods were removed within the last 60 s, periodStart = 4 + 4 = 8, limit 4: keep 4.
    // t = 960 s: the event of t = 900 s is out of the period; periodStart = 4, limit int32(4 × 0.5) = 2. 2 pods.
    // t = 975, 990 s, 2 pods of 300m: 600 × 100 / 1000 = 60 %, ratio 0.857, |1 - 0.857| > 0.1,
    //   ceil(0.857 × 2) = 2 = minReplicas: keep 2.
    List<Integer> expected = new ArrayList<>(repeat(8, 60));
    expected.addAll(repeat(4, 4));
    expected.addAll(repeat(2, 3));
    assertThat(sizes).isEqualTo(expected);
  }
}
