package io.github.resourcemanager.docker;

import java.time.Instant;

/**
 * The container's main process was killed (exit code 137, SIGKILL) without anyone asking the engine to stop or
 * kill it: by the OOM killer, or by a signal from outside the engine. Exits after {@code docker stop},
 * {@code docker kill} or a removal are expected and not reported.
 *
 * @param agentId the agent
 * @param containerId the container's full id
 * @param containerName the container's name
 * @param exitCode the exit code, 137
 * @param afterOom whether an {@link OomKilled} event of the same container came just before
 * @param time when the engine saw it
 */
public record UnexpectedExit(String agentId, String containerId, String containerName, int exitCode, boolean afterOom,
    Instant time) implements ContainerEvent {}
