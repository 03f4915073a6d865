package io.github.resourcemanager.scale;

import java.time.Clock;

/**
 * What scalers need from their surroundings: the clock that timestamps decisions and the number of logical
 * CPUs, which turns CPU usage in percent of the machine into cores. A resource manager passes its monitor's;
 * {@link #system()} is for scalers used on their own.
 *
 * @param clock timestamps of decisions and recommendations
 * @param cpuCount logical CPUs of the machine, at least 1
 */
public record ScaleContext(Clock clock, int cpuCount) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code clock} is null or {@code cpuCount} is below 1
   */
  public ScaleContext {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    if (cpuCount < 1) {
      throw new IllegalArgumentException("cpuCount must be at least 1, was " + cpuCount);
    }
  }

  /** The UTC system clock and {@link Runtime#availableProcessors()}. */
  public static ScaleContext system() {
    return new ScaleContext(Clock.systemUTC(), Runtime.getRuntime().availableProcessors());
  }
}
