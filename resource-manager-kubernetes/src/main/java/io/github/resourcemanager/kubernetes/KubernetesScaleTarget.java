package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.resourcemanager.kubernetes.internal.KubernetesNames;
import io.github.resourcemanager.scale.ScaleTarget;
import java.util.Objects;

/**
 * A {@link ScaleTarget} that resizes a Deployment or StatefulSet through its {@code scale} subresource, as
 * {@code kubectl scale} and the HorizontalPodAutoscaler do: the current size is the subresource's
 * {@code spec.replicas}, a new size is a JSON merge patch {@code {"spec":{"replicas":n}}} of it. Replicas are not
 * reported, so resource-utilization metrics need Kubernetes' own HorizontalPodAutoscaler; the library's scaler
 * drives this target on value metrics. Calls go to the API server on the calling thread.
 */
public final class KubernetesScaleTarget implements ScaleTarget {

  private final KubernetesClient client;
  private final Workload.Kind kind;
  private final String namespace;
  private final String name;

  private KubernetesScaleTarget(KubernetesClient client, Workload.Kind kind, String namespace, String name) {
    this.client = Objects.requireNonNull(client, "client");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    this.kind = kind;
    this.namespace = KubernetesNames.requireLabelName("namespace", namespace);
    this.name = KubernetesNames.requireSubdomainName("name", name);
  }

  /**
   * A target resizing the Deployment {@code name} of {@code namespace}.
   *
   * @throws IllegalArgumentException if a name is not a valid Kubernetes name
   */
  public static KubernetesScaleTarget deployment(KubernetesClient client, String namespace, String name) {
    return new KubernetesScaleTarget(client, Workload.Kind.DEPLOYMENT, namespace, name);
  }

  /**
   * A target resizing the StatefulSet {@code name} of {@code namespace}.
   *
   * @throws IllegalArgumentException if a name is not a valid Kubernetes name
   */
  public static KubernetesScaleTarget statefulSet(KubernetesClient client, String namespace, String name) {
    return new KubernetesScaleTarget(client, Workload.Kind.STATEFULSET, namespace, name);
  }

  /** For example {@code deployment/agent-platform/coderun-controller}. */
  @Override
  public String name() {
    return kind.kubernetesName().toLowerCase(java.util.Locale.ROOT) + "/" + namespace + "/" + name;
  }

  /**
   * The replicas the workload is set to ({@code spec.replicas} of its scale subresource).
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the API server cannot be read
   * @throws IllegalStateException if the workload does not exist
   */
  @Override
  public int currentSize() {
    Scale scale = resource().scale();
    if (scale == null || scale.getSpec() == null) {
      throw new IllegalStateException(name() + " does not exist");
    }
    Integer replicas = scale.getSpec().getReplicas();
    return replicas == null ? 0 : replicas;
  }

  /**
   * Sets the workload's replicas through its scale subresource.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the API server refuses
   */
  @Override
  public void applySize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size of " + name() + " must not be negative, was " + size);
    }
    String patch = Manifests.SERIALIZATION.asJson(java.util.Map.of("spec", java.util.Map.of("replicas", size)));
    resource().subresource("scale").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private Resource<?> resource() {
    return kind == Workload.Kind.DEPLOYMENT
        ? client.apps().deployments().inNamespace(namespace).withName(name)
        : client.apps().statefulSets().inNamespace(namespace).withName(name);
  }

  @Override
  public String toString() {
    return "KubernetesScaleTarget{" + name() + "}";
  }
}
