package io.github.resourcemanager.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * The values of one metric over a window, oldest first, with their sample times. Immutable. Values that were not
 * measured are {@code NaN}.
 *
 * <p>A series is read from the finest history that covers its window; {@link #step()} says which resolution that
 * was: the sampling interval for raw samples, a coarser step for downsampled history.
 */
public interface Series {

  /** The metric. */
  Metric metric();

  /** The number of samples. */
  int size();

  /** Whether there are no samples. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /** The value of sample {@code i} (0 = oldest), {@code NaN} if it was not measured. */
  double value(int i);

  /** The ticker reading of sample {@code i}. */
  long tickNanos(int i);

  /** The wall-clock time of sample {@code i}, in epoch milliseconds. */
  long epochMillis(int i);

  /** The wall-clock time of sample {@code i}. */
  default Instant time(int i) {
    return Instant.ofEpochMilli(epochMillis(i));
  }

  /** A copy of the values, oldest first. */
  double[] values();

  /** The time between consecutive samples of this series as recorded ({@link Duration#ZERO} if unknown). */
  Duration step();

  /** Statistics of the measured values. */
  Summary summary();
}
