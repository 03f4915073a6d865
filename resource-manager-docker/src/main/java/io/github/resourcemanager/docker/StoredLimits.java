package io.github.resourcemanager.docker;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One agent's row in the {@link LimitStore}: its own limits, if it chose any, and whether they still wait to be
 * applied.
 *
 * @param agentId the agent
 * @param custom the agent's own limits; empty when it uses the policy's defaults (after {@code reset})
 * @param pendingCause why the desired limits are not in force yet; empty when they were applied
 * @param updatedBy who made the last change of the desired limits
 * @param updatedAt when the row was last written
 */
public record StoredLimits(String agentId, Optional<ContainerLimits> custom, Optional<String> pendingCause,
    String updatedBy, Instant updatedAt) {

  /**
   * Checks the row.
   *
   * @throws IllegalArgumentException if a field is missing or the agent id is malformed
   */
  public StoredLimits {
    AgentIds.require(agentId);
    if (custom == null || pendingCause == null) {
      throw new IllegalArgumentException("custom and pendingCause must not be null; use Optional.empty()");
    }
    AgentIds.requireActor(updatedBy);
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The same row with another pending cause. */
  StoredLimits withPending(Optional<String> cause, Instant at) {
    return new StoredLimits(agentId, custom, cause, updatedBy, at);
  }
}
