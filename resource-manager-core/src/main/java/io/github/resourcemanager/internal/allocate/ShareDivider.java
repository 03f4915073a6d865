package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shares: divides the global limits in force among the projects, then each project's share among its agents,
 * with the pool's {@link BuiltInStrategy} (whose water-filling and exact arithmetic live in {@link Apportion}), and
 * adopts the result as the shares in force, publishing {@link AllocationEvent.Type#SHARES_CHANGED} when they
 * changed. Admission asks for trial divisions with a candidate added or some agents left out, which change
 * nothing. Guarded by the pool's lock, except {@link #shares()}.
 */
final class ShareDivider {

  private final PoolState state;
  private final ProfileSchedule profiles;
  private final BuiltInStrategy strategy;
  private final Outbox outbox;
  private volatile Division shares;

  ShareDivider(AllocationConfig config, PoolState state, ProfileSchedule profiles, Outbox outbox) {
    this.state = state;
    this.profiles = profiles;
    // A stateful strategy keeps its state per pool, even when pools share a configuration.
    this.strategy = BuiltInStrategy.of(config.strategy()).forPool();
    this.outbox = outbox;
  }

  /** The shares in force. */
  Division shares() {
    return shares;
  }

  /** The strategy's name, for messages. */
  String strategyName() {
    return strategy.name();
  }

  /** Whether the strategy divides by usage, so the shares are divided again on every sample. */
  boolean adaptsToUsage() {
    return strategy.adaptsToUsage();
  }

  /**
   * Divides the capacity among projects, then each project's share among its agents, optionally with a candidate
   * added and some members left out, without changing any state. Agent-level shares are computed for
   * {@code agentsOf} only (null: every project).
   *
   * @throws IllegalStateException if the strategy cannot divide or returns a division that breaks a limit
   */
  Trial divide(Candidate candidate, List<Member> without, long now, String agentsOf) {
    List<String> names = new ArrayList<>(state.projects.keySet());
    if (candidate != null && !state.projects.containsKey(candidate.spec().project())) {
      names.add(candidate.spec().project());
      names.sort(null);
    }
    List<Claimant> claimants = new ArrayList<>(names.size());
    Map<String, List<Member>> agentsByProject = new HashMap<>(names.size() * 2);
    for (String name : names) {
      ProjectState p = state.projects.get(name);
      ProjectConfig pc = state.projectConfig(name);
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
      if (candidate != null && candidate.spec().project().equals(name)) {
        units.add(candidate.spec().resources().requests());
      }
      agentsByProject.put(name, ms);
      ResourceVector usage = p == null ? ResourceVector.empty() : Vectors.of(p.usage);
      claimants.add(new Claimant(name, pc.weight(), pc.priority(), pc.minimum(), pc.limits(), units, usage));
    }
    ShareRequest projectRequest = new ShareRequest("", profiles.capacity(), claimants, now);
    List<ResourceVector> projectShares = checked(projectRequest, strategy.divide(projectRequest));
    Trial trial = new Trial(projectRequest, projectShares);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      trial.projectShares.put(name, Vectors.toArray(projectShares.get(i), state.resourceCount));
      if (agentsOf != null && !agentsOf.equals(name)) {
        continue;
      }
      List<Member> ms = agentsByProject.get(name);
      List<Claimant> agents = new ArrayList<>(ms.size() + 1);
      for (Member m : ms) {
        // Agents are served by priority class, higher first; the strategies serve lower numbers first.
        agents.add(new Claimant(m.id(), m.spec.weight(), -m.priority, ResourceVector.empty(),
            m.spec.resources().limits(), m.unit, Vectors.of(m.usage)));
      }
      if (candidate != null && candidate.spec().project().equals(name)) {
        agents.add(new Claimant(candidate.spec().id(), candidate.spec().weight(), -candidate.priority(),
            ResourceVector.empty(), candidate.spec().resources().limits(), List.of(candidate.spec().resources().requests()),
            ResourceVector.empty()));
      }
      agents.sort(Comparator.comparing(Claimant::name));
      ShareRequest agentRequest = new ShareRequest(name, projectShares.get(i), agents, now);
      List<ResourceVector> agentShares = checked(agentRequest, strategy.divide(agentRequest));
      trial.agentRequests.add(agentRequest);
      trial.agentResults.add(agentShares);
    }
    return trial;
  }

  /**
   * Divides, and adopts the result as the shares in force; publishes {@link AllocationEvent.Type#SHARES_CHANGED}
   * if they changed.
   *
   * @throws IllegalStateException if the strategy fails; the previous shares stay in force
   */
  Division recompute(long now) {
    Trial d = divide(null, List.of(), now, null);
    strategy.commit(d.projectRequest, d.projectResult);
    for (int i = 0; i < d.agentRequests.size(); i++) {
      strategy.commit(d.agentRequests.get(i), d.agentResults.get(i));
    }
    int n = d.projectRequest.claimants().size();
    Map<String, ResourceVector> projectShares = new LinkedHashMap<>(n * 2);
    Map<String, ResourceVector> agentShares = new LinkedHashMap<>(state.members.size() * 2);
    for (int i = 0; i < n; i++) {
      String name = d.projectRequest.claimants().get(i).name();
      ProjectState p = state.projects.get(name);
      System.arraycopy(d.projectShares.get(name), 0, p.share, 0, state.resourceCount);
      projectShares.put(name, d.projectResult.get(i));
    }
    for (int k = 0; k < d.agentRequests.size(); k++) { // projects in name order, agents in id order within each
      ShareRequest req = d.agentRequests.get(k);
      for (int i = 0; i < req.claimants().size(); i++) {
        agentShares.put(req.claimants().get(i).name(), d.agentResults.get(k).get(i));
      }
    }
    ResourceVector capacity = profiles.capacity();
    String profile = profiles.active() == null ? null : profiles.active().name();
    Division next = new Division(strategy.name(), profile, capacity, projectShares, agentShares);
    Division previous = shares;
    shares = next;
    if (!next.sameDivision(previous)) {
      outbox.emit(AllocationEvent.Type.SHARES_CHANGED, null, null, "shares divided by " + strategy.name()
          + ": global {" + capacity + "}, " + projectShares.size() + " projects, " + agentShares.size() + " agents");
    }
    return next;
  }

  /** Rejects a strategy's result that breaks a limit or the capacity. */
  private List<ResourceVector> checked(ShareRequest request, List<ResourceVector> result) {
    List<Claimant> claimants = request.claimants();
    if (result == null || result.size() != claimants.size()) {
      throw new IllegalStateException("strategy " + strategy.name() + " returned " + (result == null ? "null" : result.size())
          + " shares for " + claimants.size() + " claimants");
    }
    int resources = state.resourceCount;
    long[] sum = new long[resources];
    for (int i = 0; i < result.size(); i++) {
      ResourceVector share = Objects.requireNonNull(result.get(i), "share");
      Claimant c = claimants.get(i);
      if (!share.fitsWithin(c.limit())) {
        throw new IllegalStateException("strategy " + strategy.name() + " gave " + c.name() + " {" + share
            + "}, more than its limit {" + c.limit() + "}");
      }
      if (share.isEmpty()) {
        continue;
      }
      for (int r = 0; r < resources; r++) {
        long v = Vectors.raw(share, r);
        if (v != Vectors.ABSENT) {
          sum[r] = Apportion.saturatedAdd(sum[r], v);
        }
      }
    }
    for (int r = 0; r < resources; r++) {
      long cap = Vectors.raw(request.capacity(), r);
      if (cap != Vectors.ABSENT && sum[r] > cap) {
        Resource res = Vectors.resource(r);
        throw new IllegalStateException("strategy " + strategy.name() + " divided " + res.format(sum[r]) + " of " + res
            + " in scope \"" + request.scope() + "\", more than the capacity " + res.format(cap));
      }
    }
    return result;
  }

  /** A division not yet adopted: admission tries divisions it may not adopt. */
  static final class Trial {
    final ShareRequest projectRequest;
    final List<ResourceVector> projectResult;
    /** Each project's share by resource index. */
    final Map<String, long[]> projectShares = new HashMap<>(64);
    final List<ShareRequest> agentRequests = new ArrayList<>();
    final List<List<ResourceVector>> agentResults = new ArrayList<>();

    Trial(ShareRequest projectRequest, List<ResourceVector> projectResult) {
      this.projectRequest = projectRequest;
      this.projectResult = projectResult;
    }
  }
}
