package io.github.resourcemanager.scale;

/**
 * The life-cycle phase of a {@link Replica}, in the terms of a Kubernetes pod phase, which decides how the
 * horizontal scaler counts the replica.
 */
public enum ReplicaPhase {
  /** Not started yet: counted as not ready (a pending pod). */
  PENDING,
  /** Started: counted by its readiness and its metrics. */
  RUNNING,
  /** Being removed: ignored entirely (a pod with a deletion timestamp). */
  TERMINATING,
  /** Failed: ignored entirely (a failed pod). */
  FAILED
}
