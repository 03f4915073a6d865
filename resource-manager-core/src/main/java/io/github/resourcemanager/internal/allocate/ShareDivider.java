package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.Profile;
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
import org.jspecify.annotations.Nullable;

/**
 * The shares: divides the global limits in force among the projects, then each project's share among its agents,
 * with the pool's {@link BuiltInStrategy} (whose water-filling and exact arithmetic live in {@link Apportion}), and
 * adopts the result as the shares in force, publishing {@link AllocationEvent.Type#SHARES_CHANGED} when they
 * changed. Admission asks for trial divisions with a candidate added or some agents left out, which change
 * nothing. Guarded by the pool's lock, except {@link #shares()}.
 *
 * <p>Recomputing reuses its working arrays: the divisions in force are kept as {@link ClaimantTable}s with their
 * results, rebuilt only when projects or agents join or leave or the global limits change (a profile switch); each
 * recomputation refreshes the usage and the projects' shares in them, divides into kept arrays and compares with the
 * shares in force. When nothing changed, the {@link Division} in force stays and nothing is allocated; otherwise a new
 * one is built.
 */
final class ShareDivider {

  private final PoolState state;
  private final ProfileSchedule profiles;
  private final BuiltInStrategy strategy;
  private final Outbox outbox;
  private volatile Division shares;

  // The kept division, rebuilt when the state's version or the capacity array changes; empty until the first
  // recomputation builds it (builtVersion -1 makes sure it does).
  private long builtVersion = -1;
  private long[] builtCapacity = new long[0];
  private ProjectState[] projectRows = new ProjectState[0];
  private ClaimantTable projectTable = ClaimantTable.empty("", 0, new int[0], 0);
  private long[][] projectOut = new long[0][];
  private long[][] projectAdopted = new long[0][];
  private Member[][] agentRows = new Member[0][];
  private ClaimantTable[] agentTables = new ClaimantTable[0];
  private long[][][] agentOut = new long[0][][];
  private long[][][] agentAdopted = new long[0][][];
  private long[] shareByIndex = new long[0];

