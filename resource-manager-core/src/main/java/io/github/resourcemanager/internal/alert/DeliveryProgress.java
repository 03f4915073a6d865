package io.github.resourcemanager.internal.alert;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets threads wait, without polling, for a condition on the handlers' counters: every handler thread signals after
 * each event it dealt with and when it stops draining, and waiters re-check their condition then.
 */
final class DeliveryProgress {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Wakes the waiters; called by a handler thread after a change of its counters or of its draining state. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code done} holds, re-checking it at every signal, for at most {@code timeoutNanos}.
   *
   * @return whether it holds; false if the timeout passed first
   */
  boolean await(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      // Checked under the lock a signal takes, so a change between the check and the wait cannot be missed.
      while (!done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
