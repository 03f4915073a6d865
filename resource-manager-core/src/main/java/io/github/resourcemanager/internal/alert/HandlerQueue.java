package io.github.resourcemanager.internal.alert;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.Faults;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscribed handler with its own bounded queue and rate limiter. The producer side (the engine's lock held)
 * filters, counts and queues events without ever blocking; the consumer side, one drain at a time on a handler
 * thread, delivers them in order. A handler that blocks holds one thread and fills only its own queue.
 *
 * <p>Events over the rate limit or on a full queue are counted, not delivered; once the handler can receive events
 * again (at a sample after its rate-limit period renewed and with room in its queue), how many it missed is logged.
 */
final class HandlerQueue {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

  final String name;
  final AlertHandler handler;
  private final HandlerOptions options;
  private final Severity minSeverity;
  private final LabelMatcher[] matchers;
  private final RateLimiter limiter;
  private final ArrayBlockingQueue<AlertEvent> queue;
  private final Executor executor;
  private final DeliveryProgress progress;
  private final Runnable drainTask = this::drain;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong enqueued = new AtomicLong(); // events put in the queue, ever
  private final AtomicLong handled = new AtomicLong(); // events taken from it that the handler returned from, ever
  private volatile @Nullable String lastFailure;
  private volatile boolean cancelled;
  private volatile boolean stopped;
  private @Nullable Thread drainThread; // guarded by this
  private @Nullable Thread interruptedByStop; // guarded by this

  // Guarded by the engine's lock: what the next "missed" log line reports.
  private long limitedSinceReport;
  private long overflowedSinceReport;
  private long leftOutSinceMillis;
  // After the limiter said no, no permit comes before its next period starts: until then a report is not even
  // attempted, so the per-sample check after a storm stays allocation-free.
  private final long limiterStartNanos;
  private final long periodNanos;
  private long noPermitBeforeNanos;
  private boolean rejecting; // the executor refused the last drain

  // Handler-thread state (one drain runs at a time).
  private long failureStreak;

  HandlerQueue(String name, AlertHandler handler, HandlerOptions options, Ticker ticker, Executor executor,
      DeliveryProgress progress) {
    this.name = name;
    this.handler = handler;
    this.options = options;
    this.minSeverity = options.minSeverity();
    this.matchers = options.matchers().toArray(new LabelMatcher[0]);
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.executor = executor;
    this.progress = progress;
    RateLimiterConfig config = RateLimiterConfig.custom()
        .limitForPeriod(options.rateLimit())
        .limitRefreshPeriod(options.ratePeriod())
        .timeoutDuration(Duration.ZERO) // never wait for a permit: the caller may be the sampling thread
        .build();
    // AtomicRateLimiter accepts a nanosecond supplier, so the limiter runs on the pipeline's Ticker and tests
    // drive its periods with a manual ticker. Its periods start when it is created.
    this.periodNanos = options.ratePeriod().toNanos();
    this.limiterStartNanos = ticker.read();
    this.noPermitBeforeNanos = limiterStartNanos;
    this.limiter = new AtomicRateLimiter("alert-handler-" + name, config, ticker::read);
  }

  /** The handler's counters now. */
  HandlerStats stats() {
    // Read the outcomes before 'received', so that a concurrent event cannot make a snapshot look settled early.
    long d = delivered.get();
    long f = failed.get();
    long r = rateLimited.get();
    long o = overflowed.get();
    int q = queue.size();
    return new HandlerStats(name, received.get(), d, f, r, o, q, lastFailure);
  }

  /** No new events are queued; those queued are still delivered. */
  void cancel() {
    cancelled = true;
  }

  /** Events put in the queue so far. */
  long enqueued() {
    return enqueued.get();
  }

  /** Events the handler has returned from (normally or not) so far. */
  long handled() {
    return handled.get();
  }

  /** Events waiting in the queue. */
  int queued() {
    return queue.size();
  }

  /** Whether no drain is running. */
  boolean isIdle() {
    return !draining.get();
  }

  /** Whether {@code thread} is delivering this queue's events now. */
  synchronized boolean isDrainedBy(Thread thread) {
    return drainThread == thread;
  }

  // ---------------------------------------------------------------- producer side (engine lock held)

  /**
   * Whether the handler receives {@code event}: of an alert of at least its minimum severity whose labels satisfy
   * every matcher. A severity change counts with the higher of its two severities, a resolution with the alert's
   * peak severity, so a handler hears every change and the end of every alert it heard of.
   */
  boolean accepts(AlertEvent event) {
    Alert alert = event.alert();
    Severity severity = alert.severity();
    if (event instanceof AlertEvent.SeverityChanged changed && changed.previous().compareTo(severity) > 0) {
      severity = changed.previous();
    } else if (event instanceof AlertEvent.Resolved) {
      severity = alert.peakSeverity();
    }
    if (!severity.isAtLeast(minSeverity)) {
      return false;
    }
    for (LabelMatcher m : matchers) {
      if (!m.matches(alert.labels())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Queues {@code event} if the handler accepts it, the queue has room and the rate limiter permits. Never blocks.
   *
   * @return whether the event was queued
   */
  boolean offer(AlertEvent event, long nowNanos, long epochMillis) {
    if (cancelled || !accepts(event)) {
      return false;
    }
    received.incrementAndGet();
    if (queue.remainingCapacity() == 0) {
      overflowed.incrementAndGet();
      markLeftOut(epochMillis);
      if (overflowedSinceReport++ == 0) {
        log.warn("alert handler '{}' is not keeping up: its queue of {} events is full; further events are counted "
            + "and not delivered", name, options.queueCapacity());
      }
      return false;
    }
    if (!limiter.acquirePermission()) {
      noPermitUntilNextPeriod(nowNanos);
      rateLimited.incrementAndGet();
      markLeftOut(epochMillis);
      if (limitedSinceReport++ == 0) {
        log.warn("alert handler '{}' reached its rate limit of {} events per {}; further events are counted and not "
            + "delivered", name, options.rateLimit(), Durations.format(options.ratePeriod().toNanos()));
      }
      return false;
    }
    enqueued.incrementAndGet(); // before the event can be handled, so handled never passes enqueued
    queue.add(event); // room was checked above, and only this (lock-holding) producer adds
    schedule();
    return true;
  }

  private void markLeftOut(long epochMillis) {
    if (limitedSinceReport == 0 && overflowedSinceReport == 0) {
      leftOutSinceMillis = epochMillis;
    }
  }

  private void noPermitUntilNextPeriod(long nowNanos) {
    long period = Math.floorDiv(nowNanos - limiterStartNanos, periodNanos);
    try {
      noPermitBeforeNanos = Math.addExact(limiterStartNanos, Math.multiplyExact(period + 1, periodNanos));
    } catch (ArithmeticException beyondLong) {
      noPermitBeforeNanos = Long.MAX_VALUE;
    }
  }

  /**
   * On each sample: once the handler can receive events again after missing some (its rate-limit period renewed,
   * its queue has room), logs how many it missed and since when. Allocates nothing otherwise.
   */
  void reportMissed(long nowNanos) {
    if ((limitedSinceReport | overflowedSinceReport) == 0 || cancelled || queue.remainingCapacity() == 0
        || nowNanos - noPermitBeforeNanos < 0) {
      return;
    }
    log.warn("alert handler '{}' missed {} events over its rate limit and {} on a full queue since {}; it receives "
        + "events again", name, limitedSinceReport, overflowedSinceReport, Instant.ofEpochMilli(leftOutSinceMillis));
    limitedSinceReport = 0;
    overflowedSinceReport = 0;
  }

  /**
   * When the pipeline closes: logs what the handler missed since the last report, so that every event left out is
   * logged with its count, even the ones after the last sample.
   */
  void reportMissedAtClose() {
    if ((limitedSinceReport | overflowedSinceReport) == 0) {
      return;
    }
    log.warn("alert handler '{}' missed {} events over its rate limit and {} on a full queue since {}; the pipeline is "
        + "closing", name, limitedSinceReport, overflowedSinceReport, Instant.ofEpochMilli(leftOutSinceMillis));
    limitedSinceReport = 0;
    overflowedSinceReport = 0;
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(drainTask);
        rejecting = false;
      } catch (RejectedExecutionException rejected) {
        draining.set(false); // what is queued waits for the next event, or is reported by close()
        progress.signal();
        if (!rejecting) {
          rejecting = true;
          log.warn("alert handler '{}': the handler executor refused its delivery ({}); its {} queued events wait "
              + "for the next event", name, rejected.toString(), queue.size());
        }
      }
    }
  }

  // ---------------------------------------------------------------- consumer side (a handler thread)

  private void drain() {
    Thread self = Thread.currentThread();
    synchronized (this) {
      drainThread = self;
    }
    boolean holding = true; // whether this drain holds the 'draining' flag
    try {
      while (true) {
        AlertEvent event;
        while (!stopped && (event = queue.poll()) != null) {
          if (!deliver(event)) {
            return;
          }
        }
        draining.set(false);
        holding = false;
        // An event queued after the last poll but before the flag was cleared found the flag set and did not
        // schedule a drain: take it now, unless another drain has already started.
        if (stopped || queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        holding = true;
      }
    } finally {
      synchronized (this) {
        drainThread = null;
        if (interruptedByStop == self) {
          interruptedByStop = null;
          Thread.interrupted(); // the thread is the user's executor's: leave it as it came
        }
      }
      if (holding) {
        draining.set(false);
      }
      progress.signal();
    }
  }

  /** Delivers one event; false if the thread was interrupted (the pipeline is closing). */
  private boolean deliver(AlertEvent event) {
    try {
      handler.handle(event);
      delivered.incrementAndGet();
      if (failureStreak > 0) {
        log.info("alert handler '{}' recovered after {} failed events", name, failureStreak);
        failureStreak = 0;
      }
      return true;
    } catch (Throwable t) {
      if (Faults.isFatal(t)) {
        failed.incrementAndGet(); // counted, so that every event received is counted once; not logged (it may not work)
        lastFailure = Faults.describe(t);
        throw (VirtualMachineError) t;
      }
      failed.incrementAndGet();
      lastFailure = Faults.describe(t);
      if (failureStreak++ == 0) {
        log.warn("alert handler '{}' failed on {}; the other handlers are unaffected, and further failures in a row "
            + "are logged at debug level", name, describe(event), t);
      } else {
        log.debug("alert handler '{}' failed again ({} in a row) on {}", name, failureStreak, describe(event), t);
      }
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return false;
      }
      return true;
    } finally {
      handled.incrementAndGet();
      progress.signal();
    }
  }

  private static String describe(AlertEvent event) {
    return event.getClass().getSimpleName() + " of " + event.alert().id();
  }

  /**
   * Stops delivering: a running drain returns after the event in hand, the rest stays queued (undelivered).
   *
   * @param interrupt whether to interrupt the thread delivering now (a thread of the user's executor; the
   *     pipeline's own threads are interrupted by their pool)
   */
  void stop(boolean interrupt) {
    stopped = true;
    if (interrupt) {
      synchronized (this) {
        if (drainThread != null) {
          interruptedByStop = drainThread;
          drainThread.interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "HandlerQueue{" + name + "}";
  }
}
