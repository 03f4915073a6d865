package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.Scaler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes a {@link ResourceManager} to Micrometer: every monitored metric of the machine, the process, the JVM and
 * each agent, active alerts and alert handler counters, scaler sizes and decisions, and (when allocation is
 * configured) shares, project usage, enforcement states and the overflow queue. See {@code docs/micrometer.md} for
 * the full table of meters.
 *
 * <pre>{@code
 * ResourceManager rm = ResourceManager.custom().build();
 * rm.start();
 * ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
 * metrics.bindTo(registry);          // e.g. a PrometheusMeterRegistry
 * ...
 * metrics.close();                   // removes the meters and the binder's listeners
 * rm.close();
 * }</pre>
 *
 * <h2>Names and units</h2>
 * Names are the metric names under the configured prefix ({@code resource.} by default), with Micrometer base units:
 * bytes stay bytes, seconds stay seconds, percentages become ratios 0..1, rates are bytes per second, CPU amounts of
 * the allocation are cores. Dimensions are tags: {@code agent}, {@code project}, {@code state}, {@code severity},
 * {@code handler}, {@code outcome}, {@code scaler}, {@code direction}, {@code resource}, {@code bound}.
 *
 * <h2>Membership</h2>
 * Agents, their metrics, metrics first measured later, alert handlers, projects and admitted agents come and go. The
 * binder adds and removes their meters when it is bound, on every sample of the monitor (it is a listener of the
 * monitor), and, for the allocation, after the pool reports a change (the meters follow at the next sample). The
 * meters of an unregistered agent are removed from the registry at the next sample. Checking for changes costs the
 * monitor thread, per sample, a comparison per agent and per alert handler, and a look at the sample's value of each
 * metric not measured so far (for the machine, and for each agent); it allocates nothing when nothing changed.
 *
 * <h2>The manager is held weakly</h2>
 * Every meter's state object is the manager itself, which Micrometer holds through a weak reference, and no value
 * function captures the manager or anything of it; the binder holds it weakly too. A registry therefore never keeps a
 * manager alive: once the application drops a manager, it is collected, its gauges read {@code NaN} and its function
 * counters keep their last count. Call {@link #close()} to remove the meters themselves.
 *
 * <p>Thread-safe. Gauges are read on the thread that scrapes the registry; reading takes no lock of the binder.
 */
public final class ResourceManagerMetrics implements MeterBinder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResourceManagerMetrics.class);
  private static final AlertState[] ACTIVE_STATES = {AlertState.PENDING, AlertState.FIRING};

  private final WeakReference<ResourceManager> manager;
  private final ResourceManagerMetricsConfig config;
  private final Tags commonTags;
  private final SampleListener sampleListener = this::onSample;
  // Every event of the pool (admissions, releases, shares changed, enforcement) may change the allocation meters.
  private final Consumer<AllocationEvent> allocationListener = this::onAllocationEvent;
  private final ProjectMembers projectMembers = new ProjectMembers();
  private final RateTotals rateTotals = new RateTotals(ResourceManagerMetricsConfig.COUNTED_RATES.toArray(new Metric[0]));
  private volatile boolean allocationChanged = true;

  // Guarded by lock.
  private final Object lock = new Object();
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final List<MeterGroup> fixedGroups = new ArrayList<>();
  private final Map<String, DecisionCounts> decisionCounts = new LinkedHashMap<>();
  private final MeterGroup system = new MeterGroup();
  private final Set<Metric> systemMetrics = new HashSet<>(); // measured; exposed, or left out by the metric filter
  private final DefinedMetrics defined = new DefinedMetrics();
  private final Map<String, AgentMeters> agents = new LinkedHashMap<>();
  private Agent[] seenAgents = new Agent[0];
  private int seenAgentCount;
  private AgentMeters[] exposedAgents = new AgentMeters[0];
  private final Map<String, MeterGroup> handlers = new LinkedHashMap<>();
  private List<String> seenHandlerNames = List.of();
  private final Map<List<String>, MeterGroup> allocationGroups = new HashMap<>();
  private boolean hasAllocation;
  private boolean hasRecommender;
  private boolean listening;
  private boolean closed;

  /**
   * A binder for {@code manager} with the default configuration ({@link ResourceManagerMetricsConfig#ofDefaults()}).
   */
  public ResourceManagerMetrics(ResourceManager manager) {
    this(manager, ResourceManagerMetricsConfig.ofDefaults());
  }

  /**
   * A binder for {@code manager} with {@code config}. Nothing is registered until {@link #bindTo}.
   */
  public ResourceManagerMetrics(ResourceManager manager, ResourceManagerMetricsConfig config) {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(config, "config");
    this.manager = new WeakReference<>(manager);
    this.config = config;
    this.commonTags = config.tags();
  }

  /** The configuration. */
  public ResourceManagerMetricsConfig config() {
    return config;
  }

  /**
   * Registers the meters in {@code registry} and keeps them current there until {@link #close()}. Binding to several
   * registries is allowed; binding to the same registry twice changes nothing. The first call also registers the
   * binder as a listener of the monitor, of every scaler and of the resource pool.
   *
   * @throws IllegalStateException if this binder is closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("this binder is closed; create a new ResourceManagerMetrics to bind again");
      }
      ResourceManager rm = manager.get();
      if (rm == null) {
        log.warn("not binding to {}: the resource manager has been garbage collected", registry);
        return;
      }
      for (MeterRegistry bound : registries) {
        if (bound == registry) {
          return;
        }
      }
      registries.add(registry);
      if (!listening) {
        listening = true;
        startListening(rm);
      } else {
        for (MeterGroup group : allGroups()) {
          group.bindTo(registry, rm);
        }
      }
      refresh(rm, rm.agents(), null);
    }
  }

  /**
   * Removes every meter this binder registered from every registry it was bound to, and stops listening to the
   * manager. Idempotent; a closed binder cannot be bound again.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (MeterGroup group : allGroups()) {
        group.remove();
      }
      ResourceManager rm = manager.get();
      if (rm != null && listening) {
        rm.removeListener(sampleListener);
        for (Map.Entry<String, DecisionCounts> e : decisionCounts.entrySet()) {
          rm.scaler(e.getKey()).removeListener(e.getValue());
        }
        if (hasAllocation) {
          rm.allocation().removeListener(allocationListener);
        }
      }
      fixedGroups.clear();
      agents.clear();
      exposedAgents = new AgentMeters[0];
      handlers.clear();
      allocationGroups.clear();
      registries.clear();
    }
  }

  private List<MeterGroup> allGroups() {
    List<MeterGroup> groups = new ArrayList<>(fixedGroups);
    groups.add(system);
    for (AgentMeters a : agents.values()) {
      if (a.group != null) {
        groups.add(a.group);
      }
    }
    groups.addAll(handlers.values());
    groups.addAll(allocationGroups.values());
    return groups;
  }

  private String name(String suffix) {
    return config.prefix() + "." + suffix;
  }

  // ================================================================ fixed meters and listeners

  private void startListening(ResourceManager rm) {
    MeterGroup alerts = new MeterGroup();
    for (Severity severity : Severity.values()) {
      alerts.add(MeterSpec.counter(name("alerts.fired"), commonTags.and("severity", Readings.tagValue(severity)),
          "alerts that went from pending to firing (and event alerts raised), by their severity then",
          Readings.firedAlerts(severity)), registries, rm);
    }
    for (AlertState state : ACTIVE_STATES) {
      for (Severity severity : Severity.values()) {
        alerts.add(MeterSpec.gauge(name("alerts.active"),
            commonTags.and("state", Readings.tagValue(state), "severity", Readings.tagValue(severity)), null,
            "pending and firing alerts", Readings.activeAlerts(state, severity)), registries, rm);
      }
    }
    fixedGroups.add(alerts);

    for (Scaler scaler : rm.scalers()) {
      DecisionCounts counts = new DecisionCounts();
      decisionCounts.put(scaler.name(), counts);
      fixedGroups.add(scalerMeters(rm, scaler.name(), counts));
      scaler.addListener(counts);
    }

    ResourcePool pool = Readings.poolOrNull(rm);
    hasAllocation = pool != null;
    if (pool != null) {
      MeterGroup queue = new MeterGroup();
      queue.add(MeterSpec.gauge(name("allocation.queued"), commonTags, "agents",
          "agents waiting in the overflow queue", Readings::queued), registries, rm);
      queue.add(MeterSpec.gauge(name("allocation.admitted"), commonTags, "agents",
          "agents admitted to the resource pool", Readings::admitted), registries, rm);
      fixedGroups.add(queue);
      pool.addListener(allocationListener);
    }
    hasRecommender = rm.verticalRecommender().isPresent();
    rm.addListener(sampleListener);
  }

  private MeterGroup scalerMeters(ResourceManager rm, String scaler, DecisionCounts counts) {
    MeterGroup group = new MeterGroup();
    Tags tags = commonTags.and("scaler", scaler);
    group.add(MeterSpec.gauge(name("scaler.size"), tags, null, "current size of the scaler's target",
        Readings.scalerSize(scaler)), registries, rm);
    group.add(MeterSpec.gauge(name("scaler.desired"), tags, null, "size decided on by the latest decision",
        Readings.lastDecision(scaler, ScaleDecision::desired)), registries, rm);
    group.add(MeterSpec.gauge(name("scaler.proposed"), tags, null,
        "size the metrics asked for in the latest decision, before stabilization, limits and bounds",
        Readings.lastDecision(scaler, ScaleDecision::proposed)), registries, rm);
    for (DecisionCounts.Direction direction : DecisionCounts.Direction.values()) {
      for (ScaleOutcome outcome : ScaleOutcome.values()) {
        group.add(MeterSpec.counter(name("scaler.decisions"),
            tags.and("direction", Readings.tagValue(direction), "outcome", Readings.tagValue(outcome)),
            "scaler decisions since the binder was bound", Readings.decisions(counts, direction, outcome)),
            registries, rm);
      }
    }
    return group;
  }

  // ================================================================ membership

  /** The listener the binder registers with the monitor (for tests of its cost). */
  SampleListener sampleListener() {
    return sampleListener;
  }

  /** Called by the pool on each of its events: the allocation meters are brought up to date at the next sample. */
  private void onAllocationEvent(AllocationEvent event) {
    allocationChanged = true;
  }

  /** Called by the monitor after each sample: follows agents, metrics, handlers and allocation changes. */
  private void onSample(Sample sample) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      rateTotals.add(sample);
      ResourceManager rm = manager.get();
      if (rm != null) {
        refresh(rm, sample.agents(), sample);
      }
    }
  }

  private void refresh(ResourceManager rm, List<Agent> currentAgents, @Nullable Sample sample) {
    defined.refresh();
    refreshSystem(rm, sample);
    refreshAgents(rm, currentAgents, sample);
    refreshHandlers(rm);
    if (hasAllocation && allocationChanged) {
      allocationChanged = false; // before reading, so that a change while refreshing is seen next time
      refreshAllocation(rm);
    }
  }

  // When binding, the metrics the history has values of; after that, the binder sees every sample, so a metric first
  // measured is one that has a value in the sample and none before. Looking at the sample's values of the metrics not
  // measured so far allocates nothing (listing the history's metrics would, on every sample).
  private void refreshSystem(ResourceManager rm, @Nullable Sample sample) {
    if (sample == null) {
      for (Metric metric : rm.metrics()) {
        addSystemMetric(rm, metric);
      }
      return;
    }
    Metric[] candidates = defined.system();
    if (systemMetrics.size() == candidates.length) {
      return; // every defined metric is known
    }
    for (Metric metric : candidates) {
      if (!systemMetrics.contains(metric) && sample.has(metric)) {
        addSystemMetric(rm, metric);
      }
    }
  }

  private void addSystemMetric(ResourceManager rm, Metric metric) {
    if (!metric.isAgentMetric() && systemMetrics.add(metric) && config.metricFilter().test(metric)) {
      addSystemMeters(rm, metric);
    }
  }

  private void addSystemMeters(ResourceManager rm, Metric metric) {
    String unit = Readings.baseUnit(metric.unit());
    if (ResourceManagerMetricsConfig.TOTALS.contains(metric)) {
      system.add(MeterSpec.counter(name(metric.name()), commonTags, unit, metric.description(),
          Readings.systemTotal(metric, new LastCount())), registries, rm);
      return;
    }
    system.add(MeterSpec.gauge(name(metric.name()), commonTags, unit, metric.description(), Readings.system(metric)),
        registries, rm);
    if (ResourceManagerMetricsConfig.COUNTED_RATES.contains(metric)) {
      system.add(MeterSpec.counter(name(metric.name() + ".bytes"), commonTags, "bytes",
          "the bytes of " + metric.name() + " added up from the monitor's rates since the binder was bound",
          Readings.rateTotal(rateTotals, metric)), registries, rm);
    }
    if (metric.equals(Metric.PROCESS_CPU_USAGE) && Readings.hasProcessCpuTime()) {
      system.add(MeterSpec.counter(name(ResourceManagerMetricsConfig.PROCESS_CPU_TIME), commonTags, "seconds",
          "CPU time used by this process since it started (the JVM's OperatingSystemMXBean)",
          Readings.processCpuTime(new LastCount())), registries, rm);
    }
  }

  private void refreshAgents(ResourceManager rm, List<Agent> current, @Nullable Sample sample) {
    if (!sameAgents(current)) {
      Map<String, Agent> byId = new HashMap<>();
      for (Agent agent : current) {
        byId.put(agent.id(), agent);
      }
      for (Iterator<AgentMeters> it = agents.values().iterator(); it.hasNext(); ) {
        AgentMeters known = it.next();
        if (byId.get(known.agent.id()) != known.agent) { // unregistered, or registered anew under the same id
          if (known.group != null) {
            known.group.remove();
          }
          it.remove();
        }
      }
      List<AgentMeters> exposed = new ArrayList<>();
      for (Agent agent : current) {
        AgentMeters known = agents.get(agent.id());
        if (known == null) {
          known = new AgentMeters(agent, config.agentFilter().test(agent) ? new MeterGroup() : null, agentTags(agent));
          agents.put(agent.id(), known);
          if (known.group != null) {
            if (hasRecommender) {
              addRecommendations(rm, known, known.group);
            }
            for (Metric metric : agent.metrics()) { // measured before the binder saw the agent
              addAgentMetric(rm, known, metric);
            }
          }
        }
        if (known.group != null) {
          exposed.add(known);
        }
      }
      seenAgents = current.toArray(new Agent[0]);
      seenAgentCount = seenAgents.length;
      exposedAgents = exposed.toArray(new AgentMeters[0]);
    }
    for (AgentMeters a : exposedAgents) {
      refreshAgentMetrics(rm, a, sample);
    }
  }

  private boolean sameAgents(List<Agent> current) {
    int n = current.size();
    if (n != seenAgentCount) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (current.get(i) != seenAgents[i]) {
        return false;
      }
    }
    return true;
  }

  private Tags agentTags(Agent agent) {
    Tags tags = commonTags.and("agent", agent.id());
    for (String label : config.agentLabels()) {
      tags = tags.and(label, agent.labels().getOrDefault(label, ""));
    }
    return tags;
  }

  // As for the machine's metrics: the agent's history when binding (or when the agent is first seen), then the
  // sample's values of the agent metrics this agent has not measured so far.
  private void refreshAgentMetrics(ResourceManager rm, AgentMeters a, @Nullable Sample sample) {
    if (sample == null) {
      for (Metric metric : a.agent.metrics()) {
        addAgentMetric(rm, a, metric);
      }
      return;
    }
    Metric[] candidates = defined.agent();
    if (a.metrics.size() == candidates.length) {
      return; // every defined agent metric is known
    }
    for (Metric metric : candidates) {
      if (!a.metrics.contains(metric) && !Double.isNaN(sample.value(a.agent, metric))) {
        addAgentMetric(rm, a, metric);
      }
    }
  }

  private void addAgentMetric(ResourceManager rm, AgentMeters a, Metric metric) {
    MeterGroup group = a.group;
    if (group == null || !metric.isAgentMetric() || !a.metrics.add(metric)) {
      return;
    }
    if (!config.metricFilter().test(metric)) {
      return; // remembered in a.metrics, so it is not looked at again
    }
    String unit = Readings.baseUnit(metric.unit());
    group.add(ResourceManagerMetricsConfig.TOTALS.contains(metric)
        ? MeterSpec.counter(name(metric.name()), a.tags, unit, metric.description(),
            Readings.agentTotal(a.agent.id(), metric, new LastCount()))
        : MeterSpec.gauge(name(metric.name()), a.tags, unit, metric.description(), Readings.agent(a.agent.id(), metric)),
        registries, rm);
  }


  private void addRecommendations(ResourceManager rm, AgentMeters a, MeterGroup group) {
    String id = a.agent.id();
    for (Readings.Bound bound : Readings.Bound.values()) {
      group.add(MeterSpec.gauge(name("vpa.recommendation"),
          a.tags.and("resource", Resource.CPU.name(), "bound", Readings.tagValue(bound)), Readings.CORES,
          "CPU the vertical recommender recommends for the agent", Readings.recommendedCpu(id, bound)), registries, rm);
      group.add(MeterSpec.gauge(name("vpa.recommendation"),
          a.tags.and("resource", Resource.MEMORY.name(), "bound", Readings.tagValue(bound)), "bytes",
          "memory the vertical recommender recommends for the agent", Readings.recommendedMemory(id, bound)),
          registries, rm);
    }
  }

  // The pipeline hands out the same list of names until a handler is subscribed or unsubscribed. A handler's meters
  // are those of its name: one subscribed anew under the name of an earlier one keeps them (its counters start
  // again from zero, which Prometheus' rate() reads as a counter reset).
  private void refreshHandlers(ResourceManager rm) {
    List<String> current = rm.alerts().handlerNames();
    if (current == seenHandlerNames) {
      return;
    }
    seenHandlerNames = current;
    for (Iterator<Map.Entry<String, MeterGroup>> it = handlers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, MeterGroup> known = it.next();
      if (!current.contains(known.getKey())) {
        known.getValue().remove();
        it.remove();
      }
    }
    for (String name : current) {
      if (!handlers.containsKey(name)) {
        handlers.put(name, handlerMeters(rm, name));
      }
    }
  }

  private MeterGroup handlerMeters(ResourceManager rm, String handler) {
    MeterGroup group = new MeterGroup();
    Tags tags = commonTags.and("handler", handler);
    handlerCounter(rm, group, handler, tags, "delivered", HandlerStats::delivered);
    handlerCounter(rm, group, handler, tags, "failed", HandlerStats::failed);
    handlerCounter(rm, group, handler, tags, "rate_limited", HandlerStats::rateLimited);
    handlerCounter(rm, group, handler, tags, "overflowed", HandlerStats::overflowed);
    group.add(MeterSpec.gauge(name("alert.handler.queued"), tags, "events", "alert events waiting in the handler's queue",
        Readings.handler(handler, HandlerStats::queued)), registries, rm);
    return group;
  }

  private void handlerCounter(ResourceManager rm, MeterGroup group, String handler, Tags tags, String outcome,
      ToLongFunction<HandlerStats> field) {
    group.add(MeterSpec.counter(name("alert.handler.events"), tags.and("outcome", outcome),
        "alert events that left the handler's queue, by outcome", Readings.handler(handler, field)), registries, rm);
  }

  private void refreshAllocation(ResourceManager rm) {
    ResourcePool pool = rm.allocation();
    Shares shares = pool.shares();
    Map<List<String>, MeterSpec> desired = new LinkedHashMap<>();
    for (Resource r : shares.global().resources()) {
      desired.put(List.of("limit", r.name()), MeterSpec.gauge(name("allocation.limit"),
          commonTags.and("resource", r.name()), Readings.baseUnit(r), "global limit in force",
          Readings.globalLimit(r)));
    }
    int cpus = pool.config().machineCpus();
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (Map.Entry<String, ResourceVector> p : shares.projects().entrySet()) {
      String project = p.getKey();
      members.put(project, new ArrayList<>());
      Tags projectTags = commonTags.and("project", project);
      for (Resource r : p.getValue().resources()) {
        desired.put(List.of("project-share", project, r.name()), MeterSpec.gauge(name("allocation.project.share"),
            projectTags.and("resource", r.name()), Readings.baseUnit(r), "the project's share of the global limits",
            Readings.projectShare(project, r)));
      }
      for (Map.Entry<Resource, Metric> u : pool.config().usageMetrics().entrySet()) {
        Resource r = u.getKey();
        desired.put(List.of("project-usage", project, r.name()), MeterSpec.gauge(name("allocation.project.usage"),
            projectTags.and("resource", r.name()), Readings.baseUnit(r),
            "summed usage of the project's admitted agents (" + u.getValue().name() + ")",
            Readings.projectUsage(projectMembers, project, r, u.getValue(), cpus)));
      }
    }
    for (Map.Entry<String, ResourceVector> a : shares.agents().entrySet()) {
      String agentId = a.getKey();
      Optional<AgentStatus> status = pool.status(agentId);
      if (status.isEmpty()) {
        continue; // released since the shares were divided; the next refresh follows
      }
      String project = status.get().project();
      members.computeIfAbsent(project, k -> new ArrayList<>()).add(agentId);
      Tags agentTags = commonTags.and("agent", agentId, "project", project);
      for (Resource r : a.getValue().resources()) {
        desired.put(List.of("agent-share", agentId, project, r.name()), MeterSpec.gauge(name("allocation.agent.share"),
            agentTags.and("resource", r.name()), Readings.baseUnit(r), "the agent's share of its project's share",
            Readings.agentShare(agentId, r)));
      }
      desired.put(List.of("agent-state", agentId, project), MeterSpec.gauge(name("allocation.agent.state"), agentTags,
          null, "enforcement state: 0 running, 1 throttled, 2 paused", Readings.enforcementState(agentId)));
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    members.forEach((project, ids) -> frozen.put(project, List.copyOf(ids)));
    projectMembers.update(frozen);

    for (Iterator<Map.Entry<List<String>, MeterGroup>> it = allocationGroups.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<List<String>, MeterGroup> e = it.next();
      if (!desired.containsKey(e.getKey())) {
        e.getValue().remove();
        it.remove();
      }
    }
    for (Map.Entry<List<String>, MeterSpec> e : desired.entrySet()) {
      if (!allocationGroups.containsKey(e.getKey())) {
        MeterGroup group = new MeterGroup();
        group.add(e.getValue(), registries, rm);
        allocationGroups.put(e.getKey(), group);
      }
    }
  }

  /** The meters of one agent; {@code group} is null for an agent the filter leaves out. */
  private static final class AgentMeters {
    final Agent agent;
    final @Nullable MeterGroup group;
    final Tags tags;
    final Set<Metric> metrics = new HashSet<>(); // measured; exposed, or left out by the metric filter

    AgentMeters(Agent agent, @Nullable MeterGroup group, Tags tags) {
      this.agent = agent;
      this.group = group;
      this.tags = tags;
    }
  }


  @Override
  public String toString() {
    synchronized (lock) {
      return "ResourceManagerMetrics{prefix=" + config.prefix() + ", " + registries.size() + " registries, "
          + agents.size() + " agents, " + handlers.size() + " handlers" + (closed ? ", closed" : "") + "}";
    }
  }
}
