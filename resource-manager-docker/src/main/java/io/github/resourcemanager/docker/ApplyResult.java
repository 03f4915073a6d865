package io.github.resourcemanager.docker;

import java.util.Optional;

/**
 * What a change or reconciliation of an agent's limits did.
 *
 * @param agentId the agent
 * @param desired the limits the agent should have
 * @param outcome what happened
 * @param restarted whether the agent's container was stopped and started (recreate, or a rolled-back recreate)
 * @param cause why the limits are pending; empty unless {@code outcome} is {@link Outcome#PENDING}
 * @param containerId the container that has the limits now (the replacement after a recreate); empty if none
 */
public record ApplyResult(String agentId, ContainerLimits desired, Outcome outcome, boolean restarted,
    Optional<String> cause, Optional<String> containerId) {

  /** What happened to the desired limits. */
  public enum Outcome {
    /** The container already had them; nothing was done. */
    UNCHANGED,
    /** The engine's update call put them into effect without a restart. */
    APPLIED_LIVE,
    /** The engine refused a live change, so the container was replaced by one with the same configuration. */
    RECREATED,
    /** They are stored but not in force; {@link #cause()} says why, and a later reconcile applies them. */
    PENDING
  }

  /** Whether the desired limits are in force now. */
  public boolean inForce() {
    return outcome != Outcome.PENDING;
  }

  /**
   * For people: {@code unchanged}, {@code applied live}, {@code recreated} or {@code pending (<cause>)}, followed
   * by {@code , restarted} when the container was restarted.
   */
  public String describe() {
    String text = switch (outcome) {
      case UNCHANGED -> "unchanged";
      case APPLIED_LIVE -> "applied live";
      case RECREATED -> "recreated";
      case PENDING -> "pending (" + cause.orElse("unknown cause") + ")";
    };
    return restarted ? text + ", restarted" : text;
  }

  @Override
  public String toString() {
    return "agent " + agentId + ": " + desired + ": " + describe();
  }
}
