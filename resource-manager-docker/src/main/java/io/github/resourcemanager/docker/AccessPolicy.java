package io.github.resourcemanager.docker;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides who may change an agent's limits and containers: set, reset, recreate, reconcile, adopt, and pause,
 * resume, throttle or unthrottle through a {@link DockerEnforcer}.
 *
 * <p>Ownership must come from the embedding application (its database of users and agents, its configuration),
 * never from a container label: whoever can create a container can write any label, so a label proves nothing.
 * {@link #ownerOrAdmin} therefore asks a function the application provides.
 *
 * <p>Implementations must be thread-safe and should not block for long.
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * Whether {@code actor} may change the limits of {@code agentId}.
   *
   * @return {@link Decision#allow()} or a denial with a reason for people
   */
  Decision decide(String actor, String agentId);

  /**
   * The usual rule: an agent's owner may change its limits, and so may every admin; nobody else, and nobody at
   * all for an agent whose owner is unknown (except admins).
   *
   * @param ownerOf the owner of an agent, from the application (not from container labels); empty if unknown
   * @param admins actors who may change any agent's limits
   */
  static AccessPolicy ownerOrAdmin(Function<String, Optional<String>> ownerOf, Set<String> admins) {
    Objects.requireNonNull(ownerOf, "ownerOf");
    Set<String> adminSet = Set.copyOf(Objects.requireNonNull(admins, "admins"));
    return (actor, agentId) -> {
      if (adminSet.contains(actor)) {
        return Decision.allow();
      }
      Optional<String> owner = Objects.requireNonNull(ownerOf.apply(agentId), "ownerOf returned null");
      if (owner.isEmpty()) {
        return Decision.deny("agent \"" + agentId + "\" has no known owner; only an admin may change its limits");
      }
      if (owner.get().equals(actor)) {
        return Decision.allow();
      }
      return Decision.deny("only the owner of agent \"" + agentId + "\" or an admin may change its limits");
    };
  }

  /**
   * This policy, except that {@code actors} may change every agent: for the module's own system actors
   * ({@link DockerResources#SYSTEM_ACTORS}: the allocation enforcer and the reconciler), which act for no user, e.g.
   * {@code AccessPolicy.ownerOrAdmin(owners::ownerOf, admins).allowing(DockerResources.SYSTEM_ACTORS)}.
   */
  default AccessPolicy allowing(Set<String> actors) {
    Set<String> allowed = Set.copyOf(Objects.requireNonNull(actors, "actors"));
    AccessPolicy rest = this;
    return (actor, agentId) -> allowed.contains(actor) ? Decision.allow() : rest.decide(actor, agentId);
  }

  /** Everyone may change every agent's limits: for single-user embeddings and tests. */
  static AccessPolicy allowAll() {
    return (actor, agentId) -> Decision.allow();
  }

  /**
   * The outcome of {@link #decide}.
   *
   * @param allowed whether the change may go ahead
   * @param reason why not, for people; empty when allowed
   */
  record Decision(boolean allowed, String reason) {

    /**
     * Checks the decision.
     *
     * @throws IllegalArgumentException if a denial has no reason
     */
    public Decision {
      Objects.requireNonNull(reason, "reason");
      if (!allowed && reason.isBlank()) {
        throw new IllegalArgumentException("a denial needs a reason");
      }
    }

    /** The change may go ahead. */
    public static Decision allow() {
      return new Decision(true, "");
    }

    /** The change is refused for {@code reason}. */
    public static Decision deny(String reason) {
      return new Decision(false, reason);
    }
  }
}
