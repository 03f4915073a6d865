package io.github.resourcemanager.allocate;

/**
 * Puts enforcement decisions into effect for one kind of agent: containers, processes, anything outside this JVM
 * (SPI; add one with {@link AllocationConfig.Builder#enforcer}). The pool decides <em>when</em> an agent is paused,
 * resumed or throttled; an enforcer knows <em>how</em>. Agents in this JVM are always enforced by the pool itself,
 * through {@link ResourcePool#executor}.
 *
 * <p>Every method is idempotent: pausing a paused agent or resuming a running one changes nothing. A method that
 * cannot do its work (the container engine is unreachable, say) throws a {@link RuntimeException} whose message
 * says what failed; the pool reports it with an {@link AllocationEvent.Type#ENFORCEMENT_FAILED} event and tries
 * again on a later check, so an enforcer must leave the agent in a state where the same call can be repeated.
 */
public interface Enforcer {

  /** A short name for logs and events, e.g. {@code docker}. */
  String name();

  /**
   * Stops new work of the agent from starting until {@link #resume}. Work already running may finish or is frozen
   * (containers).
   *
   * @param agentId the agent
   * @param reason why, for logs and events, e.g. {@code memory 540 MiB above limit 512 MiB}
   * @throws RuntimeException if the pause could not be put into effect
   */
  void pause(String agentId, String reason);

  /**
   * Lets a paused agent run again.
   *
   * @param agentId the agent
   * @throws RuntimeException if the resume could not be put into effect
   */
  void resume(String agentId);

  /**
   * Limits the agent to {@code fraction} (0 exclusive to 1 inclusive) of what it may normally use at once:
   * CPU quota for containers, concurrent tasks for agents in this JVM.
   *
   * @param agentId the agent
   * @param fraction the share of its normal limits the agent keeps, in (0, 1]
   * @param reason why, for logs and events
   * @throws IllegalArgumentException if {@code fraction} is not in (0, 1]
   * @throws RuntimeException if the throttle could not be put into effect
   */
  void throttle(String agentId, double fraction, String reason);

  /**
   * Removes a throttle, restoring the agent's normal limits.
   *
   * @param agentId the agent
   * @throws RuntimeException if the change could not be put into effect
   */
  void unthrottle(String agentId);
}
