package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns Kubernetes objects into a {@link Policy}; the inverse of {@link Exporter}. */
final class Importer {

  private final AllocationConfig.Builder allocation;
  private final Workloads.Builder workloads = Workloads.custom();
  private final Map<String, Workload.Builder> builders = new LinkedHashMap<>();
  private final Map<String, Quota> quotas = new LinkedHashMap<>();
  private final Map<String, LimitRange> limitRanges = new LinkedHashMap<>();
  private final List<String> namespaces = new ArrayList<>();

  private Importer(AllocationConfig.Builder allocation) {
    this.allocation = allocation;
  }

  static Policy importPolicy(List<HasMetadata> objects, AllocationConfig.Builder base) {
    Importer i = new Importer(base);
    List<HasMetadata> later = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass pc) {
        i.priorityClass(pc);
      } else if (o instanceof ResourceQuota q) {
        i.quota(q);
      } else if (o instanceof io.fabric8.kubernetes.api.model.LimitRange lr) {
        i.limitRange(lr);
      } else if (o instanceof Deployment d) {
        i.controller(d, Workload.Kind.DEPLOYMENT, d.getSpec() == null ? null : d.getSpec().getReplicas(),
            d.getSpec() == null ? null : d.getSpec().getSelector().getMatchLabels(),
            d.getSpec() == null ? null : d.getSpec().getTemplate());
      } else if (o instanceof StatefulSet s) {
        i.controller(s, Workload.Kind.STATEFULSET, s.getSpec() == null ? null : s.getSpec().getReplicas(),
            s.getSpec() == null ? null : s.getSpec().getSelector().getMatchLabels(),
            s.getSpec() == null ? null : s.getSpec().getTemplate());
      } else if (o instanceof HorizontalPodAutoscaler || o instanceof PodDisruptionBudget
          || (o instanceof GenericKubernetesResource g && Exporter.VPA_KIND.equals(g.getKind())
              && Exporter.VPA_API_VERSION.equals(g.getApiVersion()))) {
        later.add(o); // they attach to workloads, which may come after them in the file
      } else {
        throw new IllegalArgumentException(describe(o) + " is not imported; supported kinds: PriorityClass, "
            + "ResourceQuota, LimitRange, Deployment, StatefulSet, HorizontalPodAutoscaler (autoscaling/v2), "
            + "VerticalPodAutoscaler (autoscaling.k8s.io/v1), PodDisruptionBudget (policy/v1)");
      }
    }
    for (HasMetadata o : later) {
      if (o instanceof HorizontalPodAutoscaler h) {
        i.horizontalScaler(h);
      } else if (o instanceof GenericKubernetesResource g) {
        i.verticalScaler(g);
      }
    }
    for (HasMetadata o : later) {
      if (o instanceof PodDisruptionBudget p) {
        i.disruptionBudget(p);
      }
    }
    return i.finish();
  }

  private Policy finish() {
    for (String ns : namespaces) {
      if (!quotas.containsKey(ns) && !limitRanges.containsKey(ns)) {
        continue;
      }
      ProjectConfig.Builder p = ProjectConfig.custom(ns);
      if (quotas.containsKey(ns)) {
        p.quota(quotas.get(ns));
      }
      if (limitRanges.containsKey(ns)) {
        p.limitRange(limitRanges.get(ns));
      }
      allocation.project(p.build());
    }
    builders.values().forEach(b -> workloads.workload(b.build()));
    return new Policy(allocation.build(), workloads.build());
  }

  private void namespace(String ns) {
    if (!namespaces.contains(ns)) {
      namespaces.add(ns);
    }
  }

  // ------------------------------------------------------------------ priority classes

  private void priorityClass(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass pc) {
    String name = nameOf(pc);
    if (pc.getValue() == null) {
      throw new IllegalArgumentException(describe(pc) + " value is required");
    }
    allocation.priorityClass(new PriorityClass(name, pc.getValue(), Boolean.TRUE.equals(pc.getGlobalDefault()),
        !"Never".equals(pc.getPreemptionPolicy())));
    if (pc.getDescription() != null) {
      workloads.priorityClassDescription(name, pc.getDescription());
    }
  }

  // ------------------------------------------------------------------ namespaces

  private void quota(ResourceQuota q) {
    String ns = namespaceOf(q);
    if (quotas.containsKey(ns)) {
      throw new IllegalArgumentException(describe(q) + ": namespace " + ns + " has a second ResourceQuota; the library "
          + "keeps one quota per project, merge them");
    }
    Map<String, Quantity> hard = q.getSpec() == null || q.getSpec().getHard() == null ? Map.of() : q.getSpec().getHard();
    Quota.Builder b = Quota.custom(nameOf(q));
    boolean any = false;
    for (Map.Entry<String, Quantity> e : hard.entrySet()) {
      String key = e.getKey();
      String field = describe(q) + " spec.hard." + key;
      if (key.equals("pods")) {
        b.agents(Quantities.amount(field, countResource(), e.getValue()));
        any = true;
      } else if (QuotaKeys.isCompute(key)) {
        String full = key.startsWith("requests.") || key.startsWith("limits.") ? key : "requests." + key;
        String resourceName = full.substring(full.indexOf('.') + 1);
        Resource r = resource(field, resourceName);
        long amount = Quantities.amount(field, r, e.getValue());
        if (full.startsWith("requests.")) {
          b.requests(r, amount);
        } else {
          b.limits(r, amount);
        }
        any = true;
      } else {
        workloads.quotaExtra(ns, key, e.getValue().toString());
      }
    }
    if (any) {
      quotas.put(ns, b.build());
    }
    namespace(ns);
  }

  private void limitRange(io.fabric8.kubernetes.api.model.LimitRange lr) {
    String ns = namespaceOf(lr);
    List<LimitRangeItem> items = lr.getSpec() == null || lr.getSpec().getLimits() == null ? List.of()
        : lr.getSpec().getLimits();
    for (int i = 0; i < items.size(); i++) {
      LimitRangeItem item = items.get(i);
      String field = describe(lr) + " spec.limits[" + i + "]";
      if (!"Container".equals(item.getType())) {
        workloads.limitRangeExtra(ns, item);
        continue;
      }
      if (limitRanges.containsKey(ns)) {
        throw new IllegalArgumentException(field + ": namespace " + ns + " has a second Container limit range; the "
            + "library keeps one per project");
      }
      LimitRange.Builder b = LimitRange.custom();
      b.defaultLimit(vector(field + ".default", item.getDefault()));
      b.defaultRequest(vector(field + ".defaultRequest", item.getDefaultRequest()));
      b.min(vector(field + ".min", item.getMin()));
      b.max(vector(field + ".max", item.getMax()));
      if (item.getMaxLimitRequestRatio() != null) {
        for (Map.Entry<String, Quantity> e : item.getMaxLimitRequestRatio().entrySet()) {
          String f = field + ".maxLimitRequestRatio." + e.getKey();
          b.maxLimitRequestRatio(resource(f, e.getKey()),
              Quantities.value(f, e.getValue()).stripTrailingZeros().toPlainString());
        }
      }
      limitRanges.put(ns, b.build());
    }
    namespace(ns);
  }

  // ------------------------------------------------------------------ workloads

  private void controller(HasMetadata o, Workload.Kind kind, @Nullable Integer replicas,
      @Nullable Map<String, String> selector, @Nullable PodTemplateSpec template) {
    String ns = namespaceOf(o);
    String name = nameOf(o);
    String where = describe(o);
    PodSpec pod = template == null ? null : template.getSpec();
    if (pod == null || pod.getContainers() == null || pod.getContainers().size() != 1) {
      throw new IllegalArgumentException(where + " spec.template.spec.containers: the library describes pods of "
          + "exactly one container, found " + (pod == null || pod.getContainers() == null ? 0 : pod.getContainers().size()));
    }
    Container c = pod.getContainers().get(0);
    Resources resources = resources(where + " spec.template.spec.containers[0].resources", c.getResources());
    Workload.Builder w = Workload.custom(name, ns).kind(kind).container(c.getName())
        .replicas(replicas == null ? 1 : replicas);
    if (c.getImage() != null) {
      w.image(c.getImage());
    }
    if (selector != null) {
      selector.forEach((key, value) -> w.label(key, KubernetesNames.requireLabelValue("label " + key, value)));
    }
    String agentId = o.getMetadata().getAnnotations() == null ? null
        : o.getMetadata().getAnnotations().get(Exporter.AGENT_ANNOTATION);
    if (agentId != null) {
      AgentSpec.Builder agent = AgentSpec.custom(agentId).project(ns).resources(resources);
      if (pod.getPriorityClassName() != null) {
        agent.priorityClass(pod.getPriorityClassName());
      }
      allocation.agent(agent.build());
      w.agent(agentId);
    } else {
      w.resources(resources);
      if (pod.getPriorityClassName() != null) {
        w.priorityClass(pod.getPriorityClassName());
      }
    }
    if (builders.putIfAbsent(ns + "/" + name, w) != null) {
      throw new IllegalArgumentException(where + ": a Deployment or StatefulSet of that name is already imported");
    }
  }

  /** The builder of the workload {@code name}, creating one for a workload that is not among the objects. */
  private Workload.Builder workload(String ns, String name, String kind) {
    return builders.computeIfAbsent(ns + "/" + name,
        k -> Workload.custom(name, ns).kind(Workload.Kind.ofKubernetesName(kind)));
  }

  private void horizontalScaler(HorizontalPodAutoscaler h) {
    String where = describe(h);
    HorizontalPodAutoscalerSpec spec = h.getSpec();
    if (spec == null || spec.getScaleTargetRef() == null) {
      throw new IllegalArgumentException(where + " spec.scaleTargetRef is required");
    }
    HorizontalScalerConfig.Builder b = HorizontalScalerConfig.custom()
        .minReplicas(spec.getMinReplicas() == null ? 1 : spec.getMinReplicas())
        .maxReplicas(spec.getMaxReplicas());
    List<MetricSpec> metrics = spec.getMetrics() == null ? List.of() : spec.getMetrics();
    for (int i = 0; i < metrics.size(); i++) {
      b.metric(metric(where + " spec.metrics[" + i + "]", metrics.get(i)));
    }
    HorizontalPodAutoscalerBehavior behavior = spec.getBehavior();
    if (behavior != null) {
      b.behavior(ScalingBehavior.of(
          rules(where + " spec.behavior.scaleUp", ScalingRules.scaleUp(), behavior.getScaleUp()),
          rules(where + " spec.behavior.scaleDown", ScalingRules.scaleDown(), behavior.getScaleDown())));
    }
    HorizontalScalerConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    String kind = required(where + " spec.scaleTargetRef.kind", spec.getScaleTargetRef().getKind());
    workload(namespaceOf(h), required(where + " spec.scaleTargetRef.name", spec.getScaleTargetRef().getName()), kind)
        .horizontalScaler(nameOf(h), config);
  }

  private static ScalingRules rules(String field, ScalingRules.Builder b, @Nullable HPAScalingRules r) {
    if (r == null) {
      return b.build();
    }
    if (r.getStabilizationWindowSeconds() != null) {
      b.stabilizationWindow(Duration.ofSeconds(r.getStabilizationWindowSeconds()));
    }
    if (r.getSelectPolicy() != null) {
      b.selectPolicy(switch (r.getSelectPolicy()) {
        case "Max" -> ScalingRules.SelectPolicy.MAX;
        case "Min" -> ScalingRules.SelectPolicy.MIN;
        case "Disabled" -> ScalingRules.SelectPolicy.DISABLED;
        default -> throw new IllegalArgumentException(field + ".selectPolicy \"" + r.getSelectPolicy()
            + "\" is not allowed; allowed: Max, Min, Disabled");
      });
    }
    List<HPAScalingPolicy> policies = r.getPolicies() == null ? List.of() : r.getPolicies();
    for (int i = 0; i < policies.size(); i++) {
      HPAScalingPolicy p = policies.get(i);
      ScalingPolicy.Type type;
      if ("Pods".equals(p.getType())) {
        type = ScalingPolicy.Type.PODS;
      } else if ("Percent".equals(p.getType())) {
        type = ScalingPolicy.Type.PERCENT;
      } else {
        throw new IllegalArgumentException(field + ".policies[" + i + "].type \"" + p.getType()
            + "\" is not allowed; allowed: Pods, Percent");
      }
      b.policy(type, p.getValue() == null ? 0 : p.getValue(),
          Duration.ofSeconds(p.getPeriodSeconds() == null ? 0 : p.getPeriodSeconds()));
    }
    if (r.getTolerance() != null) {
      b.tolerance(Quantities.value(field + ".tolerance", r.getTolerance()).doubleValue());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static ScalingMetric metric(String field, MetricSpec m) {
    String type = m.getType();
    if ("Resource".equals(type) && m.getResource() != null) {
      String resource = m.getResource().getName();
      MetricTarget t = m.getResource().getTarget();
      if (!"cpu".equals(resource) && !"memory".equals(resource)) {
        throw new IllegalArgumentException(field + ".resource.name \"" + resource + "\" is not supported; allowed: "
            + "cpu, memory");
      }
      Metric usage = MetricMapping.usageMetric(resource);
      if ("Utilization".equals(t.getType())) {
        return resource.equals("cpu") ? ScalingMetric.cpuUtilization(usage, t.getAverageUtilization())
            : ScalingMetric.memoryUtilization(usage, t.getAverageUtilization());
      }
      if ("AverageValue".equals(t.getType())) {
        return resource.equals("cpu")
            ? ScalingMetric.cpuAverageValue(usage,
                CpuQuantity.ofMillicores(Quantities.amount(field + ".resource.target.averageValue", Resource.CPU,
                    t.getAverageValue())))
            : ScalingMetric.memoryAverageValue(usage,
                ByteSize.ofBytes(Quantities.amount(field + ".resource.target.averageValue", Resource.MEMORY,
                    t.getAverageValue())));
      }
      throw new IllegalArgumentException(field + ".resource.target.type \"" + t.getType()
          + "\" is not supported for resource metrics; allowed: Utilization, AverageValue");
    }
    if ("Pods".equals(type) && m.getPods() != null) {
      MetricTarget t = m.getPods().getTarget();
      String name = m.getPods().getMetric().getName();
      Metric metric = metric(field + ".pods.metric.name", name.startsWith("agent.") ? name : "agent." + name);
      return ScalingMetric.replicaAverageValue(metric,
          Quantities.value(field + ".pods.target.averageValue", t.getAverageValue()).doubleValue());
    }
    if ("External".equals(type) && m.getExternal() != null) {
      MetricTarget t = m.getExternal().getTarget();
      Metric metric = metric(field + ".external.metric.name", m.getExternal().getMetric().getName());
      if ("Value".equals(t.getType())) {
        return ScalingMetric.value(metric, Quantities.value(field + ".external.target.value", t.getValue()).doubleValue());
      }
      if ("AverageValue".equals(t.getType())) {
        return ScalingMetric.averageValue(metric,
            Quantities.value(field + ".external.target.averageValue", t.getAverageValue()).doubleValue());
      }
      throw new IllegalArgumentException(field + ".external.target.type \"" + t.getType()
          + "\" is not supported; allowed: Value, AverageValue");
    }
    throw new IllegalArgumentException(field + ".type \"" + type + "\" is not supported; allowed: Resource, Pods, "
        + "External (Object and ContainerResource metrics have no counterpart in the library)");
  }

  private static Metric metric(String field, String name) {
    try {
      return Metric.find(name).orElseGet(() -> Metric.of(name, Unit.NONE, "imported from a HorizontalPodAutoscaler"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private void verticalScaler(GenericKubernetesResource g) {
    String where = describe(g);
    Map<String, Object> spec = (Map<String, Object>) g.getAdditionalProperties().get("spec");
    if (spec == null || !(spec.get("targetRef") instanceof Map)) {
      throw new IllegalArgumentException(where + " spec.targetRef is required (a Deployment or StatefulSet)");
    }
    Map<String, Object> target = (Map<String, Object>) spec.get("targetRef");
    String kind = String.valueOf(target.get("kind"));
    if (!"Deployment".equals(kind) && !"StatefulSet".equals(kind)) {
      throw new IllegalArgumentException(where + " spec.targetRef.kind \"" + kind + "\" is not supported; allowed: "
          + "Deployment, StatefulSet");
    }
    Workload.UpdateMode mode = Workload.UpdateMode.RECREATE;
    if (spec.get("updatePolicy") instanceof Map<?, ?> up && up.get("updateMode") != null) {
      mode = Workload.UpdateMode.ofKubernetesName(String.valueOf(up.get("updateMode")));
    }
    VerticalRecommenderConfig.Builder b = VerticalRecommenderConfig.custom();
    List<Object> controlled = List.of("cpu", "memory");
    if (spec.get("resourcePolicy") instanceof Map<?, ?> rp && rp.get("containerPolicies") instanceof List<?> policies) {
      if (policies.size() > 1) {
        throw new IllegalArgumentException(where + " spec.resourcePolicy.containerPolicies: the library's workloads "
            + "have one container; found " + policies.size() + " policies");
      }
      if (!policies.isEmpty()) {
        Map<String, Object> p = (Map<String, Object>) policies.get(0);
        Map<String, Object> min = (Map<String, Object>) p.getOrDefault("minAllowed", Map.of());
        Map<String, Object> max = (Map<String, Object>) p.getOrDefault("maxAllowed", Map.of());
        String f = where + " spec.resourcePolicy.containerPolicies[0]";
        allowedBounds(b, cpu(f + ".minAllowed.cpu", min.get("cpu")), cpu(f + ".maxAllowed.cpu", max.get("cpu")),
            memory(f + ".minAllowed.memory", min.get("memory")), memory(f + ".maxAllowed.memory", max.get("memory")));
        if (p.get("controlledResources") instanceof List<?> c) {
          controlled = new ArrayList<>(c);
        }
      }
    }
    if (controlled.contains("memory")) {
      b.memoryMetric(AllocationConfig.AGENT_MEMORY_USED);
    }
    VerticalRecommenderConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    workload(namespaceOf(g), String.valueOf(target.get("name")), kind)
        .verticalScaler(nameOf(g), config, mode);
  }

  /** Sets the recommender's bounds; a null bound is no bound, as the VPA's absent minAllowed or maxAllowed. */
  // The builder's allowedCpu and allowedMemory take null for "no bound" (their javadoc says so), but core does not
  // mark those parameters @Nullable; NullAway is suppressed for these two calls only.
  @SuppressWarnings("NullAway")
  static void allowedBounds(VerticalRecommenderConfig.Builder b, @Nullable CpuQuantity minCpu,
      @Nullable CpuQuantity maxCpu, @Nullable ByteSize minMemory, @Nullable ByteSize maxMemory) {
    b.allowedCpu(minCpu, maxCpu);
    b.allowedMemory(minMemory, maxMemory);
  }

  private static @Nullable CpuQuantity cpu(String field, @Nullable Object q) {
    return q == null ? null : CpuQuantity.ofMillicores(Quantities.amount(field, Resource.CPU, Quantities.parse(field,
        String.valueOf(q))));
  }

  private static @Nullable ByteSize memory(String field, @Nullable Object q) {
    return q == null ? null : ByteSize.ofBytes(Quantities.amount(field, Resource.MEMORY, Quantities.parse(field,
        String.valueOf(q))));
  }

  private void disruptionBudget(PodDisruptionBudget p) {
    String ns = namespaceOf(p);
    String where = describe(p);
    Map<String, String> selector = p.getSpec() == null || p.getSpec().getSelector() == null
        || p.getSpec().getSelector().getMatchLabels() == null ? Map.of() : p.getSpec().getSelector().getMatchLabels();
    Workload.Builder w = null;
    String annotated = p.getMetadata().getAnnotations() == null ? null
        : p.getMetadata().getAnnotations().get(Exporter.WORKLOAD_ANNOTATION);
    if (annotated != null && annotated.contains("/")) {
      String kind = annotated.substring(0, annotated.indexOf('/'));
      w = workload(ns, annotated.substring(annotated.indexOf('/') + 1), kind);
    } else {
      for (Map.Entry<String, Workload.Builder> e : builders.entrySet()) {
        if (e.getKey().startsWith(ns + "/") && e.getValue().build().labels().equals(selector)) {
          w = e.getValue();
        }
      }
      if (w == null) {
        w = workload(ns, nameOf(p), "Deployment");
      }
    }
    if (w.build().labels().isEmpty()) {
      Workload.Builder protectedWorkload = w;
      selector.forEach((key, value) -> protectedWorkload.label(key,
          KubernetesNames.requireLabelValue("label " + key, value)));
    } else if (!w.build().labels().equals(selector)) {
      throw new IllegalArgumentException(where + " spec.selector.matchLabels " + selector + " differ from the labels "
          + w.build().labels() + " of the workload it protects");
    }
    w.disruptionBudgetName(nameOf(p));
    IntOrString min = p.getSpec().getMinAvailable();
    IntOrString max = p.getSpec().getMaxUnavailable();
    if (min != null) {
      w.minAvailable(text(min));
    }
    if (max != null) {
      w.maxUnavailable(text(max));
    }
  }

  private static String text(IntOrString v) {
    return v.getIntVal() != null ? Integer.toString(v.getIntVal()) : v.getStrVal();
  }

  // ------------------------------------------------------------------ helpers

  private Resources resources(String field, ResourceRequirements rr) {
    if (rr == null) {
      return Resources.none();
    }
    try {
      return Resources.of(vector(field + ".requests", rr.getRequests()), vector(field + ".limits", rr.getLimits()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static ResourceVector vector(String field, Map<String, Quantity> quantities) {
    ResourceVector v = ResourceVector.empty();
    if (quantities != null) {
      for (Map.Entry<String, Quantity> e : quantities.entrySet()) {
        String f = field + "." + e.getKey();
        Resource r = resource(f, e.getKey());
        v = v.with(r, Quantities.amount(f, r, e.getValue()));
      }
    }
    return v;
  }

  /** The library resource of a Kubernetes resource name, defining hugepages and extended resources on first use. */
  private static Resource resource(String field, String name) {
    if (!QuotaKeys.isContainerResource(name)) {
      throw new IllegalArgumentException(field + ": resource \"" + name + "\" is not a container resource; allowed: "
          + "cpu, memory, ephemeral-storage, hugepages-<size>, <vendor>/<name>");
    }
    try {
      if (name.equals("ephemeral-storage") || name.startsWith("hugepages-")) {
        return Resource.bytes(name);
      }
      return Resource.find(name).orElseGet(() -> Resource.count(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static Resource countResource() {
    return Resource.THREADS; // any COUNT resource: only its kind is used to read a whole number
  }

  private static String namespaceOf(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    if (ns == null || ns.isEmpty()) {
      throw new IllegalArgumentException(describe(o) + " metadata.namespace is required: the library maps namespaces "
          + "to projects");
    }
    return ns;
  }

  /** The object's {@code metadata.name}, which every imported object must have. */
  private static String nameOf(HasMetadata o) {
    return required(describe(o) + " metadata.name", o.getMetadata() == null ? null : o.getMetadata().getName());
  }

  /** {@code value}, which the manifest must give; a missing one is an error naming {@code field}. */
  private static String required(String field, @Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  static String describe(HasMetadata o) {
    String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
    String name = o.getMetadata() == null ? null : o.getMetadata().getName();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + name;
  }

  /** Drops the status of objects read from a cluster. */
  static void dropStatus(HasMetadata o) {
    if (o instanceof Deployment d) {
      d.setStatus(null);
    } else if (o instanceof StatefulSet s) {
      s.setStatus(null);
    } else if (o instanceof HorizontalPodAutoscaler h) {
      h.setStatus(null);
    } else if (o instanceof PodDisruptionBudget p) {
      p.setStatus(null);
    } else if (o instanceof ResourceQuota q) {
      q.setStatus(null);
    } else if (o instanceof GenericKubernetesResource g) {
      g.getAdditionalProperties().remove("status");
    }
  }
}
