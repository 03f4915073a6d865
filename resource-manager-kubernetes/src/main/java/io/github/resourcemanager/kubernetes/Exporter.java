package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicyBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehaviorBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTargetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.kubernetes.internal.KubernetesNames;
import io.github.resourcemanager.kubernetes.internal.Quantities;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turns a {@link Policy} into Kubernetes objects; see {@code docs/kubernetes.md} for the mapping. */
final class Exporter {

  /** The annotation naming the library agent whose tier a Deployment runs. */
  static final String AGENT_ANNOTATION = "resourcemanager.github.io/agent";
  /** The annotation naming the workload a PodDisruptionBudget protects (which selects pods, not a controller). */
  static final String WORKLOAD_ANNOTATION = "resourcemanager.github.io/workload";
  static final String VPA_API_VERSION = "autoscaling.k8s.io/v1";
  static final String VPA_KIND = "VerticalPodAutoscaler";
  /** Resources that exist only in the library: Kubernetes containers request no such thing. */
  static final Set<Resource> LIBRARY_ONLY = Set.of(Resource.OPEN_FILES, Resource.THREADS, Resource.ALLOCATION_RATE);

  private final AllocationConfig config;
  private final Workloads workloads;
  private final List<HasMetadata> objects = new ArrayList<>();
  private final List<String> unmapped = new ArrayList<>();

  private Exporter(Policy policy) {
    this.config = policy.allocation();
    this.workloads = policy.workloads();
  }

  static Manifests export(Policy policy) {
    Exporter e = new Exporter(policy);
    e.run();
    return new Manifests(e.objects, e.unmapped);
  }

  private void run() {
    for (String name : workloads.priorityClassDescriptions().keySet()) {
      if (!config.priorityClasses().containsKey(name)) {
        throw new IllegalArgumentException("priority class description names \"" + name + "\", which is not configured; "
            + "configured: " + config.priorityClasses().keySet());
      }
    }
    for (PriorityClass pc : config.priorityClasses().values()) {
      objects.add(priorityClass(pc));
    }
    Set<String> namespaces = new LinkedHashSet<>();
    for (ProjectConfig p : config.projects().values()) {
      if (p.quota().isPresent() || p.limitRange().isPresent()) {
        namespaces.add(p.name());
      }
    }
    namespaces.addAll(workloads.quotaExtras().keySet());
    namespaces.addAll(workloads.limitRangeExtras().keySet());
    for (String ns : namespaces) {
      KubernetesNames.requireLabelName("project name (the namespace)", ns);
      ProjectConfig project = config.projects().get(ns);
      quota(ns, project);
      limitRange(ns, project);
    }
    noteProjectSettings();
    for (Workload w : workloads.workloads()) {
      workload(w);
    }
  }

  // ------------------------------------------------------------------ priority classes

  private HasMetadata priorityClass(PriorityClass pc) {
    PriorityClassBuilder b = new PriorityClassBuilder()
        .withNewMetadata().withName(pc.name()).endMetadata()
        .withValue(pc.value())
        .withGlobalDefault(pc.globalDefault());
    String description = workloads.priorityClassDescriptions().get(pc.name());
    if (description != null) {
      b.withDescription(description);
    }
    if (!pc.preemptLowerPriority()) {
      b.withPreemptionPolicy("Never");
    }
    return b.build();
  }

  // ------------------------------------------------------------------ namespaces

  private void quota(String ns, @Nullable ProjectConfig project) {
    Quota quota = project == null ? null : project.quota().orElse(null);
    Map<String, String> extras = workloads.quotaExtras().getOrDefault(ns, Map.of());
    if (quota == null && extras.isEmpty()) {
      return;
    }
    Map<String, Quantity> hard = new LinkedHashMap<>();
    if (quota != null) {
      for (Map.Entry<String, Long> e : quota.hard().entrySet()) {
        String key = e.getKey();
        if (key.equals(Quota.AGENTS)) {
          hard.put("pods", Quantities.quantity(Quantities.count(e.getValue())));
          continue;
        }
        Resource r = Resource.named(key.replaceFirst("^(requests|limits)\\.", ""));
        if (!exportable(r)) {
          unmapped.add("quota " + quota.name() + " " + key + ": Kubernetes containers request no " + r
              + "; the quota governs it in-process only");
          continue;
        }
        hard.put(key, Quantities.quantity(Quantities.of(r, e.getValue())));
      }
    }
    extras.forEach((k, v) -> hard.put(k, Quantities.quantity(v)));
    objects.add(new ResourceQuotaBuilder()
        .withMetadata(meta(quota == null ? ns + "-quota" : quota.name(), ns))
        .withNewSpec().withHard(hard).endSpec()
        .build());
  }

