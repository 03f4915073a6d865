package io.github.resourcemanager.test.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that each keep a share of one CPU busy, by duty cycle: in every 50 ms period a thread spins until it
 * has used its share of the period in CPU time (its own, measured with {@link ThreadMXBean}), then parks for
 * the rest of the period. Measuring CPU time rather than wall time means a thread that is preempted does not
 * count the time it waited, and never uses more than its share: if the machine is busy, the load falls short
 * of the target instead of making up for it later.
 */
final class CpuLoad {
  static final long PERIOD_NANOS = 50_000_000L;
  private static final long SPIN_NANOS = 50_000L;
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private final Thread[] threads;
  private final AtomicLong[] cpuUsed;
  private final long budgetNanos;
  private volatile boolean stop;
  static volatile long sink;

  /**
   * @param count threads
   * @param shareOfOneCpu each thread's busy share of its period, above 0 and at most 1
   * @param run told when a thread is interrupted from outside or fails
   */
  CpuLoad(int count, double shareOfOneCpu, StressRun run, Runnable onPeriod) {
    threads = new Thread[count];
    cpuUsed = new AtomicLong[count];
    long budget = Math.min(PERIOD_NANOS, Math.round(shareOfOneCpu * PERIOD_NANOS));
    this.budgetNanos = budget;
    boolean measurable = MX.isCurrentThreadCpuTimeSupported();
    if (measurable && !MX.isThreadCpuTimeEnabled()) {
      try {
        MX.setThreadCpuTimeEnabled(true);
      } catch (UnsupportedOperationException | SecurityException e) {
        measurable = false; // then busy time is measured in wall time, which can only under-use the CPU
      }
    }
    boolean cpuTimeMeasured = measurable;
    for (int i = 0; i < count; i++) {
      AtomicLong used = new AtomicLong();
      cpuUsed[i] = used;
      Thread t = new Thread(() -> burn(budget, used, cpuTimeMeasured, run, onPeriod), "stress-cpu-" + i);
      t.setDaemon(true);
      threads[i] = t;
    }
  }

  void start() {
    for (Thread t : threads) {
      t.start();
    }
  }

  private void burn(long budget, AtomicLong used, boolean measurable, StressRun run, Runnable onPeriod) {
    long cpuStart = cpu(measurable);
    try {
      while (!stop) {
        long periodStart = System.nanoTime();
        long periodCpu = cpu(measurable);
        while (!stop) {
          long spent = measurable ? cpu(true) - periodCpu : System.nanoTime() - periodStart;
          long wall = System.nanoTime() - periodStart;
          if (spent >= budget || wall >= PERIOD_NANOS) {
            break;
          }
          spin(Math.min(SPIN_NANOS, budget - spent));
        }
        used.set(cpu(measurable) - cpuStart);
        onPeriod.run();
        long rest = PERIOD_NANOS - (System.nanoTime() - periodStart);
        if (rest > 0 && !stop) {
          LockSupport.parkNanos(this, rest);
        }
        if (Thread.interrupted() && !stop) {
          run.finishFromWorker(StressOutcome.INTERRUPTED, null);
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      run.finishFromWorker(StressOutcome.FAILED, e);
    } finally {
      used.set(cpu(measurable) - cpuStart);
    }
  }

  private static long cpu(boolean measurable) {
    return measurable ? MX.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    long x = sink;
    while (System.nanoTime() - end < 0) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    sink = x;
  }

  /** CPU time used by all threads so far, nanoseconds. */
  long cpuNanos() {
    long total = 0;
    for (AtomicLong u : cpuUsed) {
      total += u.get();
    }
    return total;
  }

  /** The CPU time each thread may use per period. */
  long budgetNanos() {
    return budgetNanos;
  }

  int threadCount() {
    return threads.length;
  }

  /** Stops the threads and waits for them, except the calling thread if it is one of them. */
  void stop() {
    stop = true;
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
    Joins.all(threads);
  }
}
