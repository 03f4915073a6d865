package io.github.resourcemanager.dashboard;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deadline for reading each request, so that a client that sends its request slowly or only in part cannot hold
 * a server thread, and with it the other clients, for longer than {@code requestTimeout}.
 *
 * <p>The JDK's server reads a request's line and headers on the executor's thread, with a blocking read on the
 * connection's channel. Every task the server hands to the executor is therefore run under a deadline: if the
 * request (line, headers and the body the dashboard reads) has not been read by then, the thread is interrupted,
 * which closes the channel the read is blocked on (an interruptible channel) and ends the exchange; the thread goes
 * back to the pool. The handler marks the request as read ({@link #requestRead()}) once it has the body; from then
 * on the deadline no longer applies (an event stream runs as long as its page is open). Thread-safe.
 */
final class RequestDeadlines implements Executor, AutoCloseable {

  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final Executor pool;
  private final Duration timeout;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicLong timedOut = new AtomicLong();

  RequestDeadlines(Executor pool, Duration timeout, String threadName) {
    this.pool = pool;
    this.timeout = timeout;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void execute(Runnable exchange) {
    pool.execute(() -> {
      Deadline deadline = new Deadline(Thread.currentThread());
      ScheduledFuture<?> alarm = timer.schedule(deadline::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
      CURRENT.set(deadline);
      try {
        exchange.run();
      } finally {
        alarm.cancel(false);
        deadline.finish();
        CURRENT.remove();
        Thread.interrupted(); // a deadline that fired is over: the pool's thread starts its next task clean
      }
    });
  }

  /**
   * Called by the handler once the whole request is read: the deadline no longer applies. Returns false when it
   * had already passed (the connection is being closed; the handler should answer nothing).
   */
  static boolean requestRead() {
    Deadline d = CURRENT.get();
    return d == null || d.read();
  }

  /** Requests whose reading was cut off by the deadline. */
  long timedOut() {
    return timedOut.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private final class Deadline {
    private static final int READING = 0;
    private static final int HANDLING = 1;
    private static final int EXPIRED = 2;
    private static final int DONE = 3;
    private final Thread thread;
    private int state = READING; // guarded by this

    Deadline(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (state == READING) {
        state = EXPIRED;
        timedOut.incrementAndGet();
        thread.interrupt(); // under the lock: finish() cannot let the thread go before this lands
      }
    }

    synchronized boolean read() {
      if (state == READING) {
        state = HANDLING;
        return true;
      }
      return false;
    }

    synchronized void finish() {
      state = DONE;
    }
  }
}
