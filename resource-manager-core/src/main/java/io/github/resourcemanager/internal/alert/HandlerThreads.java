package io.github.resourcemanager.internal.alert;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where handler deliveries run: the pipeline's own daemon threads {@code resource-alerts-N-M} (N numbers pipelines,
 * M threads), or an executor the user supplied, which the pipeline uses but never shuts down.
 */
final class HandlerThreads implements Executor {

  private static final AtomicInteger PIPELINES = new AtomicInteger();

  private final Executor executor;
  private final @Nullable ThreadPoolExecutor own; // null with the user's executor
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  private HandlerThreads(Executor executor, @Nullable ThreadPoolExecutor own) {
    this.executor = executor;
    this.own = own;
  }

  /** The pipeline's own threads: at most {@code maxThreads}, created on demand, ended after 30 s idle. */
  static HandlerThreads own(int maxThreads) {
    String prefix = "resource-alerts-" + PIPELINES.incrementAndGet() + "-";
    AtomicInteger count = new AtomicInteger();
    HandlerThreads[] self = new HandlerThreads[1];
    ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> self[0].newThread(task, prefix + count.incrementAndGet()));
    // Since each handler has at most one drain task in flight and handlers <= threads, a blocked handler never
    // starves another.
    pool.allowCoreThreadTimeOut(true);
    self[0] = new HandlerThreads(pool, pool);
    return self[0];
  }

  /** The user's executor. */
  static HandlerThreads of(Executor executor) {
    return new HandlerThreads(executor, null);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  /** Whether the threads are the pipeline's own (else the user's executor's). */
  boolean isOwn() {
    return own != null;
  }

  /** Whether {@code thread} is one of the pipeline's own handler threads. */
  boolean isOwnThread(Thread thread) {
    return thread instanceof HandlerThread t && t.owner == this;
  }

  /** Accepts no new deliveries; those queued on the pool still run. Nothing to do for the user's executor. */
  void shutdown() {
    if (own != null) {
      own.shutdown();
    }
  }

  /** Interrupts the pipeline's own threads and drops the deliveries they have not started. */
  void shutdownNow() {
    if (own != null) {
      own.shutdownNow();
    }
  }

  /**
   * Waits up to {@code timeoutNanos} for the pool to terminate and its threads to end; true at once for the user's
   * executor.
   */
  boolean awaitTermination(long timeoutNanos) {
    if (own == null) {
      return true;
    }
    // The pool counts as terminated while its last worker is still returning from run(): joining the threads as
    // well is what makes "close() returned" mean "no handler thread is left".
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      if (!own.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return false;
      }
      for (Thread t : threads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        if (t.isAlive()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Thread newThread(Runnable task, String name) {
    threads.removeIf(t -> !t.isAlive()); // threads ended after idling; at most maxThreads are alive
    HandlerThread thread = new HandlerThread(this, task, name);
    threads.add(thread);
    return thread;
  }

  /** A handler thread; knows its owner so that {@code close()} from a handler does not wait for itself. */
  private static final class HandlerThread extends Thread {
    final HandlerThreads owner;

    HandlerThread(HandlerThreads owner, Runnable task, String name) {
      super(task, name);
      this.owner = owner;
      setDaemon(true);
    }
  }
}