  ShareDivider(AllocationConfig config, PoolState state, ProfileSchedule profiles, Outbox outbox) {
    this.state = state;
    this.profiles = profiles;
    // A stateful strategy keeps its state per pool, even when pools share a configuration.
    this.strategy = BuiltInStrategy.of(config.strategy()).forPool();
    this.outbox = outbox;
    // Nothing divided yet: no project, no agent. The pool recomputes at once, which adopts the first division.
    Profile active = profiles.active();
    this.shares = new Division(strategy.name(), active == null ? null : active.name(), profiles.capacity(),
        new LinkedHashMap<>(), new LinkedHashMap<>());
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
  Trial divide(@Nullable Candidate candidate, List<Member> without, long now, @Nullable String agentsOf) {
    List<String> names = new ArrayList<>(state.projects.keySet());
    if (candidate != null && !state.projects.containsKey(candidate.spec().project())) {
      names.add(candidate.spec().project());
      names.sort(null);
    }
    List<Claimant> claimants = new ArrayList<>(names.size());
    List<List<Member>> agentsByProject = new ArrayList<>(names.size()); // in the order of names
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
      agentsByProject.add(ms);
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
      List<Member> ms = agentsByProject.get(i);
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
   * Divides, and adopts the result as the shares in force; publishes {@link AllocationEvent.Type#SHARES_CHANGED} if
   * they changed. Allocates nothing when no project or agent joined or left, the global limits stayed and the shares
   * came out as those in force.
   *
   * @throws IllegalStateException if the strategy fails; the previous shares stay in force
   */
  Division recompute(long now) {
    boolean rebuilt = false;
    if (state.version != builtVersion || profiles.capacityRaw() != builtCapacity) {
      rebuild();
      rebuilt = true;
    }
    // Projects share the global limits.
    ClaimantTable pt = projectTable;
    pt.nowNanos = now;
    pt.capacity(builtCapacity);
    for (int i = 0; i < pt.n; i++) {
      pt.usage(i, projectRows[i].usage);
    }
    strategy.divide(pt, projectOut);
    check(pt, projectOut);
    // Each project's agents share the project's share.
    for (int p = 0; p < pt.n; p++) {
      ClaimantTable at = agentTables[p];
      at.nowNanos = now;
      java.util.Arrays.fill(shareByIndex, Vectors.ABSENT);
      for (int k = 0; k < pt.resources; k++) {
        shareByIndex[pt.active[k]] = projectOut[p][k];
      }
      at.capacity(shareByIndex);
      Member[] members = agentRows[p];
      for (int j = 0; j < at.n; j++) {
        at.usage(j, members[j].usage);
      }
      strategy.divide(at, agentOut[p]);
      check(at, agentOut[p]);
    }
    strategy.commit(pt);
    for (int p = 0; p < pt.n; p++) {
      strategy.commit(agentTables[p]);
    }
    boolean changed = rebuilt;
    changed |= copyIfChanged(projectOut, projectAdopted, pt.n, pt.resources); // copies whatever rebuilt is
    for (int p = 0; p < pt.n; p++) {
      changed |= copyIfChanged(agentOut[p], agentAdopted[p], agentTables[p].n, agentTables[p].resources);
    }
    if (!changed) {
      return shares;
    }
    return adopt();
  }

  /** Copies {@code from} into {@code to} if they differ; returns whether they did. */
  private static boolean copyIfChanged(long[][] from, long[][] to, int rows, int columns) {
    boolean changed = false;
    for (int i = 0; i < rows; i++) {
      long[] a = from[i];
      long[] b = to[i];
      for (int k = 0; k < columns; k++) {
        if (a[k] != b[k]) {
          b[k] = a[k];
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Makes the adopted results the shares in force: the projects' share arrays and a new {@link Division}. */
  private Division adopt() {
    ClaimantTable pt = projectTable;
    Map<String, ResourceVector> projectShares = new LinkedHashMap<>(pt.n * 2);
    Map<String, ResourceVector> agentShares = new LinkedHashMap<>(state.members.size() * 2);
    for (int i = 0; i < pt.n; i++) {
      ProjectState p = projectRows[i];
      java.util.Arrays.fill(p.share, Vectors.ABSENT);
      for (int k = 0; k < pt.resources; k++) {
        p.share[pt.active[k]] = projectAdopted[i][k];
      }
      projectShares.put(p.name, ClaimantTable.vector(projectAdopted[i], pt.active));
    }
    for (int p = 0; p < pt.n; p++) { // projects in name order, agents in id order within each
      ClaimantTable at = agentTables[p];
      for (int j = 0; j < at.n; j++) {
        agentShares.put(at.names[j], ClaimantTable.vector(agentAdopted[p][j], at.active));
      }
    }
    ResourceVector capacity = profiles.capacity();
    Profile active = profiles.active();
    String profile = active == null ? null : active.name();
    Division next = new Division(strategy.name(), profile, capacity, projectShares, agentShares);
    Division previous = shares;
    shares = next;
    if (!next.sameDivision(previous)) {
      outbox.emit(AllocationEvent.Type.SHARES_CHANGED, null, null, "shares divided by " + strategy.name()
          + ": global {" + capacity + "}, " + projectShares.size() + " projects, " + agentShares.size() + " agents");
    }
    return next;
  }

  /**
   * Builds the kept tables from the state: the projects in name order, each with its agents' requests as units (in
   * admission order), and per project its agents in id order. Allocates.
   */
  private void rebuild() {
    long[] capacity = profiles.capacityRaw();
    int resourceCount = state.resourceCount;
    ProjectState[] rows = state.projects.values().toArray(new ProjectState[0]);
    int n = rows.length;
    boolean[] seen = new boolean[resourceCount];
    ClaimantTable.mark(capacity, seen);
    long[][] minimums = new long[n][];
    long[][] limits = new long[n][];
    int unitTotal = 0;
    for (int i = 0; i < n; i++) {
      minimums[i] = Vectors.toArray(rows[i].config.minimum(), resourceCount);
      limits[i] = Vectors.toArray(rows[i].config.limits(), resourceCount);
      ClaimantTable.mark(minimums[i], seen);
      ClaimantTable.mark(limits[i], seen);
      unitTotal += rows[i].members.size();
    }
    ClaimantTable pt = ClaimantTable.empty("", n, ClaimantTable.columns(seen), unitTotal);
    pt.capacity(capacity);
    int unit = 0;
    for (int i = 0; i < n; i++) {
      ProjectState p = rows[i];
      pt.claimant(i, p.name, p.config.weight(), p.config.priority(), minimums[i], limits[i], p.usage, unit);
      for (Member m : p.members.values()) { // admission order
        pt.unit(i, m.requests);
        unit++;
      }
    }
    Member[][] members = new Member[n][];
    ClaimantTable[] tables = new ClaimantTable[n];
    for (int i = 0; i < n; i++) {
      Member[] ms = rows[i].members.values().toArray(new Member[0]);
      java.util.Arrays.sort(ms, Comparator.comparing(Member::id));
      members[i] = ms;
      // A project's share has an amount where the capacity or the project's limit has one; agents' limits add theirs.
      boolean[] agentSeen = new boolean[resourceCount];
      for (int k = 0; k < pt.resources; k++) {
        if (pt.capacity[k] != Vectors.ABSENT || pt.limit[i][k] != Vectors.ABSENT) {
          agentSeen[pt.active[k]] = true;
        }
      }
      for (Member m : ms) {
        ClaimantTable.mark(m.limits, agentSeen);
      }
      ClaimantTable at = ClaimantTable.empty(rows[i].name, ms.length, ClaimantTable.columns(agentSeen), ms.length);
      for (int j = 0; j < ms.length; j++) {
        // Agents are served by priority class, higher first; the strategies serve lower numbers first.
        at.claimant(j, ms[j].id(), ms[j].spec.weight(), -ms[j].priority, null, ms[j].limits, ms[j].usage, j);
        at.unit(j, ms[j].requests);
      }
      tables[i] = at;
    }
    projectRows = rows;
    projectTable = pt;
    projectOut = absent(n, pt.resources);
    projectAdopted = absent(n, pt.resources);
    agentRows = members;
    agentTables = tables;
    agentOut = new long[n][][];
    agentAdopted = new long[n][][];
    for (int i = 0; i < n; i++) {
      agentOut[i] = absent(tables[i].n, tables[i].resources);
      agentAdopted[i] = absent(tables[i].n, tables[i].resources);
    }
    shareByIndex = new long[resourceCount];
    builtCapacity = capacity;
    builtVersion = state.version;
  }

  private static long[][] absent(int rows, int columns) {
    long[][] m = new long[rows][columns];
    for (long[] row : m) {
      java.util.Arrays.fill(row, Vectors.ABSENT);
    }
    return m;
  }

  /** Rejects a strategy's result that breaks a limit or the capacity; allocates only to say so. */
  private void check(ClaimantTable t, long[][] out) {
    for (int k = 0; k < t.resources; k++) {
      long sum = 0;
      for (int i = 0; i < t.n; i++) {
        long v = out[i][k];
        if (v == Vectors.ABSENT) {
          continue;
        }
        long limit = t.limit[i][k];
        if (v < 0 || (limit != Vectors.ABSENT && v > limit)) {
          throw new IllegalStateException("strategy " + strategy.name() + " gave " + t.names[i] + " {"
              + ClaimantTable.vector(out[i], t.active) + "}, more than its limit {" + ClaimantTable.vector(t.limit[i],
              t.active) + "}");
        }
        sum = Apportion.saturatedAdd(sum, v);
      }
      long cap = t.capacity[k];
      if (cap != Vectors.ABSENT && sum > cap) {
        Resource res = Vectors.resource(t.active[k]);
        throw new IllegalStateException("strategy " + strategy.name() + " divided " + res.format(sum) + " of " + res
            + " in scope \"" + t.scope + "\", more than the capacity " + res.format(cap));
      }
    }
  }

  /** Rejects a strategy's result that breaks a limit or the capacity. */
  private List<ResourceVector> checked(ShareRequest request, @Nullable List<ResourceVector> result) {
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
