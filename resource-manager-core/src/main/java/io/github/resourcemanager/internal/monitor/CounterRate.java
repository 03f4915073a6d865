package io.github.resourcemanager.internal.monitor;

/**
 * Turns readings of a monotonically growing counter into a per-second rate, following the
 * {@link ResourceSource} rules: the first reading, a counter that went backwards and a tick that did not
 * advance all give {@code NaN}, never 0 and never a negative rate.
 *
 * <p>Every reading becomes the previous one, so after a counter reset the next tick measures from the new
 * base. Not thread-safe; a source uses it from its sampling thread only.
 */
final class CounterRate {

  private long previousValue;
  private long previousTick;
  private boolean hasPrevious;

  /**
   * Records {@code value} read at {@code tickNanos} and returns the growth per second since the previous
   * reading, or {@code NaN} when there is no meaningful one.
   */
  double update(long value, long tickNanos) {
    double rate = Double.NaN;
    if (hasPrevious) {
      long delta = value - previousValue;
      long elapsed = tickNanos - previousTick;
      if (delta >= 0 && elapsed > 0) {
        // multiply before dividing: exact for whole-second ticks and deltas below 2^53 / 1e9
        rate = (double) delta * 1e9 / (double) elapsed;
      }
    }
    previousValue = value;
    previousTick = tickNanos;
    hasPrevious = true;
    return rate;
  }

  /** Forgets the previous reading, so the next {@link #update} returns {@code NaN}. */
  void reset() {
    hasPrevious = false;
  }
}
