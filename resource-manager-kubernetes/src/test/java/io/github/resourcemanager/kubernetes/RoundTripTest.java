package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Export, import, export gives the same objects: the import loses nothing the export writes. */
class RoundTripTest {

  @Test
  void exportImportExportGivesIdenticalObjects() {
    Manifests first = AgentPlatform.policy().toManifests();
    Policy imported = first.toPolicy();
    Manifests second = imported.toManifests();
    List<HasMetadata> a = first.objects();
    List<HasMetadata> b = second.objects();
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(ObjectTrees.differences(ObjectTrees.tree(a.get(i)), ObjectTrees.tree(b.get(i))))
          .as(a.get(i).getKind() + " " + a.get(i).getMetadata().getName()).isEmpty();
    }
    assertThat(second.toYaml()).isEqualTo(first.toYaml());
  }

  @Test
  void yamlWrittenAndReadBackImportsToTheSamePolicy() {
    Manifests first = AgentPlatform.policy().toManifests();
    Manifests parsed = Manifests.parseYaml(first.toYaml());
    assertThat(parsed.toPolicy().toManifests().toYaml()).isEqualTo(first.toYaml());
  }

  @Test
  void theImportedConfigurationHoldsTheLibrarySettings() {
    Policy p = Manifests.parseYaml(AgentPlatform.policy().toManifests().toYaml()).toPolicy();
    assertThat(p.allocation().priorityClasses().get("agent-standard-priority").globalDefault()).isTrue();
    assertThat(p.allocation().projects().get("agent-platform").quota().orElseThrow().hard())
        .containsEntry("agents", 30L)
        .containsEntry("requests.cpu", 20_000L) // 20 cores in millicores
        .containsEntry("limits.memory", 160L * 1024 * 1024 * 1024);
    assertThat(p.allocation().agents().get("quality-agent").resources().requests().amount(
        io.github.resourcemanager.allocate.Resource.MEMORY)).isEqualTo(4L * 1024 * 1024 * 1024);
    Workload controller = p.workloads().workload("agent-platform", "coderun-controller").orElseThrow();
    assertThat(controller.horizontalScaler().orElseThrow().behavior().orElseThrow().scaleDown()
        .stabilizationWindow()).hasSeconds(900);
    assertThat(controller.minAvailable()).contains("1");
    assertThat(p.workloads().quotaExtras().get("agent-platform")).containsEntry("services", "10");
  }
}
