package io.github.resourcemanager.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster side against fabric8's Kubernetes mock server in CRUD mode (no real cluster is reachable from the
 * build machines): the scale target, reading a cluster back into the library's configuration, and the server-side
 * apply request with dry run.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterTest {

  KubernetesMockServer server;
  KubernetesClient client;

  private Deployment agentDeployment() {
    return (Deployment) AgentPlatform.policy().toManifests().objects().stream()
        .filter(o -> o instanceof Deployment).findFirst().orElseThrow();
  }

  @Test
  void theScaleTargetReadsAndSetsReplicasThroughTheScaleSubresource() throws Exception {
    client.resource(agentDeployment()).create();
    KubernetesScaleTarget target = KubernetesScaleTarget.deployment(client, "agent-platform", "implementation-agent");
    assertThat(target.currentSize()).isEqualTo(1);
    target.applySize(4);
    assertThat(target.currentSize()).isEqualTo(4);
    assertThat(client.apps().deployments().inNamespace("agent-platform").withName("implementation-agent").get()
        .getSpec().getReplicas()).isEqualTo(4);
    assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(4);
    assertThat(target.name()).isEqualTo("deployment/agent-platform/implementation-agent");
  }

  @Test
  void theScaleTargetPatchesTheScaleSubresourceWithAMergePatch() throws Exception {
    client.resource(agentDeployment()).create();
    KubernetesScaleTarget target = KubernetesScaleTarget.deployment(client, "agent-platform", "implementation-agent");
    target.applySize(2);
    RecordedRequest request = server.getLastRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getPath()).isEqualTo("/apis/apps/v1/namespaces/agent-platform/deployments/implementation-agent/scale");
    assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
  }

  @Test
  void aMissingWorkloadIsReportedNotSizedZero() {
    KubernetesScaleTarget target = KubernetesScaleTarget.statefulSet(client, "agent-platform", "absent");
    assertThatThrownBy(target::currentSize).isInstanceOfAny(IllegalStateException.class, KubernetesClientException.class);
  }

  @Test
  void aClusterIsReadBackIntoTheSamePolicy() {
    Manifests exported = AgentPlatform.policy().toManifests();
    for (HasMetadata o : exported.objects()) {
      if (o.getKind().equals("VerticalPodAutoscaler")) {
        client.genericKubernetesResources(Manifests.VPA).inNamespace(o.getMetadata().getNamespace())
            .resource((io.fabric8.kubernetes.api.model.GenericKubernetesResource) o).create();
      } else {
        client.resource(o).create();
      }
    }
    Manifests read = Manifests.fromCluster(client, List.of("agent-platform", "argo"));
    assertThat(read.toPolicy().toManifests().toYaml()).isEqualTo(exported.toYaml());
  }

  @Test
  void serverSideApplyWithDryRunSendsTheApplyPatchAndStoresNothing() throws Exception {
    Deployment d = agentDeployment();
    Manifests one = Manifests.of(List.of(d));
    // The CRUD mock implements no server-side apply (it patches objects it holds with JSON or merge patches only)
    // and answers 404. The request is the one a real API server receives.
    assertThatThrownBy(() -> one.apply(client, true)).isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
    RecordedRequest request = server.getLastRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getPath()).startsWith("/apis/apps/v1/namespaces/agent-platform/deployments/implementation-agent?")
        .contains("dryRun=All").contains("fieldManager=resource-manager").contains("force=true");
    assertThat(client.apps().deployments().inNamespace("agent-platform").withName("implementation-agent").get()).isNull();

    // As a real server does for a dry run, answer with the object as it would be stored, and store nothing.
    server.expect().patch().withPath(request.getPath()).andReturn(200, d).once();
    List<HasMetadata> answered = one.apply(client, true);
    assertThat(answered).hasSize(1);
    assertThat(ObjectTrees.differences(ObjectTrees.tree(d), ObjectTrees.tree(answered.get(0)))).isEmpty();
    assertThat(client.apps().deployments().inNamespace("agent-platform").withName("implementation-agent").get()).isNull();
  }

  @Test
  void withoutDryRunTheApplyRequestCarriesNoDryRun() throws Exception {
    Manifests one = Manifests.of(List.of(agentDeployment()));
    assertThatThrownBy(() -> one.apply(client, false)).isInstanceOf(KubernetesClientException.class);
    assertThat(server.getLastRequest().getPath()).doesNotContain("dryRun").contains("fieldManager=resource-manager");
  }
}
