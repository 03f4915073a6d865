package io.github.resourcemanager.test.stress;

/** Waits for threads to end, even if interrupted meanwhile (the interrupt is kept for the caller). */
final class Joins {
  private Joins() {}

  /** Joins each started thread except the calling one; a release must not be cut short by an interrupt. */
  static void all(Thread[] threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      if (t == null || t == Thread.currentThread() || t.getState() == Thread.State.NEW) {
        continue;
      }
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
