package io.github.resourcemanager.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.kubernetes.internal.Quantities;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code kubernetes} section of the JSON configuration into {@link Workloads}. Field names follow the
 * Kubernetes objects they become; unknown keys are errors naming their JSON path. See {@code docs/kubernetes.md}.
 */
final class WorkloadsJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.ALLOW_COMMENTS);

  private WorkloadsJson() {}

  static Workloads parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("$: not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode k = root == null ? null : root.get("kubernetes");
    Workloads.Builder b = Workloads.custom();
    if (k == null || k.isNull()) {
      return b.build();
    }
    String path = "$.kubernetes";
    object(path, k, Set.of("priorityClassDescriptions", "namespaces", "workloads"));
    fields(k.get("priorityClassDescriptions")).forEach((name, v) -> b.priorityClassDescription(name,
        text(path + ".priorityClassDescriptions." + name, v)));
    fields(k.get("namespaces")).forEach((ns, v) -> namespace(path + ".namespaces." + ns, ns, v, b));
    JsonNode list = k.get("workloads");
    if (list != null) {
      if (!list.isArray()) {
        throw new IllegalArgumentException(path + ".workloads: must be an array of workloads");
      }
      for (int i = 0; i < list.size(); i++) {
        String p = path + ".workloads[" + i + "]";
        try {
          b.workload(workload(p, list.get(i)));
        } catch (IllegalArgumentException e) {
          String message = e.getMessage();
          throw message != null && message.startsWith("$") ? e : new IllegalArgumentException(p + ": " + message, e);
        }
      }
    }
    return b.build();
  }

  private static void namespace(String path, String ns, JsonNode node, Workloads.Builder b) {
    object(path, node, Set.of("quota", "limitRanges"));
    fields(node.get("quota")).forEach((key, v) -> b.quotaExtra(ns, key, v.asText()));
    JsonNode items = node.get("limitRanges");
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        String p = path + ".limitRanges[" + i + "]";
        JsonNode item = items.get(i);
        object(p, item, Set.of("type", "min", "max", "default", "defaultRequest", "maxLimitRequestRatio"));
        b.limitRangeExtra(ns, new LimitRangeItemBuilder()
            .withType(text(p + ".type", item.get("type")))
            .withMin(quantities(p + ".min", item.get("min")))
            .withMax(quantities(p + ".max", item.get("max")))
            .withDefault(quantities(p + ".default", item.get("default")))
            .withDefaultRequest(quantities(p + ".defaultRequest", item.get("defaultRequest")))
            .withMaxLimitRequestRatio(quantities(p + ".maxLimitRequestRatio", item.get("maxLimitRequestRatio")))
            .build());
      }
    }
  }

  private static @Nullable Map<String, Quantity> quantities(String path, @Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    Map<String, Quantity> m = new LinkedHashMap<>();
    fields(node).forEach((k, v) -> m.put(k, Quantities.quantity(Quantities.canonical(path + "." + k, v.asText()))));
    return m;
  }

  private static Workload workload(String path, JsonNode n) {
    object(path, n, Set.of("name", "namespace", "kind", "labels", "image", "container", "replicas", "agent",
        "requests", "limits", "priorityClass", "horizontalScaler", "verticalScaler", "disruptionBudget"));
    Workload.Builder w = Workload.custom(text(path + ".name", n.get("name")), text(path + ".namespace", n.get("namespace")));
    if (n.has("kind")) {
      w.kind(Workload.Kind.ofKubernetesName(n.get("kind").asText()));
    }
    fields(n.get("labels")).forEach((k, v) -> w.label(k, v.asText()));
    if (n.has("image")) {
      w.image(text(path + ".image", n.get("image")));
    }
    if (n.has("container")) {
      w.container(text(path + ".container", n.get("container")));
    }
    if (n.has("replicas")) {
      w.replicas(integer(path + ".replicas", n.get("replicas")));
    }
    if (n.has("agent")) {
      w.agent(text(path + ".agent", n.get("agent")));
    }
    if (n.has("requests") || n.has("limits")) {
      w.resources(Resources.of(vector(path + ".requests", n.get("requests")), vector(path + ".limits", n.get("limits"))));
    }
    if (n.has("priorityClass")) {
      w.priorityClass(text(path + ".priorityClass", n.get("priorityClass")));
    }
    JsonNode h = n.get("horizontalScaler");
    if (h != null) {
      HorizontalScalerConfig config = horizontal(path + ".horizontalScaler", h);
      if (h.has("name")) {
        w.horizontalScaler(h.get("name").asText(), config);
      } else {
        w.horizontalScaler(config);
      }
    }
    JsonNode v = n.get("verticalScaler");
    if (v != null) {
      String p = path + ".verticalScaler";
      object(p, v, Set.of("name", "updateMode", "minAllowed", "maxAllowed", "controlledResources"));
      VerticalRecommenderConfig.Builder vb = VerticalRecommenderConfig.custom();
      JsonNode min = v.get("minAllowed");
      JsonNode max = v.get("maxAllowed");
      Importer.allowedBounds(vb, cpu(p + ".minAllowed.cpu", min), cpu(p + ".maxAllowed.cpu", max),
          memory(p + ".minAllowed.memory", min), memory(p + ".maxAllowed.memory", max));
      boolean memoryControlled = true;
      if (v.has("controlledResources")) {
        memoryControlled = false;
        for (JsonNode r : v.get("controlledResources")) {
          memoryControlled |= r.asText().equals("memory");
        }
      }
      if (memoryControlled) {
        vb.memoryMetric(Metric.AGENT_MEMORY_USED);
      }
      Workload.UpdateMode mode = v.has("updateMode") ? Workload.UpdateMode.ofKubernetesName(v.get("updateMode").asText())
          : Workload.UpdateMode.RECREATE;
      if (v.has("name")) {
        w.verticalScaler(v.get("name").asText(), vb.build(), mode);
      } else {
        w.verticalScaler(vb.build(), mode);
      }
    }
    JsonNode d = n.get("disruptionBudget");
    if (d != null) {
      String p = path + ".disruptionBudget";
      object(p, d, Set.of("name", "minAvailable", "maxUnavailable"));
      if (d.has("name")) {
        w.disruptionBudgetName(d.get("name").asText());
      }
      if (d.has("minAvailable")) {
        w.minAvailable(d.get("minAvailable").asText());
      }
      if (d.has("maxUnavailable")) {
        w.maxUnavailable(d.get("maxUnavailable").asText());
      }
    }
    return w.build();
  }

  private static HorizontalScalerConfig horizontal(String path, JsonNode h) {
    object(path, h, Set.of("name", "minReplicas", "maxReplicas", "metrics", "behavior", "tolerance"));
    HorizontalScalerConfig.Builder b = HorizontalScalerConfig.custom();
    if (h.has("minReplicas")) {
      b.minReplicas(integer(path + ".minReplicas", h.get("minReplicas")));
    }
    if (h.has("maxReplicas")) {
      b.maxReplicas(integer(path + ".maxReplicas", h.get("maxReplicas")));
    }
    if (h.has("tolerance")) {
      b.tolerance(number(path + ".tolerance", h.get("tolerance")));
    }
    JsonNode metrics = h.get("metrics");
    if (metrics != null) {
      for (int i = 0; i < metrics.size(); i++) {
        b.metric(metric(path + ".metrics[" + i + "]", metrics.get(i)));
      }
    }
    JsonNode behavior = h.get("behavior");
    if (behavior != null) {
      object(path + ".behavior", behavior, Set.of("scaleUp", "scaleDown"));
      b.behavior(ScalingBehavior.of(rules(path + ".behavior.scaleUp", ScalingRules.scaleUp(), behavior.get("scaleUp")),
          rules(path + ".behavior.scaleDown", ScalingRules.scaleDown(), behavior.get("scaleDown"))));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static ScalingMetric metric(String path, JsonNode m) {
    object(path, m, Set.of("resource", "pods", "external", "utilization", "averageValue", "value"));
    if (m.has("resource")) {
      String r = m.get("resource").asText();
      Metric usage = MetricMapping.usageMetric(r);
      if (!r.equals("cpu") && !r.equals("memory")) {
        throw new IllegalArgumentException(path + ".resource \"" + r + "\" is not allowed; allowed: cpu, memory");
      }
      if (m.has("utilization")) {
        int target = integer(path + ".utilization", m.get("utilization"));
        return r.equals("cpu") ? ScalingMetric.cpuUtilization(usage, target) : ScalingMetric.memoryUtilization(usage, target);
      }
      String q = text(path + ".averageValue", m.get("averageValue"));
      return r.equals("cpu") ? ScalingMetric.cpuAverageValue(usage, CpuQuantity.parse(q))
          : ScalingMetric.memoryAverageValue(usage, ByteSize.parse(q));
    }
    if (m.has("pods")) {
      Metric metric = Metric.named(m.get("pods").asText());
      return ScalingMetric.replicaAverageValue(metric, number(path + ".averageValue", m.get("averageValue")));
    }
    if (m.has("external")) {
      Metric metric = Metric.find(m.get("external").asText()).orElseGet(() ->
          Metric.of(m.get("external").asText(), io.github.resourcemanager.monitor.Unit.NONE, "external metric"));
      if (m.has("value")) {
        return ScalingMetric.value(metric, number(path + ".value", m.get("value")));
      }
      return ScalingMetric.averageValue(metric, number(path + ".averageValue", m.get("averageValue")));
    }
    throw new IllegalArgumentException(path + ": a metric names a resource (cpu, memory), pods (a per-agent metric) "
        + "or external (any other metric)");
  }

  private static ScalingRules rules(String path, ScalingRules.Builder b, @Nullable JsonNode r) {
    if (r == null) {
      return b.build();
    }
    object(path, r, Set.of("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance"));
    if (r.has("stabilizationWindowSeconds")) {
      b.stabilizationWindow(Duration.ofSeconds(integer(path + ".stabilizationWindowSeconds",
          r.get("stabilizationWindowSeconds"))));
    }
    if (r.has("selectPolicy")) {
      String s = r.get("selectPolicy").asText();
      b.selectPolicy(switch (s) {
        case "Max" -> ScalingRules.SelectPolicy.MAX;
        case "Min" -> ScalingRules.SelectPolicy.MIN;
        case "Disabled" -> ScalingRules.SelectPolicy.DISABLED;
        default -> throw new IllegalArgumentException(path + ".selectPolicy \"" + s + "\" is not allowed; allowed: Max, "
            + "Min, Disabled");
      });
    }
    if (r.has("tolerance")) {
      b.tolerance(number(path + ".tolerance", r.get("tolerance")));
    }
    JsonNode policies = r.get("policies");
    if (policies != null) {
      for (int i = 0; i < policies.size(); i++) {
        String p = path + ".policies[" + i + "]";
        JsonNode pol = policies.get(i);
        object(p, pol, Set.of("type", "value", "periodSeconds"));
        String type = text(p + ".type", pol.get("type"));
        if (!type.equals("Pods") && !type.equals("Percent")) {
          throw new IllegalArgumentException(p + ".type \"" + type + "\" is not allowed; allowed: Pods, Percent");
        }
        b.policy(type.equals("Pods") ? ScalingPolicy.Type.PODS : ScalingPolicy.Type.PERCENT,
            integer(p + ".value", pol.get("value")), Duration.ofSeconds(integer(p + ".periodSeconds", pol.get("periodSeconds"))));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static @Nullable CpuQuantity cpu(String path, @Nullable JsonNode parent) {
    JsonNode n = parent == null ? null : parent.get("cpu");
    return n == null ? null : CpuQuantity.ofMillicores(Quantities.amount(path, Resource.CPU, Quantities.parse(path, n.asText())));
  }

  private static @Nullable ByteSize memory(String path, @Nullable JsonNode parent) {
    JsonNode n = parent == null ? null : parent.get("memory");
    return n == null ? null : ByteSize.ofBytes(Quantities.amount(path, Resource.MEMORY, Quantities.parse(path, n.asText())));
  }

  private static ResourceVector vector(String path, JsonNode node) {
    ResourceVector vector = ResourceVector.empty();
    for (Map.Entry<String, JsonNode> e : fields(node).entrySet()) {
      String name = e.getKey();
      Resource r = Resource.find(name).orElseThrow(() -> new IllegalArgumentException(path + "." + name
          + ": unknown resource; use cpu, memory or a resource defined with Resource.count, bytes or cpu"));
      vector = vector.with(r, Quantities.amount(path + "." + name, r, Quantities.parse(path + "." + name,
          e.getValue().asText())));
    }
    return vector;
  }

  private static void object(String path, @Nullable JsonNode node, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + ": must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(path + "." + f + ": unknown key; allowed: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static Map<String, JsonNode> fields(@Nullable JsonNode node) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (node != null) {
      node.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
    }
    return m;
  }

  private static String text(String path, @Nullable JsonNode n) {
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new IllegalArgumentException(path + ": a non-empty string is required");
    }
    return n.asText();
  }

  private static int integer(String path, @Nullable JsonNode n) {
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(path + ": a whole number is required, was " + n);
    }
    return n.asInt();
  }

  private static double number(String path, @Nullable JsonNode n) {
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException(path + ": a number is required, was " + n);
    }
    return n.asDouble();
  }
}
