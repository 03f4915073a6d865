package io.github.resourcemanager.test.stress;

/** How a stress run ended. Whatever the outcome, everything the run took has been released. */
public enum StressOutcome {
  /** The duration passed. */
  COMPLETED,
  /** {@link StressRun#close()} was called before the duration passed. */
  CLOSED,
  /** The thread waiting for the run, or one of the run's own threads, was interrupted. */
  INTERRUPTED,
  /** Something failed while the run was taking or holding its resources; see {@link StressReport#failure()}. */
  FAILED;

  /** The lowercase name used in JSON, e.g. {@code completed}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
