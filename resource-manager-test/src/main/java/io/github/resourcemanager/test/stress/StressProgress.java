package io.github.resourcemanager.test.stress;

import java.time.Duration;

/**
 * Where a stress run stands, for a progress display.
 *
 * @param elapsed ticker time since the run started (the duration, once done)
 * @param duration the run's duration
 * @param generatorCpuPercent CPU used so far by the run's CPU threads, as a share of all logical CPUs over the
 *     real time elapsed, 0-100
 * @param memoryBytes heap held now
 * @param threads parked threads alive now
 * @param openFiles temporary files open now
 * @param done whether the run has ended and released everything
 */
public record StressProgress(Duration elapsed, Duration duration, double generatorCpuPercent, long memoryBytes,
    int threads, int openFiles, boolean done) {

  /** The share of the duration elapsed, 0 to 1. */
  public double fraction() {
    return done ? 1 : Math.min(1, (double) elapsed.toNanos() / duration.toNanos());
  }
}
