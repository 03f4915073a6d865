package io.github.resourcemanager.docker;

import java.time.Instant;

/**
 * The kernel's OOM killer killed a process in the container because the container reached its memory limit. One
 * event per kill, as the container's cgroup counts kills ({@code oom_kill}), however many {@code oom} notifications
 * the engine sent for it (see {@link ContainerEvents}). If the killed process was the container's main one, an
 * {@link UnexpectedExit} with {@code afterOom} true follows.
 *
 * @param agentId the agent
 * @param containerId the container's full id
 * @param containerName the container's name
 * @param time when the engine sent the first notification of it
 */
public record OomKilled(String agentId, String containerId, String containerName, Instant time)
    implements ContainerEvent {}
