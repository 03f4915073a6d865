package io.github.resourcemanager.internal.monitor;

/**
 * Busy share of CPU time between two readings of cumulative busy and total counters (jiffies, ticks or
 * milliseconds, as long as both use the same unit), as a percentage 0-100.
 *
 * <p>The share is a ratio of two deltas of kernel counters, so it needs no ticker time. The first reading,
 * a counter that went backwards, and readings with no elapsed CPU time give {@code NaN}. Not thread-safe.
 */
final class CpuShare {

  private long previousBusy;
  private long previousTotal;
  private boolean hasPrevious;

  /** Records the counters and returns {@code 100 * Δbusy / Δtotal}, or {@code NaN} when undefined. */
  double update(long busy, long total) {
    double share = Double.NaN;
    if (hasPrevious) {
      long busyDelta = busy - previousBusy;
      long totalDelta = total - previousTotal;
      if (busyDelta >= 0 && totalDelta > 0 && busyDelta <= totalDelta) {
        share = 100.0 * (double) busyDelta / (double) totalDelta;
      }
    }
    previousBusy = busy;
    previousTotal = total;
    hasPrevious = true;
    return share;
  }
}
