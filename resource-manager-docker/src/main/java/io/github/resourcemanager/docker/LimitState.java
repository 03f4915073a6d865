package io.github.resourcemanager.docker;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An agent's limits as {@link DockerLimits#get} sees them: what is wanted and what is in force.
 *
 * @param agentId the agent
 * @param desired the limits the agent should have (its own, or the policy's defaults fitted to the host)
 * @param source where {@code desired} comes from
 * @param actual the limits in force on the agent's container; empty if it has none or the engine is unreachable
 * @param actualUnknownBecause why {@code actual} is empty; empty when it is known
 * @param differs whether {@code actual} is known and differs from what should be in force ({@code desired}, with
 *     the CPUs scaled down while the agent is throttled)
 * @param pending why the desired limits are not in force yet, as stored; empty when they were applied
 * @param throttle the fraction of its CPUs the agent is throttled to by {@link DockerEnforcer}; empty if none
 */
public record LimitState(String agentId, ContainerLimits desired, LimitSource source, Optional<ActualLimits> actual,
    Optional<String> actualUnknownBecause, boolean differs, Optional<String> pending, OptionalDouble throttle) {}
