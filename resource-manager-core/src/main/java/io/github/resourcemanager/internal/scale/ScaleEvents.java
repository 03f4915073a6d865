package io.github.resourcemanager.internal.scale;

import java.util.Arrays;

/**
 * The controller's log of applied scale events in one direction: (time, replicas changed, outdated). An event
 * older than the direction's longest policy period is marked outdated and its slot reused by the next event.
 * Not thread-safe.
 */
final class ScaleEvents {
  private long[] ticks;
  private int[] changes;
  private boolean[] outdated;
  private int size;

  ScaleEvents(int initialCapacity) {
    ticks = new long[initialCapacity];
    changes = new int[initialCapacity];
    outdated = new boolean[initialCapacity];
  }

  int size() {
    return size;
  }

  int change(int i) {
    return changes[i];
  }

  boolean outdated(int i) {
    return outdated[i];
  }

  /** Adds an event as it was stored in the past (for restoring state and for tests of the algorithm). */
  void add(long tick, int change, boolean isOutdated) {
    if (size == ticks.length) {
      ticks = Arrays.copyOf(ticks, size * 2);
      changes = Arrays.copyOf(changes, size * 2);
      outdated = Arrays.copyOf(outdated, size * 2);
    }
    ticks[size] = tick;
    changes[size] = change;
    outdated[size] = isOutdated;
    size++;
  }

  /** The replicas changed by events strictly after {@code cutoff} (getReplicasChangePerPeriod). */
  long changeAfter(long cutoff) {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      if (ticks[i] - cutoff > 0) {
        sum += changes[i];
      }
    }
    return sum;
  }

  /**
   * Stores an event at {@code now}: marks events strictly before {@code now - longestPeriod} outdated, then
   * reuses the last outdated slot or appends (storeScaleEvent).
   */
  void store(long now, long longestPeriodNanos, int change) {
    long cutoff = now - longestPeriodNanos;
    int reuse = -1;
    for (int i = 0; i < size; i++) {
      if (ticks[i] - cutoff < 0) {
        outdated[i] = true;
      }
      if (outdated[i]) {
        reuse = i;
      }
    }
    if (reuse >= 0) {
      ticks[reuse] = now;
      changes[reuse] = change;
      outdated[reuse] = false;
    } else {
      add(now, change, false);
    }
  }
}
