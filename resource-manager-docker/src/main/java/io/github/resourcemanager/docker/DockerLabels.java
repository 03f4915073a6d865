package io.github.resourcemanager.docker;

/**
 * The container labels this module reads and writes.
 *
 * <p>{@link #AGENT} says which agent a container runs; it selects the containers that {@link DockerLimits},
 * {@link DockerStatsSource} and {@link ContainerEvents} look at. Of several containers carrying the same agent label,
 * only the one the module records as managed (see {@link DockerLimits}) gets the agent's limits and enforcement. {@link #MEMORY}, {@link #CPUS} and {@link #PIDS}
 * record the limits the container was created with (Docker's syntax: {@code 4g}, {@code 2}, {@code 0.5}); labels
 * cannot change after creation, so after a live update they keep the creation-time values. The limits actually in
 * force are always read from the container's {@code HostConfig}, never from these labels.
 *
 * <p>Labels are written by whoever creates the container, so they never prove anything about ownership: access
 * decisions come from the {@link AccessPolicy}, not from labels.
 */
public final class DockerLabels {

  /** The agent id the container runs, e.g. {@code agent-7}. */
  public static final String AGENT = "io.github.resourcemanager.agent";
  /** The memory limit the container was created with, e.g. {@code 4g}. */
  public static final String MEMORY = "io.github.resourcemanager.memory";
  /** The CPU limit the container was created with, in cores, e.g. {@code 2} or {@code 0.5}. */
  public static final String CPUS = "io.github.resourcemanager.cpus";
  /** The process limit the container was created with; absent when it has none. */
  public static final String PIDS = "io.github.resourcemanager.pids";
  /**
   * A random value {@link DockerLimits#prepareCreate} puts on a container about to be created and records, so that
   * the module recognises that container as the agent's once it exists (a copy of the label on a later container
   * does not make it the agent's: the oldest carrier wins, and the claim is used up when adopted).
   */
  public static final String CLAIM = "io.github.resourcemanager.claim";

  private DockerLabels() {}
}
