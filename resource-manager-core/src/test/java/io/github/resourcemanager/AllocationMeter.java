package io.github.resourcemanager;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measures heap bytes allocated by the calling thread, and by the library threads that work for it. JIT compilation
 * and on-stack replacement can allocate a few bytes on the measured thread in any one round, so the measure is the
 * least of several rounds: code that allocates per call allocates in every round, and shows up however the rounds
 * fall.
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

  /**
   * As {@link #leastBytesAllocated(int, Runnable)}, counting also every live thread whose name starts with
   * {@code threadPrefix} (the monitor's worker runs each tick's calls while the caller of {@code sampleNow} waits).
   * The other threads are found and read outside the measured window, whose only allocations are those of the work.
   */
  public static long leastBytesAllocated(String threadPrefix, int calls, Runnable work) {
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long[] ids = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith(threadPrefix) && t != Thread.currentThread())
          .mapToLong(Thread::getId).toArray();
      long[] othersBefore = THREADS.getThreadAllocatedBytes(ids);
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      long own = THREADS.getCurrentThreadAllocatedBytes() - before;
      long[] othersAfter = THREADS.getThreadAllocatedBytes(ids);
      long others = 0;
      for (int i = 0; i < ids.length; i++) {
        if (othersBefore[i] >= 0 && othersAfter[i] >= 0) { // -1: the thread ended meanwhile
          others += othersAfter[i] - othersBefore[i];
        }
      }
      if (ids.length == 0) {
        throw new AssertionError("no live thread named " + threadPrefix + "*: " + Arrays.toString(ids));
      }
      least = Math.min(least, own + others);
    }
    return least;
  }
}
