package io.github.resourcemanager.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The exact heap bytes per operation of the steady-state paths that must allocate nothing, counted by the
 * JVM's per-thread allocation counter on the threads that run them, as the unit tests do: the calling thread, and
 * for a tick also the monitor's worker ({@code resource-monitor-worker-N}), which runs the tick's calls while the
 * caller of {@code sampleNow} waits.
 *
 * <p>JMH's {@code gc.alloc.rate.norm} counts every thread of the benchmark JVM, so JMH's own bookkeeping (a
 * few kilobytes per iteration) shows up as a fraction of a byte per operation, more on a slow or busy machine.
 * This check has no such remainder: 0 means nothing was allocated. Each path is warmed up until compiled and
 * until its buffers are full, then measured over 5 rounds; the least round counts, because the JIT can
 * allocate a few bytes on the measured thread in any one round, whereas a path that allocates does so in
 * every round.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.github.resourcemanager.benchmarks.AllocationCheck}; prints one
 * line per path, starting with {@code alloc-exact}.
 */
public final class AllocationCheck {

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private AllocationCheck() {}

  /** Measures and prints; takes no arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      throw new IllegalArgumentException("AllocationCheck takes no arguments, got " + args.length);
    }
    SampleBenchmark.FastPath fastPath = new SampleBenchmark.FastPath();
    fastPath.open();
    try {
      SampleBenchmark benchmark = new SampleBenchmark();
      Work sample = () -> benchmark.linuxFastPath(fastPath);
      print("full-sample (SampleBenchmark.linuxFastPath)", sample, 20_000, 1_000);
    } finally {
      fastPath.close();
    }
    for (int agents : new int[] {0, 100, 1_000}) {
      TickBenchmark tick = new TickBenchmark();
      tick.agents = agents;
      tick.setUp();
      try {
        // after the 200 ticks of setUp, which fill every history to capacity
        int warmUp = agents == 1_000 ? 2_000 : 3_000;
        print("tick (TickBenchmark.tick agents=" + agents + ")", tick::tick, warmUp, 200);
      } finally {
        tick.tearDown();
      }
    }
  }

  private static void print(String what, Work work, int warmUp, int calls) throws Exception {
    for (int i = 0; i < warmUp; i++) {
      work.run();
    }
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      // The workers are found and read outside the measured window: those calls allocate on this thread.
      long[] workers = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("resource-monitor-worker")).mapToLong(Thread::getId).toArray();
      long[] workersBefore = THREADS.getThreadAllocatedBytes(workers);
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
      long[] workersAfter = THREADS.getThreadAllocatedBytes(workers);
      for (int i = 0; i < workers.length; i++) {
        if (workersBefore[i] >= 0 && workersAfter[i] >= 0) {
          bytes += workersAfter[i] - workersBefore[i];
        }
      }
      least = Math.min(least, bytes);
    }
    System.out.println(String.format(Locale.ROOT, "alloc-exact %s %d B over %d calls = %.3f B/op", what, least,
        calls, least / (double) calls));
  }

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported()) {
      sun.setThreadAllocatedMemoryEnabled(true);
      return sun;
    }
    throw new IllegalStateException("this JVM does not count allocated bytes per thread (com.sun.management.ThreadMXBean)");
  }

  /** One operation of a measured path. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }
}
