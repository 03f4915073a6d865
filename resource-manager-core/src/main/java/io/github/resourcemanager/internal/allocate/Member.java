package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An admitted agent: its requests and limits, its usage and which of its limits are exceeded, what it should be
 * ({@link #desired}) and what each enforcer was last told ({@link #applied}). Amounts are indexed by resource index,
 * {@link Vectors#ABSENT} where none. Fields are guarded by the pool's lock, except {@code desired} (volatile) and
 * {@code applied} (guarded by enforcement's own lock).
 */
final class Member {
  final AgentSpec spec;
  final ProjectState project;
  final @Nullable PriorityClass priorityClass; // null: none
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

  Member(Candidate c, ProjectState project, long seq, int resources, EnforcementPolicy policy, int enforcerCount) {
    this.spec = c.spec();
    this.project = project;
    this.priorityClass = c.priorityClass();
    this.priority = c.priority();
    this.seq = seq;
    this.requests = Vectors.toArray(spec.resources().requests(), resources);
    this.limits = Vectors.toArray(spec.resources().limits(), resources);
    this.usage = new long[resources];
    Arrays.fill(usage, Vectors.ABSENT);
    this.violating = new boolean[resources];
    this.policy = policy;
    this.unit = List.of(spec.resources().requests());
    this.applied = new Desired[enforcerCount];
    Arrays.fill(applied, Desired.RUNNING);
  }

  /** The agent's id. */
  String id() {
    return spec.id();
  }

  /** The agent as a candidate again, e.g. to queue it after a preemption. */
  Candidate candidate() {
    return new Candidate(spec, priorityClass, priority);
  }

  /** Where the agent stands by what it should be: paused, throttled or running. */
  AgentStatus.State state() {
    Desired d = desired;
    return d.paused ? AgentStatus.State.PAUSED : d.fraction < 1.0 ? AgentStatus.State.THROTTLED : AgentStatus.State.RUNNING;
  }
}
