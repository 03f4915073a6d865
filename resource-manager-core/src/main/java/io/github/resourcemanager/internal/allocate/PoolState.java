package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.ProjectConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who is in the pool: the projects, the admitted agents, the agents waiting in the overflow queue, and the agents
 * just released or preempted whose enforcement is still being undone. Admission, the queue, the shares and
 * enforcement all read and change this; none of them keeps state of its own about agents.
 *
 * <p>Guarded by the pool's lock, except the volatile arrays, which enforcement reads outside it.
 */
final class PoolState {

  final AllocationConfig config;
  /** The resources the pool knows: those defined before it was created. Arrays of amounts have this length. */
  final int resourceCount;
  /** Projects by name: the configured ones always, the others while they have agents (admitted or queued). */
  final TreeMap<String, ProjectState> projects = new TreeMap<>();
  final HashMap<String, Member> members = new HashMap<>();
  /** The overflow queue in arrival order; {@link OverflowQueue} decides the release order. */
  final List<Waiting> waiting = new ArrayList<>();
  private final List<Member> departing = new ArrayList<>();
  /** Admission order. */
  long admissionSeq;
  /** Counts changes of the projects and admitted agents, so that divisions kept from before can tell they are stale. */
  long version;
  volatile Member[] memberArray = new Member[0];
  volatile Member[] departingArray = new Member[0];
  ProjectState[] projectArray = new ProjectState[0];

  PoolState(AllocationConfig config, int resourceCount) {
    this.config = config;
    this.resourceCount = resourceCount;
    for (ProjectConfig p : config.projects().values()) {
      projects.put(p.name(), new ProjectState(p, resourceCount, policyOf(p)));
    }
    projectArray = projects.values().toArray(new ProjectState[0]);
  }

  /** The configuration of project {@code name}: its own, or the defaults for a project that is not configured. */
  ProjectConfig projectConfig(String name) {
    ProjectState p = projects.get(name);
    if (p != null) {
      return p.config;
    }
    ProjectConfig pc = config.projects().get(name);
    return pc != null ? pc : ProjectConfig.custom(name).build();
  }

  /** The state of project {@code name}, created (unconfigured: with defaults) if needed. */
  ProjectState project(String name) {
    ProjectState p = projects.get(name);
    if (p == null) {
      ProjectConfig pc = projectConfig(name);
      p = new ProjectState(pc, resourceCount, policyOf(pc));
      projects.put(name, p);
      projectArray = projects.values().toArray(new ProjectState[0]);
      version++;
    }
    return p;
  }

  /** Unconfigured projects exist only while they have agents (admitted or queued). */
  void dropIfIdle(ProjectState p) {
    if (!config.projects().containsKey(p.name) && p.members.isEmpty() && !hasWaiting(p.name)) {
      projects.remove(p.name);
      projectArray = projects.values().toArray(new ProjectState[0]);
      version++;
    }
  }

  /** Drops every unconfigured project without agents. */
  void dropIdleProjects() {
    for (ProjectState p : projectArray) {
      dropIfIdle(p);
    }
  }

  /** Adds an admitted agent to its project and counts its requests there. */
  void addMember(Member m) {
    m.project.members.put(m.id(), m);
    members.put(m.id(), m);
    Vectors.add(m.project.requests, m.requests);
    memberArray = members.values().toArray(new Member[0]);
    version++;
  }

  /**
   * Removes an admitted agent; it departs: enforcement puts it back to running on every enforcer, then forgets it
   * ({@link #departed}).
   */
  void removeMember(Member m) {
    members.remove(m.id());
    m.project.members.remove(m.id());
    Vectors.subtract(m.project.requests, m.requests);
    m.desired = Desired.RUNNING;
    departing.add(m);
    departingArray = departing.toArray(new Member[0]);
    memberArray = members.values().toArray(new Member[0]);
    version++;
  }

  /** Forgets a departed agent once every enforcer runs it normally again. */
  void departed(Member m) {
    if (departing.remove(m)) {
      departingArray = departing.toArray(new Member[0]);
    }
  }

  /** The waiting agent with this id, or null. */
  @Nullable Waiting findWaiting(String agentId) {
    for (Waiting w : waiting) {
      if (w.id().equals(agentId)) {
        return w;
      }
    }
    return null;
  }

  /** Whether an agent of project {@code project} waits in the queue. */
  boolean hasWaiting(String project) {
    for (Waiting w : waiting) {
      if (w.project().equals(project)) {
        return true;
      }
    }
    return false;
  }

  /** The policy of a project's own limit: its own, else the global one. */
  EnforcementPolicy policyOf(ProjectConfig pc) {
    return pc.enforcement().orElse(config.enforcement());
  }

  /**
   * The sums of the requests of the admitted agents, {@code [0]} of all, {@code [1]} of those in {@code project},
   * leaving out {@code without} (and, if not null, the agent {@code exceptId}).
   */
  long[][] requests(String project, List<Member> without, @Nullable String exceptId) {
    long[] all = new long[resourceCount];
    long[] inProject = new long[resourceCount];
    for (Member m : members.values()) {
      if ((!without.isEmpty() && without.contains(m)) || (exceptId != null && m.id().equals(exceptId))) {
        continue;
      }
      Vectors.add(all, m.requests);
      if (m.project.name.equals(project)) {
        Vectors.add(inProject, m.requests);
      }
    }
    return new long[][] {all, inProject};
  }
}
