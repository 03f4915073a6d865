/**
 * Kubernetes as the enforcing engine of the library's policy: the objects a cluster needs (requests and limits,
 * ResourceQuota, LimitRange, PriorityClass, HorizontalPodAutoscaler, VerticalPodAutoscaler, PodDisruptionBudget)
 * exported from the library's configuration and imported back, a scale target for Deployments and StatefulSets, and
 * server-side apply. Built on the fabric8 Kubernetes client and model.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.resourcemanager.kubernetes {
  requires transitive io.github.resourcemanager;
  // fabric8's jars are automatic modules (they have no module descriptor), and their model types are part of this API.
  requires transitive kubernetes.client.api;
  requires transitive kubernetes.model.core;
  requires transitive kubernetes.model.common;
  requires kubernetes.model.apps;
  requires kubernetes.model.autoscaling;
  requires kubernetes.model.policy;
  requires kubernetes.model.scheduling;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.resourcemanager.kubernetes;
}
