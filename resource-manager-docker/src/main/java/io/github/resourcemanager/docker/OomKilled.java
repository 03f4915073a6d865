package io.github.resourcemanager.docker;

import java.time.Instant;

/**
 * The kernel's OOM killer killed a process in the container because the container reached its memory limit (the
 * engine's {@code oom} event). If the killed process was the container's main one, an {@link UnexpectedExit} with
 * {@code afterOom} true follows.
 *
 * @param agentId the agent
 * @param containerId the container's full id
 * @param containerName the container's name
 * @param time when the engine saw it
 */
public record OomKilled(String agentId, String containerId, String containerName, Instant time)
    implements ContainerEvent {}
