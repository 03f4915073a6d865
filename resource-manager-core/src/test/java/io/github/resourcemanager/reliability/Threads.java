package io.github.resourcemanager.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Threads for the reliability tests: which ones a test left behind, and a dump for the message of a hang. */
final class Threads {

  /** Names of the threads the library starts: the sampling task and its source workers, and the alert handlers. */
  static final List<String> LIBRARY_PREFIXES = List.of("resource-monitor", "resource-alerts-");

  private Threads() {}

  /** The threads alive now. */
  static Set<Thread> alive() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** The names of library threads alive now that were not alive in {@code before}. */
  static List<String> libraryThreadsStartedSince(Set<Thread> before) {
    List<String> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !before.contains(t) && LIBRARY_PREFIXES.stream().anyMatch(p -> t.getName().startsWith(p))) {
        left.add(t.getName());
      }
    }
    return left;
  }

  /** Every thread's stack, with the locks it holds and waits for: the message of a test that found a deadlock. */
  static String dump() {
    StringBuilder sb = new StringBuilder("thread dump:\n");
    long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
    if (deadlocked != null) {
      sb.append("DEADLOCKED thread ids: ").append(java.util.Arrays.toString(deadlocked)).append('\n');
    }
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockName() != null) {
        sb.append(" on ").append(info.getLockName());
      }
      if (info.getLockOwnerName() != null) {
        sb.append(" owned by \"").append(info.getLockOwnerName()).append('"');
      }
      sb.append('\n');
      for (StackTraceElement e : info.getStackTrace()) {
        sb.append("    at ").append(e).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Waits for {@code future} up to {@code seconds}; a timeout fails with a thread dump, so that a deadlock is
   * diagnosed by the failure itself.
   */
  static <T> T awaitOrDump(Future<T> future, long seconds, String what) throws InterruptedException {
    try {
      return future.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not finish within " + seconds + " s; " + dump(), e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    }
  }
}
