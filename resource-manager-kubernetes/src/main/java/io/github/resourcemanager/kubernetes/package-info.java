/**
 * Kubernetes as the enforcing engine of the library's policy.
 *
 * <p>A {@link io.github.resourcemanager.kubernetes.Policy} joins the library's
 * {@link io.github.resourcemanager.allocate.AllocationConfig} (priority classes, per-project quotas and limit ranges,
 * agent tiers) with {@link io.github.resourcemanager.kubernetes.Workloads}, a small description of what runs in the
 * cluster (agent Deployments, controllers with their horizontal and vertical scalers and disruption budgets).
 * {@link io.github.resourcemanager.kubernetes.Policy#toManifests()} exports it as fabric8 model objects and
 * multi-document YAML; {@link io.github.resourcemanager.kubernetes.Manifests#toPolicy()} imports such objects back,
 * so one policy governs both the process and the cluster.
 * {@link io.github.resourcemanager.kubernetes.KubernetesScaleTarget} lets the library's scalers resize a Deployment
 * or StatefulSet through its scale subresource.
 */
@NullMarked
package io.github.resourcemanager.kubernetes;

import org.jspecify.annotations.NullMarked;