  private void limitRange(String ns, @Nullable ProjectConfig project) {
    LimitRange range = project == null ? null : project.limitRange().orElse(null);
    List<LimitRangeItem> extras = workloads.limitRangeExtras().getOrDefault(ns, List.of());
    if (range == null && extras.isEmpty()) {
      return;
    }
    List<LimitRangeItem> items = new ArrayList<>();
    if (range != null) {
      LimitRangeItemBuilder item = new LimitRangeItemBuilder().withType("Container");
      String where = "limit range of project " + ns;
      if (!range.defaultLimit().isEmpty()) {
        item.withDefault(quantities(where + " default", range.defaultLimit()));
      }
      if (!range.defaultRequest().isEmpty()) {
        item.withDefaultRequest(quantities(where + " defaultRequest", range.defaultRequest()));
      }
      if (!range.min().isEmpty()) {
        item.withMin(quantities(where + " min", range.min()));
      }
      if (!range.max().isEmpty()) {
        item.withMax(quantities(where + " max", range.max()));
      }
      if (!range.maxLimitRequestRatio().isEmpty()) {
        Map<String, Quantity> ratios = new LinkedHashMap<>();
        range.maxLimitRequestRatio().forEach((r, v) -> {
          if (!exportable(r)) {
            unmapped.add(where + " maxLimitRequestRatio " + r + ": Kubernetes containers request no " + r);
          } else {
            ratios.put(r.name(), Quantities.quantity(Quantities.decimal(v)));
          }
        });
        if (!ratios.isEmpty()) {
          item.withMaxLimitRequestRatio(ratios);
        }
      }
      items.add(item.build());
    }
    items.addAll(extras);
    objects.add(new LimitRangeBuilder()
        .withMetadata(meta(ns + "-limits", ns))
        .withNewSpec().withLimits(items).endSpec()
        .build());
  }

  private void noteProjectSettings() {
    if (!config.globalLimits().isEmpty()) {
      unmapped.add("globalLimits " + config.globalLimits() + ": the cluster's capacity is its nodes'; Kubernetes has no "
          + "object for a limit on the usage of all namespaces together");
    }
    for (ProjectConfig p : config.projects().values()) {
      if (!p.limits().isEmpty() || !p.minimum().isEmpty()) {
        unmapped.add("project " + p.name() + " limits/minimum: they cap and guarantee the project's share of usage; a "
            + "ResourceQuota caps declared requests and limits, not usage");
      }
    }
    if (config.preemption()) {
      unmapped.add("preemption: the scheduler always preempts for pods whose PriorityClass allows it "
          + "(preemptionPolicy); there is no switch for the whole cluster");
    }
    if (!config.profiles().isEmpty()) {
      unmapped.add("profiles " + config.profiles().keySet() + ": Kubernetes objects do not change with the time of day");
    }
  }

  // ------------------------------------------------------------------ workloads

  private void workload(Workload w) {
    Resources resources;
    String priorityClass;
    String agentId = w.agent().orElse(null);
    if (agentId != null) {
      AgentSpec agent = config.agents().get(agentId);
      if (agent == null) {
        throw new IllegalArgumentException("workload " + w.namespace() + "/" + w.name() + " runs agent \"" + agentId
            + "\", which is not configured; configured agents: " + config.agents().keySet());
      }
      if (!agent.project().equals(w.namespace())) {
        throw new IllegalArgumentException("workload " + w.namespace() + "/" + w.name() + " runs agent \"" + agentId
            + "\" of project " + agent.project() + "; an agent's workload lives in the namespace of its project");
      }
      resources = agent.resources();
      priorityClass = agent.priorityClass().orElse(null);
    } else {
      resources = w.resources().orElse(Resources.none());
      priorityClass = w.priorityClass().orElse(null);
    }
    if (priorityClass != null && !config.priorityClasses().containsKey(priorityClass)) {
      throw new IllegalArgumentException("workload " + w.namespace() + "/" + w.name() + " names priority class \""
          + priorityClass + "\", which is not configured; configured: " + config.priorityClasses().keySet());
    }
    if (w.image().isPresent()) {
      objects.add(controller(w, resources, priorityClass, agentId));
    }
    w.horizontalScaler().ifPresent(h -> objects.add(horizontalScaler(w, h)));
    w.verticalScaler().ifPresent(v -> objects.add(verticalScaler(w, v)));
    if (w.minAvailable().isPresent() || w.maxUnavailable().isPresent()) {
      objects.add(disruptionBudget(w));
    }
  }

