package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Would this pod be admitted under this quota?": the agent platform's ResourceQuota and LimitRange, read from
 * YAML (agent-platform-reference.yaml), become the library's allocation configuration, and pods are asked for
 * through {@code rm.allocation().admit(AgentSpec)}. The expected outcomes follow Kubernetes' admission chain: the
 * LimitRanger (plugin/pkg/admission/limitranger/admission.go, {@code defaultContainerResourceRequirements}) first
 * gives a container without requests or limits the namespace's {@code defaultRequest} and {@code default}; then the
 * ResourceQuota plugin (plugin/pkg/admission/resourcequota/controller.go, {@code checkRequest}) adds the pod's usage
 * (pkg/quota/v1/evaluator/core/pods.go, {@code PodUsageFunc}: requests.cpu, requests.memory, limits.cpu,
 * limits.memory of its containers, and pods = 1) to what the namespace uses, and admits it when every total is at most
 * its hard limit ({@code quota.LessThanOrEqual}); otherwise it answers
 * {@code exceeded quota: <name>, requested: <the pod's usage>, used: <in use>, limited: <hard>}, each list holding
 * only the exceeded keys, sorted ({@code prettyPrint}). The library keeps Kubernetes' {@code pods} as {@code agents}.
 *
 * <p>The quota: requests.cpu 20, requests.memory 80Gi, limits.cpu 40, limits.memory 160Gi, pods 30. The LimitRange:
 * defaultRequest cpu 1000m, memory 4Gi; default cpu 2000m, memory 8Gi.
 */
class ResourceQuotaWhatIfTest {

  private static final String NS = "agent-platform";
  private final ManualTicker ticker = new ManualTicker();
  private ResourceManager rm;

  @BeforeEach
  void importThePlatformsQuota() throws IOException {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/kubernetes/agent-platform-reference.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    AllocationConfig allocation = Manifests.parseYaml(yaml).toPolicy().allocation();
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).platformSources(false)
        .source(ScriptedSource.named("none")).allocation(allocation).build();
  }

  @AfterEach
  void close() {
    rm.close();
  }

  /** A pod of one container with these requests and limits (null: none, for the LimitRange to default). */
  private Admission admit(String id, String cpu, String memory, String cpuLimit, String memoryLimit) {
    Resources resources = cpu == null ? Resources.none() : Resources.of(
        ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory),
        ResourceVector.of(Resource.CPU, cpuLimit).with(Resource.MEMORY, memoryLimit));
    return rm.allocation().admit(AgentSpec.custom(id).project(NS).resources(resources).build());
  }

  /** An implementation agent's pod: requests cpu 2000m, memory 8Gi; limits cpu 4000m, memory 16Gi (agent-tiers.yaml). */
  private Admission implementationAgent(int i) {
    return admit("implementation-agent-" + i, "2000m", "8Gi", "4000m", "16Gi");
  }

  @Test
  void tenImplementationAgentsFillTheQuotaExactlyAndTheEleventhIsRejected() {
    // After n pods: requests.cpu 2n, requests.memory 8n Gi, limits.cpu 4n, limits.memory 16n Gi, pods n.
    // n = 10 gives 20, 80Gi, 40, 160Gi, 10: each at most its hard limit, so all ten are admitted.
    for (int i = 1; i <= 10; i++) {
      assertThat(implementationAgent(i).state()).as("pod " + i).isEqualTo(AgentStatus.State.RUNNING);
    }
    // The eleventh would make 22 > 20, 88Gi > 80Gi, 44 > 40, 176Gi > 160Gi (pods 11 <= 30 is not exceeded).
    Admission eleventh = implementationAgent(11);
    assertThat(eleventh.state()).isEqualTo(AgentStatus.State.REJECTED);
    assertThat(eleventh.message()).isEqualTo("exceeded quota: agent-platform-quota, "
        + "requested: limits.cpu=4,limits.memory=16Gi,requests.cpu=2,requests.memory=8Gi, "
        + "used: limits.cpu=40,limits.memory=160Gi,requests.cpu=20,requests.memory=80Gi, "
        + "limited: limits.cpu=40,limits.memory=160Gi,requests.cpu=20,requests.memory=80Gi");
    assertThat(rm.allocation().admitted()).hasSize(10).doesNotContain("implementation-agent-11");
  }

  @Test
  void aPodWithoutResourcesIsCountedWithTheLimitRangeDefaults() {
    for (int i = 1; i <= 9; i++) {
      implementationAgent(i);
    }
    // Nine pods use requests.cpu 18, requests.memory 72Gi, limits.cpu 36, limits.memory 144Gi.
    // A pod with no resources gets requests 1000m / 4Gi and limits 2000m / 8Gi: 19, 76Gi, 38, 152Gi. Admitted.
    assertThat(admit("sidecar-less-job", null, null, null, null).state()).isEqualTo(AgentStatus.State.RUNNING);
    // A quality agent (requests 1000m / 4Gi, limits 2000m / 8Gi) brings every total to its hard limit. Admitted.
    assertThat(admit("quality-agent-1", "1000m", "4Gi", "2000m", "8Gi").state())
        .isEqualTo(AgentStatus.State.RUNNING);
    // Another pod without resources would need 21 > 20, 84Gi > 80Gi, 42 > 40, 168Gi > 160Gi.
    Admission rejected = admit("another-job", null, null, null, null);
    assertThat(rejected.state()).isEqualTo(AgentStatus.State.REJECTED);
    assertThat(rejected.message()).isEqualTo("exceeded quota: agent-platform-quota, "
        + "requested: limits.cpu=2,limits.memory=8Gi,requests.cpu=1,requests.memory=4Gi, "
        + "used: limits.cpu=40,limits.memory=160Gi,requests.cpu=20,requests.memory=80Gi, "
        + "limited: limits.cpu=40,limits.memory=160Gi,requests.cpu=20,requests.memory=80Gi");
  }

  @Test
  void theThirtyFirstPodIsRejectedByThePodCount() {
    // Small pods: requests 100m / 128Mi, limits 200m / 256Mi. Thirty use requests.cpu 3, requests.memory 3840Mi,
    // limits.cpu 6, limits.memory 7680Mi: far below those limits, and pods 30 = 30 is allowed.
    for (int i = 1; i <= 30; i++) {
      assertThat(admit("probe-" + i, "100m", "128Mi", "200m", "256Mi").state()).as("pod " + i)
          .isEqualTo(AgentStatus.State.RUNNING);
    }
    // The 31st makes pods 31 > 30: Kubernetes says "requested: pods=1, used: pods=30, limited: pods=30".
    Admission rejected = admit("probe-31", "100m", "128Mi", "200m", "256Mi");
    assertThat(rejected.state()).isEqualTo(AgentStatus.State.REJECTED);
    assertThat(rejected.message())
        .isEqualTo("exceeded quota: agent-platform-quota, requested: agents=1, used: agents=30, limited: agents=30");
  }

  @Test
  void aRejectedPodLeavesTheQuotaAsItWas() {
    for (int i = 1; i <= 10; i++) {
      implementationAgent(i);
    }
    implementationAgent(11); // rejected: it holds nothing
    // Releasing one of the ten frees 2 / 8Gi / 4 / 16Gi, exactly what one more implementation agent needs.
    assertThat(rm.allocation().release("implementation-agent-3")).isTrue();
    assertThat(implementationAgent(12).state()).isEqualTo(AgentStatus.State.RUNNING);
    assertThat(implementationAgent(13).state()).isEqualTo(AgentStatus.State.REJECTED);
  }
}
