package io.github.resourcemanager.alert;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler subscribed to an {@link AlertPipeline}, with its own bounded queue and rate limiter. Events are
 * delivered in order, one at a time, on the pipeline's handler threads; a handler that blocks holds one of
 * those threads and fills only its own queue.
 *
 * <p>{@link #close()} unsubscribes: no new events are queued, those already queued are still delivered.
 * Thread-safe.
 */
public final class Subscription implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

  private final AlertPipeline pipeline;
  private final String name;
  private final AlertHandler handler;
  private final HandlerOptions options;
  private final RateLimiter limiter;
  private final ArrayBlockingQueue<AlertEvent> queue;
  private final Executor executor;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private volatile String lastFailure;
  private volatile boolean cancelled;

  // Guarded by the pipeline's lock: what the next Suppressed summary reports.
  private long limitedSinceSummary;
  private long overflowedSinceSummary;
  private long leftOutSinceMillis;
  // After the limiter said no, no permit comes before its next period starts: until then a summary is not even
  // attempted, so the per-tick check after a storm stays allocation-free (asking the limiter allocates).
  private final long limiterStartNanos;
  private final long periodNanos;
  private long noPermitBeforeNanos;

  // Handler-thread state (one drain runs at a time).
  private long failureStreak;

  Subscription(AlertPipeline pipeline, String name, AlertHandler handler, HandlerOptions options, Ticker ticker,
      Executor executor) {
    this.pipeline = pipeline;
    this.name = name;
    this.handler = handler;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.executor = executor;
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

  /** The subscription's name, used in logs, statistics and {@link AlertEvent.Suppressed} summaries. */
  public String name() {
    return name;
  }

  /** Which events the handler receives. */
  public AlertFilter filter() {
    return options.filter();
  }

  /** The options the handler was subscribed with. */
  public HandlerOptions options() {
    return options;
  }

  /** The handler's counters now. */
  public HandlerStats stats() {
    // Read the outcomes before 'received', so that a concurrent event cannot make a snapshot look settled early.
    long d = delivered.get();
    long f = failed.get();
    long r = rateLimited.get();
    long o = overflowed.get();
    int q = queue.size();
    return new HandlerStats(name, received.get(), d, f, r, o, q, lastFailure);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return cancelled;
  }

  /** Unsubscribes; events already queued are still delivered. Idempotent. */
  @Override
  public void close() {
    pipeline.unsubscribe(this);
  }

  void cancelled() {
    cancelled = true;
  }

  AlertHandler handler() {
    return handler;
  }

  // ---------------------------------------------------------------- producer side (pipeline lock held)

  /** Queues {@code event} if it passes the filter, the queue has room and the rate limiter permits. Never blocks. */
  void offer(AlertEvent event, long nowNanos, long epochMillis) {
    if (cancelled || !options.filter().matches(event)) {
      return;
    }
    received.incrementAndGet();
    if (queue.remainingCapacity() == 0) {
      overflowed.incrementAndGet();
      markLeftOut(epochMillis);
      if (overflowedSinceSummary++ == 0) {
        log.warn("alert handler '{}' is not keeping up: its queue of {} events is full; further events are counted "
            + "and summarised", name, options.queueCapacity());
      }
      return;
    }
    if (!limiter.acquirePermission()) {
      noPermitUntilNextPeriod(nowNanos);
      rateLimited.incrementAndGet();
      markLeftOut(epochMillis);
      if (limitedSinceSummary++ == 0) {
        log.warn("alert handler '{}' reached its rate limit of {} events per {}; further events are counted and "
            + "summarised", name, options.rateLimit(), Durations.format(options.ratePeriod().toNanos()));
      }
      return;
    }
    queue.add(event); // room was checked above, and only this (lock-holding) producer adds
    schedule();
  }

  private void markLeftOut(long epochMillis) {
    if (limitedSinceSummary == 0 && overflowedSinceSummary == 0) {
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

  /** Queues a {@link AlertEvent.Suppressed} summary of the events left out, once the queue and limiter allow. */
  void trySummary(long nowNanos, long epochMillis) {
    if ((limitedSinceSummary | overflowedSinceSummary) == 0 || cancelled || queue.remainingCapacity() == 0
        || nowNanos - noPermitBeforeNanos < 0) {
      return;
    }
    if (!limiter.acquirePermission()) {
      noPermitUntilNextPeriod(nowNanos);
      return;
    }
    AlertEvent.Suppressed summary = new AlertEvent.Suppressed(name, limitedSinceSummary, overflowedSinceSummary,
        Instant.ofEpochMilli(leftOutSinceMillis), Instant.ofEpochMilli(epochMillis));
    log.warn("alert handler '{}' missed {} events over its rate limit and {} on a full queue since {}; it gets a summary",
        name, summary.rateLimited(), summary.overflowed(), summary.since());
    limitedSinceSummary = 0;
    overflowedSinceSummary = 0;
    received.incrementAndGet();
    queue.add(summary);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException closing) {
        draining.set(false); // the pipeline is closing; what is queued stays undelivered and is reported by close()
      }
    }
  }

  // ---------------------------------------------------------------- consumer side (a handler thread)

  private void drain() {
    while (true) {
      AlertEvent event;
      while ((event = queue.poll()) != null) {
        if (!deliver(event)) {
          draining.set(false);
          return;
        }
      }
      draining.set(false);
      // An event queued after the last poll but before the flag was cleared found the flag set and did not
      // schedule a drain: take it now, unless another drain has already started.
      if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
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
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      failed.incrementAndGet();
      lastFailure = t.toString();
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
    }
  }

  private static String describe(AlertEvent event) {
    return event instanceof AlertEvent.OfAlert e
        ? event.getClass().getSimpleName() + " of " + e.alert().id()
        : event.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "Subscription{" + name + "}";
  }
}
