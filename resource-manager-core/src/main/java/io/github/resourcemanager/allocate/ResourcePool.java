package io.github.resourcemanager.allocate;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares resources among projects and agents, admits agents, queues those that do not fit, and enforces limits.
 *
 * <h2>Admission</h2>
 * {@link #admit(AgentSpec)} runs Kubernetes' admission steps in order, and rejects the agent whole at the first
 * that fails: the priority class must exist; the project's {@link LimitRange} fills in default requests and limits
 * and checks min, max and ratio; the project's {@link Quota} must allow it; then its requests must fit both its
 * project's share (recomputed with the agent included) and the global limits. An agent that does not fit preempts
 * lower-priority agents when {@linkplain AllocationConfig#preemption() allowed} (the fewest needed, lowest priority
 * and latest admitted first), else waits in the {@linkplain OverflowPolicy overflow queue}, else is rejected. An agent
 * the monitor cannot track (it already tracks its {@code maxAgents}) is rejected at once.
 *
 * <h2>Shares</h2>
 * The {@link SharingStrategy} divides the global limits (after the active {@link Profile}) among projects, then
 * each project's share among its agents, whenever agents or projects join or leave, a profile switches, or (for
 * strategies that adapt) on every sample. Listeners receive an {@link AllocationEvent.Type#SHARES_CHANGED} event.
 *
 * <h2>Enforcement</h2>
 * On every sample the pool reads each admitted agent's usage (see {@link AllocationConfig#usageMetrics()}) and
 * compares it with three limits: the agent's own limits, its project's share and the global limits. A limit exceeded
 * takes effect per its {@link EnforcementPolicy} (the agent's, else the project's, else the global one): a warning
 * event, a throttle or a pause of every agent under that limit; it is lifted once usage falls below the resume
 * threshold. Decisions go to the {@link InJvmEnforcer} and to any configured {@link Enforcer}; an enforcer that
 * fails is reported with an {@link AllocationEvent.Type#ENFORCEMENT_FAILED} event and retried on the next check.
 * In steady state (no transitions, no queue, a strategy that does not adapt to usage) a sample allocates nothing.
 *
 * <p>Thread-safe. Admission, release and samples are serialized by one lock; listeners and enforcers are called
 * after it is released.
 */
public final class ResourcePool implements SampleListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResourcePool.class);
  private static final long ABSENT = ResourceVector.ABSENT;
  private static final String PROJECT_LABEL = "project";

  private final AllocationConfig config;
  private final ResourceMonitor monitor;
  private final Ticker ticker;
  private final Clock clock;
  private final SharingStrategy strategy;
  private final InJvmEnforcer inJvm;
  private final Enforcer[] enforcers;
  private final PredictiveAllocator allocator;
  private final int resourceCount;
  private final int[] usageIndex;
  private final Metric[] usageMetric;
  private final boolean[] usagePercentOfMachine;

  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<AllocationEvent> outbox = new ConcurrentLinkedQueue<>();
  private final ReentrantLock dispatchLock = new ReentrantLock();
  private final CopyOnWriteArrayList<Consumer<AllocationEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Object enforceLock = new Object();
  // Gate openings and closings decided under the lock, applied after it in the same order (opening a gate may start
  // held tasks, which must not run under the pool lock).
  private final ConcurrentLinkedQueue<GateChange> gateChanges = new ConcurrentLinkedQueue<>();

  // Guarded by lock.
  private final TreeMap<String, ProjectState> projects = new TreeMap<>();
  private final HashMap<String, Member> members = new HashMap<>();
  private final List<Waiting> queue = new ArrayList<>();
  private final List<Member> departing = new ArrayList<>();
  private long admissionSeq;
  private long queueSeq;
  private Profile profile;
  private ResourceVector capacity;
  private long[] capacityRaw;
  private final long[] globalUsage;
  private final boolean[] globalViolating;
  private int globalViolations;
  private long nextProfileCheckMillis = Long.MIN_VALUE;
  private long lastProfileCheckMillis = Long.MIN_VALUE;
  private boolean closed;
  private volatile Shares shares;
  private volatile Member[] memberArray = new Member[0];
  private volatile Member[] departingArray = new Member[0];
  private ProjectState[] projectArray = new ProjectState[0];

  private ResourcePool(AllocationConfig config, ResourceMonitor monitor) {
    this.config = config;
    this.monitor = monitor;
    this.ticker = monitor.config().ticker();
    this.clock = monitor.config().clock();
    // The built-in stateful strategy keeps its state per pool, even when pools share a configuration.
    this.strategy = config.strategy() instanceof DynamicStrategy d ? d.fresh() : config.strategy();
    this.inJvm = new InJvmEnforcer(config.machineCpus());
    List<Enforcer> all = new ArrayList<>();
    all.add(inJvm);
    all.addAll(config.enforcers());
    this.enforcers = all.toArray(new Enforcer[0]);
    this.resourceCount = Resource.count();
    this.globalUsage = new long[resourceCount];
    this.globalViolating = new boolean[resourceCount];
    int n = config.usageMetrics().size();
    this.usageIndex = new int[n];
    this.usageMetric = new Metric[n];
    this.usagePercentOfMachine = new boolean[n];
    int k = 0;
    for (Map.Entry<Resource, Metric> e : config.usageMetrics().entrySet()) {
      usageIndex[k] = e.getKey().index();
      usageMetric[k] = e.getValue();
      usagePercentOfMachine[k] = "millicores".equals(e.getKey().unitName()) && e.getValue().unit() == Unit.PERCENT;
      k++;
    }
    for (ProjectConfig p : config.projects().values()) {
      projects.put(p.name(), new ProjectState(p, resourceCount, policyOf(p)));
    }
    projectArray = projects.values().toArray(new ProjectState[0]);
    this.allocator = new PredictiveAllocator(this, monitor, config.prediction(), config.machineCpus());
    lock.lock();
    try {
      long now = clock.millis();
      profile = selectProfile(now);
      applyCapacity();
      nextProfileCheckMillis = nextBoundary(now);
      lastProfileCheckMillis = now;
      recompute(ticker.read());
    } finally {
      lock.unlock();
    }
    outbox.clear(); // nobody listens yet
  }

  /**
   * A pool for the agents of {@code monitor}. Register it as the monitor's listener
   * ({@code monitor.addListener(pool)}) so that it sees samples; the {@code ResourceManager} facade does this.
   *
   * @throws IllegalArgumentException if the configured strategy cannot divide the configured limits
   */
  public static ResourcePool create(AllocationConfig config, ResourceMonitor monitor) {
    return new ResourcePool(Objects.requireNonNull(config, "config"), Objects.requireNonNull(monitor, "monitor"));
  }

  // ================================================================== public API

  /** The configuration. */
  public AllocationConfig config() {
    return config;
  }

  /** The shares in force. */
  public Shares shares() {
    return shares;
  }

  /** The active profile, if any. */
  public Optional<String> activeProfile() {
    lock.lock();
    try {
      return Optional.ofNullable(profile == null ? null : profile.name());
    } finally {
      lock.unlock();
    }
  }

  /** The enforcer that gates agents' work in this JVM. */
  public InJvmEnforcer inJvmEnforcer() {
    return inJvm;
  }

  /** The predictive allocator, which recommends allocations from the agents' histories. */
  public PredictiveAllocator allocator() {
    return allocator;
  }

  /** Adds a listener for events, new shares included ({@link AllocationEvent.Type#SHARES_CHANGED}). */
  public void addListener(Consumer<AllocationEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(Consumer<AllocationEvent> listener) {
    listeners.remove(listener);
  }

  /**
   * Admits the agent configured under {@code agentId} ({@link AllocationConfig#agents()}), or, if none is, an agent
   * of that id in the default project with no requests or limits.
   *
   * @throws IllegalArgumentException if the id is malformed
   * @throws IllegalStateException if the pool is closed
   */
  public Admission admit(String agentId) {
    AgentSpec spec = config.agents().get(agentId);
    return admit(spec != null ? spec : AgentSpec.custom(agentId).build());
  }

  /**
   * Admits an agent, queues it, or rejects it; see the class description. Admitting an agent already admitted or
   * queued changes nothing and reports where it stands.
   *
   * @throws IllegalArgumentException if the spec uses a resource defined after the pool was created
   * @throws IllegalStateException if the pool is closed
   */
  public Admission admit(AgentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Admission result;
    lock.lock();
    try {
      requireOpen();
      result = admitLocked(spec);
    } finally {
      lock.unlock();
    }
    afterChange();
    return result;
  }

  /**
   * Releases an agent: it leaves the pool (or the queue), its requests and quota are freed, shares are recomputed
   * and waiting agents that now fit are admitted. Its gate closes: tasks submitted afterwards are held (see
   * {@link InJvmEnforcer#drainHeld}).
   *
   * @return whether the agent was admitted or queued
   */
  public boolean release(String agentId) {
    boolean found;
    lock.lock();
    try {
      found = releaseLocked(agentId);
    } finally {
      lock.unlock();
    }
    afterChange();
    return found;
  }

  /** Whether the agent is admitted and a task of it would start now (not paused, a permit free). */
  public boolean canRun(String agentId) {
    return isAdmitted(agentId) && inJvm.canRun(agentId);
  }

  /**
   * Waits until {@link #canRun} holds for the agent, or {@code timeout} passes (real time). A negative timeout
   * does not wait, as in {@code java.util.concurrent}.
   *
   * @return whether the agent can run
   * @throws IllegalArgumentException if {@code timeout} is null or too long for a {@code long} of nanoseconds
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitResources(String agentId, Duration timeout) throws InterruptedException {
    return inJvm.await(() -> canRun(agentId), timeout);
  }

  /**
   * An executor for the agent's tasks: they run on {@code delegate} inside the agent's scope (so the monitor measures
   * them) while it is admitted and not paused, within its permits; otherwise they are held until it may run.
   */
  public Executor executor(String agentId, Executor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    Names.require("agent id", agentId);
    monitor.tracker().register(agentId);
    Executor gated = inJvm.executor(agentId, monitor.tracker().executor(agentId, delegate));
    lock.lock();
    try {
      gateChanges.add(new GateChange(agentId, members.containsKey(agentId)));
    } finally {
      lock.unlock();
    }
    afterChange();
    return gated;
  }

  /** Where the agent stands, if it is admitted or queued. */
  public Optional<AgentStatus> status(String agentId) {
    lock.lock();
    try {
      Member m = members.get(agentId);
      if (m != null) {
        return Optional.of(new AgentStatus(agentId, m.project.name, stateOf(m), m.spec.resources(),
            m.spec.resources().qosClass(), m.priority));
      }
      for (Waiting w : queue) {
        if (w.spec.id().equals(agentId)) {
          return Optional.of(new AgentStatus(agentId, w.spec.project(), AgentStatus.State.QUEUED, w.spec.resources(),
              w.spec.resources().qosClass(), w.priority));
        }
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** The ids of the admitted agents, in admission order. */
  public List<String> admitted() {
    lock.lock();
    try {
      List<Member> list = new ArrayList<>(members.values());
      list.sort(Comparator.comparingLong(m -> m.seq));
      List<String> ids = new ArrayList<>(list.size());
      for (Member m : list) {
        ids.add(m.spec.id());
      }
      return ids;
    } finally {
      lock.unlock();
    }
  }

  /** The ids of the queued agents, in the order they would be released now (see {@link OverflowPolicy}). */
  public List<String> queued() {
    lock.lock();
    try {
      List<String> ids = new ArrayList<>();
      for (Waiting w : releaseOrder(ticker.read())) {
        ids.add(w.spec.id());
      }
      return ids;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Divides the shares again now and notifies listeners if they changed. The pool does this by itself on every
   * change; call it when a custom strategy depends on something the pool cannot see.
   *
   * @throws IllegalStateException if the strategy fails; the previous shares stay in force
   */
  public Shares recompute() {
    Shares result;
    lock.lock();
    try {
      result = recompute(ticker.read());
    } finally {
      lock.unlock();
    }
    afterChange();
    return result;
  }

  /** Reads usage, enforces limits, switches profiles and serves the queue; called by the monitor every tick. */
  @Override
  public void onSample(Sample sample) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = sample.tickNanos();
      checkProfile(sample.epochMillis(), now);
      readUsage(sample);
      if (strategy.adaptsToUsage()) {
        try {
          recompute(now);
        } catch (IllegalStateException e) {
          emit(AllocationEvent.Type.STRATEGY_FAILED, null, null, "strategy " + strategy.name()
              + " failed; the previous shares stay in force: " + e.getMessage());
        }
      }
      checkLimits();
      if (!queue.isEmpty()) {
        serveQueue(now);
      }
    } finally {
      lock.unlock();
    }
    afterChange();
  }

  /** Stops admitting; waiting agents stay queued, gates stay as they are. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    inJvm.signal();
  }

  // ================================================================== admission

  private Admission admitLocked(AgentSpec requested) {
    String id = requested.id();
    if (members.containsKey(id)) {
      return new Admission(id, stateOf(members.get(id)), "already admitted");
    }
    for (Waiting w : queue) {
      if (w.spec.id().equals(id)) {
        return new Admission(id, AgentStatus.State.QUEUED, "already queued");
      }
    }
    String project = requested.project();
    // Admitted agents are tracked by the monitor, which measures their usage for enforcement: so the monitor's
    // maxAgents bounds them too, rather than letting the admitted set grow without limit, untracked.
    AgentTracker tracker = monitor.tracker();
    if (tracker.size() >= tracker.maxAgents() && tracker.find(id).isEmpty()) {
      return reject(id, project, "the monitor already tracks " + tracker.size() + " agents, its maxAgents ("
          + tracker.maxAgents() + "); an agent it cannot track cannot be measured or enforced");
    }
    for (Resource r : requested.resources().limits().plus(requested.resources().requests()).resources()) {
      if (r.index() >= resourceCount) {
        throw new IllegalArgumentException("resource " + r + " was defined after this pool was created; define every "
            + "resource (Resource.of) before creating the pool");
      }
    }
    PriorityClass priorityClass;
    if (requested.priorityClass().isPresent()) {
      priorityClass = config.priorityClasses().get(requested.priorityClass().get());
      if (priorityClass == null) {
        return reject(id, project, "no PriorityClass with name " + requested.priorityClass().get() + " was found");
      }
    } else {
      priorityClass = defaultPriorityClass();
    }
    ProjectState p = projects.get(project);
    ProjectConfig pc = p != null ? p.config : config.projects().getOrDefault(project, ProjectConfig.defaults(project));
    AgentSpec spec = requested;
    if (pc.limitRange().isPresent()) {
      LimitRange range = pc.limitRange().get();
      try {
        spec = requested.withResources(range.applyDefaults(requested.resources()));
      } catch (IllegalArgumentException e) {
        return reject(id, project, e.getMessage());
      }
      String violation = range.rejection(spec.resources());
      if (violation != null) {
        return reject(id, project, violation);
      }
    }
    if (pc.quota().isPresent()) {
      Quota quota = pc.quota().get();
      String problem = quota.mustSpecify(spec.resources());
      if (problem == null) {
        problem = quota.exceeded(p == null ? Map.of() : p.quotaUsed, spec.resources());
      }
      if (problem != null) {
        return reject(id, project, problem);
      }
    }
    String never = neverFits(spec, pc);
    if (never != null) {
      return reject(id, project, never);
    }
    int priority = priorityClass == null ? 0 : priorityClass.value();
    Candidate candidate = new Candidate(spec, priorityClass, priority);
    Fit fit = fit(candidate, List.of());
    if (fit.ok()) {
      admitNow(candidate, false, "admitted");
      return new Admission(id, AgentStatus.State.RUNNING, "admitted");
    }
    if (config.preemption() && priorityClass != null && priorityClass.preemptLowerPriority()) {
      List<Member> victims = victimsFor(candidate);
      if (victims != null) {
        preempt(victims, candidate, fit);
        admitNow(candidate, false, "admitted after preempting " + ids(victims));
        return new Admission(id, AgentStatus.State.RUNNING, "admitted after preempting " + ids(victims));
      }
    }
    if (!config.overflow().enabled()) {
      return reject(id, project, "insufficient " + fit.shortText() + ": " + fit.detail());
    }
    if (queue.size() >= config.overflow().maxQueueSize()) {
      return reject(id, project, "queue full (" + config.overflow().maxQueueSize() + ")");
    }
    enqueue(candidate, fit, false);
    return new Admission(id, AgentStatus.State.QUEUED, "waiting for " + fit.shortText() + ": " + fit.detail());
  }

  private PriorityClass defaultPriorityClass() {
    for (PriorityClass pc : config.priorityClasses().values()) {
      if (pc.globalDefault()) {
        return pc;
      }
    }
    return null;
  }

  private Admission reject(String id, String project, String message) {
    emit(AllocationEvent.Type.REJECTED, id, project, message);
    return new Admission(id, AgentStatus.State.REJECTED, message);
  }

  /** Why the agent can never be admitted under any profile, or null. */
  private String neverFits(AgentSpec spec, ProjectConfig pc) {
    ResourceVector requests = spec.resources().requests();
    for (Resource r : requests.resources()) {
      long want = requests.amount(r);
      if (pc.limits().has(r) && want > pc.limits().amount(r)) {
        return "request " + r + "=" + r.format(want) + " exceeds project \"" + pc.name() + "\" limit " + r + "="
            + r.format(pc.limits().amount(r)) + "; it can never be admitted";
      }
      long largest = largestCapacity(r);
      if (largest != ABSENT && want > largest) {
        return "request " + r + "=" + r.format(want) + " exceeds the global limit " + r + "=" + r.format(largest)
            + (config.profiles().isEmpty() ? "" : " of every profile") + "; it can never be admitted";
      }
    }
    return null;
  }

  private long largestCapacity(Resource r) {
    long largest = config.capacity(null).amountOr(r, ABSENT);
    for (Profile pr : config.profiles().values()) {
      long v = config.capacity(pr).amountOr(r, ABSENT);
      if (v == ABSENT || largest == ABSENT) {
        return ABSENT;
      }
      largest = Math.max(largest, v);
    }
    return largest;
  }

  private void admitNow(Candidate c, boolean fromQueue, String message) {
    ProjectState p = projectState(c.spec.project());
    Member m = new Member(c.spec, p, c.priorityClass, c.priority, ++admissionSeq, resourceCount,
        policyOf(c.spec, p), enforcers.length);
    p.members.put(m.spec.id(), m);
    members.put(m.spec.id(), m);
    add(p.requests, m.requests);
    if (!fromQueue) {
      charge(p, m.spec.resources(), 1);
    }
    refreshMemberArray();
    try {
      monitor.tracker().register(m.spec.id(), Map.of(PROJECT_LABEL, p.name));
    } catch (IllegalStateException e) {
      log.warn("agent {} is admitted but cannot be tracked by the monitor: {}", m.spec.id(), e.getMessage());
    }
    gateChanges.add(new GateChange(m.spec.id(), true));
    try {
      recompute(ticker.read());
    } catch (IllegalStateException e) {
      // fit() computed the same division, so this does not happen with a deterministic strategy
      log.error("strategy {} failed after admitting {}", strategy.name(), m.spec.id(), e);
    }
    emit(AllocationEvent.Type.ADMITTED, m.spec.id(), p.name, message);
  }

  private boolean releaseLocked(String agentId) {
    Member m = members.get(agentId);
    if (m != null) {
      removeMember(m);
      charge(m.project, m.spec.resources(), -1);
      emit(AllocationEvent.Type.LEFT, agentId, m.project.name, "released");
      afterMembershipChange();
      return true;
    }
    for (int i = 0; i < queue.size(); i++) {
      Waiting w = queue.get(i);
      if (w.spec.id().equals(agentId)) {
        queue.remove(i);
        ProjectState p = projects.get(w.spec.project());
        if (p != null) {
          charge(p, w.spec.resources(), -1);
          dropIfIdle(p);
        }
        emit(AllocationEvent.Type.LEFT, agentId, w.spec.project(), "left the queue");
        return true;
      }
    }
    return false;
  }

  private void removeMember(Member m) {
    members.remove(m.spec.id());
    m.project.members.remove(m.spec.id());
    subtract(m.project.requests, m.requests);
    m.desired = Desired.RUNNING;
    departing.add(m);
    departingArray = departing.toArray(new Member[0]);
    refreshMemberArray();
    gateChanges.add(new GateChange(m.spec.id(), false));
  }

  private void afterMembershipChange() {
    for (ProjectState p : projectArray) {
      dropIfIdle(p);
    }
    try {
      recompute(ticker.read());
    } catch (IllegalStateException e) {
      emit(AllocationEvent.Type.STRATEGY_FAILED, null, null, "strategy " + strategy.name()
          + " failed; the previous shares stay in force: " + e.getMessage());
    }
    if (!queue.isEmpty()) {
      serveQueue(ticker.read());
    }
  }

  /** The state of project {@code name}, created (unconfigured: with defaults) if needed. */
  private ProjectState projectState(String name) {
    ProjectState p = projects.get(name);
    if (p == null) {
      ProjectConfig pc = config.projects().getOrDefault(name, ProjectConfig.defaults(name));
      p = new ProjectState(pc, resourceCount, policyOf(pc));
      projects.put(name, p);
      projectArray = projects.values().toArray(new ProjectState[0]);
    }
    return p;
  }

  /** Unconfigured projects exist only while they have agents (admitted or queued). */
  private void dropIfIdle(ProjectState p) {
    if (!config.projects().containsKey(p.name) && p.members.isEmpty() && !hasQueued(p.name)) {
      projects.remove(p.name);
      projectArray = projects.values().toArray(new ProjectState[0]);
    }
  }

  private boolean hasQueued(String project) {
    for (Waiting w : queue) {
      if (w.spec.project().equals(project)) {
        return true;
      }
    }
    return false;
  }

  private void charge(ProjectState p, Resources resources, int sign) {
    if (p.config.quota().isEmpty()) {
      return;
    }
    for (String key : p.config.quota().get().hard().keySet()) {
      long delta = Quota.delta(key, resources) * sign;
      p.quotaUsed.merge(key, delta, Long::sum);
    }
  }

  // ================================================================== fitting

  /** Whether the candidate's requests fit its project's share (with it included) and the global limits. */
  private Fit fit(Candidate c, List<Member> without) {
    String project = c.spec.project();
    Division division;
    try {
      division = divide(c, without, ticker.read(), project);
    } catch (IllegalStateException e) {
      return Fit.refused(e.getMessage());
    }
    long[] share = division.projectShares.get(project);
    long[] projectRequests = new long[resourceCount];
    long[] allRequests = new long[resourceCount];
    for (Member m : members.values()) {
      if (without.contains(m)) {
        continue;
      }
      add(allRequests, m.requests);
      if (m.project.name.equals(project)) {
        add(projectRequests, m.requests);
      }
    }
    long[] want = raw(c.spec.resources().requests());
    List<Resource> shortOf = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (int r = 0; r < resourceCount; r++) {
      if (want[r] == ABSENT || want[r] == 0) {
        continue;
      }
      Resource res = Resource.byIndex(r);
      long projectFree = share[r] == ABSENT ? Long.MAX_VALUE : share[r] - projectRequests[r];
      long globalFree = capacityRaw[r] == ABSENT ? Long.MAX_VALUE : capacityRaw[r] - allRequests[r];
      if (want[r] > projectFree) {
        shortOf.add(res);
        detail.append(detail.length() == 0 ? "" : "; ").append("requests ").append(res.format(want[r])).append(", ")
            .append(res.format(Math.max(0, projectFree))).append(" free of project \"").append(project)
            .append("\" share ").append(res.format(share[r]));
      } else if (want[r] > globalFree) {
        shortOf.add(res);
        detail.append(detail.length() == 0 ? "" : "; ").append("requests ").append(res.format(want[r])).append(", ")
            .append(res.format(Math.max(0, globalFree))).append(" free of the global limit ")
            .append(res.format(capacityRaw[r]));
      }
    }
    return shortOf.isEmpty() ? Fit.OK : new Fit(shortOf, detail.toString(), null);
  }

  /** Lower-priority agents whose removal lets the candidate fit, fewest first; null if none do. */
  private List<Member> victimsFor(Candidate c) {
    List<Member> lower = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.priority < c.priority) {
        lower.add(m);
      }
    }
    lower.sort(Comparator.<Member>comparingInt(m -> m.priority).thenComparing(m -> -m.seq));
    List<Member> chosen = new ArrayList<>();
    boolean fits = false;
    for (Member m : lower) {
      chosen.add(m);
      if (fit(c, chosen).ok()) {
        fits = true;
        break;
      }
    }
    if (!fits) {
      return null;
    }
    // Reprieve: give back, highest priority first, every victim the candidate fits without.
    List<Member> byImportance = new ArrayList<>(chosen);
    byImportance.sort(Comparator.<Member>comparingInt(m -> -m.priority).thenComparingLong(m -> m.seq));
    for (Member m : byImportance) {
      List<Member> fewer = new ArrayList<>(chosen);
      fewer.remove(m);
      if (fit(c, fewer).ok()) {
        chosen = fewer;
      }
    }
    return chosen;
  }

  private void preempt(List<Member> victims, Candidate c, Fit fit) {
    for (Member v : victims) {
      removeMember(v);
      emit(AllocationEvent.Type.PREEMPTED, v.spec.id(), v.project.name, "agent " + v.spec.id() + " (priority "
          + priorityText(v.priorityClass, v.priority) + ") was preempted to admit " + c.spec.id() + " (priority "
          + priorityText(c.priorityClass, c.priority) + "), which needs " + fit.shortText() + ": " + fit.detail());
      Candidate again = new Candidate(v.spec, v.priorityClass, v.priority);
      if (config.overflow().enabled() && queue.size() < config.overflow().maxQueueSize()) {
        enqueue(again, Fit.refused("preempted by " + c.spec.id()), true);
      } else {
        charge(v.project, v.spec.resources(), -1);
        emit(AllocationEvent.Type.REJECTED, v.spec.id(), v.project.name, "preempted and "
            + (config.overflow().enabled() ? "queue full (" + config.overflow().maxQueueSize() + ")" : "no overflow queue"));
      }
    }
  }

  private static String priorityText(PriorityClass pc, int value) {
    return pc == null ? Integer.toString(value) : pc.toString();
  }

  private static String ids(List<Member> ms) {
    StringBuilder sb = new StringBuilder();
    for (Member m : ms) {
      sb.append(sb.length() == 0 ? "" : ", ").append(m.spec.id());
    }
    return sb.toString();
  }

  // ================================================================== queue

  /** Queues an agent; {@code charged} tells whether its quota charge is already counted (a preempted agent's is). */
  private void enqueue(Candidate c, Fit fit, boolean charged) {
    ProjectState p = projectState(c.spec.project());
    Waiting w = new Waiting(c, ticker.read(), ++queueSeq);
    queue.add(w);
    if (!charged) {
      charge(p, c.spec.resources(), 1); // queued agents count against the quota, as pending pods do
    }
    gateChanges.add(new GateChange(c.spec.id(), false));
    emit(AllocationEvent.Type.QUEUED, c.spec.id(), p.name, "waiting for " + fit.shortText() + ": " + fit.detail());
  }

  private List<Waiting> releaseOrder(long now) {
    List<Waiting> order = new ArrayList<>(queue);
    OverflowPolicy o = config.overflow();
    long interval = o.agingInterval().toNanos();
    order.sort(Comparator.<Waiting>comparingLong(w -> -effectivePriority(w, now, interval, o.agingStep()))
        .thenComparingLong(w -> w.seq));
    return order;
  }

  private static long effectivePriority(Waiting w, long now, long interval, int step) {
    long steps = Math.max(0, now - w.enqueuedNanos) / interval;
    return w.priority + Math.min(steps, Integer.MAX_VALUE) * step;
  }

  /** Admits waiting agents that fit, in release order; rejects those that waited too long. */
  private void serveQueue(long now) {
    long maxWait = config.overflow().maxWaitTime().toNanos();
    for (Waiting w : releaseOrder(now)) {
      Candidate c = new Candidate(w.spec, w.priorityClass, w.priority);
      Fit fit = fit(c, List.of());
      long waited = now - w.enqueuedNanos;
      if (fit.ok()) {
        queue.remove(w);
        admitNow(c, true, "admitted after waiting " + waited / 1_000_000_000L + " s");
      } else if (waited >= maxWait) {
        queue.remove(w);
        ProjectState p = projects.get(w.spec.project());
        if (p != null) {
          charge(p, w.spec.resources(), -1);
          dropIfIdle(p);
        }
        emit(AllocationEvent.Type.REJECTED, w.spec.id(), w.spec.project(),
            "waited " + waited / 1_000_000_000L + " s for " + fit.shortText());
      }
    }
  }

  // ================================================================== division

  /**
   * Divides the capacity among projects, then each project's share among its agents, optionally with a candidate
   * added and some members left out, without changing any state. Agent-level shares are computed for
   * {@code agentsOf} only (null: every project).
   */
  private Division divide(Candidate candidate, List<Member> without, long now, String agentsOf) {
    List<String> names = new ArrayList<>(projects.keySet());
    if (candidate != null && !projects.containsKey(candidate.spec.project())) {
      names.add(candidate.spec.project());
      names.sort(null);
    }
    List<Claimant> claimants = new ArrayList<>(names.size());
    Map<String, List<Member>> agentsByProject = new HashMap<>(names.size() * 2);
    for (String name : names) {
      ProjectState p = projects.get(name);
      ProjectConfig pc = p != null ? p.config : config.projects().getOrDefault(name, ProjectConfig.defaults(name));
      int size = p == null ? 1 : p.members.size() + 1;
      List<Member> ms = new ArrayList<>(size);
      List<ResourceVector> units = new ArrayList<>(size);
      if (p != null) {
        for (Member m : p.members.values()) {
          if (without.isEmpty() || !without.contains(m)) {
            ms.add(m);
            units.add(m.spec.resources().requests());
          }
        }
      }
      if (candidate != null && candidate.spec.project().equals(name)) {
        units.add(candidate.spec.resources().requests());
      }
      agentsByProject.put(name, ms);
      ResourceVector usage = p == null ? ResourceVector.empty() : ResourceVector.ofRaw(p.usage);
      claimants.add(new Claimant(name, pc.weight(), pc.priority(), pc.minimum(), pc.limits(), units, usage));
    }
    ShareRequest projectRequest = new ShareRequest("", capacity, claimants, now);
    List<ResourceVector> projectShares = checked(projectRequest, strategy.divide(projectRequest));
    Division d = new Division(projectRequest, projectShares);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      d.projectShares.put(name, raw(projectShares.get(i)));
      if (agentsOf != null && !agentsOf.equals(name)) {
        continue;
      }
      List<Member> ms = agentsByProject.get(name);
      List<Claimant> agents = new ArrayList<>(ms.size() + 1);
      for (Member m : ms) {
        agents.add(new Claimant(m.spec.id(), m.spec.weight(), -m.priority, ResourceVector.empty(),
            m.spec.resources().limits(), m.unit, ResourceVector.ofRaw(m.usage)));
      }
      if (candidate != null && candidate.spec.project().equals(name)) {
        agents.add(new Claimant(candidate.spec.id(), candidate.spec.weight(), -candidate.priority, ResourceVector.empty(),
            candidate.spec.resources().limits(), List.of(candidate.spec.resources().requests()), ResourceVector.empty()));
      }
      agents.sort(Comparator.comparing(Claimant::name));
      ShareRequest agentRequest = new ShareRequest(name, projectShares.get(i), agents, now);
      List<ResourceVector> agentShares = checked(agentRequest, strategy.divide(agentRequest));
      d.agentRequests.add(agentRequest);
      d.agentResults.add(agentShares);
    }
    return d;
  }

  /** Rejects a strategy's result that breaks a limit or the capacity. */
  private List<ResourceVector> checked(ShareRequest request, List<ResourceVector> result) {
    List<Claimant> claimants = request.claimants();
    if (result == null || result.size() != claimants.size()) {
      throw new IllegalStateException("strategy " + strategy.name() + " returned " + (result == null ? "null" : result.size())
          + " shares for " + claimants.size() + " claimants");
    }
    long[] sum = new long[resourceCount];
    for (int i = 0; i < result.size(); i++) {
      ResourceVector share = Objects.requireNonNull(result.get(i), "share");
      Claimant c = claimants.get(i);
      if (!share.fitsWithin(c.limit())) {
        throw new IllegalStateException("strategy " + strategy.name() + " gave " + c.name() + " {" + share
            + "}, more than its limit {" + c.limit() + "}");
      }
      for (int r = 0; r < resourceCount; r++) {
        long v = share.raw(r);
        if (v != ABSENT) {
          sum[r] = Apportion.saturatedAdd(sum[r], v);
        }
      }
    }
    for (int r = 0; r < resourceCount; r++) {
      long cap = request.capacity().raw(r);
      if (cap != ABSENT && sum[r] > cap) {
        Resource res = Resource.byIndex(r);
        throw new IllegalStateException("strategy " + strategy.name() + " divided " + res.format(sum[r]) + " of " + res
            + " in scope \"" + request.scope() + "\", more than the capacity " + res.format(cap));
      }
    }
    return result;
  }

  /** Divides and adopts the result; notifies listeners if the shares changed. */
  private Shares recompute(long now) {
    Division d = divide(null, List.of(), now, null);
    strategy.commit(d.projectRequest, d.projectResult);
    for (int i = 0; i < d.agentRequests.size(); i++) {
      strategy.commit(d.agentRequests.get(i), d.agentResults.get(i));
    }
    int n = d.projectRequest.claimants().size();
    Map<String, ResourceVector> projectShares = new LinkedHashMap<>(n * 2);
    Map<String, ResourceVector> agentShares = new LinkedHashMap<>(members.size() * 2);
    for (int i = 0; i < n; i++) {
      String name = d.projectRequest.claimants().get(i).name();
      ProjectState p = projects.get(name);
      System.arraycopy(d.projectShares.get(name), 0, p.share, 0, resourceCount);
      projectShares.put(name, d.projectResult.get(i));
    }
    for (int k = 0; k < d.agentRequests.size(); k++) { // projects in name order, agents in id order within each
      ShareRequest req = d.agentRequests.get(k);
      for (int i = 0; i < req.claimants().size(); i++) {
        agentShares.put(req.claimants().get(i).name(), d.agentResults.get(k).get(i));
      }
    }
    Shares next = new Shares(strategy.name(), profile == null ? null : profile.name(), capacity, projectShares, agentShares);
    Shares previous = shares;
    shares = next;
    if (!next.sameDivision(previous)) {
      emit(AllocationEvent.Type.SHARES_CHANGED, null, null, "shares divided by " + strategy.name() + ": global {"
          + capacity + "}, " + projectShares.size() + " projects, " + agentShares.size() + " agents");
    }
    return next;
  }

  // ================================================================== profiles

  private Profile selectProfile(long epochMillis) {
    Optional<String> named = config.selectedProfile();
    if (named.isPresent()) {
      return config.profiles().get(named.get());
    }
    LocalTime time = Instant.ofEpochMilli(epochMillis).atZone(config.zone()).toLocalTime();
    for (Profile pr : config.profiles().values()) {
      for (TimeWindow w : pr.windows()) {
        if (w.contains(time)) {
          return pr;
        }
      }
    }
    return null;
  }

  /** The next instant a time window starts or ends, in epoch millis; Long.MAX_VALUE if none can. */
  private long nextBoundary(long epochMillis) {
    if (config.selectedProfile().isPresent()) {
      return Long.MAX_VALUE;
    }
    ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(config.zone());
    long next = Long.MAX_VALUE;
    for (Profile pr : config.profiles().values()) {
      for (TimeWindow w : pr.windows()) {
        for (LocalTime t : new LocalTime[] {w.start(), w.end()}) {
          for (int day = 0; day <= 1; day++) {
            LocalDate date = now.toLocalDate().plusDays(day);
            long at = ZonedDateTime.of(date, t, config.zone()).toInstant().toEpochMilli();
            if (at > epochMillis) {
              next = Math.min(next, at);
            }
          }
        }
      }
    }
    return next;
  }

  private void checkProfile(long epochMillis, long now) {
    if (epochMillis < nextProfileCheckMillis && epochMillis >= lastProfileCheckMillis) {
      lastProfileCheckMillis = epochMillis;
      return;
    }
    lastProfileCheckMillis = epochMillis;
    nextProfileCheckMillis = nextBoundary(epochMillis);
    Profile selected = selectProfile(epochMillis);
    if (selected == profile) {
      return;
    }
    Profile before = profile;
    profile = selected;
    applyCapacity();
    try {
      recompute(now);
    } catch (IllegalStateException e) {
      emit(AllocationEvent.Type.STRATEGY_FAILED, null, null, "strategy " + strategy.name()
          + " failed after the profile switch; the previous shares stay in force: " + e.getMessage());
    }
    String message = (selected == null ? "no profile active" : "profile " + selected.name() + " active")
        + (before == null ? "" : " (was " + before.name() + ")") + ": global limits {" + capacity + "}";
    emit(AllocationEvent.Type.PROFILE_CHANGED, null, null, message);
    if (!queue.isEmpty()) {
      serveQueue(now);
    }
  }

  private void applyCapacity() {
    capacity = config.capacity(profile);
    capacityRaw = raw(capacity);
  }

  // ================================================================== usage and enforcement

  private void readUsage(Sample sample) {
    Arrays.fill(globalUsage, ABSENT);
    for (ProjectState p : projectArray) {
      Arrays.fill(p.usage, ABSENT);
    }
    for (Member m : memberArray) {
      Arrays.fill(m.usage, ABSENT);
    }
    List<Agent> agents = sample.agents();
    int cpus = config.machineCpus();
    for (int a = 0; a < agents.size(); a++) {
      Agent agent = agents.get(a);
      Member m = members.get(agent.id());
      if (m == null) {
        continue;
      }
      for (int k = 0; k < usageIndex.length; k++) {
        double v = sample.value(agent, usageMetric[k]);
        if (Double.isNaN(v) || v < 0) {
          continue;
        }
        long amount = usagePercentOfMachine[k] ? Math.round(v * cpus * 10.0) : Math.round(v);
        int r = usageIndex[k];
        m.usage[r] = amount;
        m.project.usage[r] = m.project.usage[r] == ABSENT ? amount : Apportion.saturatedAdd(m.project.usage[r], amount);
        globalUsage[r] = globalUsage[r] == ABSENT ? amount : Apportion.saturatedAdd(globalUsage[r], amount);
      }
    }
  }

  /** Compares usage with the limits at all three levels and updates each agent's desired state. */
  private void checkLimits() {
    for (int k = 0; k < usageIndex.length; k++) {
      int r = usageIndex[k];
      globalViolations += transition(globalViolating, r, globalUsage[r], capacityRaw[r], config.enforcement(), null, null);
    }
    for (ProjectState p : projectArray) {
      for (int k = 0; k < usageIndex.length; k++) {
        int r = usageIndex[k];
        p.violations += transition(p.violating, r, p.usage[r], p.share[r], p.policy, p.name, null);
      }
    }
    for (Member m : memberArray) {
      for (int k = 0; k < usageIndex.length; k++) {
        int r = usageIndex[k];
        m.violations += transition(m.violating, r, m.usage[r], m.limits[r], m.policy, m.project.name, m.spec.id());
      }
    }
    // Every member, not only on a transition: an agent admitted under an exceeded project or global limit is held too.
    for (Member m : memberArray) {
      updateDesired(m);
    }
  }

  /** Updates one limit's state; returns +1 when it becomes exceeded, -1 when it recovers, else 0. */
  private int transition(boolean[] violating, int r, long usage, long limit, EnforcementPolicy policy, String project,
                         String agentId) {
    if (limit == ABSENT) {
      if (violating[r]) {
        violating[r] = false;
        return -1;
      }
      return 0;
    }
    if (usage == ABSENT) {
      return 0;
    }
    Resource res = Resource.byIndex(r);
    if (!violating[r] && usage > limit) {
      violating[r] = true;
      emit(AllocationEvent.Type.LIMIT_EXCEEDED, agentId, project, res + " " + res.format(usage) + " above "
          + levelName(project, agentId) + " " + res.format(limit) + " (" + policy.action().name().toLowerCase(java.util.Locale.ROOT) + ")");
      return 1;
    }
    if (violating[r] && usage < limit * policy.resumeThreshold()) {
      violating[r] = false;
      emit(AllocationEvent.Type.LIMIT_RECOVERED, agentId, project, res + " " + res.format(usage) + " below "
          + policy.resumeThreshold() + " of " + levelName(project, agentId) + " " + res.format(limit));
      return -1;
    }
    return 0;
  }

  private static String levelName(String project, String agentId) {
    return agentId != null ? "the limit of agent " + agentId : project != null ? "the share of project " + project : "the global limit";
  }

  /** Derives what the agent should be from the limits exceeded at its three levels. Allocates only on a change. */
  private void updateDesired(Member m) {
    boolean paused = false;
    double fraction = 1.0;
    int reasonLevel = -1;
    for (int level = 0; level < 3; level++) {
      int count = level == 0 ? m.violations : level == 1 ? m.project.violations : globalViolations;
      if (count <= 0) {
        continue;
      }
      EnforcementPolicy policy = level == 0 ? m.policy : level == 1 ? m.project.policy : config.enforcement();
      if (policy.action() == EnforcementPolicy.Action.PAUSE) {
        paused = true;
      } else if (policy.action() == EnforcementPolicy.Action.THROTTLE) {
        fraction = Math.min(fraction, policy.throttleFraction());
      } else {
        continue;
      }
      if (reasonLevel < 0) {
        reasonLevel = level;
      }
    }
    Desired current = m.desired;
    if (current.paused == paused && current.fraction == fraction) {
      return;
    }
    String reason = reasonLevel < 0 ? null : reasonLevel == 0 ? violationText(m.violating, m.spec.id(), null)
        : reasonLevel == 1 ? violationText(m.project.violating, null, m.project.name)
        : violationText(globalViolating, null, null);
    Desired next = paused ? new Desired(true, 1.0, reason) : fraction < 1.0 ? new Desired(false, fraction, reason) : Desired.RUNNING;
    m.desired = next;
    if (paused) {
      emit(AllocationEvent.Type.PAUSED, m.spec.id(), m.project.name, "paused: " + reason);
    } else if (fraction < 1.0) {
      emit(AllocationEvent.Type.THROTTLED, m.spec.id(), m.project.name, "throttled to " + fraction + ": " + reason);
    } else {
      emit(AllocationEvent.Type.RESUMED, m.spec.id(), m.project.name, "resumed: usage recovered");
    }
  }

  private String violationText(boolean[] flags, String agentId, String project) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < flags.length; r++) {
      if (flags[r]) {
        sb.append(sb.length() == 0 ? "" : ", ").append(Resource.byIndex(r));
      }
    }
    return sb + " above " + (agentId != null ? "its limit" : project != null ? "the share of project " + project : "the global limit");
  }

  /** Puts desired states into effect through every enforcer, outside the pool lock; failures are retried next time. */
  private void enforce() {
    synchronized (enforceLock) {
      for (Member m : memberArray) {
        enforce(m);
      }
      for (Member m : departingArray) {
        if (enforce(m)) {
          lock.lock();
          try {
            if (departing.remove(m)) { // put back to running everywhere: done with it
              departingArray = departing.toArray(new Member[0]);
            }
          } finally {
            lock.unlock();
          }
        }
      }
    }
  }

  /** Applies m's desired state; returns whether every enforcer has it. Caller holds enforceLock. */
  private boolean enforce(Member m) {
    Desired d = m.desired;
    boolean all = true;
    for (int e = 0; e < enforcers.length; e++) {
      Desired a = m.applied[e];
      if (a == d || (a.paused == d.paused && a.fraction == d.fraction)) {
        continue;
      }
      Enforcer enforcer = enforcers[e];
      String id = m.spec.id();
      try {
        if (d.paused && !a.paused) {
          enforcer.pause(id, d.reason);
        }
        if (d.fraction < 1.0 && d.fraction != a.fraction) {
          enforcer.throttle(id, d.fraction, d.reason);
        }
        if (d.fraction >= 1.0 && a.fraction < 1.0) {
          enforcer.unthrottle(id);
        }
        if (!d.paused && a.paused) {
          enforcer.resume(id);
        }
        m.applied[e] = d;
      } catch (RuntimeException ex) {
        all = false;
        String action = d.paused && !a.paused ? "pause" : !d.paused && a.paused ? "resume" : d.fraction < 1.0 ? "throttle" : "unthrottle";
        log.warn("enforcer {} could not {} agent {}: {}; retrying on the next check", enforcer.name(), action, id, ex.toString());
        log.debug("enforcer failure", ex);
        lock.lock();
        try {
          emit(AllocationEvent.Type.ENFORCEMENT_FAILED, id, m.project.name, "enforcer " + enforcer.name() + " could not "
              + action + " agent " + id + ": " + ex.getMessage() + "; retrying on the next check");
        } finally {
          lock.unlock();
        }
      }
    }
    return all;
  }

  // ================================================================== delivery

  private void emit(AllocationEvent.Type type, String agentId, String project, String message) {
    outbox.add(new AllocationEvent(type, clock.instant(), agentId, project, message));
  }

  /** After any locked change: put decisions into effect, then deliver shares and events in order. */
  private void afterChange() {
    if (!gateChanges.isEmpty()) {
      synchronized (enforceLock) {
        GateChange change;
        while ((change = gateChanges.poll()) != null) {
          inJvm.admitted(change.agentId, change.admitted);
        }
      }
    }
    enforce();
    inJvm.signal();
    deliver();
  }

  private void deliver() {
    while (!outbox.isEmpty()) {
      if (!dispatchLock.tryLock()) {
        return; // the thread holding it delivers what we queued
      }
      try {
        AllocationEvent item;
        while ((item = outbox.poll()) != null) {
          for (Consumer<AllocationEvent> l : listeners) {
            try {
              l.accept(item);
            } catch (RuntimeException e) {
              log.warn("allocation listener {} failed on {}", l, item, e);
            }
          }
        }
      } finally {
        dispatchLock.unlock();
      }
    }
  }

  // ================================================================== helpers for the allocator

  /** What is free for {@code agentId}: [0] global capacity - requests, [1] project share - requests; ABSENT if unlimited. */
  long[][] freeFor(String agentId, String project) {
    lock.lock();
    try {
      long[] global = new long[resourceCount];
      long[] inProject = new long[resourceCount];
      long[] allRequests = new long[resourceCount];
      long[] projectRequests = new long[resourceCount];
      for (Member m : members.values()) {
        if (m.spec.id().equals(agentId)) {
          continue;
        }
        add(allRequests, m.requests);
        if (m.project.name.equals(project)) {
          add(projectRequests, m.requests);
        }
      }
      ProjectState p = projects.get(project);
      for (int r = 0; r < resourceCount; r++) {
        global[r] = capacityRaw[r] == ABSENT ? ABSENT : Math.max(0, capacityRaw[r] - allRequests[r]);
        long share = p == null ? ABSENT : p.share[r];
        inProject[r] = share == ABSENT ? ABSENT : Math.max(0, share - projectRequests[r]);
      }
      return new long[][] {global, inProject};
    } finally {
      lock.unlock();
    }
  }

  /** The project of an admitted or queued agent, else its configured one, else the default project. */
  String projectOf(String agentId) {
    lock.lock();
    try {
      Member m = members.get(agentId);
      if (m != null) {
        return m.project.name;
      }
      for (Waiting w : queue) {
        if (w.spec.id().equals(agentId)) {
          return w.spec.project();
        }
      }
      AgentSpec spec = config.agents().get(agentId);
      return spec != null ? spec.project() : ProjectConfig.DEFAULT_PROJECT;
    } finally {
      lock.unlock();
    }
  }

  // ================================================================== small helpers

  private static AgentStatus.State stateOf(Member m) {
    Desired d = m.desired;
    return d.paused ? AgentStatus.State.PAUSED : d.fraction < 1.0 ? AgentStatus.State.THROTTLED : AgentStatus.State.RUNNING;
  }

  private boolean isAdmitted(String agentId) {
    lock.lock();
    try {
      return members.containsKey(agentId);
    } finally {
      lock.unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this resource pool is closed");
    }
  }

  private void refreshMemberArray() {
    memberArray = members.values().toArray(new Member[0]);
  }

  private EnforcementPolicy policyOf(ProjectConfig pc) {
    return pc.enforcement().orElse(config.enforcement());
  }

  private EnforcementPolicy policyOf(AgentSpec spec, ProjectState p) {
    return spec.enforcement().orElse(p.policy);
  }

  private long[] raw(ResourceVector v) {
    long[] a = new long[resourceCount];
    v.copyInto(a);
    return a;
  }

  private static void add(long[] into, long[] amounts) {
    for (int r = 0; r < into.length; r++) {
      if (amounts[r] != ABSENT) {
        into[r] = Apportion.saturatedAdd(into[r], amounts[r]);
      }
    }
  }

  private static void subtract(long[] from, long[] amounts) {
    for (int r = 0; r < from.length; r++) {
      if (amounts[r] != ABSENT) {
        from[r] -= amounts[r];
      }
    }
  }

  @Override
  public String toString() {
    return "ResourcePool{" + strategy.name() + ", " + members.size() + " agents, " + queue.size() + " queued}";
  }

  // ================================================================== state

  /** A project's live state. Guarded by the pool lock. */
  private static final class ProjectState {
    final String name;
    final ProjectConfig config;
    final EnforcementPolicy policy;
    final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
    final long[] share;
    final long[] requests;
    final long[] usage;
    final boolean[] violating;
    int violations;
    final Map<String, Long> quotaUsed = new TreeMap<>();

    ProjectState(ProjectConfig config, int resources, EnforcementPolicy policy) {
      this.name = config.name();
      this.config = config;
      this.policy = policy;
      this.share = new long[resources];
      Arrays.fill(share, ABSENT);
      this.requests = new long[resources];
      this.usage = new long[resources];
      Arrays.fill(usage, ABSENT);
      this.violating = new boolean[resources];
    }
  }

  /** An admitted agent. Fields are guarded by the pool lock, except desired (volatile) and applied (enforceLock). */
  private static final class Member {
    final AgentSpec spec;
    final ProjectState project;
    final PriorityClass priorityClass;
    final int priority;
    final long seq;
    final long[] requests;
    final long[] limits;
    final long[] usage;
    final boolean[] violating;
    int violations;
    final EnforcementPolicy policy;
    final List<ResourceVector> unit; // its request, as the one unit of its demand
    volatile Desired desired = Desired.RUNNING;
    final Desired[] applied;

    Member(AgentSpec spec, ProjectState project, PriorityClass priorityClass, int priority, long seq, int resources,
           EnforcementPolicy policy, int enforcerCount) {
      this.spec = spec;
      this.project = project;
      this.priorityClass = priorityClass;
      this.priority = priority;
      this.seq = seq;
      this.requests = new long[resources];
      spec.resources().requests().copyInto(requests);
      this.limits = new long[resources];
      spec.resources().limits().copyInto(limits);
      this.usage = new long[resources];
      Arrays.fill(usage, ABSENT);
      this.violating = new boolean[resources];
      this.policy = policy;
      this.unit = List.of(spec.resources().requests());
      this.applied = new Desired[enforcerCount];
      Arrays.fill(applied, Desired.RUNNING);
    }
  }

  /** What an agent should be: paused, throttled to a fraction, or running. Immutable. */
  private static final class Desired {
    static final Desired RUNNING = new Desired(false, 1.0, null);
    final boolean paused;
    final double fraction;
    final String reason;

    Desired(boolean paused, double fraction, String reason) {
      this.paused = paused;
      this.fraction = fraction;
      this.reason = reason;
    }
  }

  /** An agent asking to be admitted. */
  private static final class Candidate {
    final AgentSpec spec;
    final PriorityClass priorityClass;
    final int priority;

    Candidate(AgentSpec spec, PriorityClass priorityClass, int priority) {
      this.spec = spec;
      this.priorityClass = priorityClass;
      this.priority = priority;
    }
  }

  /** A queued agent. Guarded by the pool lock. */
  private static final class Waiting {
    final AgentSpec spec;
    final PriorityClass priorityClass;
    final int priority;
    final long enqueuedNanos;
    final long seq;

    Waiting(Candidate c, long enqueuedNanos, long seq) {
      this.spec = c.spec;
      this.priorityClass = c.priorityClass;
      this.priority = c.priority;
      this.enqueuedNanos = enqueuedNanos;
      this.seq = seq;
    }
  }

  /** A division not yet adopted. */
  private static final class Division {
    final ShareRequest projectRequest;
    final List<ResourceVector> projectResult;
    final Map<String, long[]> projectShares = new HashMap<>(64);
    final List<ShareRequest> agentRequests = new ArrayList<>();
    final List<List<ResourceVector>> agentResults = new ArrayList<>();

    Division(ShareRequest projectRequest, List<ResourceVector> projectResult) {
      this.projectRequest = projectRequest;
      this.projectResult = projectResult;
    }
  }

  /** An admission decision for an agent's in-JVM gate. */
  private record GateChange(String agentId, boolean admitted) {}

  /** Whether a candidate fits, and if not, what it lacks. */
  private record Fit(List<Resource> shortOf, String detail, String refusal) {
    static final Fit OK = new Fit(List.of(), "", null);

    static Fit refused(String why) {
      return new Fit(List.of(), why, why);
    }

    boolean ok() {
      return shortOf.isEmpty() && refusal == null;
    }

    String shortText() {
      if (refusal != null) {
        return "a division that fits";
      }
      StringBuilder sb = new StringBuilder();
      for (Resource r : shortOf) {
        sb.append(sb.length() == 0 ? "" : ", ").append(r);
      }
      return sb.toString();
    }
  }
}
