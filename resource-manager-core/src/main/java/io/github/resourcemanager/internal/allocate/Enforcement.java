package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.Enforcer;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforcement: reads each admitted agent's usage from a sample, compares it with the three limits it is under (its
 * own limits, its project's share, the global limits), decides what it should be (paused, throttled, running) by
 * the policy of the exceeded level, and puts that into effect through every enforcer: the in-JVM one, which gates
 * the agents' executors, first, then the configured ones. An enforcer that fails is reported and retried on the
 * next check.
 *
 * <p>{@link #readUsage} and {@link #checkLimits} run under the pool's lock; {@link #apply} after it is released,
 * because opening a gate starts held tasks and an enforcer may block on a container engine. The in-JVM enforcer
 * (library code that never blocks) and the configured enforcers (user code) are applied under separate locks: a
 * configured enforcer that hangs holds only its own lock, so admissions still open gates at once, and callers other
 * than the monitor's tick skip the configured enforcers while another thread is in them (the next tick applies what
 * they skipped). Anything an enforcer throws, {@link Error}s included (but fatal JVM errors), is an
 * {@link AllocationEvent.Type#ENFORCEMENT_FAILED} event and is retried on the next check.
 */
final class Enforcement {

  private static final Logger log = LoggerFactory.getLogger(Enforcement.class);

  private final AllocationConfig config;
  private final PoolState state;
  private final ProfileSchedule profiles;
  private final ReentrantLock poolLock;
  private final Outbox outbox;
  private final InJvmEnforcer inJvm;
  private final Enforcer[] enforcers; // inJvm first
  private final long[] enforcerFailing; // failures in a row per enforcer, for logging; under the enforcer's lock
  private final int[] usageIndex;
  private final Metric[] usageMetric;
  private final boolean[] usagePercentOfMachine;
  // Guarded by the pool's lock.
  private final long[] globalUsage;
  private final boolean[] globalViolating;
  private int globalViolations;
  private final Object inJvmLock = new Object();
  private final ReentrantLock externalLock = new ReentrantLock();
  // Gate openings and closings decided under the pool's lock, applied after it in the same order (opening a gate
  // may start held tasks, which must not run under the pool's lock).
  private final ConcurrentLinkedQueue<GateChange> gateChanges = new ConcurrentLinkedQueue<>();

  Enforcement(AllocationConfig config, PoolState state, ProfileSchedule profiles, ReentrantLock poolLock, Outbox outbox) {
    this.config = config;
    this.state = state;
    this.profiles = profiles;
    this.poolLock = poolLock;
    this.outbox = outbox;
    this.inJvm = new InJvmEnforcer(config.machineCpus());
    List<Enforcer> all = new ArrayList<>();
    all.add(inJvm);
    all.addAll(config.enforcers());
    this.enforcers = all.toArray(new Enforcer[0]);
    this.enforcerFailing = new long[enforcers.length];
    this.globalUsage = new long[state.resourceCount];
    this.globalViolating = new boolean[state.resourceCount];
    int n = config.usageMetrics().size();
    this.usageIndex = new int[n];
    this.usageMetric = new Metric[n];
    this.usagePercentOfMachine = new boolean[n];
    int k = 0;
    for (Map.Entry<Resource, Metric> e : config.usageMetrics().entrySet()) {
      usageIndex[k] = e.getKey().index();
      usageMetric[k] = e.getValue();
      usagePercentOfMachine[k] = Vectors.inMillicores(e.getKey()) && e.getValue().unit() == Unit.PERCENT;
      k++;
    }
  }

  /** The enforcer that gates agents' work in this JVM. */
  InJvmEnforcer inJvm() {
    return inJvm;
  }

  /** How many enforcers decisions go to, the in-JVM one included. */
  int enforcerCount() {
    return enforcers.length;
  }

  // ================================================================== under the pool's lock

  /** Reads the admitted agents' usage from {@code sample}, and sums it per project and for the whole pool. */
  void readUsage(Sample sample) {
    Arrays.fill(globalUsage, Vectors.ABSENT);
    for (ProjectState p : state.projectArray) {
      Arrays.fill(p.usage, Vectors.ABSENT);
    }
    for (Member m : state.memberArray) {
      Arrays.fill(m.usage, Vectors.ABSENT);
    }
    List<Agent> agents = sample.agents();
    int cpus = config.machineCpus();
    for (int a = 0; a < agents.size(); a++) {
      Agent agent = agents.get(a);
      Member m = state.members.get(agent.id());
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
        m.project.usage[r] = m.project.usage[r] == Vectors.ABSENT ? amount : Apportion.saturatedAdd(m.project.usage[r], amount);
        globalUsage[r] = globalUsage[r] == Vectors.ABSENT ? amount : Apportion.saturatedAdd(globalUsage[r], amount);
      }
    }
  }

  /** Compares usage with the limits at all three levels and updates each agent's desired state. */
  void checkLimits() {
    long[] capacity = profiles.capacityRaw();
    for (int k = 0; k < usageIndex.length; k++) {
      int r = usageIndex[k];
      globalViolations += transition(globalViolating, r, globalUsage[r], capacity[r], config.enforcement(), null, null);
    }
    for (ProjectState p : state.projectArray) {
      for (int k = 0; k < usageIndex.length; k++) {
        int r = usageIndex[k];
        p.violations += transition(p.violating, r, p.usage[r], p.share[r], p.policy, p.name, null);
      }
    }
    Member[] members = state.memberArray;
    for (Member m : members) {
      for (int k = 0; k < usageIndex.length; k++) {
        int r = usageIndex[k];
        m.violations += transition(m.violating, r, m.usage[r], m.limits[r], m.policy, m.project.name, m.id());
      }
    }
    // Every member, not only on a transition: an agent admitted under an exceeded project or global limit is held too.
    for (Member m : members) {
      updateDesired(m);
    }
  }

  /** Opens or closes an agent's in-JVM gate for admission, once the pool's lock is released ({@link #apply}). */
  void gate(String agentId, boolean admitted) {
    gateChanges.add(new GateChange(agentId, admitted));
  }

  /** Updates one limit's state; returns +1 when it becomes exceeded, -1 when it recovers, else 0. */
  private int transition(boolean[] violating, int r, long usage, long limit, EnforcementPolicy policy,
                         @Nullable String project, @Nullable String agentId) {
    if (limit == Vectors.ABSENT) {
      if (violating[r]) {
        violating[r] = false;
        return -1;
      }
      return 0;
    }
    if (usage == Vectors.ABSENT) {
      return 0;
    }
    Resource res = Vectors.resource(r);
    if (!violating[r] && usage > limit) {
      violating[r] = true;
      outbox.emit(AllocationEvent.Type.LIMIT_EXCEEDED, agentId, project, res + " " + res.format(usage) + " above "
          + levelName(project, agentId) + " " + res.format(limit) + " (" + policy.action().name().toLowerCase(Locale.ROOT)
          + ")");
      return 1;
    }
    // A limit of zero (a share a strategy left empty) has no usage below a fraction of it: it is met once idle.
    if (violating[r] && (limit == 0 ? usage == 0 : usage < limit * policy.resumeThreshold())) {
      violating[r] = false;
      outbox.emit(AllocationEvent.Type.LIMIT_RECOVERED, agentId, project, res + " " + res.format(usage) + (limit == 0
          ? " (idle) within " : " below " + policy.resumeThreshold() + " of ") + levelName(project, agentId) + " "
          + res.format(limit));
      return -1;
    }
    return 0;
  }

  private static String levelName(@Nullable String project, @Nullable String agentId) {
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
    String reason = reasonLevel < 0 ? "" : reasonLevel == 0 ? violationText(m.violating, m.id(), null)
        : reasonLevel == 1 ? violationText(m.project.violating, null, m.project.name)
        : violationText(globalViolating, null, null);
    Desired next = paused ? new Desired(true, 1.0, reason) : fraction < 1.0 ? new Desired(false, fraction, reason) : Desired.RUNNING;
    m.desired = next;
    if (paused) {
      outbox.emit(AllocationEvent.Type.PAUSED, m.id(), m.project.name, "paused: " + reason);
    } else if (fraction < 1.0) {
      outbox.emit(AllocationEvent.Type.THROTTLED, m.id(), m.project.name, "throttled to " + fraction + ": " + reason);
    } else {
      outbox.emit(AllocationEvent.Type.RESUMED, m.id(), m.project.name, "resumed: usage recovered");
    }
  }

  private static String violationText(boolean[] flags, @Nullable String agentId, @Nullable String project) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < flags.length; r++) {
      if (flags[r]) {
        sb.append(sb.length() == 0 ? "" : ", ").append(Vectors.resource(r));
      }
    }
    return sb + " above " + (agentId != null ? "its limit" : project != null ? "the share of project " + project : "the global limit");
  }

  // ================================================================== after the pool's lock is released

  /**
   * Puts decisions into effect: opens and closes gates for admission and applies the in-JVM enforcer, then, unless
   * another thread is in them, the configured enforcers; wakes threads waiting for an agent to be able to run. Call
   * without holding the pool's lock.
   */
  void apply() {
    applyInJvm();
    applyConfigured(false);
  }

  /** Opens and closes gates for admission and puts desired states into effect in this JVM. Never blocks for long. */
  void applyInJvm() {
    synchronized (inJvmLock) {
      GateChange change;
      while ((change = gateChanges.poll()) != null) {
        inJvm.admitted(change.agentId, change.admitted);
      }
      for (Member m : state.memberArray) {
        enforce(m, 0, 1);
      }
      for (Member m : state.departingArray) {
        enforce(m, 0, 1);
      }
    }
    inJvm.signal();
  }

  /**
   * Puts desired states into effect through the configured enforcers, and lets departed agents go once every
   * enforcer has them running again. Failures are retried next time.
   *
   * @param wait whether to wait for another thread that is in the enforcers (the monitor's tick does, under its
   *     deadline), or to leave the work to it
   */
  void applyConfigured(boolean wait) {
    if (wait) {
      externalLock.lock();
    } else if (!externalLock.tryLock()) {
      return;
    }
    try {
      for (Member m : state.memberArray) {
        enforce(m, 1, enforcers.length);
      }
      for (Member m : state.departingArray) {
        boolean configured = enforce(m, 1, enforcers.length);
        boolean inJvmDone;
        synchronized (inJvmLock) {
          inJvmDone = isApplied(m, 0);
        }
        if (configured && inJvmDone) { // put back to running everywhere: done with it
          poolLock.lock();
          try {
            state.departed(m);
          } finally {
            poolLock.unlock();
          }
        }
      }
    } finally {
      externalLock.unlock();
    }
  }

  /** Whether the configured enforcers (other than the in-JVM one) exist. */
  boolean hasConfiguredEnforcers() {
    return enforcers.length > 1;
  }

  /** Reports configured enforcers that did not return within the callback timeout (an event, retried later). */
  void reportOverrun(String elapsed) {
    poolLock.lock();
    try {
      outbox.emit(AllocationEvent.Type.ENFORCEMENT_FAILED, null, null, "the enforcers (" + configuredNames()
          + ") did not return within " + elapsed + "; enforcement through them is skipped until the call returns, "
          + "then retried");
    } finally {
      poolLock.unlock();
    }
  }

  private String configuredNames() {
    StringBuilder sb = new StringBuilder();
    for (int e = 1; e < enforcers.length; e++) {
      sb.append(e > 1 ? ", " : "").append(enforcers[e].name());
    }
    return sb.toString();
  }

  private static boolean isApplied(Member m, int e) {
    Desired d = m.desired;
    Desired a = m.applied[e];
    return a == d || (a.paused == d.paused && a.fraction == d.fraction);
  }

  /**
   * Applies m's desired state through enforcers {@code from} (inclusive) to {@code to}; returns whether each of them
   * has it. Caller holds the lock of those enforcers.
   */
  private boolean enforce(Member m, int from, int to) {
    Desired d = m.desired;
    boolean all = true;
    for (int e = from; e < to; e++) {
      Desired a = m.applied[e];
      if (a == d || (a.paused == d.paused && a.fraction == d.fraction)) {
        continue;
      }
      Enforcer enforcer = enforcers[e];
      String id = m.id();
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
        if (enforcerFailing[e] > 0) {
          log.info("enforcer {} works again after {} failures", enforcer.name(), enforcerFailing[e]);
          enforcerFailing[e] = 0;
        }
      } catch (Throwable ex) {
        Faults.rethrowIfFatal(ex);
        all = false;
        String action = d.paused && !a.paused ? "pause" : !d.paused && a.paused ? "resume" : d.fraction < 1.0 ? "throttle" : "unthrottle";
        if (enforcerFailing[e]++ == 0) {
          log.warn("enforcer {} could not {} agent {}: {}; retrying on the next check (further failures of this "
              + "enforcer are logged at debug until it succeeds)", enforcer.name(), action, id, Faults.describe(ex), ex);
        } else {
          log.debug("enforcer {} could not {} agent {} again", enforcer.name(), action, id, ex);
        }
        poolLock.lock();
        try {
          outbox.emit(AllocationEvent.Type.ENFORCEMENT_FAILED, id, m.project.name, "enforcer " + enforcer.name()
              + " could not " + action + " agent " + id + ": " + (ex instanceof RuntimeException ? ex.getMessage()
              : Faults.describe(ex)) + "; retrying on the next check");
        } finally {
          poolLock.unlock();
        }
      }
    }
    return all;
  }

  /** An admission decision for an agent's in-JVM gate. */
  private record GateChange(String agentId, boolean admitted) {}
}
