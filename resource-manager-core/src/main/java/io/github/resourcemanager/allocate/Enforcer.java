package io.github.resourcemanager.allocate;

/**
 * Puts enforcement decisions into effect for one kind of agent: threads of this JVM, containers, processes
 * (SPI). The allocation layer decides <em>when</em> an agent is paused, resumed or throttled; an enforcer
 * knows <em>how</em>.
 *
 * <p>Every method is idempotent: pausing a paused agent or resuming a running one changes nothing. A method
 * that cannot do its work (the container engine is unreachable, say) throws {@link EnforcementException};
 * the caller reports it and tries again on a later check, so an enforcer must leave the agent in a state
 * where the same call can be repeated.
 */
public interface Enforcer {

  /** A short name for logs and events, e.g. {@code in-jvm} or {@code docker}. */
  String name();

  /**
   * Stops new work of the agent from starting until {@link #resume}. Work already running may finish
   * (in-JVM) or is frozen (containers).
   *
   * @param reason why, for logs and events, e.g. {@code memory 540 MiB above limit 512 MiB}
   * @throws EnforcementException if the pause could not be put into effect
   */
  void pause(String agentId, String reason);

  /**
   * Lets a paused agent run again.
   *
   * @throws EnforcementException if the resume could not be put into effect
   */
  void resume(String agentId);

  /**
   * Limits the agent to {@code fraction} (0 exclusive to 1 inclusive) of what it may normally use at once:
   * concurrent tasks for agents in this JVM, CPU quota for containers.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in (0, 1]
   * @throws EnforcementException if the throttle could not be put into effect
   */
  void throttle(String agentId, double fraction, String reason);

  /**
   * Removes a throttle, restoring the agent's normal limits.
   *
   * @throws EnforcementException if the change could not be put into effect
   */
  void unthrottle(String agentId);
}
