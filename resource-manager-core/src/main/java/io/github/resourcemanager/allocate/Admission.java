package io.github.resourcemanager.allocate;

import java.util.Objects;

/**
 * The outcome of asking a {@link ResourcePool} to admit an agent.
 *
 * @param agentId the agent
 * @param state where the agent stands now: {@link AgentStatus.State#RUNNING RUNNING} once admitted (or, when it was
 *     admitted before, its current state: {@code THROTTLED} or {@code PAUSED}), {@link AgentStatus.State#QUEUED
 *     QUEUED} while it waits in the overflow queue, {@link AgentStatus.State#REJECTED REJECTED} when it was refused
 * @param message why, for people: {@code admitted}, {@code waiting for cpu: ...}, {@code queue full (50)},
 *     {@code exceeded quota: ...}
 */
public record Admission(String agentId, AgentStatus.State state, String message) {

  /** Validates. */
  public Admission {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the agent is admitted: running, throttled or paused, rather than queued or rejected. */
  public boolean isAdmitted() {
    return state != AgentStatus.State.QUEUED && state != AgentStatus.State.REJECTED;
  }
}
