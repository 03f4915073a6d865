package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent platform's resource plan (priority classes, namespace quota, limit range, controller autoscalers, agent
 * right-sizing, disruption budgets, agent tiers) built through the library and exported, compared field by field with
 * the plan's own YAML kept in {@code kubernetes/agent-platform-reference.yaml} and {@code kubernetes/agent-tiers.yaml}.
 *
 * <p>The plan's YAML is wrong in three places; the reference holds it corrected:
 * <ol>
 *   <li>the Argo server's second metric has {@code type: Custom} and a {@code custom:} block, but autoscaling/v2
 *       knows the metric source types Object, Pods, Resource, ContainerResource and External only (k8s.io/api
 *       autoscaling/v2 types.go, {@code MetricSourceType}); a count of running workflows, not a per-pod metric and
 *       not a property of a Kubernetes object, is an {@code External} metric;</li>
 *   <li>the VerticalPodAutoscaler's {@code targetRef} is {@code apiVersion: v1, kind: Pod} with a
 *       {@code selector}: a {@code CrossVersionObjectReference} has no selector, and the VPA looks up the pods of a
 *       controller (kubernetes/autoscaler vertical-pod-autoscaler {@code pkg/utils/vpa} and the targetRef
 *       documentation in types.go); a VPA targets one controller, so each agent tier's Deployment gets its own;</li>
 *   <li>its {@code updateMode: "Auto"} is deprecated, "currently equivalent to Recreate" (types.go,
 *       {@code UpdateModeAuto}): it is written {@code Recreate}.</li>
 * </ol>
 * Quantities are compared by value ({@code 2000m} is the export's canonical {@code 2}).
 */
class AgentPlatformExampleTest {

  private final List<HasMetadata> exported = AgentPlatform.policy().toManifests().objects();

  @Test
  void everyObjectOfThePlanIsExportedFieldByField() {
    List<JsonNode> reference = ObjectTrees.yamlDocuments("/kubernetes/agent-platform-reference.yaml");
    assertThat(reference).hasSize(12);
    List<String> diffs = new ArrayList<>();
    for (JsonNode expected : reference) {
      applyKubernetesDefaults(expected);
      HasMetadata ours = find(expected.get("kind").asText(), expected.path("metadata").path("namespace").asText(null),
          expected.path("metadata").path("name").asText());
      JsonNode actual = ObjectTrees.tree(ours);
      if (actual.path("metadata").has("annotations")) {
        // the export names the protected workload on PodDisruptionBudgets, which select pods and name no controller
        assertThat(actual.path("kind").asText()).isEqualTo("PodDisruptionBudget");
        ((ObjectNode) actual.get("metadata")).remove("annotations");
      }
      for (String d : ObjectTrees.differences(expected, actual)) {
        diffs.add(expected.get("kind").asText() + " " + expected.path("metadata").path("name").asText() + d);
      }
    }
    assertThat(diffs).isEmpty();
  }

  @Test
  void theExportHoldsExactlyThePlansObjectsAndTheAgentDeployments() {
    List<String> kinds = new ArrayList<>();
    for (HasMetadata o : exported) {
      kinds.add(o.getKind() + " " + o.getMetadata().getName());
    }
    assertThat(kinds).containsExactly(
        "PriorityClass agent-high-priority", "PriorityClass agent-standard-priority", "PriorityClass agent-low-priority",
        "ResourceQuota agent-platform-quota", "LimitRange agent-platform-limits",
        "Deployment implementation-agent", "VerticalPodAutoscaler implementation-agent-vpa",
        "Deployment quality-agent", "VerticalPodAutoscaler quality-agent-vpa",
        "Deployment testing-agent", "VerticalPodAutoscaler testing-agent-vpa",
        "HorizontalPodAutoscaler coderun-controller-hpa", "PodDisruptionBudget coderun-controller-pdb",
        "HorizontalPodAutoscaler argo-workflows-server-hpa", "PodDisruptionBudget argo-workflows-pdb");
  }

  @Test
  void eachAgentTierBecomesTheRequestsAndLimitsOfItsDeployment() {
    JsonNode specs = ObjectTrees.yamlDocuments("/kubernetes/agent-tiers.yaml").get(0).get("agent_resource_specs");
    String[][] tiers = {{"implementation_agents", "implementation-agent"}, {"quality_agents", "quality-agent"},
        {"testing_agents", "testing-agent"}};
    for (String[] tier : tiers) {
      JsonNode expected = specs.get(tier[0]).get("claude-3-5-sonnet");
      Deployment d = (Deployment) find("Deployment", AgentPlatform.NS, tier[1]);
      JsonNode actual = ObjectTrees.JSON.valueToTree(java.util.Map.of());
      actual = ObjectTrees.tree(d).path("spec").path("template").path("spec").path("containers").get(0).get("resources");
      assertThat(ObjectTrees.differences(expected, actual)).as(tier[1]).isEmpty();
    }
  }

  @Test
  void quantitiesAreWrittenInKubernetesCanonicalForm() {
    // apimachinery quantity.go, CanonicalizeBytes: 2000m -> "2", 4000m -> "4", 8000m -> "8"; binary sizes keep Gi
    Deployment d = (Deployment) find("Deployment", AgentPlatform.NS, "implementation-agent");
    var resources = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("2");
    assertThat(resources.getLimits().get("cpu").toString()).isEqualTo("4");
    assertThat(resources.getRequests().get("memory").toString()).isEqualTo("8Gi");
    String yaml = AgentPlatform.policy().toManifests().toYaml();
    assertThat(yaml).contains("cpu: \"8\"").contains("memory: \"32Gi\"").doesNotContain("2000m");
  }

  private HasMetadata find(String kind, String namespace, String name) {
    for (HasMetadata o : exported) {
      if (o.getKind().equals(kind) && o.getMetadata().getName().equals(name)
          && java.util.Objects.equals(o.getMetadata().getNamespace(), namespace)) {
        return o;
      }
    }
    throw new AssertionError("no " + kind + " " + namespace + "/" + name + " exported");
  }

  /**
   * The fields the API server would fill in and the export writes explicitly: a behavior's unset selectPolicy is
   * Max in both directions (kubernetes pkg/apis/autoscaling/v2/defaults.go, SetDefaults_HorizontalPodAutoscalerBehavior
   * via GenerateHPAScaleUpRules / GenerateHPAScaleDownRules and defaultHPAScaleUpRules / defaultHPAScaleDownRules).
   */
  private static void applyKubernetesDefaults(JsonNode o) {
    JsonNode behavior = o.path("spec").path("behavior");
    for (String direction : new String[] {"scaleUp", "scaleDown"}) {
      if (behavior.get(direction) instanceof ObjectNode rules && !rules.has("selectPolicy")) {
        rules.put("selectPolicy", "Max");
      }
    }
  }
}
