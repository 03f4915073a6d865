package io.github.resourcemanager.internal.allocate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.Profile;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.allocate.TimeWindow;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Jackson-based half of {@link AllocationJsonReader}; loaded only once Jackson is known to be present.
 *
 * <p>Strict: every object's keys are checked (an unknown key is an error naming its path, the allowed keys and the
 * nearest of them), a key given twice and anything after the document are errors, and numbers are read exactly as
 * written: a value that would become zero or lose digits on the way to its type (a CPU percentage that is not a
 * whole number of millicores, a fraction with more digits than a double holds) is an error naming the path and the
 * value.
 */
final class JacksonReader {
  /** The longest duration a {@code long} of nanoseconds holds. */
  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);


  // "kubernetes" belongs to the same file: the Kubernetes module reads it (namespaces, workloads); here it is skipped.
  private static final Set<String> ROOT_KEYS = Set.of("global", "resource_sharing", "projects", "agents",
      "resource_profiles", "kubernetes");
  private static final Set<String> GLOBAL_KEYS = Set.of("resourceLimits");
  private static final Set<String> AGENT_KEYS = Set.of("enabled", "project", "priorityClass", "resourceLimits",
      "resourceRequests");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private static final Set<String> LIMIT_KEYS = Set.of("maxCpu", "maxMemory", "maxMemory_bytes", "maxOpenFiles",
      "maxFileHandles", "maxThreads");
  private static final Set<String> GLOBAL_LIMIT_KEYS = union(LIMIT_KEYS, Set.of("checkInterval", "enforcementAction",
      "resumeThreshold", "throttleFraction", "overflow"));
  private static final Set<String> SHARING_KEYS = Set.of("strategy", "cpuLimit", "memoryLimit", "weights",
      "perProjectLimits", "adaptation", "profiles", "activeProfile", "profileVariable", "timeZone", "quotas",
      "limitRanges", "priorityClasses", "preemption", "overflow", "enforcementAction", "resumeThreshold",
      "throttleFraction");
  private static final Set<String> PROJECT_LIMIT_KEYS = union(LIMIT_KEYS, Set.of("minCpu", "minMemory", "priority",
      "weight", "enforcementAction", "resumeThreshold", "throttleFraction"));
  private static final Set<String> PROFILE_KEYS = Set.of("cpuLimit", "memoryLimit", "maxCpu", "maxMemory",
      "maxMemory_bytes", "maxOpenFiles", "maxFileHandles", "maxThreads", "times");
  private static final Set<String> OVERFLOW_KEYS = Set.of("enabled", "queueing", "maxQueueSize", "maxWaitTime",
      "agingInterval", "agingStep");
  private static final Set<String> ADAPTATION_KEYS = Set.of("enabled", "adjustmentFrequency", "usageThreshold",
      "lowUsageThreshold", "reallocationFactor");
  private static final Set<String> LIMIT_RANGE_KEYS = Set.of("default", "defaultRequest", "min", "max",
      "maxLimitRequestRatio");
  private static final Set<String> PROJECT_ENTRY_KEYS = Set.of("name", "priority", "weight");

  private final AllocationConfig.Builder builder;
  private final int cpus;
  private final Map<String, ProjectDraft> projects = new LinkedHashMap<>();
  private Amounts global = new Amounts();
  private final Map<Resource, String> globalPaths = new LinkedHashMap<>();
  private EnforcementPolicy.@Nullable Action action; // the global policy's keys, null where not written
  private @Nullable Double resumeThreshold;
  private @Nullable Double throttleFraction;
  /** Where values were written and as what, for the checks made when the configuration is built. */
  private final JsonPaths origins = new JsonPaths();
  /** Each amount's text as written, with the amount when that reads differently, by JSON path. */
  private final Map<String, String> texts = new java.util.HashMap<>();

  private JacksonReader(AllocationConfig.Builder builder, int cpus) {
    this.builder = builder;
    this.cpus = cpus;
  }

  static AllocationConfig.Builder parse(String json, AllocationConfig.Builder builder, int cpus) {
    ObjectMapper mapper = new ObjectMapper();
    mapper.configure(JsonParser.Feature.ALLOW_COMMENTS, true);
    mapper.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
    mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    // Numbers stay exactly as written, so that nothing is rounded before it is checked.
    mapper.configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith("Duplicate field")) {
        throw new IllegalArgumentException(pathOf(e) + ": the key is given twice" + where + "; each key may appear "
            + "once in an object", e);
      }
      if (message != null && message.startsWith("Trailing token")) {
        throw new IllegalArgumentException("$: unexpected content after the JSON document" + where + ": " + message, e);
      }
      throw new IllegalArgumentException("$: invalid JSON" + where + ": " + message, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("$: must be a JSON object");
    }
    new JacksonReader(builder, cpus).read(root);
    return builder;
  }

  /** The JSON path where the parser stood when it failed, e.g. {@code $.global.resourceLimits.maxCpu}. */
  private static String pathOf(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return "$";
    }
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, "." + c.getCurrentName());
      }
    }
    return "$" + String.join("", parts);
  }

  private void read(JsonNode root) {
    checkKeys(root, "$", ROOT_KEYS);
    JsonNode g = root.path("global");
    if (!g.isMissingNode()) {
      requireObject(g, "$.global");
      checkKeys(g, "$.global", GLOBAL_KEYS);
      JsonNode limits = g.path("resourceLimits");
      if (!limits.isMissingNode()) {
        readGlobalLimits(limits, "$.global.resourceLimits");
      }
    }
    JsonNode sharing = root.path("resource_sharing");
    if (!sharing.isMissingNode()) {
      readSharing(sharing, "$.resource_sharing");
    }
    JsonNode list = root.path("projects");
    if (!list.isMissingNode()) {
      readProjectList(list, "$.projects");
    }
    JsonNode agents = root.path("agents");
    if (!agents.isMissingNode()) {
      readAgents(agents, "$.agents");
    }
    JsonNode profiles = root.path("resource_profiles");
    if (!profiles.isMissingNode()) {
      readProfiles(profiles, "$.resource_profiles");
    }
    builder.globalLimits(global.build());
    if (action != null || resumeThreshold != null || throttleFraction != null) {
      builder.enforcement(policy(action, resumeThreshold, throttleFraction, EnforcementPolicy.pause(), "$"));
    }
    for (ProjectDraft p : projects.values()) {
      builder.project(p.build());
      origins.projectLimits.put(p.name, written(p.limits));
    }
    ResourceVector limits = global.build();
    globalPaths.forEach((r, path) -> origins.global.put(r, new JsonPaths.Written(path,
        texts.getOrDefault(path, r.format(limits.amount(r))), limits.amount(r))));
    JsonPaths.attach(builder, origins);
  }

  /** The amounts of {@code a} that were read at a JSON path, as written. */
  private Map<Resource, JsonPaths.Written> written(Amounts a) {
    Map<Resource, JsonPaths.Written> out = new LinkedHashMap<>();
    ResourceVector v = a.build();
    a.paths.forEach((r, path) -> out.put(r, new JsonPaths.Written(path, texts.getOrDefault(path, r.format(v.amount(r))),
        v.amount(r))));
    return out;
  }

  // ------------------------------------------------------------------ sections

  private void readGlobalLimits(JsonNode node, String path) {
    requireObject(node, path);
    checkKeys(node, path, GLOBAL_LIMIT_KEYS);
    readLimitsInto(node, path, global, globalPaths);
    if (node.has("checkInterval")) {
      Duration interval = duration(node.get("checkInterval"), path + ".checkInterval");
      at(path + ".checkInterval", () -> builder.checkInterval(interval));
    }
    readPolicyFields(node, path);
    if (node.has("overflow")) {
      readOverflow(node.get("overflow"), path + ".overflow");
    }
  }

  private void readPolicyFields(JsonNode node, String path) {
    if (node.has("enforcementAction")) {
      String p = path + ".enforcementAction";
      action = at(p, () -> EnforcementPolicy.action(text(node.get("enforcementAction"), p)));
    }
    if (node.has("resumeThreshold")) {
      resumeThreshold = fraction(node.get("resumeThreshold"), path + ".resumeThreshold", false);
    }
    if (node.has("throttleFraction")) {
      throttleFraction = fraction(node.get("throttleFraction"), path + ".throttleFraction", false);
    }
  }

  private void readSharing(JsonNode node, String path) {
    requireObject(node, path);
    checkKeys(node, path, SHARING_KEYS);
    String strategyName = node.has("strategy") ? text(node.get("strategy"), path + ".strategy") : null;
    if (node.has("cpuLimit")) {
      setGlobal(Resource.CPU, cpu(node.get("cpuLimit"), path + ".cpuLimit"), path + ".cpuLimit");
    }
    if (node.has("memoryLimit")) {
      setGlobal(Resource.MEMORY, bytes(node.get("memoryLimit"), path + ".memoryLimit"), path + ".memoryLimit");
    }
    readPolicyFields(node, path);
    if (node.has("weights")) {
      JsonNode weights = node.get("weights");
      requireObject(weights, path + ".weights");
      for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(weights); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = path + ".weights." + e.getKey();
        long w = wholeNumber(e.getValue(), p);
        if (w <= 0) {
          throw error(p, "must be > 0, was " + written(e.getValue()));
        }
        project(e.getKey(), p).setWeight(w, p);
      }
    }
    if (node.has("perProjectLimits")) {
      JsonNode per = node.get("perProjectLimits");
      requireObject(per, path + ".perProjectLimits");
      for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(per); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        readProjectLimits(project(e.getKey(), path + ".perProjectLimits." + e.getKey()), e.getValue(),
            path + ".perProjectLimits." + e.getKey());
      }
    }
    if (node.has("profiles")) {
      readProfiles(node.get("profiles"), path + ".profiles");
    }
    if (node.has("activeProfile")) {
      String p = path + ".activeProfile";
      builder.activeProfile(text(node.get("activeProfile"), p));
    }
    if (node.has("profileVariable")) {
      String p = path + ".profileVariable";
      String variable = text(node.get("profileVariable"), p);
      at(p, () -> builder.profileVariable(variable));
    }
    if (node.has("timeZone")) {
      String p = path + ".timeZone";
      String zone = text(node.get("timeZone"), p);
      try {
        builder.zone(ZoneId.of(zone));
      } catch (java.time.DateTimeException e) {
        throw error(p, "\"" + zone + "\" is not a time zone; use a region such as Europe/Berlin or an offset such as +02:00");
      }
    }
    if (node.has("quotas")) {
      readQuotas(node.get("quotas"), path + ".quotas");
    }
    if (node.has("limitRanges")) {
      readLimitRanges(node.get("limitRanges"), path + ".limitRanges");
    }
    if (node.has("priorityClasses")) {
      readPriorityClasses(node.get("priorityClasses"), path + ".priorityClasses");
    }
    if (node.has("preemption")) {
      builder.preemption(bool(node.get("preemption"), path + ".preemption"));
    }
    if (node.has("overflow")) {
      readOverflow(node.get("overflow"), path + ".overflow");
    }
    if (strategyName != null) {
      String p = path + ".strategy";
      SharingStrategy strategy = at(p, () -> SharingStrategy.named(strategyName));
      if (strategyName.equals("dynamic") && node.has("adaptation")) {
        strategy = readAdaptation(node.get("adaptation"), path + ".adaptation");
      }
      builder.strategy(strategy);
    } else if (node.has("adaptation")) {
      throw error(path + ".adaptation", "applies only to \"strategy\": \"dynamic\"");
    }
  }

  private SharingStrategy readAdaptation(JsonNode node, String path) {
    requireObject(node, path);
    checkKeys(node, path, ADAPTATION_KEYS);
    if (node.has("enabled") && !bool(node.get("enabled"), path + ".enabled")) {
      return SharingStrategy.weighted();
    }
    Duration period = node.has("adjustmentFrequency") ? duration(node.get("adjustmentFrequency"), path + ".adjustmentFrequency")
        : Duration.ofSeconds(30);
    double high = node.has("usageThreshold") ? fraction(node.get("usageThreshold"), path + ".usageThreshold", false) : 0.8;
    double low = node.has("lowUsageThreshold") ? fraction(node.get("lowUsageThreshold"), path + ".lowUsageThreshold", true) : 0.5;
    double factor = node.has("reallocationFactor") ? fraction(node.get("reallocationFactor"), path + ".reallocationFactor", false)
        : 0.2;
    return at(path, () -> SharingStrategy.dynamic(period, high, low, factor));
  }

  private void readProjectLimits(ProjectDraft draft, JsonNode node, String path) {
    requireObject(node, path);
    checkKeys(node, path, PROJECT_LIMIT_KEYS);
    readLimitsInto(node, path, draft.limits, null);
    if (node.has("minCpu")) {
      draft.minimum.amount(Resource.CPU, cpu(node.get("minCpu"), path + ".minCpu"));
    }
    if (node.has("minMemory")) {
      draft.minimum.amount(Resource.MEMORY, bytes(node.get("minMemory"), path + ".minMemory"));
    }
    if (node.has("priority")) {
      draft.setPriority(priority(node.get("priority"), path + ".priority"), path + ".priority");
    }
    if (node.has("weight")) {
      String p = path + ".weight";
      long w = wholeNumber(node.get("weight"), p);
      if (w <= 0) {
        throw error(p, "must be > 0, was " + node.get("weight").asText());
      }
      draft.setWeight(w, p);
    }
    EnforcementPolicy.@Nullable Action a = node.has("enforcementAction")
        ? at(path + ".enforcementAction", () -> EnforcementPolicy.action(text(node.get("enforcementAction"), path + ".enforcementAction")))
        : null;
    @Nullable Double resume = node.has("resumeThreshold") ? fraction(node.get("resumeThreshold"), path + ".resumeThreshold", false) : null;
    @Nullable Double throttle = node.has("throttleFraction") ? fraction(node.get("throttleFraction"), path + ".throttleFraction", false) : null;
    if (a != null || resume != null || throttle != null) {
      draft.enforcement = new PolicyDraft(a, resume, throttle, path);
    }
  }

  private void readProjectList(JsonNode node, String path) {
    if (!node.isArray()) {
      throw error(path, "must be an array of {\"name\": ..., \"priority\": ...}");
    }
    for (int i = 0; i < node.size(); i++) {
      String p = path + "[" + i + "]";
      JsonNode entry = node.get(i);
      requireObject(entry, p);
      checkKeys(entry, p, PROJECT_ENTRY_KEYS);
      if (!entry.has("name")) {
        throw error(p + ".name", "is required");
      }
      ProjectDraft draft = project(text(entry.get("name"), p + ".name"), p + ".name");
      if (entry.has("priority")) {
        draft.setPriority(priority(entry.get("priority"), p + ".priority"), p + ".priority");
      }
      if (entry.has("weight")) {
        long w = wholeNumber(entry.get("weight"), p + ".weight");
        if (w <= 0) {
          throw error(p + ".weight", "must be > 0, was " + entry.get("weight").asText());
        }
        draft.setWeight(w, p + ".weight");
      }
    }
  }

  private void readAgents(JsonNode node, String path) {
    requireObject(node, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode agent = e.getValue();
      requireObject(agent, p);
      checkKeys(agent, p, AGENT_KEYS);
      if (agent.has("enabled") && !bool(agent.get("enabled"), p + ".enabled")) {
        continue;
      }
      AgentSpec.Builder spec = at(p, () -> AgentSpec.custom(e.getKey()));
      if (agent.has("project")) {
        String project = text(agent.get("project"), p + ".project");
        at(p + ".project", () -> spec.project(project));
      }
      if (agent.has("priorityClass")) {
        String priorityClass = text(agent.get("priorityClass"), p + ".priorityClass");
        spec.priorityClass(priorityClass);
        origins.agentPriorityClasses.put(e.getKey(), new JsonPaths.Written(p + ".priorityClass", priorityClass, 0));
      }
      ResourceVector limits = ResourceVector.empty();
      ResourceVector requests = ResourceVector.empty();
      if (agent.has("resourceLimits")) {
        Amounts b = new Amounts();
        JsonNode l = agent.get("resourceLimits");
        requireObject(l, p + ".resourceLimits");
        checkKeys(l, p + ".resourceLimits", LIMIT_KEYS);
        readLimitsInto(l, p + ".resourceLimits", b, null);
        limits = b.build();
        origins.agentLimits.put(e.getKey(), written(b));
      }
      if (agent.has("resourceRequests")) {
        Amounts b = new Amounts();
        JsonNode r = agent.get("resourceRequests");
        requireObject(r, p + ".resourceRequests");
        checkKeys(r, p + ".resourceRequests", LIMIT_KEYS);
        readLimitsInto(r, p + ".resourceRequests", b, null);
        requests = b.build();
      }
      ResourceVector req = requests;
      ResourceVector lim = limits;
      spec.resources(at(p, () -> Resources.of(req, lim)));
      builder.agent(spec.build());
    }
  }

  private void readProfiles(JsonNode node, String path) {
    requireObject(node, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode profile = e.getValue();
      requireObject(profile, p);
      checkKeys(profile, p, PROFILE_KEYS);
      Amounts limits = new Amounts();
      readLimitsInto(profile, p, limits, null);
      if (profile.has("cpuLimit")) {
        limits.amount(Resource.CPU, cpu(profile.get("cpuLimit"), p + ".cpuLimit"), p + ".cpuLimit");
      }
      if (profile.has("memoryLimit")) {
        limits.amount(Resource.MEMORY, bytes(profile.get("memoryLimit"), p + ".memoryLimit"), p + ".memoryLimit");
      }
      List<TimeWindow> windows = new ArrayList<>();
      if (profile.has("times")) {
        JsonNode times = profile.get("times");
        if (!times.isArray()) {
          throw error(p + ".times", "must be an array of \"HH:mm-HH:mm\" windows");
        }
        for (int i = 0; i < times.size(); i++) {
          String tp = p + ".times[" + i + "]";
          String t = text(times.get(i), tp);
          windows.add(at(tp, () -> TimeWindow.parse(t)));
        }
      }
      origins.profileLimits.put(e.getKey(), written(limits));
      Profile pr = at(p, () -> new Profile(e.getKey(), limits.build(), windows));
      at(p, () -> builder.profile(pr));
    }
  }

  private void readQuotas(JsonNode node, String path) {
    requireObject(node, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode q = e.getValue();
      requireObject(q, p);
      checkKeys(q, p, Set.of("name", "hard"));
      String name = q.has("name") ? text(q.get("name"), p + ".name") : e.getKey();
      Quota.Builder quota = at(p + ".name", () -> Quota.custom(name));
      JsonNode hard = q.path("hard");
      requireObject(hard, p + ".hard");
      for (Iterator<Map.Entry<String, JsonNode>> h = fieldsOf(hard); h.hasNext(); ) {
        Map.Entry<String, JsonNode> k = h.next();
        String kp = p + ".hard." + k.getKey();
        String value = scalar(k.getValue(), kp);
        at(kp, () -> quota.hard(k.getKey(), value));
      }
      project(e.getKey(), p).quota = at(p, quota::build);
    }
  }

  private void readLimitRanges(JsonNode node, String path) {
    requireObject(node, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode lr = e.getValue();
      requireObject(lr, p);
      checkKeys(lr, p, LIMIT_RANGE_KEYS);
      LimitRange.Builder range = LimitRange.custom();
      if (lr.has("default")) {
        range.defaultLimit(resourceMap(lr.get("default"), p + ".default"));
      }
      if (lr.has("defaultRequest")) {
        range.defaultRequest(resourceMap(lr.get("defaultRequest"), p + ".defaultRequest"));
      }
      if (lr.has("min")) {
        range.min(resourceMap(lr.get("min"), p + ".min"));
      }
      if (lr.has("max")) {
        range.max(resourceMap(lr.get("max"), p + ".max"));
      }
      if (lr.has("maxLimitRequestRatio")) {
        JsonNode ratios = lr.get("maxLimitRequestRatio");
        requireObject(ratios, p + ".maxLimitRequestRatio");
        for (Iterator<Map.Entry<String, JsonNode>> r = fieldsOf(ratios); r.hasNext(); ) {
          Map.Entry<String, JsonNode> k = r.next();
          String kp = p + ".maxLimitRequestRatio." + k.getKey();
          Resource res = resource(k.getKey(), kp);
          String value = scalar(k.getValue(), kp);
          at(kp, () -> range.maxLimitRequestRatio(res, value));
        }
      }
      project(e.getKey(), p).limitRange = at(p, range::build);
    }
  }

  private void readPriorityClasses(JsonNode node, String path) {
    requireObject(node, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode v = e.getValue();
      PriorityClass pc;
      if (v.isNumber()) {
        int value = wholeInt(v, p);
        pc = at(p, () -> PriorityClass.of(e.getKey(), value));
      } else {
        requireObject(v, p);
        checkKeys(v, p, Set.of("value", "globalDefault", "preemptionPolicy"));
        if (!v.has("value")) {
          throw error(p + ".value", "is required");
        }
        int value = wholeInt(v.get("value"), p + ".value");
        boolean globalDefault = v.has("globalDefault") && bool(v.get("globalDefault"), p + ".globalDefault");
        boolean preempt = true;
        if (v.has("preemptionPolicy")) {
          String policy = text(v.get("preemptionPolicy"), p + ".preemptionPolicy");
          if (!policy.equals("PreemptLowerPriority") && !policy.equals("Never")) {
            throw error(p + ".preemptionPolicy", "\"" + policy + "\" is not allowed; allowed: PreemptLowerPriority, Never");
          }
          preempt = policy.equals("PreemptLowerPriority");
        }
        boolean pre = preempt;
        pc = at(p, () -> new PriorityClass(e.getKey(), value, globalDefault, pre));
      }
      PriorityClass c = pc;
      at(p, () -> builder.priorityClass(c));
    }
  }

  private void readOverflow(JsonNode node, String path) {
    requireObject(node, path);
    checkKeys(node, path, OVERFLOW_KEYS);
    OverflowPolicy d = OverflowPolicy.ofDefaults();
    boolean enabled = !node.has("enabled") || bool(node.get("enabled"), path + ".enabled");
    if (node.has("queueing") && !bool(node.get("queueing"), path + ".queueing")) {
      enabled = false;
    }
    int size = node.has("maxQueueSize") ? wholeInt(node.get("maxQueueSize"), path + ".maxQueueSize") : d.maxQueueSize();
    Duration wait = node.has("maxWaitTime") ? duration(node.get("maxWaitTime"), path + ".maxWaitTime") : d.maxWaitTime();
    Duration aging = node.has("agingInterval") ? duration(node.get("agingInterval"), path + ".agingInterval") : d.agingInterval();
    int step = node.has("agingStep") ? wholeInt(node.get("agingStep"), path + ".agingStep") : d.agingStep();
    boolean on = enabled;
    builder.overflow(at(path, () -> new OverflowPolicy(on, size, wait, aging, step)));
  }

  // ------------------------------------------------------------------ values

  private void readLimitsInto(JsonNode node, String path, Amounts into, @Nullable Map<Resource, String> paths) {
    if (node.has("maxCpu")) {
      long v = cpu(node.get("maxCpu"), path + ".maxCpu");
      put(into, paths, Resource.CPU, v, path + ".maxCpu");
    }
    Long memory = null;
    if (node.has("maxMemory")) {
      memory = bytes(node.get("maxMemory"), path + ".maxMemory");
    }
    if (node.has("maxMemory_bytes")) {
      String p = path + ".maxMemory_bytes";
      long exact = wholeNumber(node.get("maxMemory_bytes"), p);
      if (exact < 0) {
        throw error(p, "must not be negative, was " + exact);
      }
      texts.put(p, as(written(node.get("maxMemory_bytes")), written(node.get("maxMemory_bytes")), Resource.MEMORY, exact));
      if (memory != null && memory != exact) {
        throw error(p, exact + " disagrees with maxMemory \"" + node.get("maxMemory").asText() + "\" (" + memory + " bytes)");
      }
      memory = exact;
    }
    if (memory != null) {
      put(into, paths, Resource.MEMORY, memory, path + (node.has("maxMemory") ? ".maxMemory" : ".maxMemory_bytes"));
    }
    for (String key : new String[] {"maxOpenFiles", "maxFileHandles"}) {
      if (node.has(key)) {
        long v = wholeNumber(node.get(key), path + "." + key);
        if (v < 0) {
          throw error(path + "." + key, "must not be negative, was " + v);
        }
        texts.put(path + "." + key, written(node.get(key)));
        put(into, paths, Resource.OPEN_FILES, v, path + "." + key);
      }
    }
    if (node.has("maxThreads")) {
      long v = wholeNumber(node.get("maxThreads"), path + ".maxThreads");
      if (v < 0) {
        throw error(path + ".maxThreads", "must not be negative, was " + v);
      }
      texts.put(path + ".maxThreads", written(node.get("maxThreads")));
      put(into, paths, Resource.THREADS, v, path + ".maxThreads");
    }
  }

  private void put(Amounts into, @Nullable Map<Resource, String> paths, Resource r, long v, String path) {
    if (paths != null) {
      setGlobal(r, v, path);
    } else {
      into.amount(r, v, path);
    }
  }

  /** Sets a global limit; the same limit given twice (global.resourceLimits and resource_sharing) must agree. */
  private void setGlobal(Resource r, long v, String path) {
    String earlier = globalPaths.get(r);
    if (earlier != null) {
      long before = global.build().amount(r);
      if (before != v) {
        throw error(path, r.format(v) + " disagrees with " + earlier + " (" + r.format(before) + ")");
      }
      return;
    }
    globalPaths.put(r, path);
    global.amount(r, v);
  }

  private ResourceVector resourceMap(JsonNode node, String path) {
    requireObject(node, path);
    Amounts b = new Amounts();
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsOf(node); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      Resource r = resource(e.getKey(), p);
      String value = scalar(e.getValue(), p);
      b.amount(r, at(p, () -> r.parse(value)));
    }
    return b.build();
  }

  private static Resource resource(String name, String path) {
    return Resource.find(name).orElseThrow(() -> {
      Set<String> known = new java.util.LinkedHashSet<>(Resource.all().stream().map(Resource::name).toList());
      return error(path, "\"" + name + "\" is not a known resource; did you mean \"" + nearest(name, known)
          + "\"? known: " + String.join(", ", known));
    });
  }

  private long cpu(JsonNode node, String path) {
    if (node.isNumber()) {
      long m = cpuPercent(node.decimalValue(), written(node), path);
      texts.put(path, written(node) + " % of " + cpus + " CPUs (" + Resource.CPU.format(m) + ")");
      return m;
    }
    String text = text(node, path).trim();
    if (text.endsWith("%")) {
      BigDecimal percent;
      try {
        percent = new BigDecimal(text.substring(0, text.length() - 1).trim());
      } catch (NumberFormatException e) {
        throw error(path, "\"" + text + "\" is not a percentage; use e.g. 60 or \"60%\"");
      }
      long m = cpuPercent(percent, "\"" + text + "\"", path);
      texts.put(path, "\"" + node.textValue() + "\" of " + cpus + " CPUs (" + Resource.CPU.format(m) + ")");
      return m;
    }
    long m = at(path, () -> CpuQuantity.parse(text).millicores());
    texts.put(path, as("\"" + node.textValue() + "\"", text, Resource.CPU, m));
    return m;
  }

  /** {@code literal}, followed by the amount it stands for when {@code bare} reads differently. */
  private static String as(String literal, String bare, Resource r, long amount) {
    String canonical = r.format(amount);
    return bare.equals(canonical) ? literal : literal + " (" + canonical + ")";
  }

  /**
   * A percentage of the machine's CPUs as whole millicores: exactly, or an error naming the path and the value as
   * written when it is outside 0 to 100, or would become zero or a fraction of a millicore.
   */
  private long cpuPercent(BigDecimal percent, String asWritten, String path) {
    if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
      throw error(path, "must be a percentage of the machine from 0 to 100, was " + asWritten);
    }
    BigDecimal millicores = percent.multiply(BigDecimal.valueOf(cpus)).movePointRight(1);
    BigDecimal whole = millicores.setScale(0, RoundingMode.DOWN);
    if (whole.compareTo(millicores) != 0) {
      String why = whole.signum() == 0 ? "would round to 0" : "is not a whole number of millicores";
      throw error(path, asWritten + " % of " + cpus + " CPUs is " + millicores.stripTrailingZeros().toPlainString()
          + " millicores, which " + why + "; CPU is counted in whole millicores and never rounded: write a "
          + "percentage that comes to whole millicores, or a quantity such as \"" + whole.max(BigDecimal.ONE)
          .toPlainString() + "m\"");
    }
    return whole.longValueExact();
  }

  /** A number node as it was written, within what Jackson keeps (the digits and the exponent). */
  private static String written(JsonNode node) {
    return node.isBigDecimal() ? node.decimalValue().toString() : node.asText();
  }

  private long bytes(JsonNode node, String path) {
    if (node.isIntegralNumber()) {
      long v = wholeNumber(node, path);
      if (v < 0) {
        throw error(path, "must not be negative, was " + v);
      }
      texts.put(path, as(written(node), written(node), Resource.MEMORY, v));
      return v;
    }
    String text = text(node, path);
    long v = at(path, () -> ByteSize.parse(text).bytes());
    texts.put(path, as("\"" + text + "\"", text, Resource.MEMORY, v));
    return v;
  }

  private static Duration duration(JsonNode node, String path) {
    Duration d;
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      if (seconds.signum() <= 0) {
        throw error(path, "must be a positive number of seconds, was " + written(node));
      }
      BigDecimal nanos = seconds.movePointRight(9);
      if (nanos.compareTo(BigDecimal.ONE) < 0 || nanos.stripTrailingZeros().scale() > 0) {
        throw error(path, "must be a whole number of nanoseconds (at least 0.000000001 s), was " + written(node));
      }
      if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw error(path, "is too long: at most " + Long.MAX_VALUE / 1_000_000_000L + " seconds (about 292 years), was "
            + written(node));
      }
      d = Duration.ofNanos(nanos.longValueExact());
    } else {
      String text = text(node, path);
      if (text.indexOf('-') >= 0) {
        throw error(path, "\"" + text + "\" is not allowed: a duration has no negative parts; use seconds (300) or "
            + "ISO-8601 (\"PT5M\")");
      }
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw error(path, "\"" + text + "\" is not a duration; use seconds (300) or ISO-8601 (\"PT5M\")");
      }
      if (d.isNegative() || d.isZero()) {
        throw error(path, "must be positive, was " + text);
      }
      if (d.compareTo(MAX_NANOS) > 0) {
        throw error(path, "is too long: at most about 292 years, was " + text);
      }
    }
    return d;
  }

  private static double fraction(JsonNode node, String path, boolean zeroAllowed) {
    if (!node.isNumber()) {
      throw error(path, "must be a number between 0 and 1, was " + node);
    }
    BigDecimal exact = node.decimalValue();
    if (exact.compareTo(BigDecimal.ONE) > 0 || (zeroAllowed ? exact.signum() < 0 : exact.signum() <= 0)) {
      throw error(path, "must be " + (zeroAllowed ? ">= 0" : "> 0") + " and <= 1, was " + written(node));
    }
    double v = exact.doubleValue();
    // The double must stand for the decimal written: 1e-400 would become 0, 0.30000000000000000001 would become 0.3.
    if ((v == 0) != (exact.signum() == 0) || new BigDecimal(Double.toString(v)).compareTo(exact) != 0) {
      throw error(path, written(node) + " has more digits than a double holds (it would be read as "
          + Double.toString(v) + "); write at most 17 significant digits");
    }
    return v;
  }

  private static int priority(JsonNode node, String path) {
    long v = wholeNumber(node, path);
    if (v < 0 || v > Integer.MAX_VALUE - 1) {
      throw error(path, "must be a whole number >= 0 (0 is served first), was " + node.asText());
    }
    return (int) v;
  }

  private static long wholeNumber(JsonNode node, String path) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error(path, "must be a whole number, was " + node);
    }
    return node.longValue();
  }

  private static int wholeInt(JsonNode node, String path) {
    long v = wholeNumber(node, path);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw error(path, "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", was " + node);
    }
    return (int) v;
  }

  private static boolean bool(JsonNode node, String path) {
    if (!node.isBoolean()) {
      throw error(path, "must be true or false, was " + node);
    }
    return node.booleanValue();
  }

  /**
   * The fields of an object node. Recent Jackson deprecates {@code JsonNode.fields()} for {@code properties()}, which
   * older Jackson 2 releases lack; jackson-databind is an optional dependency users bring in their own version, so
   * this keeps to the method every Jackson 2 has.
   */
  @SuppressWarnings("deprecation")
  private static Iterator<Map.Entry<String, JsonNode>> fieldsOf(JsonNode node) {
    return node.fields();
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw error(path, "must be a string, was " + node);
    }
    return node.textValue();
  }

  private static String scalar(JsonNode node, String path) {
    if (node.isTextual() || node.isNumber()) {
      return node.asText();
    }
    throw error(path, "must be a string or a number, was " + node);
  }

  private static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw error(path, "must be an object, was " + (node.isMissingNode() ? "missing" : node.toString()));
    }
  }

  private static void checkKeys(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw error(path + "." + key, "unknown key \"" + key + "\"; did you mean \"" + nearest(key, allowed)
            + "\"? allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  /** The allowed key closest to {@code key} (edit distance, ignoring case; ties in alphabetical order). */
  static @Nullable String nearest(String key, Set<String> allowed) { // null only if nothing is allowed
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new java.util.TreeSet<>(allowed)) {
      int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance; keys are short, and longer ones are cut so a hostile key costs little. */
  private static int editDistance(String a, String b) {
    a = a.length() > 64 ? a.substring(0, 64) : a;
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private static IllegalArgumentException error(String path, String message) {
    return new IllegalArgumentException(path + ": " + message);
  }

  /** Runs {@code action}, prefixing the message of an IllegalArgumentException with the JSON path. */
  private static <T> T at(String path, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("$")) {
        throw e;
      }
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  private ProjectDraft project(String name, String path) {
    return projects.computeIfAbsent(name, n -> {
      at(path, () -> Names.require("project name", n));
      return new ProjectDraft(n);
    });
  }

  private EnforcementPolicy policy(EnforcementPolicy.@Nullable Action a, @Nullable Double resume,
                                   @Nullable Double throttle, EnforcementPolicy base, String path) {
    return at(path, () -> new EnforcementPolicy(a != null ? a : base.action(),
        resume != null ? resume : base.resumeThreshold(), throttle != null ? throttle : base.throttleFraction()));
  }

  /** Amounts gathered from several keys of the file before they become a vector. */
  private static final class Amounts {
    private ResourceVector vector = ResourceVector.empty();
    /** The JSON path each amount was read at, where known. */
    final Map<Resource, String> paths = new LinkedHashMap<>();

    void amount(Resource resource, long amount) {
      vector = vector.with(resource, amount);
    }

    void amount(Resource resource, long amount, String path) {
      amount(resource, amount);
      paths.put(resource, path);
    }

    ResourceVector build() {
      return vector;
    }
  }

  private record PolicyDraft(EnforcementPolicy.@Nullable Action action, @Nullable Double resume, @Nullable Double throttle,
                             String path) {}

  /** A project gathered from several sections of the file. */
  private final class ProjectDraft {
    final String name;
    final Amounts limits = new Amounts();
    final Amounts minimum = new Amounts();
    // null until a section of the file sets them
    @Nullable Long weight;
    @Nullable String weightPath;
    @Nullable Integer priority;
    @Nullable String priorityPath;
    @Nullable Quota quota;
    @Nullable LimitRange limitRange;
    @Nullable PolicyDraft enforcement;

    ProjectDraft(String name) {
      this.name = name;
    }

    void setWeight(long w, String path) {
      if (w > ProjectConfig.MAX_WEIGHT) {
        throw error(path, "must be from 1 to " + ProjectConfig.MAX_WEIGHT + ", was " + w);
      }
      if (weight != null && weight != w) {
        throw error(path, w + " disagrees with " + weightPath + " (" + weight + ")");
      }
      weight = w;
      weightPath = path;
    }

    void setPriority(int p, String path) {
      if (priority != null && priority != p) {
        throw error(path, p + " disagrees with " + priorityPath + " (" + priority + ")");
      }
      priority = p;
      priorityPath = path;
    }

    ProjectConfig build() {
      ProjectConfig.Builder b = ProjectConfig.custom(name).limits(limits.build()).minimum(minimum.build());
      if (weight != null) {
        b.weight(weight);
      }
      if (priority != null) {
        b.priority(priority);
      }
      if (quota != null) {
        b.quota(quota);
      }
      if (limitRange != null) {
        b.limitRange(limitRange);
      }
      if (enforcement != null) {
        EnforcementPolicy base = policy(action, resumeThreshold, throttleFraction, EnforcementPolicy.pause(), "$");
        b.enforcement(policy(enforcement.action, enforcement.resume, enforcement.throttle, base, enforcement.path));
      }
      String path = "$.resource_sharing.perProjectLimits." + name;
      return at(path, b::build);
    }
  }
}
