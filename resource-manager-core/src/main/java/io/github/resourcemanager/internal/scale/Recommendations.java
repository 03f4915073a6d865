package io.github.resourcemanager.internal.scale;

import java.util.Arrays;

/**
 * The controller's log of unstabilized recommendations: (time, replicas) pairs in arrival order, where a new
 * recommendation takes the place of one that fell out of every window, or is appended. Arrays grow by doubling
 * and never shrink, so the log allocates nothing once it has reached the number of decisions in a window.
 * Not thread-safe.
 */
final class Recommendations {
  private long[] ticks;
  private int[] values;
  private int size;

  Recommendations(int initialCapacity) {
    ticks = new long[initialCapacity];
    values = new int[initialCapacity];
  }

  int size() {
    return size;
  }

  long tick(int i) {
    return ticks[i];
  }

  int value(int i) {
    return values[i];
  }

  void set(int i, long tick, int value) {
    ticks[i] = tick;
    values[i] = value;
  }

  void append(long tick, int value) {
    if (size == ticks.length) {
      ticks = Arrays.copyOf(ticks, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    ticks[size] = tick;
    values[size] = value;
    size++;
  }

  /** Replaces entry {@code index}, or appends when it is negative. */
  void store(int index, long tick, int value) {
    if (index >= 0) {
      set(index, tick, value);
    } else {
      append(tick, value);
    }
  }
}
