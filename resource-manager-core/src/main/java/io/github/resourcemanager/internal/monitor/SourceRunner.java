package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.internal.NamedThreads;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SourceStats;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source each tick and keeps its statistics. A source that {@linkplain ResourceSource#mayBlock may
 * block} runs on a worker thread of its own: the monitor starts it, does other work, then waits for it up to
 * the tick's deadline. A call still running at the deadline is abandoned for this tick, and the source is
 * skipped (counted as timed out) until that call returns, so a hung source holds one thread, never more.
 */
final class SourceRunner {
  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);

  private final ResourceSource source;
  private final String threadName;
  private final @Nullable ThreadFactory threadFactory;
  private final SourceBuffer buffer = new SourceBuffer();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile String lastError;
  private long consecutiveProblems;

  // Worker hand-off, for sources that may block.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Thread worker;
  private boolean requested;
  private boolean startedThisTick;
  private boolean running;
  private boolean done;
  private Throwable outcome;
  private boolean closed;

  SourceRunner(ResourceSource source, String monitorThreadName, @Nullable ThreadFactory threadFactory) {
    this.source = source;
    this.threadName = monitorThreadName + "-source-" + source.name();
    this.threadFactory = threadFactory;
  }

  ResourceSource source() {
    return source;
  }

  boolean isolated() {
    return source.mayBlock();
  }

  /** Runs the source on the calling (monitor) thread and merges its values if it succeeds. */
  void runInline(long tickNanos, TickSample sample, ThreadTracker tracker) {
    buffer.reset(tickNanos);
    try {
      source.sample(buffer);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      failed(t);
      return;
    }
    succeeded(sample, tracker);
  }

  /** Starts the source on its worker for this tick, unless its previous call is still running. */
  void start(long tickNanos) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (worker == null) {
        worker = NamedThreads.create(threadFactory, threadName, this::work);
        worker.start();
      }
      startedThisTick = false;
      if (running || requested) {
        return; // still busy with an abandoned call: finish() counts this tick as timed out
      }
      done = false; // a late result of an abandoned call is discarded
      outcome = null;
      buffer.reset(tickNanos);
      requested = true;
      startedThisTick = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code deadlineNanos} ({@link System#nanoTime()}) for this tick's call and merges its values. */
  void finish(long deadlineNanos, TickSample sample, ThreadTracker tracker) {
    Throwable failure;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (!startedThisTick) {
        // Still busy with a call abandoned at an earlier tick: skipped at once. Waiting for it here would cost
        // every tick the whole source timeout for as long as the call hangs.
        timedOut();
        return;
      }
      startedThisTick = false;
      long remaining = deadlineNanos - System.nanoTime();
      while (!done && remaining > 0) {
        try {
          remaining = changed.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!done) {
        timedOut();
        return;
      }
      done = false;
      failure = outcome;
      outcome = null;
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      failed(failure);
    } else {
      succeeded(sample, tracker);
    }
  }

  private void work() {
    while (true) {
      lock.lock();
      try {
        while (!requested && !closed) {
          changed.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        requested = false;
        running = true;
      } finally {
        lock.unlock();
      }
      Throwable failure = null;
      try {
        source.sample(buffer);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          log.error("source '{}' hit a fatal error", source.name(), t);
        }
        failure = t;
      }
      lock.lock();
      try {
        running = false;
        done = true;
        outcome = failure;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void succeeded(TickSample sample, ThreadTracker tracker) {
    buffer.mergeInto(sample, tracker);
    samples.incrementAndGet();
    if (consecutiveProblems > 0) {
      log.info("source '{}' recovered after {} failed or timed-out ticks", source.name(), consecutiveProblems);
      consecutiveProblems = 0;
    }
  }

  private void failed(Throwable t) {
    failures.incrementAndGet();
    lastError = t.toString();
    // The first failure of a run is logged in full; repeats only at debug, so a broken source cannot flood the log.
    if (consecutiveProblems++ == 0) {
      log.warn("source '{}' failed; skipped for this tick (further failures are logged at debug until it recovers)",
          source.name(), t);
    } else {
      log.debug("source '{}' failed again ({} in a row)", source.name(), consecutiveProblems, t);
    }
  }

  private void timedOut() {
    timeouts.incrementAndGet();
    lastError = "timed out";
    if (consecutiveProblems++ == 0) {
      log.warn("source '{}' did not finish within the source timeout; skipped until its call returns", source.name());
    } else {
      log.debug("source '{}' still busy ({} ticks)", source.name(), consecutiveProblems);
    }
  }

  SourceStats stats() {
    return new SourceStats(source.name(), source.mayBlock(), samples.get(), failures.get(), timeouts.get(), lastError);
  }

  /** Ends the worker (interrupting a call in progress) and closes the source. */
  void close(long joinMillis) {
    Thread w;
    lock.lock();
    try {
      closed = true;
      w = worker;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (w != null) {
      w.interrupt();
      try {
        w.join(joinMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (w.isAlive()) {
        log.warn("source '{}' did not return from a call after interruption; its daemon thread '{}' is left to end "
            + "on its own", source.name(), w.getName());
      }
    }
    try {
      source.close();
    } catch (Exception e) {
      log.warn("source '{}' failed to close", source.name(), e);
    }
  }

  static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError vme) {
      throw vme;
    }
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
