package io.github.resourcemanager.docker;

import java.util.Optional;

/**
 * Which container this module manages for an agent: the one it recorded (first seen alone, created through
 * {@link DockerLimits#prepareCreate}, made by a recreate, or adopted), and the claim label of a container about to be
 * created for the agent. Another container that merely carries the agent's label is never the agent's container.
 *
 * @param agentId the agent
 * @param containerId the managed container's full id; empty until one is recorded
 * @param claim the value of {@value DockerLabels#CLAIM} that {@link DockerLimits#prepareCreate} put on the next
 *     container; empty once that container was adopted
 */
record ManagedContainer(String agentId, Optional<String> containerId, Optional<String> claim) {}
