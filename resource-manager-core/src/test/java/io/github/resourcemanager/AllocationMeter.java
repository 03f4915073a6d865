package io.github.resourcemanager;

import java.lang.management.ManagementFactory;

/**
 * Measures heap bytes allocated by the calling thread. JIT compilation and on-stack replacement can allocate
 * a few bytes on the measured thread in any one round, so the measure is the least of several rounds: code
 * that allocates per call allocates in every round, and shows up however the rounds fall.
 */
public final class AllocationMeter {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationMeter() {}

  /** Runs {@code work} {@code calls} times per round, over 5 rounds, and returns the fewest bytes a round allocated. */
  public static long leastBytesAllocated(int calls, Runnable work) {
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
