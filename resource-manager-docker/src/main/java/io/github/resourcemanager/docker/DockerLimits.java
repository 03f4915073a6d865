package io.github.resourcemanager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.UpdateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import io.github.resourcemanager.Ticker;
import java.security.SecureRandom;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Per-agent container limits: desired limits kept in a {@link LimitStore}, applied to the agent's container live
 * when the engine allows it and by a safe recreate when it does not.
 *
 * <p>An agent's container carries the label {@value DockerLabels#AGENT} with the agent's id, and is the one this module
 * records as managed for the agent (in the {@link LimitStore}): a container created from {@link #prepareCreate} (it
 * carries that call's {@value DockerLabels#CLAIM}), the replacement a recreate made, one {@link #adopt adopted}
 * explicitly, or, when nothing is recorded yet, the only container carrying the label. Another container that merely
 * carries the label (whoever can create containers can write any label) never gets the agent's limits, is never
 * paused or throttled for it, and does not keep the agent's changes from applying. Its limits in force are always read
 * from its {@code HostConfig}.
 *
 * <ul>
 *   <li>{@link #set} checks access, then the {@link LimitPolicy}, stores the limits, then applies them;
 *   <li>{@link #reset} stores "use the defaults" and applies them like any change;
 *   <li>{@link #reconcile} and {@link #reconcileAll} bring containers to their desired limits (call
 *       {@code reconcileAll()} at start-up: stored limits are worthless if they are never applied);
 *   <li>{@link #prepareCreate} puts the desired limits and labels on a container about to be created.
 * </ul>
 *
 * <p>Applying: when the container already has the limits, nothing happens. Otherwise the engine's update call sets
 * {@code NanoCPUs} (a CFS quota Linux enforces; never CPU shares, which only weigh) and memory together with
 * memory-plus-swap (the engine refuses a memory limit above an existing swap limit). If the engine refuses, the
 * container is recreated (see {@link ApplyResult.Outcome#RECREATED}); a container stopped at the time is updated in
 * place like a running one, which keeps its writable layer, and gets the limits when it next starts. When the
 * engine is unreachable, or the recreate fails, the limits stay stored as pending with the cause, and a later
 * reconcile applies them.
 *
 * <p>Access: every method that changes a container checks the {@link AccessPolicy} first, with the actor who asks;
 * {@link #reconcile(String)} and {@link #reconcileAll()} act as the named system actor {@value #RECONCILE_ACTOR}
 * (they only apply what an allowed actor stored, or the defaults, but the policy still decides).
 *
 * <p>Thread-safe. Operations on one agent are serialized; different agents proceed in parallel. Every method
 * talks to the engine and the database; each engine request is bounded by the request timeout, on {@code unix://}
 * as on {@code tcp://}, so an engine that stops answering holds an agent's lock no longer than that.
 */
public final class DockerLimits {
  private static final Logger log = LoggerFactory.getLogger(DockerLimits.class);
  private static final long FACTS_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final String NOT_APPLIED_YET = "not applied yet";
  private static final SecureRandom CLAIMS = new SecureRandom();

  /** The actor {@link #reconcile(String)} and {@link #reconcileAll()} act as. */
  public static final String RECONCILE_ACTOR = "system:reconcile";

  private final DockerClient client;
  private final Engine engine;
  private final Recreator recreator;
  private final LimitStore store;
  private final LimitPolicy policy;
  private final AccessPolicy access;
  private final Clock clock;
  private final Ticker ticker;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Double> throttles = new ConcurrentHashMap<>();
  private final java.util.Set<String> warnedIntruders = ConcurrentHashMap.newKeySet();
  private volatile @Nullable EngineFacts facts;

  /** What this class needs to know about the engine's host. */
  record EngineFacts(int hostCpus, boolean swapAccounted, long readAtNanos) {}

  DockerLimits(DockerConnection connection, LimitStore store, LimitPolicy policy, AccessPolicy access) {
    this.client = connection.client();
    this.engine = connection.engine();
    this.recreator = new Recreator(connection.client(), connection.engine(), new RawApi(connection.http()));
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.access = Objects.requireNonNull(access, "access");
    this.clock = connection.config().clock();
    this.ticker = connection.config().ticker();
  }

  /** The policy in use. */
  public LimitPolicy policy() {
    return policy;
  }

  // ---------------------------------------------------------------- reading

  /**
   * The agent's desired limits, where they come from, the limits in force on its container and whether they
   * differ. Reaches the engine; if it cannot, {@code actual} is empty and {@code actualUnknownBecause} says why.
   *
   * @throws IllegalArgumentException if the agent id is malformed
   * @throws LimitStoreException if the store cannot be read
   */
  public LimitState get(String agentId) {
    AgentIds.require(agentId);
    Optional<StoredLimits> stored = store.find(agentId);
    Optional<ActualLimits> actual = Optional.empty();
    Optional<String> unknown = Optional.empty();
    boolean differs = false;
    EngineFacts f = null;
    try {
      f = facts();
    } catch (EngineUnreachableException e) {
      unknown = Optional.of(e.getMessage());
    } catch (DockerException e) {
      unknown = Optional.of("the engine refused to describe its host: " + Engine.refusal(e));
    }
    ContainerLimits desired = desired(stored, f != null ? f : knownFacts());
    LimitSource source = stored.flatMap(StoredLimits::custom).isPresent() ? LimitSource.CUSTOM : LimitSource.DEFAULT;
    if (f != null) {
      try {
        Located located = locate(agentId);
        if (located.containerId == null) {
          unknown = Optional.of(located.problem);
        } else {
          ActualLimits a = ActualLimits.of(inspect(located.containerId));
          actual = Optional.of(a);
          differs = !a.satisfies(target(agentId, desired, f), f.swapAccounted());
        }
      } catch (EngineUnreachableException e) {
        unknown = Optional.of(e.getMessage());
      } catch (DockerException e) {
        unknown = Optional.of("the engine refused to describe the container: " + Engine.refusal(e));
      }
    }
    Double throttle = throttles.get(agentId);
    return new LimitState(agentId, desired, source, actual, unknown, differs,
        stored.flatMap(StoredLimits::pendingCause),
        throttle == null ? OptionalDouble.empty() : OptionalDouble.of(throttle));
  }

  // ---------------------------------------------------------------- changing

  /**
   * Sets the agent's own limits and applies them.
   *
   * <p>Order: access is checked (a denial is logged with the actor and changes nothing), then the policy's
   * allowlists and the host's CPU count, then the limits are stored, then applied. The result says whether they
   * were applied live, by a recreate (with a restart), or are pending and why.
   *
   * @param actor who asks, as the {@link AccessPolicy} knows them
   * @throws IllegalArgumentException if the id or actor is malformed (a blank actor is logged as a denial), or the
   *     limits are null or not allowed
   * @throws AccessDeniedException if the actor may not change this agent's limits
   * @throws LimitStoreException if the limits cannot be stored; then nothing was changed, stored or live
   */
  public ApplyResult set(String agentId, ContainerLimits limits, String actor) {
    AgentIds.require(agentId);
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null; give e.g. ContainerLimits.parse(\"4g\", \"2\")");
    }
    requireActor(actor, agentId, "set limits to " + limits);
    checkAccess(actor, agentId, "set limits to " + limits);
    policy.checkAllowed(limits);
    EngineFacts f = factsIfReachable();
    ContainerLimits fitted = limits;
    if (f != null) {
      fitted = policy.fitRequested(limits, f.hostCpus());
      if (!fitted.equals(limits)) {
        log.info("agent {}: cpus {} clamped to the engine host's {} CPUs", agentId, DockerSyntax.cpus(limits.cpus()),
            f.hostCpus());
      }
    }
    return change(agentId, Optional.of(fitted), actor);
  }

  /**
   * Drops the agent's own limits: it gets the policy's defaults, which are applied like any change (a container
   * still carrying the old custom limits differs from them and is updated).
   *
   * @throws IllegalArgumentException if the id or actor is malformed
   * @throws AccessDeniedException if the actor may not change this agent's limits
   * @throws LimitStoreException if the change cannot be stored; then nothing was changed
   */
  public ApplyResult reset(String agentId, String actor) {
    AgentIds.require(agentId);
    requireActor(actor, agentId, "reset limits to the defaults");
    checkAccess(actor, agentId, "reset limits to the defaults");
    return change(agentId, Optional.empty(), actor);
  }

  private ApplyResult change(String agentId, Optional<ContainerLimits> custom, String actor) {
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      StoredLimits row = new StoredLimits(agentId, custom, Optional.of(NOT_APPLIED_YET), actor, clock.instant());
      store.save(row);
      log.info("agent {}: desired limits {} by {}", agentId,
          custom.map(ContainerLimits::toString).orElse("reset to the defaults"), actor);
      ApplyResult result = apply(agentId, custom);
      recordOutcome(row, result);
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Brings the agent's container to its desired limits (stored or default), the same way {@link #set} applies
   * them, acting as {@value #RECONCILE_ACTOR}. Never throws for engine trouble: the result is then pending with the
   * cause; likewise when the access policy refuses the reconcile actor.
   *
   * @throws IllegalArgumentException if the agent id is malformed
   * @throws LimitStoreException if the store cannot be read
   */
  public ApplyResult reconcile(String agentId) {
    return reconcile(agentId, RECONCILE_ACTOR);
  }

  /**
   * Like {@link #reconcile(String)}, acting as {@code actor}.
   *
   * @throws IllegalArgumentException if the agent id or the actor is malformed
   * @throws LimitStoreException if the store cannot be read
   */
  public ApplyResult reconcile(String agentId, String actor) {
    AgentIds.require(agentId);
    requireActor(actor, agentId, "reconcile the container");
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      Optional<StoredLimits> stored = store.find(agentId);
      Optional<ContainerLimits> custom = stored.flatMap(StoredLimits::custom);
      AccessPolicy.Decision d = decide(actor, agentId, "reconcile the container");
      ApplyResult result = d.allowed() ? apply(agentId, custom)
          : pending(agentId, desired(stored, knownFacts()), false, null, "access denied to actor " + actor + ": "
              + d.reason());
      stored.ifPresent(row -> recordOutcome(row, result));
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the agent's container by one with the same configuration and the desired limits, even though a live
   * update would do: to refresh the limit labels after live updates, or to move a container created with a CPU
   * quota (which refuses live NanoCPUs changes) to NanoCPUs. Done like the fallback of {@link #set}: a failure at any
   * step leaves the old container in place, started again if it was running.
   *
   * @throws IllegalArgumentException if the id or actor is malformed
   * @throws AccessDeniedException if the actor may not change this agent's limits
   * @throws LimitStoreException if the store cannot be read
   */
  public ApplyResult recreate(String agentId, String actor) {
    AgentIds.require(agentId);
    requireActor(actor, agentId, "recreate the container");
    checkAccess(actor, agentId, "recreate the container");
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      Optional<StoredLimits> stored = store.find(agentId);
      ContainerLimits desired = desired(stored, knownFacts());
      ApplyResult result;
      try {
        EngineFacts f = facts();
        desired = desired(stored, f);
        ContainerLimits target = fitToHost(target(agentId, desired, f), f);
        Located located = locate(agentId);
        if (located.containerId == null) {
          result = pending(agentId, desired, false, null, located.problem);
        } else if (ActualLimits.of(inspect(located.containerId)).status().equals("paused")) {
          result = pending(agentId, desired, false, located.containerId, "the container is paused; a recreate would "
              + "resume it");
        } else {
          Recreator.Result r = recreator.recreate(located.containerId, target, agentId);
          if (r.succeeded()) {
            manage(agentId, r.containerId());
          }
          result = r.succeeded()
              ? new ApplyResult(agentId, desired, ApplyResult.Outcome.RECREATED, r.restarted(), Optional.empty(),
                  Optional.of(r.containerId()))
              : pending(agentId, desired, r.restarted(), located.containerId, r.failure());
        }
      } catch (EngineUnreachableException e) {
        result = pending(agentId, desired, false, null, e.getMessage());
      } catch (DockerException e) {
        result = pending(agentId, desired, false, null, "the engine refused: " + Engine.refusal(e));
      }
      ApplyResult done = result;
      stored.ifPresent(row -> recordOutcome(row, done));
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reconciles every agent that has stored limits or a labelled container, ordered by agent id.
   *
   * @throws LimitStoreException if the store cannot be read
   */
  public List<ApplyResult> reconcileAll() {
    TreeSet<String> agents = new TreeSet<>();
    for (StoredLimits row : store.all()) {
      agents.add(row.agentId());
    }
    try {
      List<Container> labelled = engine.call("list agent containers",
          () -> client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(DockerLabels.AGENT)).exec());
      for (Container c : labelled) {
        String id = c.getLabels() == null ? null : c.getLabels().get(DockerLabels.AGENT);
        if (id != null && AgentIds.isValid(id)) {
          agents.add(id);
        } else {
          log.warn("container {} carries {}={} which is not a valid agent id; ignored", shortName(c), DockerLabels.AGENT, id);
        }
      }
    } catch (EngineUnreachableException | DockerException e) {
      log.warn("could not list agent containers; reconciling the agents with stored limits only: {}", e.getMessage());
    }
    List<ApplyResult> results = new ArrayList<>(agents.size());
    for (String agent : agents) {
      results.add(reconcile(agent));
    }
    return results;
  }

  /**
   * Puts the agent's desired limits and the labels {@value DockerLabels#AGENT}, {@value DockerLabels#MEMORY},
   * {@value DockerLabels#CPUS} (and {@value DockerLabels#PIDS}) on a container about to be created, so that it
   * starts with its limits. CPU quota and period set on the command are cleared in favour of {@code NanoCPUs}.
   *
   * <p>It also puts a fresh {@value DockerLabels#CLAIM} on the command and records it: the container created from
   * it becomes the agent's managed container (the oldest carrier of that claim, if it was copied), replacing the one
   * managed so far.
   *
   * @return {@code create}, for chaining
   * @throws IllegalArgumentException if the agent id is malformed
   * @throws LimitStoreException if the store cannot be read (a claim that cannot be recorded is logged and left out)
   */
  public CreateContainerCmd prepareCreate(String agentId, CreateContainerCmd create) {
    AgentIds.require(agentId);
    Objects.requireNonNull(create, "create");
    EngineFacts f = factsIfReachable();
    ContainerLimits target = target(agentId, desired(store.find(agentId), f), f);
    if (f != null) {
      target = fitToHost(target, f);
    }
    // The container about to be created becomes the agent's once it exists: record its claim first.
    String claim = String.format("%016x%016x", CLAIMS.nextLong(), CLAIMS.nextLong());
    try {
      Optional<ManagedContainer> managed = store.managedContainer(agentId);
      store.saveManagedContainer(new ManagedContainer(agentId, managed.flatMap(ManagedContainer::containerId),
          Optional.of(claim)), clock.instant());
    } catch (LimitStoreException e) {
      // Limits still go on the container; without a recorded claim it is recognised while it is the only one.
      log.warn("agent {}: the claim of the container about to be created could not be recorded ({}); it will be "
          + "adopted only while no other container carries the agent's label", agentId, e.getMessage());
      claim = null;
    }
    Map<String, String> labels = new HashMap<>(create.getLabels() == null ? Map.of() : create.getLabels());
    labels.put(DockerLabels.AGENT, agentId);
    if (claim != null) {
      labels.put(DockerLabels.CLAIM, claim);
    } else {
      labels.remove(DockerLabels.CLAIM);
    }
    labels.put(DockerLabels.MEMORY, DockerSyntax.memory(target.memory()));
    labels.put(DockerLabels.CPUS, DockerSyntax.cpus(target.cpus()));
    if (target.pids().isPresent()) {
      labels.put(DockerLabels.PIDS, Long.toString(target.pids().getAsLong()));
    } else {
      labels.remove(DockerLabels.PIDS);
    }
    HostConfig host = create.getHostConfig() == null ? HostConfig.newHostConfig() : create.getHostConfig();
    host.withMemory(target.memory().bytes())
        .withMemorySwap(target.memory().bytes())
        .withNanoCPUs(target.cpus().nanoCpus())
        .withCpuQuota(null)
        .withCpuPeriod(null)
        .withPidsLimit(target.pids().isPresent() ? target.pids().getAsLong() : null);
    return create.withLabels(labels).withHostConfig(host);
  }

  /**
   * Makes {@code containerId} the agent's managed container: the one that gets its limits and enforcement from now
   * on, in place of the one recorded so far. For a container created without {@link #prepareCreate}, when several
   * carry the agent's label, or when the managed one is gone and another must take its place.
   *
   * @throws IllegalArgumentException if the id or actor is malformed, or the container does not carry the agent's
   *     label {@value DockerLabels#AGENT}
   * @throws AccessDeniedException if the actor may not change this agent's containers
   * @throws LimitStoreException if the choice cannot be recorded; then nothing was changed
   * @throws IllegalStateException if the engine cannot be reached or does not know the container
   */
  public void adopt(String agentId, String containerId, String actor) {
    AgentIds.require(agentId);
    requireActor(actor, agentId, "adopt container " + containerId);
    checkAccess(actor, agentId, "adopt container " + containerId);
    if (containerId == null || containerId.isBlank()) {
      throw new IllegalArgumentException("containerId " + (containerId == null ? "null" : "\"" + containerId + "\"")
          + " is not allowed; give the id or name of a container carrying " + DockerLabels.AGENT + "=" + agentId);
    }
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      InspectContainerResponse inspect;
      try {
        inspect = engine.call("inspect container " + containerId, () -> client.inspectContainerCmd(containerId).exec());
      } catch (EngineUnreachableException | DockerException e) {
        throw new IllegalStateException("could not adopt container " + containerId + " for agent " + agentId + ": "
            + (e instanceof DockerException d ? Engine.refusal(d) : String.valueOf(e.getMessage())), e);
      }
      Map<String, String> labels = inspect.getConfig() == null || inspect.getConfig().getLabels() == null ? Map.of()
          : inspect.getConfig().getLabels();
      if (!agentId.equals(labels.get(DockerLabels.AGENT))) {
        throw new IllegalArgumentException("container " + containerId + " does not carry the label "
            + DockerLabels.AGENT + "=" + agentId + " (it carries " + (labels.containsKey(DockerLabels.AGENT)
            ? DockerLabels.AGENT + "=" + labels.get(DockerLabels.AGENT) : "none") + "); only such a container can be "
            + "adopted");
      }
      store.saveManagedContainer(new ManagedContainer(agentId, Optional.of(inspect.getId()), Optional.empty()),
          clock.instant());
      log.info("agent {}: container {} adopted by {}", agentId, ActualLimits.stripSlash(inspect.getName()), actor);
    } finally {
      lock.unlock();
    }
  }

  /** The container recorded as managed for the agent, if any (for tests and the stats and event filters). */
  Optional<String> managedContainerId(String agentId) {
    return store.managedContainer(agentId).flatMap(ManagedContainer::containerId);
  }

  /** Whether this module manages the agent's container through a lock now held. For tests. */
  boolean lockHeld(String agentId) {
    ReentrantLock lock = locks.get(agentId);
    return lock != null && lock.isLocked();
  }

  // ---------------------------------------------------------------- enforcement (DockerEnforcer)

  /** Limits the agent's CPUs live to {@code fraction} of its desired CPUs until {@link #unthrottle}. */
  void throttle(String agentId, double fraction) {
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      // Kept even if the update fails: a reconcile or a repeated call then puts it into effect.
      throttles.put(agentId, fraction);
      updateCpusLive(agentId);
    } finally {
      lock.unlock();
    }
  }

  /** Restores the agent's desired CPUs live. */
  void unthrottle(String agentId) {
    ReentrantLock lock = lockOf(agentId);
    lock.lock();
    try {
      throttles.remove(agentId);
      updateCpusLive(agentId);
    } finally {
      lock.unlock();
    }
  }

  private void updateCpusLive(String agentId) {
    EngineFacts f = facts();
    ContainerLimits target = fitToHost(target(agentId, desired(store.find(agentId), f), f), f);
    Located located = locate(agentId);
    if (located.containerId == null) {
      throw new IllegalStateException(located.problem);
    }
    engine.run("update the CPUs of agent " + agentId, () -> client.updateContainerCmd(located.containerId)
        .withNanoCPUs(target.cpus().nanoCpus()).exec());
  }

  /** Calls {@code listener} with the name of each step of later recreates as it begins. For tests. */
  void onRecreateStep(Consumer<String> listener) {
    recreator.onStep(listener);
  }

  /**
   * The agent's managed container, or why there is none. Among the containers carrying the agent's label (leftovers
   * of an interrupted recreate aside): the recorded one if it still exists; else the oldest carrier of the recorded
   * claim, which is then recorded (the claim used up); else, when nothing was ever recorded, the only one, which is
   * then recorded. Others are never chosen.
   */
  Located locate(String agentId) {
    List<Container> found = engine.call("list the containers of agent " + agentId,
        () -> client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerLabels.AGENT, agentId)).exec());
    List<Container> candidates = new ArrayList<>();
    for (Container c : found) {
      if (!Recreator.WORK_NAME.matcher(shortName(c)).matches()) {
        candidates.add(c);
      }
    }
    Optional<ManagedContainer> managed = store.managedContainer(agentId);
    Optional<String> recorded = managed.flatMap(ManagedContainer::containerId);
    Optional<String> claim = managed.flatMap(ManagedContainer::claim);
    if (recorded.isPresent()) {
      for (Container c : candidates) {
        if (c.getId().equals(recorded.get()) && claim.isEmpty()) {
          warnAboutOthers(agentId, c, candidates);
          return new Located(c.getId(), "");
        }
      }
    }
    if (claim.isPresent()) {
      Optional<Container> claimant = candidates.stream()
          .filter(c -> c.getLabels() != null && claim.get().equals(c.getLabels().get(DockerLabels.CLAIM)))
          .min(Comparator.comparing(c -> c.getCreated() == null ? Long.MAX_VALUE : c.getCreated()));
      if (claimant.isPresent()) {
        manage(agentId, claimant.get().getId());
        warnAboutOthers(agentId, claimant.get(), candidates);
        return new Located(claimant.get().getId(), "");
      }
      if (recorded.isPresent()) {
        for (Container c : candidates) {
          if (c.getId().equals(recorded.get())) {
            return new Located(c.getId(), ""); // the claimed container is not created yet: keep the old one
          }
        }
      }
    }
    if (recorded.isEmpty() && claim.isEmpty() && candidates.size() == 1) {
      manage(agentId, candidates.get(0).getId());
      return new Located(candidates.get(0).getId(), "");
    }
    if (candidates.isEmpty()) {
      return new Located(null, recorded.isPresent()
          ? "the container managed for agent " + agentId + " (" + Recreator.shortId(recorded.get()) + ") is gone and "
              + "no container carries the label " + DockerLabels.AGENT + "=" + agentId
          : "no container carries the label " + DockerLabels.AGENT + "=" + agentId);
    }
    List<String> names = new ArrayList<>();
    candidates.forEach(c -> names.add(shortName(c)));
    String others = candidates.size() + (candidates.size() == 1 ? " container carries" : " containers carry")
        + " the label " + DockerLabels.AGENT + "=" + agentId + " (" + String.join(", ", names) + ") but ";
    if (recorded.isPresent()) {
      return new Located(null, "the container managed for agent " + agentId + " (" + Recreator.shortId(recorded.get())
          + ") is gone; " + others + (candidates.size() == 1 ? "it is" : "they are") + " not adopted automatically: "
          + "create the agent's container with prepareCreate, or adopt one");
    }
    if (claim.isPresent()) {
      return new Located(null, others + "none carries the claim of the container prepared for it; create that "
          + "container, or adopt one");
    }
    return new Located(null, others + "none is managed yet: adopt one");
  }

  private void manage(String agentId, String containerId) {
    try {
      store.saveManagedContainer(new ManagedContainer(agentId, Optional.of(containerId), Optional.empty()),
          clock.instant());
    } catch (LimitStoreException e) {
      // The container is still the one found now; only the record that would keep it so is missing.
      log.warn("agent {}: container {} is used but could not be recorded as managed: {}", agentId,
          Recreator.shortId(containerId), e.getMessage());
    }
  }

  private void warnAboutOthers(String agentId, Container managed, List<Container> candidates) {
    for (Container c : candidates) {
      if (c != managed && warnedIntruders.add(c.getId())) {
        log.warn("agent {}: container {} carries the agent's label but is not the container managed for it ({}); "
            + "it gets no limits or enforcement", agentId, shortName(c), shortName(managed));
      }
    }
  }

  /** The result of {@link #locate}: a container id, or (id null) the problem; the problem is empty when found. */
  record Located(@Nullable String containerId, String problem) {}

  // ---------------------------------------------------------------- applying

  /**
   * Applies the agent's own limits, or the policy's defaults fitted to the host when {@code custom} is empty. The
   * host facts are read first, so a fresh instance clamps the defaults on its very first call.
   */
  private ApplyResult apply(String agentId, Optional<ContainerLimits> custom) {
    ContainerLimits desired = custom.orElseGet(() -> desired(Optional.empty(), knownFacts()));
    try {
      EngineFacts f = facts();
      desired = custom.orElseGet(() -> policy.defaultsFor(f.hostCpus()));
      ContainerLimits target = target(agentId, desired, f);
      if (target.cpus().compareTo(CpuQuantity.ofCores(f.hostCpus())) > 0) {
        if (policy.hostCpuRule() == LimitPolicy.HostCpuRule.CLAMP) {
          target = target.withCpus(CpuQuantity.ofCores(f.hostCpus()));
        } else {
          return pending(agentId, desired, false, null, "cpus " + DockerSyntax.cpus(target.cpus()) + " exceeds the "
              + f.hostCpus() + " CPUs of the Docker engine's host; set limits that fit");
        }
      }
      Located located = locate(agentId);
      if (located.containerId == null) {
        return pending(agentId, desired, false, null, located.problem);
      }
      InspectContainerResponse before = inspect(located.containerId);
      ActualLimits actual = ActualLimits.of(before);
      if (actual.satisfies(target, f.swapAccounted())) {
        return new ApplyResult(agentId, desired, ApplyResult.Outcome.UNCHANGED, false, Optional.empty(),
            Optional.of(located.containerId));
      }
      String refusal;
      try {
        updateLive(located.containerId, target, actual);
        ActualLimits after = ActualLimits.of(inspect(located.containerId));
        if (!after.satisfies(target, f.swapAccounted())) {
          return pending(agentId, desired, false, located.containerId, "the engine accepted the update but the container"
              + " reports " + after.describe());
        }
        log.info("agent {}: {} applied live to container {} (was {})", agentId, target, actual.containerName(),
            actual.describe());
        return new ApplyResult(agentId, desired, ApplyResult.Outcome.APPLIED_LIVE, false, Optional.empty(),
            Optional.of(located.containerId));
      } catch (DockerException e) {
        refusal = Engine.refusal(e);
      }
      if (actual.status().equals("paused")) {
        return pending(agentId, desired, false, located.containerId, "the engine refused the live update (" + refusal
            + ") and the container is paused; a recreate would resume it");
      }
      log.info("agent {}: the engine refused a live update of container {} ({}); recreating it", agentId,
          actual.containerName(), refusal);
      Recreator.Result r = recreator.recreate(located.containerId, target, agentId);
      if (r.succeeded()) {
        manage(agentId, r.containerId());
        return new ApplyResult(agentId, desired, ApplyResult.Outcome.RECREATED, r.restarted(), Optional.empty(),
            Optional.of(r.containerId()));
      }
      return pending(agentId, desired, r.restarted(), located.containerId,
          "the engine refused the live update (" + refusal + "), and " + r.failure());
    } catch (EngineUnreachableException e) {
      return pending(agentId, desired, false, null, e.getMessage());
    } catch (DockerException e) {
      return pending(agentId, desired, false, null, "the engine refused: " + Engine.refusal(e));
    }
  }

  private void updateLive(String containerId, ContainerLimits target, ActualLimits actual) {
    UpdateContainerCmd update = client.updateContainerCmd(containerId)
        .withMemory(target.memory().bytes())
        .withMemorySwap(target.memory().bytes())
        .withNanoCPUs(target.cpus().nanoCpus());
    if (target.pids().isPresent()) {
      update.withPidsLimit(target.pids().getAsLong());
    } else if (actual.pids().isPresent()) {
      update.withPidsLimit(-1L); // the update API's "unlimited"
    }
    engine.run("update container " + Recreator.shortId(containerId), update::exec);
  }

  private ApplyResult pending(String agentId, ContainerLimits desired, boolean restarted, @Nullable String containerId,
      String cause) {
    if (containerId == null && cause.startsWith("no container carries")) {
      log.info("agent {}: limits {} pending: {}", agentId, desired, cause); // normal before the container exists
    } else {
      log.warn("agent {}: limits {} pending: {}", agentId, desired, cause);
    }
    return new ApplyResult(agentId, desired, ApplyResult.Outcome.PENDING, restarted, Optional.of(cause),
        Optional.ofNullable(containerId));
  }

  private void recordOutcome(StoredLimits row, ApplyResult result) {
    Optional<String> pending = result.inForce() ? Optional.empty() : result.cause();
    if (pending.equals(row.pendingCause())) {
      return;
    }
    try {
      store.save(row.withPending(pending, clock.instant()));
    } catch (LimitStoreException e) {
      // The desired limits are stored; only their pending mark is stale, and the next reconcile corrects it.
      log.error("agent {}: limits {} but their state could not be stored: {}", row.agentId(), result.describe(),
          e.getMessage());
    }
  }

  // ---------------------------------------------------------------- helpers

  private ContainerLimits desired(Optional<StoredLimits> stored, @Nullable EngineFacts f) {
    Optional<ContainerLimits> custom = stored.flatMap(StoredLimits::custom);
    if (custom.isPresent()) {
      return custom.get();
    }
    return f == null ? policy.defaults() : policy.defaultsFor(f.hostCpus());
  }

  /** {@code limits} with CPUs no higher than the host's (a throttled or default target never exceeds them). */
  private static ContainerLimits fitToHost(ContainerLimits limits, EngineFacts f) {
    CpuQuantity host = CpuQuantity.ofCores(f.hostCpus());
    return limits.cpus().compareTo(host) <= 0 ? limits : limits.withCpus(host);
  }

  /** The desired limits with the CPUs scaled down while the agent is throttled. */
  private ContainerLimits target(String agentId, ContainerLimits desired, @Nullable EngineFacts f) {
    Double fraction = throttles.get(agentId);
    if (fraction == null) {
      return desired;
    }
    long millis = (long) Math.floor(desired.cpus().millicores() * fraction);
    return desired.withCpus(CpuQuantity.ofMillicores(Math.max(ContainerLimits.MIN_CPUS.millicores(), millis)));
  }

  // A change nobody signs is refused like a denied one, and logged as such: it may be an attempt to act anonymously.
  static void requireActor(String actor, String agentId, String change) {
    try {
      AgentIds.requireActor(actor);
    } catch (IllegalArgumentException anonymous) {
      log.warn("access denied: a caller without an actor ({}) tried to {} for agent {}",
          actor == null ? "null" : "\"" + actor + "\"", change, agentId);
      throw anonymous;
    }
  }

  void checkAccess(String actor, String agentId, String change) {
    AccessPolicy.Decision d = decide(actor, agentId, change);
    if (!d.allowed()) {
      throw new AccessDeniedException(actor, agentId, d.reason());
    }
  }

  /** The policy's decision, a denial logged at WARN with the actor. */
  AccessPolicy.Decision decide(String actor, String agentId, String change) {
    AccessPolicy.Decision d = Objects.requireNonNull(access.decide(actor, agentId), "access policy returned null");
    if (!d.allowed()) {
      log.warn("access denied: actor {} tried to {} for agent {}: {}", actor, change, agentId, d.reason());
    }
    return d;
  }

  private InspectContainerResponse inspect(String containerId) {
    try {
      return engine.call("inspect container " + Recreator.shortId(containerId),
          () -> client.inspectContainerCmd(containerId).exec());
    } catch (NotFoundException e) {
      throw new EngineUnreachableException("container " + Recreator.shortId(containerId) + " vanished", e);
    }
  }

  /** The engine's host facts, read at most once a minute. */
  private EngineFacts facts() {
    EngineFacts f = facts;
    if (f != null && ticker.read() - f.readAtNanos() < FACTS_TTL_NANOS) {
      return f;
    }
    Info info = engine.call("read the engine's host facts", () -> client.infoCmd().exec());
    int cpus = info.getNCPU() == null || info.getNCPU() < 1 ? 1 : info.getNCPU();
    f = new EngineFacts(cpus, Boolean.TRUE.equals(info.getSwapLimit()), ticker.read());
    facts = f;
    return f;
  }

  private @Nullable EngineFacts factsIfReachable() {
    try {
      return facts();
    } catch (EngineUnreachableException | DockerException e) {
      log.debug("engine facts unavailable; using the last known ones", e);
      return knownFacts();
    }
  }

  private @Nullable EngineFacts knownFacts() {
    return facts;
  }

  private ReentrantLock lockOf(String agentId) {
    return locks.computeIfAbsent(agentId, k -> new ReentrantLock());
  }

  private static String shortName(Container c) {
    String[] names = c.getNames();
    return names == null || names.length == 0 ? Recreator.shortId(c.getId()) : ActualLimits.stripSlash(names[0]);
  }
}
