package io.github.resourcemanager.docker;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.units.ByteSize;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker integration in one object: a connection to the engine, the agents' {@link DockerLimits}, a
 * {@link DockerStatsSource} for the monitor, a {@link DockerEnforcer} and the engine's {@link ContainerEvents}.
 *
 * <pre>{@code
 * try (DockerResources docker = DockerResources.custom()
 *         .store(LimitStore.h2(Path.of("/var/lib/app/limits")))
 *         .access(AccessPolicy.ownerOrAdmin(owners::ownerOf, Set.of("admin")).allowing(DockerResources.SYSTEM_ACTORS))
 *         .build();
 *      ResourceManager rm = ResourceManager.custom().source(docker.statsSource()).build()) {
 *   docker.limits().reconcileAll();          // stored limits are applied at start, not only on change
 *   docker.attach(rm);                       // OOM kills and unexpected exits become alerts; OOMs feed the VPA
 *   rm.start();
 *   ApplyResult r = docker.limits().set("agent-7", ContainerLimits.parse("8g", "4"), "alice");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing closes the event watcher, the stats source's threads, the store (if this object opened it
 * through {@link Builder#store}) and the connection.
 */
public final class DockerResources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerResources.class);

  private final DockerConnection connection;
  private final LimitStore store;
  private final DockerLimits limits;
  private final ContainerEvents events;
  private final DockerStatsSource stats;
  private final DockerEnforcer enforcer;

  private DockerResources(Builder b) {
    LimitStore chosenStore = b.store;
    AccessPolicy chosenAccess = b.access;
    if (chosenStore == null) {
      throw new IllegalArgumentException("store must not be null; use e.g. LimitStore.h2(Path.of(\"limits\"))");
    }
    if (chosenAccess == null) {
      throw new IllegalArgumentException("access must not be null; use AccessPolicy.ownerOrAdmin(...) or, if everyone "
          + "may change every agent's limits, AccessPolicy.allowAll()");
    }
    this.connection = DockerConnection.open(b.config);
    this.store = chosenStore;
    this.limits = new DockerLimits(connection, store, b.policy, chosenAccess);
    this.events = new ContainerEvents(connection);
    this.stats = new DockerStatsSource(connection, events);
    this.enforcer = new DockerEnforcer(connection, limits, DockerEnforcer.ALLOCATION_ACTOR);
    events.start();
  }

  /** The actors this module acts as on its own: the allocation enforcer and the reconciler. */
  public static final java.util.Set<String> SYSTEM_ACTORS =
      java.util.Set.of(DockerEnforcer.ALLOCATION_ACTOR, DockerLimits.RECONCILE_ACTOR);

  /** A builder: engine from {@code DOCKER_HOST}, the default {@link LimitPolicy}, owners-or-admins access required. */
  public static Builder custom() {
    return new Builder();
  }

  /** The connection to the engine. */
  public DockerConnection connection() {
    return connection;
  }

  /** The agents' limits. */
  public DockerLimits limits() {
    return limits;
  }

  /** The monitor source; hand it to {@code ResourceManager.custom().source(...)}, which closes it. */
  public DockerStatsSource statsSource() {
    return stats;
  }

  /**
   * The enforcer for the allocation layer: it acts as {@value DockerEnforcer#ALLOCATION_ACTOR}, so the
   * {@link AccessPolicy} must allow that actor for enforcement to take effect (see
   * {@link AccessPolicy#allowing(java.util.Set)}).
   */
  public DockerEnforcer enforcer() {
    return enforcer;
  }

  /**
   * An enforcer acting as {@code actor}, e.g. an operator pausing an agent by hand; each action is checked with the
   * {@link AccessPolicy} for that actor.
   *
   * @throws IllegalArgumentException if {@code actor} is null or blank
   */
  public DockerEnforcer enforcer(String actor) {
    return new DockerEnforcer(connection, limits, actor);
  }

  /** The engine's OOM and unexpected-exit events of agent containers. */
  public ContainerEvents events() {
    return events;
  }

  /**
   * Connects container incidents to {@code manager}: OOM kills and exits nobody asked for (any non-zero code) of agent
   * containers become alerts of {@code manager.alerts()} ({@link ContainerIncidents} with its defaults), and OOM kills
   * are recorded with the manager's vertical recommender when it has one, at the container's memory limit. The stats source is not
   * attached here: sources are fixed when a manager is built, so give {@link #statsSource()} to its builder.
   *
   * @return the listener added to {@link #events()}, to remove it later if needed
   */
  public ContainerIncidents attach(ResourceManager manager) {
    Objects.requireNonNull(manager, "manager");
    ContainerIncidents.Builder incidents = ContainerIncidents.custom(manager.alerts());
    manager.verticalRecommender().ifPresentOrElse(
        recommender -> incidents.recommender(recommender, this::memoryLimitOf),
        () -> incidents.memoryLimits(this::memoryLimitOf));
    ContainerIncidents listener = incidents.build();
    events.addListener(listener);
    return listener;
  }

  // The limit in force (read from the engine), else the desired one; unknown when neither can be read.
  private Optional<ByteSize> memoryLimitOf(String agentId) {
    try {
      LimitState state = limits.get(agentId);
      return Optional.of(state.actual().flatMap(ActualLimits::memory).orElse(state.desired().memory()));
    } catch (RuntimeException unreadable) {
      log.debug("memory limit of agent {} unknown: {}", agentId, unreadable.toString());
      return Optional.empty();
    }
  }

  /** The store of desired limits. */
  public LimitStore store() {
    return store;
  }

  @Override
  public void close() {
    events.close();
    stats.close();
    store.close();
    connection.close();
    log.debug("Docker integration closed");
  }

  /** Builds {@link DockerResources}. Not thread-safe. */
  public static final class Builder {
    private DockerConfig config = DockerConfig.ofDefaults();
    private @Nullable LimitStore store;
    private LimitPolicy policy = LimitPolicy.ofDefaults();
    private @Nullable AccessPolicy access;

    private Builder() {}

    /** The engine connection's settings; default {@link DockerConfig#ofDefaults()}. */
    public Builder config(DockerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Where desired limits are kept; required. Closed with the {@link DockerResources}. */
    public Builder store(@Nullable LimitStore store) {
      this.store = store;
      return this;
    }

    /** Allowed and default limits; default {@link LimitPolicy#ofDefaults()}. */
    public Builder policy(LimitPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Who may change limits; required (use {@link AccessPolicy#allowAll()} explicitly if everyone may). */
    public Builder access(@Nullable AccessPolicy access) {
      this.access = access;
      return this;
    }

    /**
     * Builds and starts watching events. Nothing fails if the engine is down: its parts report it per call and the
     * event watcher keeps retrying.
     *
     * @throws IllegalArgumentException if the store or the access policy is missing
     */
    public DockerResources build() {
      if (access == null) {
        throw new IllegalArgumentException("access must not be null; use AccessPolicy.ownerOrAdmin(...) or, if everyone "
            + "may change every agent's limits, AccessPolicy.allowAll()");
      }
      return new DockerResources(this);
    }
  }
}
