package io.github.resourcemanager.docker;

import java.time.Instant;

/**
 * Something the engine reported about an agent's container that needs attention. Delivered to
 * {@link ContainerEventListener}s by {@link ContainerEvents}.
 */
public sealed interface ContainerEvent permits OomKilled, UnexpectedExit {

  /** The agent whose container it is (its {@value DockerLabels#AGENT} label). */
  String agentId();

  /** The container's full id. */
  String containerId();

  /** The container's name. */
  String containerName();

  /** When the engine saw it. */
  Instant time();
}
