package io.github.resourcemanager.test.stress;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Threads that stay parked until stopped. */
final class ThreadLoad {
  private final Thread[] threads;
  private final AtomicInteger alive = new AtomicInteger();
  private final CountDownLatch started;
  private volatile boolean stop;

  ThreadLoad(int count, StressRun run) {
    threads = new Thread[count];
    started = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(() -> park(run), "stress-idle-" + i);
      t.setDaemon(true);
      threads[i] = t;
    }
  }

  /** Starts the threads and waits until each is running, so the report counts threads that really existed. */
  void start() {
    for (Thread t : threads) {
      t.start();
    }
    boolean interrupted = false;
    while (true) {
      try {
        started.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void park(StressRun run) {
    alive.incrementAndGet();
    started.countDown();
    try {
      while (!stop) {
        LockSupport.park(this);
        if (Thread.interrupted() && !stop) {
          run.finishFromWorker(StressOutcome.INTERRUPTED, null);
          return;
        }
      }
    } finally {
      alive.decrementAndGet();
    }
  }

  int alive() {
    return alive.get();
  }

  void stop() {
    stop = true;
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
    Joins.all(threads);
  }
}