  private HasMetadata controller(Workload w, Resources resources, @Nullable String priorityClass,
      @Nullable String agentId) {
    String where = "workload " + w.namespace() + "/" + w.name();
    ResourceRequirementsBuilder rr = new ResourceRequirementsBuilder();
    if (!resources.requests().isEmpty()) {
      rr.withRequests(quantities(where + " requests", resources.requests()));
    }
    if (!resources.limits().isEmpty()) {
      rr.withLimits(quantities(where + " limits", resources.limits()));
    }
    Container container = new ContainerBuilder()
        .withName(w.container())
        .withImage(w.image().orElseThrow())
        .withResources(rr.build())
        .build();
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(w.labels()).endMetadata()
        .withNewSpec().withPriorityClassName(priorityClass).withContainers(container).endSpec()
        .build();
    ObjectMetaBuilder meta = new ObjectMetaBuilder(meta(w.name(), w.namespace())).withLabels(w.labels());
    if (agentId != null) {
      meta.withAnnotations(Map.of(AGENT_ANNOTATION, agentId));
    }
    if (w.kind() == Workload.Kind.STATEFULSET) {
      return new StatefulSetBuilder().withMetadata(meta.build())
          .withNewSpec().withReplicas(w.replicas()).withServiceName(w.name())
          .withNewSelector().withMatchLabels(w.labels()).endSelector()
          .withTemplate(template).endSpec()
          .build();
    }
    return new DeploymentBuilder().withMetadata(meta.build())
        .withNewSpec().withReplicas(w.replicas())
        .withNewSelector().withMatchLabels(w.labels()).endSelector()
        .withTemplate(template).endSpec()
        .build();
  }

