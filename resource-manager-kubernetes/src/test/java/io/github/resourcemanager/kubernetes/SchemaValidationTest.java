package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every kind the export produces validates against the Kubernetes v1.35 API's published OpenAPI definitions (and
 * the VerticalPodAutoscaler against its CRD's schema), and the validator catches a wrong field.
 */
class SchemaValidationTest {

  private static final OpenApiSchema SCHEMA = new OpenApiSchema();

  /** The agent platform plus a StatefulSet whose autoscaler uses every metric shape and every behavior field. */
  static Policy everyShape() {
    Metric queued = Metric.of("agent.tasks.queued", Unit.COUNT, "tasks waiting per agent");
    Metric backlog = Metric.of("queue.backlog", Unit.COUNT, "tasks waiting in all");
    HorizontalScalerConfig all = HorizontalScalerConfig.custom().minReplicas(1).maxReplicas(20).tolerance(0.05)
        .metric(ScalingMetric.cpuAverageValue(Metric.AGENT_CPU_USAGE, CpuQuantity.parse("1500m")))
        .metric(ScalingMetric.memoryAverageValue(AllocationConfig.AGENT_MEMORY_USED, ByteSize.parse("1536Mi")))
        .metric(ScalingMetric.replicaAverageValue(queued, 5))
        .metric(ScalingMetric.averageValue(backlog, 2.5))
        .behavior(ScalingBehavior.of(
            ScalingRules.scaleUp().policy(ScalingPolicy.Type.PODS, 4, Duration.ofSeconds(15))
                .selectPolicy(ScalingRules.SelectPolicy.MIN).tolerance(0.02).build(),
            ScalingRules.scaleDown().selectPolicy(ScalingRules.SelectPolicy.DISABLED).build()))
        .build();
    AllocationConfig.Builder allocation = AllocationConfig.custom().machineCpus(40).environment(n -> null);
    AllocationConfig base = AgentPlatform.allocation();
    base.priorityClasses().values().forEach(allocation::priorityClass);
    base.projects().values().forEach(allocation::project);
    base.agents().values().forEach(allocation::agent);
    allocation.priorityClass(new PriorityClass("batch-never-preempts", 50, false, false));
    Workloads.Builder w = AgentPlatform.workloads().toBuilder();
    w.workload(Workload.custom("queue-workers", "agent-platform").kind(Workload.Kind.STATEFULSET)
        .label("app", "queue-workers").image("ghcr.io/example/worker:2").replicas(3)
        .resources(Resources.of(ResourceVector.of(Resource.CPU, "250m").with(Resource.MEMORY, "256Mi"),
            ResourceVector.of(Resource.CPU, "1").with(Resource.MEMORY, "1Gi")))
        .priorityClass("batch-never-preempts")
        .horizontalScaler(all).maxUnavailable("1").build());
    return Policy.of(allocation.build(), w.build());
  }

  @Test
  void everyExportedObjectValidatesAgainstTheKubernetesSchema() {
    List<HasMetadata> objects = everyShape().toManifests().objects();
    Set<String> kinds = new LinkedHashSet<>();
    for (HasMetadata o : objects) {
      kinds.add(o.getKind());
      assertThat(SCHEMA.violations(o)).as(o.getKind() + " " + o.getMetadata().getName()).isEmpty();
    }
    assertThat(kinds).containsExactlyInAnyOrder("PriorityClass", "ResourceQuota", "LimitRange", "Deployment",
        "StatefulSet", "HorizontalPodAutoscaler", "VerticalPodAutoscaler", "PodDisruptionBudget");
  }

  @Test
  void theExportUsesEveryMetricShapeAndBehaviorField() {
    String yaml = everyShape().toManifests().toYaml();
    assertThat(yaml).contains("type: \"Pods\"").contains("type: \"External\"").contains("type: \"AverageValue\"")
        .contains("type: \"Value\"").contains("type: \"Utilization\"").contains("selectPolicy: \"Disabled\"")
        .contains("selectPolicy: \"Min\"").contains("preemptionPolicy: \"Never\"").contains("maxUnavailable: 1")
        // tolerance 0.02 and 0.05 in canonical form (apimachinery quantity.go, CanonicalizeBytes): 20m and 50m
        .contains("tolerance: \"20m\"").contains("tolerance: \"50m\"");
  }

  @Test
  void aMisspelledFieldIsCaught() {
    HasMetadata deployment = AgentPlatform.policy().toManifests().objects().stream()
        .filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow();
    JsonNode tree = ObjectTrees.tree(deployment);
    ObjectNode spec = (ObjectNode) tree.get("spec");
    spec.set("replica", spec.remove("replicas"));
    List<String> violations = SCHEMA.violations(tree);
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0)).contains("replica");
  }

  @Test
  void aWrongTypeIsCaught() {
    HasMetadata hpa = AgentPlatform.policy().toManifests().objects().stream()
        .filter(o -> o.getKind().equals("HorizontalPodAutoscaler")).findFirst().orElseThrow();
    JsonNode tree = ObjectTrees.tree(hpa);
    ((ObjectNode) tree.get("spec")).put("maxReplicas", "ten");
    assertThat(SCHEMA.violations(tree)).anySatisfy(v -> assertThat(v).contains("maxReplicas"));
  }

  @Test
  void aVerticalPodAutoscalerWithAnUnknownUpdateModeIsCaught() {
    HasMetadata vpa = AgentPlatform.policy().toManifests().objects().stream()
        .filter(o -> o.getKind().equals("VerticalPodAutoscaler")).findFirst().orElseThrow();
    JsonNode tree = ObjectTrees.tree(vpa);
    ((ObjectNode) tree.get("spec").get("updatePolicy")).put("updateMode", "Sometimes");
    assertThat(SCHEMA.violations(tree)).anySatisfy(v -> assertThat(v).contains("updateMode"));
  }
}
