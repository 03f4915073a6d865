package io.github.resourcemanager.allocate;

import java.util.Objects;

/**
 * The outcome of asking a {@link ResourcePool} to admit an agent.
 *
 * @param agentId the agent
 * @param status admitted, queued or rejected
 * @param message why, for people: {@code admitted}, {@code waiting for cpu: ...}, {@code queue full (50)},
 *     {@code exceeded quota: ...}
 */
public record Admission(String agentId, Status status, String message) {

  /** The outcomes. */
  public enum Status {
    /** The agent may run. */
    ADMITTED,
    /** The agent waits in the overflow queue; an {@link AllocationEvent} tells when it is admitted or rejected. */
    QUEUED,
    /** The agent was refused; nothing of it was kept. */
    REJECTED
  }

  /** Validates. */
  public Admission {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the agent was admitted. */
  public boolean isAdmitted() {
    return status == Status.ADMITTED;
  }
}
