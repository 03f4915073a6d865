package io.github.resourcemanager.internal.monitor;

/** Real CPU work for a while, so that kernel counters move between two readings (no sleeping). */
final class Spin {

  private static volatile long sink;

  private Spin() {}

  /** Keeps this thread busy for at least {@code millis} milliseconds of elapsed time. */
  static void forMillis(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    long x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    sink = x;
  }
}
