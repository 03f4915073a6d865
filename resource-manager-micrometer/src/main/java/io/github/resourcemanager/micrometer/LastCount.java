package io.github.resourcemanager.micrometer;

/**
 * The last finite reading of a cumulative quantity, so that a counter built on it keeps its count through readings
 * that are missing (NaN) instead of dropping to NaN, and reads 0 until the first finite reading. Refers to nothing of
 * the manager, so a counter's function may hold it. Thread-safe.
 */
final class LastCount {
  private volatile double last;

  /** Remembers {@code reading} if it is finite and returns the count: that reading, or the last finite one. */
  double update(double reading) {
    if (Double.isFinite(reading)) {
      last = reading;
      return reading;
    }
    return last;
  }
}
