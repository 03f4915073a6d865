package io.github.resourcemanager.allocate;

/**
 * Where an agent stands in a {@link ResourcePool}.
 *
 * @param agentId the agent
 * @param project its project
 * @param state queued, running, throttled or paused (never rejected)
 * @param resources its requests and limits after its project's limit range filled in defaults
 * @param qosClass its QoS class
 * @param priority its priority value (its class's, or 0)
 */
public record AgentStatus(String agentId, String project, State state, Resources resources, QosClass qosClass, int priority) {

  /**
   * The states an agent known to the pool can be in, and the outcome of a refused admission
   * ({@link #REJECTED}).
   */
  public enum State {
    /** Waiting in the overflow queue. */
    QUEUED,
    /** Admitted and running normally. */
    RUNNING,
    /** Admitted, with reduced concurrency. */
    THROTTLED,
    /** Admitted, but its new work is held until usage recovers. */
    PAUSED,
    /**
     * Refused by {@link ResourcePool#admit(AgentSpec)}; nothing of it was kept. An admission outcome only: an agent
     * the pool knows is never in this state, so {@link ResourcePool#status} never reports it.
     */
    REJECTED
  }
}