  private HasMetadata horizontalScaler(Workload w, HorizontalScalerConfig h) {
    String where = "HorizontalPodAutoscaler " + w.namespace() + "/" + w.horizontalScalerName();
    List<MetricSpec> metrics = new ArrayList<>();
    for (ScalingMetric m : h.metrics()) {
      metrics.add(metric(m));
    }
    HorizontalPodAutoscalerBuilder b = new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta(w.horizontalScalerName(), w.namespace()))
        .withNewSpec()
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind(w.kind().kubernetesName()).withName(w.name())
        .endScaleTargetRef()
        .withMinReplicas(h.minReplicas())
        .withMaxReplicas(h.maxReplicas())
        .withMetrics(metrics)
        .endSpec();
    ScalingBehavior behavior = h.behavior().orElse(null);
    boolean defaultTolerance = h.tolerance() == HorizontalScalerConfig.DEFAULT_TOLERANCE;
    if (behavior != null) {
      BigDecimal fallback = defaultTolerance ? null : BigDecimal.valueOf(h.tolerance());
      b.editSpec().withBehavior(new HorizontalPodAutoscalerBehaviorBuilder()
          .withScaleUp(rules(where + " behavior.scaleUp", behavior.scaleUp(), fallback))
          .withScaleDown(rules(where + " behavior.scaleDown", behavior.scaleDown(), fallback))
          .build()).endSpec();
    } else if (!defaultTolerance) {
      unmapped.add(where + " tolerance " + h.tolerance() + ": without a behavior only the controller's "
          + "--horizontal-pod-autoscaler-tolerance sets it; add a ScalingBehavior to export it per direction");
    }
    note(where, "syncPeriod", h.syncPeriod(), Duration.ofSeconds(15), "--horizontal-pod-autoscaler-sync-period");
    note(where, "cpuInitializationPeriod", h.cpuInitializationPeriod(), Duration.ofMinutes(5),
        "--horizontal-pod-autoscaler-cpu-initialization-period");
    note(where, "initialReadinessDelay", h.initialReadinessDelay(), Duration.ofSeconds(30),
        "--horizontal-pod-autoscaler-initial-readiness-delay");
    if (behavior == null) {
      note(where, "downscaleStabilization", h.downscaleStabilization(), Duration.ofMinutes(5),
          "--horizontal-pod-autoscaler-downscale-stabilization");
    }
    return b.build();
  }

  private void note(String where, String setting, Duration value, Duration kubernetesDefault, String flag) {
    if (!value.equals(kubernetesDefault)) {
      unmapped.add(where + " " + setting + " " + value + ": a flag of the controller manager (" + flag
          + "), for every HorizontalPodAutoscaler of the cluster");
    }
  }

  private static HPAScalingRules rules(String where, ScalingRules r, @Nullable BigDecimal fallbackTolerance) {
    List<HPAScalingPolicy> policies = new ArrayList<>();
    for (int i = 0; i < r.policies().size(); i++) {
      ScalingPolicy p = r.policies().get(i);
      policies.add(new HPAScalingPolicyBuilder()
          .withType(p.type() == ScalingPolicy.Type.PODS ? "Pods" : "Percent")
          .withValue(p.value())
          .withPeriodSeconds(seconds(where + ".policies[" + i + "].periodSeconds", p.period()))
          .build());
    }
    HPAScalingRulesBuilder b = new HPAScalingRulesBuilder()
        .withStabilizationWindowSeconds(seconds(where + ".stabilizationWindowSeconds", r.stabilizationWindow()))
        .withSelectPolicy(selectPolicy(r.selectPolicy()))
        .withPolicies(policies);
    if (r.tolerance().isPresent()) {
      b.withTolerance(Quantities.quantity(Quantities.decimal(BigDecimal.valueOf(r.tolerance().getAsDouble()))));
    } else if (fallbackTolerance != null) {
      b.withTolerance(Quantities.quantity(Quantities.decimal(fallbackTolerance)));
    }
    return b.build();
  }

  static String selectPolicy(ScalingRules.SelectPolicy p) {
    return switch (p) {
      case MIN -> "Min";
      case DISABLED -> "Disabled";
      case MAX -> "Max";
    };
  }

  private static int seconds(String field, Duration d) {
    if (d.getNano() != 0) {
      throw new IllegalArgumentException(field + " " + d + " must be a whole number of seconds for Kubernetes");
    }
    return Math.toIntExact(d.getSeconds());
  }

  private static MetricSpec metric(ScalingMetric m) {
    MetricMapping.Shape shape = MetricMapping.shapeOf(m);
    return switch (shape) {
      case CPU_UTILIZATION, MEMORY_UTILIZATION -> new MetricSpecBuilder().withType("Resource").withNewResource()
          .withName(shape == MetricMapping.Shape.CPU_UTILIZATION ? "cpu" : "memory")
          .withTarget(new MetricTargetBuilder().withType("Utilization").withAverageUtilization((int) m.target()).build())
          .endResource().build();
      case CPU_AVERAGE_VALUE -> new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
          .withTarget(averageValue(Quantities.cpu(BigDecimal.valueOf(m.target()).movePointRight(3).longValueExact())))
          .endResource().build();
      case MEMORY_AVERAGE_VALUE -> new MetricSpecBuilder().withType("Resource").withNewResource().withName("memory")
          .withTarget(averageValue(Quantities.bytes((long) m.target())))
          .endResource().build();
      case PODS_AVERAGE_VALUE -> new MetricSpecBuilder().withType("Pods").withNewPods()
          .withNewMetric().withName(m.metric().name()).endMetric()
          .withTarget(averageValue(Quantities.decimal(BigDecimal.valueOf(m.target()))))
          .endPods().build();
      case EXTERNAL_VALUE -> new MetricSpecBuilder().withType("External").withNewExternal()
          .withNewMetric().withName(m.metric().name()).endMetric()
          .withTarget(new MetricTargetBuilder().withType("Value")
              .withValue(Quantities.quantity(Quantities.decimal(BigDecimal.valueOf(m.target())))).build())
          .endExternal().build();
      case EXTERNAL_AVERAGE_VALUE -> new MetricSpecBuilder().withType("External").withNewExternal()
          .withNewMetric().withName(m.metric().name()).endMetric()
          .withTarget(averageValue(Quantities.decimal(BigDecimal.valueOf(m.target()))))
          .endExternal().build();
    };
  }

  private static MetricTarget averageValue(String canonical) {
    return new MetricTargetBuilder().withType("AverageValue").withAverageValue(Quantities.quantity(canonical)).build();
  }

  private HasMetadata verticalScaler(Workload w, VerticalRecommenderConfig v) {
    String where = "VerticalPodAutoscaler " + w.namespace() + "/" + w.verticalScalerName();
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("containerName", w.container());
    policy.put("mode", "Auto");
    Map<String, Object> min = new LinkedHashMap<>();
    v.minAllowedCpu().ifPresent(c -> min.put("cpu", Quantities.cpu(c.millicores())));
    v.minAllowedMemory().ifPresent(m -> min.put("memory", Quantities.bytes(m.bytes())));
    Map<String, Object> max = new LinkedHashMap<>();
    v.maxAllowedCpu().ifPresent(c -> max.put("cpu", Quantities.cpu(c.millicores())));
    v.maxAllowedMemory().ifPresent(m -> max.put("memory", Quantities.bytes(m.bytes())));
    if (!min.isEmpty()) {
      policy.put("minAllowed", min);
    }
    if (!max.isEmpty()) {
      policy.put("maxAllowed", max);
    }
    policy.put("controlledResources", v.memoryMetric().isPresent() ? List.of("cpu", "memory") : List.of("cpu"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("targetRef", new LinkedHashMap<>(Map.of("apiVersion", "apps/v1", "kind", w.kind().kubernetesName(),
        "name", w.name())));
    spec.put("updatePolicy", Map.of("updateMode", w.updateMode().kubernetesName()));
    spec.put("resourcePolicy", Map.of("containerPolicies", List.of(policy)));
    VerticalRecommenderConfig defaults = VerticalRecommenderConfig.ofDefaults();
    if (v.targetCpuPercentile() != defaults.targetCpuPercentile()
        || v.targetMemoryPercentile() != defaults.targetMemoryPercentile()
        || v.safetyMarginFraction() != defaults.safetyMarginFraction()
        || !v.cpuHalfLife().equals(defaults.cpuHalfLife()) || !v.memoryHalfLife().equals(defaults.memoryHalfLife())
        || !v.minCpu().equals(defaults.minCpu()) || !v.minMemory().equals(defaults.minMemory())
        || v.oomBumpUpRatio() != defaults.oomBumpUpRatio()) {
      unmapped.add(where + ": percentiles, half-lives, safety margin, minimum recommendation and OOM bump are flags "
          + "of the VPA recommender (--target-cpu-percentile, --cpu-histogram-decay-half-life, "
          + "--recommendation-margin-fraction, --pod-recommendation-min-cpu-millicores, --oom-bump-up-ratio, ...), "
          + "for every VerticalPodAutoscaler it serves");
    }
    GenericKubernetesResource vpa = new GenericKubernetesResourceBuilder()
        .withApiVersion(VPA_API_VERSION)
        .withKind(VPA_KIND)
        .withMetadata(meta(w.verticalScalerName(), w.namespace()))
        .build();
    vpa.setAdditionalProperty("spec", spec);
    return vpa;
  }

  private HasMetadata disruptionBudget(Workload w) {
    PodDisruptionBudgetBuilder b = new PodDisruptionBudgetBuilder()
        .withMetadata(new ObjectMetaBuilder(meta(w.disruptionBudgetName(), w.namespace()))
            .withAnnotations(Map.of(WORKLOAD_ANNOTATION, w.kind().kubernetesName() + "/" + w.name())).build())
        .withNewSpec()
        .withNewSelector().withMatchLabels(w.labels()).endSelector()
        .endSpec();
    w.minAvailable().ifPresent(v -> b.editSpec().withMinAvailable(intOrPercent(v)).endSpec());
    w.maxUnavailable().ifPresent(v -> b.editSpec().withMaxUnavailable(intOrPercent(v)).endSpec());
    return b.build();
  }

  static IntOrString intOrPercent(String v) {
    return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
  }

  // ------------------------------------------------------------------ helpers

  private Map<String, Quantity> quantities(String where, ResourceVector v) {
    Map<String, Quantity> m = new LinkedHashMap<>();
    for (Resource r : v.resources()) {
      if (!exportable(r)) {
        unmapped.add(where + " " + r + "=" + r.format(v.amount(r)) + ": Kubernetes containers request no " + r
            + "; the library governs it in-process only");
        continue;
      }
      m.put(r.name(), Quantities.quantity(Quantities.of(r, v.amount(r))));
    }
    return m;
  }

  /**
   * Whether containers can request {@code r}: cpu, memory, ephemeral-storage, hugepages and extended resources
   * ({@code vendor/name}); the library's open-files, threads and allocation-rate, or an unqualified custom name, not.
   */
  static boolean exportable(Resource r) {
    return !LIBRARY_ONLY.contains(r) && QuotaKeys.isContainerResource(r.name());
  }

  private static ObjectMeta meta(String name, String namespace) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).build();
  }
}
