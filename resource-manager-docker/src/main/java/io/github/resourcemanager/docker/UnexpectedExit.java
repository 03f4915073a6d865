package io.github.resourcemanager.docker;

import java.time.Instant;

/**
 * The container's main process ended with a non-zero exit code without anyone asking the engine to stop or kill it:
 * killed by the OOM killer or by a signal from outside the engine (137 for SIGKILL), or failed on its own (any other
 * code). Exits after {@code docker stop}, {@code docker kill} or a removal are expected and not reported; nor are
 * exits with code 0.
 *
 * @param agentId the agent
 * @param containerId the container's full id
 * @param containerName the container's name
 * @param exitCode the exit code, never 0
 * @param afterOom whether an OOM notification of the same container came just before
 * @param time when the engine saw it
 */
public record UnexpectedExit(String agentId, String containerId, String containerName, int exitCode, boolean afterOom,
    Instant time) implements ContainerEvent {}
