package io.github.resourcemanager.internal.allocate;

/**
 * An agent waiting in the overflow queue. Guarded by the pool's lock.
 *
 * @param candidate the agent, as it asked to be admitted
 * @param enqueuedNanos the ticker reading when it started waiting
 * @param seq its place in arrival order
 */
record Waiting(Candidate candidate, long enqueuedNanos, long seq) {

  /** The waiting agent's id. */
  String id() {
    return candidate.spec().id();
  }

  /** The waiting agent's project. */
  String project() {
    return candidate.spec().project();
  }
}
