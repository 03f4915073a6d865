package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.monitor.AgentTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission: Kubernetes' admission steps in order, rejecting the agent whole at the first that fails (the monitor
 * must be able to track it, its priority class must exist, its project's limit range fills in defaults and checks
 * min, max and ratio, its project's quota must allow it, its requests must fit some profile's global limits and its
 * project's limit); then whether it fits now (its project's share, divided again with it included, and the global
 * limits); if not, preemption of lower-priority agents when allowed, else the overflow queue, else rejection. Also
 * release, which frees what an agent held and lets waiting agents in. Guarded by the pool's lock.
 */
final class AdmissionControl {

  private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);
  private static final String PROJECT_LABEL = "project";

  private final AllocationConfig config;
  private final AgentTracker tracker;
  private final Ticker ticker;
  private final PoolState state;
  private final ProfileSchedule profiles;
  private final ShareDivider divider;
  private final OverflowQueue queue;
  private final Enforcement enforcement;
  private final Outbox outbox;

  AdmissionControl(AllocationConfig config, AgentTracker tracker, Ticker ticker, PoolState state,
                   ProfileSchedule profiles, ShareDivider divider, OverflowQueue queue, Enforcement enforcement,
                   Outbox outbox) {
    this.config = config;
    this.tracker = tracker;
    this.ticker = ticker;
    this.state = state;
    this.profiles = profiles;
    this.divider = divider;
    this.queue = queue;
    this.enforcement = enforcement;
    this.outbox = outbox;
  }

  /** Admits, queues or rejects an agent; see the class description. */
  Admission admit(AgentSpec requested) {
    String id = requested.id();
    Member existing = state.members.get(id);
    if (existing != null) {
      return new Admission(id, existing.state(), "already admitted");
    }
    if (state.findWaiting(id) != null) {
      return new Admission(id, AgentStatus.State.QUEUED, "already queued");
    }
    String project = requested.project();
    // Admitted agents are tracked by the monitor, which measures their usage for enforcement: so the monitor's
    // maxAgents bounds them too, rather than letting the admitted set grow without limit, untracked.
    if (tracker.size() >= tracker.maxAgents() && tracker.find(id).isEmpty()) {
      return reject(id, project, "the monitor already tracks " + tracker.size() + " agents, its maxAgents ("
          + tracker.maxAgents() + "); an agent it cannot track cannot be measured or enforced");
    }
    for (Resource r : requested.resources().limits().plus(requested.resources().requests()).resources()) {
      if (r.index() >= state.resourceCount) {
        throw new IllegalArgumentException("resource " + r + " was defined after this pool was created; define every "
            + "resource (Resource.count, bytes or cpu) before creating the pool");
      }
    }
    @Nullable PriorityClass priorityClass;
    if (requested.priorityClass().isPresent()) {
      priorityClass = config.priorityClasses().get(requested.priorityClass().get());
      if (priorityClass == null) {
        return reject(id, project, "no PriorityClass with name " + requested.priorityClass().get() + " was found");
      }
    } else {
      priorityClass = defaultPriorityClass();
    }
    ProjectState p = state.projects.get(project);
    ProjectConfig pc = state.projectConfig(project);
    AgentSpec spec = requested;
    if (pc.limitRange().isPresent()) {
      LimitRange range = pc.limitRange().get();
      try {
        spec = requested.toBuilder().resources(range.applyDefaults(requested.resources())).build();
      } catch (IllegalArgumentException e) {
        return reject(id, project, Objects.toString(e.getMessage(), e.toString()));
      }
      String violation = rejection(range.violations(spec.resources()));
      if (violation != null) {
        return reject(id, project, violation);
      }
    }
    if (pc.quota().isPresent()) {
      Quota quota = pc.quota().get();
      String problem = QuotaCheck.mustSpecify(quota, spec.resources());
      if (problem == null) {
        problem = QuotaCheck.exceeded(quota, p == null ? Map.of() : p.quotaUsed, spec.resources());
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
    if (!queue.enabled()) {
      return reject(id, project, "insufficient " + fit.shortText() + ": " + fit.detail());
    }
    if (queue.isFull()) {
      return reject(id, project, "queue full (" + queue.maxSize() + ")");
    }
    queue.enqueue(candidate, fit, false);
    return new Admission(id, AgentStatus.State.QUEUED, "waiting for " + fit.shortText() + ": " + fit.detail());
  }

  /**
   * Releases an agent, admitted or queued: frees its requests and quota, closes its gate, divides the shares again
   * and lets waiting agents that now fit in. Returns whether it was admitted or queued.
   */
  boolean release(String agentId) {
    Member m = state.members.get(agentId);
    if (m != null) {
      remove(m);
      QuotaCheck.charge(m.project, m.spec.resources(), -1);
      outbox.emit(AllocationEvent.Type.LEFT, agentId, m.project.name, "released");
      afterMembershipChange();
      return true;
    }
    return queue.leave(agentId);
  }

  /** Admits a candidate that fits; {@code fromQueue}: its quota charge is already counted. */
  void admitNow(Candidate c, boolean fromQueue, String message) {
    ProjectState p = state.project(c.spec().project());
    Member m = new Member(c, p, ++state.admissionSeq, state.resourceCount, c.spec().enforcement().orElse(p.policy),
        enforcement.enforcerCount());
    state.addMember(m);
    if (!fromQueue) {
      QuotaCheck.charge(p, m.spec.resources(), 1);
    }
    try {
      tracker.register(m.id(), Map.of(PROJECT_LABEL, p.name));
    } catch (IllegalStateException e) {
      log.warn("agent {} is admitted but cannot be tracked by the monitor: {}", m.id(), e.getMessage());
    }
    enforcement.gate(m.id(), true);
    try {
      divider.recompute(ticker.read());
    } catch (IllegalStateException e) {
      // fit() computed the same division, so this does not happen with a deterministic strategy
      log.error("strategy {} failed after admitting {}", divider.strategyName(), m.id(), e);
    }
    outbox.emit(AllocationEvent.Type.ADMITTED, m.id(), p.name, message);
  }

  /** Whether the candidate's requests fit its project's share (with it included) and the global limits. */
  Fit fit(Candidate c, List<Member> without) {
    String project = c.spec().project();
    ShareDivider.Trial trial;
    try {
      trial = divider.divide(c, without, ticker.read(), project);
    } catch (IllegalStateException e) {
      return Fit.refused(Objects.toString(e.getMessage(), e.toString()));
    }
    // the trial divides among every project and the candidate's, so its project has a share
    long[] share = Objects.requireNonNull(trial.projectShares.get(project), project);
    long[][] requests = state.requests(project, without, null);
    long[] allRequests = requests[0];
    long[] projectRequests = requests[1];
    long[] capacity = profiles.capacityRaw();
    long[] want = Vectors.toArray(c.spec().resources().requests(), state.resourceCount);
    List<Resource> shortOf = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (int r = 0; r < state.resourceCount; r++) {
      if (want[r] == Vectors.ABSENT || want[r] == 0) {
        continue;
      }
      Resource res = Vectors.resource(r);
      long projectFree = share[r] == Vectors.ABSENT ? Long.MAX_VALUE : share[r] - projectRequests[r];
      long globalFree = capacity[r] == Vectors.ABSENT ? Long.MAX_VALUE : capacity[r] - allRequests[r];
      if (want[r] > projectFree) {
        shortOf.add(res);
        detail.append(detail.length() == 0 ? "" : "; ").append("requests ").append(res.format(want[r])).append(", ")
            .append(res.format(Math.max(0, projectFree))).append(" free of project \"").append(project)
            .append("\" share ").append(res.format(share[r]));
      } else if (want[r] > globalFree) {
        shortOf.add(res);
        detail.append(detail.length() == 0 ? "" : "; ").append("requests ").append(res.format(want[r])).append(", ")
            .append(res.format(Math.max(0, globalFree))).append(" free of the global limit ")
            .append(res.format(capacity[r]));
      }
    }
    return shortOf.isEmpty() ? Fit.OK : new Fit(shortOf, detail.toString(), null);
  }

  /** After an agent left: drops idle projects, divides the shares again and serves the queue. */
  private void afterMembershipChange() {
    state.dropIdleProjects();
    try {
      divider.recompute(ticker.read());
    } catch (IllegalStateException e) {
      outbox.emit(AllocationEvent.Type.STRATEGY_FAILED, null, null, "strategy " + divider.strategyName()
          + " failed; the previous shares stay in force: " + e.getMessage());
    }
    if (!state.waiting.isEmpty()) {
      queue.serve(ticker.read(), this);
    }
  }

  /** Removes an admitted agent and closes its gate. */
  private void remove(Member m) {
    state.removeMember(m);
    enforcement.gate(m.id(), false);
  }

  private @Nullable PriorityClass defaultPriorityClass() {
    for (PriorityClass pc : config.priorityClasses().values()) {
      if (pc.globalDefault()) {
        return pc;
      }
    }
    return null;
  }

  private Admission reject(String id, String project, String message) {
    outbox.emit(AllocationEvent.Type.REJECTED, id, project, message);
    return new Admission(id, AgentStatus.State.REJECTED, message);
  }

  /** Kubernetes' aggregate of a limit range's violations: the single message, or {@code [first, second, ...]}. */
  private static @Nullable String rejection(List<String> errors) {
    if (errors.isEmpty()) {
      return null;
    }
    return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
  }

  /** Why the agent can never be admitted under any profile, or null. */
  private @Nullable String neverFits(AgentSpec spec, ProjectConfig pc) {
    ResourceVector requests = spec.resources().requests();
    for (Resource r : requests.resources()) {
      long want = requests.amount(r);
      if (pc.limits().has(r) && want > pc.limits().amount(r)) {
        return "request " + r + "=" + r.format(want) + " exceeds project \"" + pc.name() + "\" limit " + r + "="
            + r.format(pc.limits().amount(r)) + "; it can never be admitted";
      }
      long largest = profiles.largestCapacity(r);
      if (largest != Vectors.ABSENT && want > largest) {
        return "request " + r + "=" + r.format(want) + " exceeds the global limit " + r + "=" + r.format(largest)
            + (config.profiles().isEmpty() ? "" : " of every profile") + "; it can never be admitted";
      }
    }
    return null;
  }

  // ================================================================== preemption

  /** Lower-priority agents whose removal lets the candidate fit, fewest first; null if none do. */
  private @Nullable List<Member> victimsFor(Candidate c) {
    List<Member> lower = new ArrayList<>();
    for (Member m : state.members.values()) {
      if (m.priority < c.priority()) {
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

  /** Removes the victims; each waits in the queue if it can (its quota charge kept), else is rejected. */
  private void preempt(List<Member> victims, Candidate c, Fit fit) {
    for (Member v : victims) {
      remove(v);
      outbox.emit(AllocationEvent.Type.PREEMPTED, v.id(), v.project.name, "agent " + v.id() + " (priority "
          + priorityText(v.priorityClass, v.priority) + ") was preempted to admit " + c.spec().id() + " (priority "
          + priorityText(c.priorityClass(), c.priority()) + "), which needs " + fit.shortText() + ": " + fit.detail());
      if (queue.enabled() && !queue.isFull()) {
        queue.enqueue(v.candidate(), Fit.refused("preempted by " + c.spec().id()), true);
      } else {
        QuotaCheck.charge(v.project, v.spec.resources(), -1);
        outbox.emit(AllocationEvent.Type.REJECTED, v.id(), v.project.name, "preempted and "
            + (queue.enabled() ? "queue full (" + queue.maxSize() + ")" : "no overflow queue"));
      }
    }
  }

  private static String priorityText(@Nullable PriorityClass pc, int value) {
    return pc == null ? Integer.toString(value) : pc.toString();
  }

  private static String ids(List<Member> ms) {
    StringBuilder sb = new StringBuilder();
    for (Member m : ms) {
      sb.append(sb.length() == 0 ? "" : ", ").append(m.id());
    }
    return sb.toString();
  }

  /**
   * Whether a candidate fits, and if not, what it lacks.
   *
   * @param shortOf the resources it lacks
   * @param detail how much of each is free where, for messages
   * @param refusal why no division could include it (the strategy refused), or null
   */
  record Fit(List<Resource> shortOf, String detail, @Nullable String refusal) {
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
