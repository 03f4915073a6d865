package io.github.resourcemanager.test;

import io.github.resourcemanager.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to. Advancing it runs the due tasks of every
 * {@link ManualScheduler} attached to it, each at its due time, on the calling thread.
 *
 * <pre>{@code
 * ManualTicker ticker = new ManualTicker();
 * ManualScheduler scheduler = new ManualScheduler(ticker);
 * ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(scheduler)
 *     .clock(ticker.clock(Instant.parse("2026-01-01T00:00:00Z"))).build();
 * rm.start();
 * ticker.advance(Duration.ofSeconds(10));   // two samples at 5 s intervals... plus the one at start
 * }</pre>
 *
 * Thread-safe, though advancing from several threads at once gives no ordering guarantee between them.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;
  private final List<ManualScheduler> schedulers = new CopyOnWriteArrayList<>();

  /** A ticker reading 0. */
  public ManualTicker() {
    this(0);
  }

  /** A ticker reading {@code startNanos}. */
  public ManualTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves time forward by {@code duration}, running each due task of the attached schedulers at its due time
   * (so a task due every second runs ten times, a second apart, when advancing ten seconds).
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public ManualTicker advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    return advanceNanos(duration.toNanos());
  }

  /** Moves time forward by {@code amount} {@code unit}s; see {@link #advance(Duration)}. */
  public ManualTicker advance(long amount, TimeUnit unit) {
    Objects.requireNonNull(unit, "unit");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount);
    }
    return advanceNanos(unit.toNanos(amount));
  }

  private synchronized ManualTicker advanceNanos(long delta) {
    long target = nanos.get() + delta;
    while (true) {
      ManualScheduler earliest = null;
      long due = Long.MAX_VALUE;
      for (ManualScheduler s : schedulers) {
        long d = s.nextDue();
        if (d != Long.MAX_VALUE && d - target <= 0 && (earliest == null || d - due < 0)) {
          earliest = s;
          due = d;
        }
      }
      if (earliest == null) {
        break;
      }
      if (due - nanos.get() > 0) {
        nanos.set(due);
      }
      earliest.runDue();
    }
    nanos.set(target);
    return this;
  }

  void attach(ManualScheduler scheduler) {
    schedulers.add(Objects.requireNonNull(scheduler, "scheduler"));
  }

  /**
   * A clock reading {@code start} plus the time this ticker has advanced since this call, in UTC. Timestamps
   * then move with the ticker, which keeps times in tests both deterministic and distinct.
   */
  public Clock clock(Instant start) {
    return new TickerClock(this, Objects.requireNonNull(start, "start"), read(), ZoneOffset.UTC);
  }

  private static final class TickerClock extends Clock {
    private final ManualTicker ticker;
    private final Instant start;
    private final long startNanos;
    private final ZoneId zone;

    TickerClock(ManualTicker ticker, Instant start, long startNanos, ZoneId zone) {
      this.ticker = ticker;
      this.start = start;
      this.startNanos = startNanos;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new TickerClock(ticker, start, startNanos, zone);
    }

    @Override
    public Instant instant() {
      return start.plusNanos(ticker.read() - startNanos);
    }

    @Override
    public long millis() {
      return start.toEpochMilli() + Math.floorDiv(ticker.read() - startNanos, 1_000_000L);
    }
  }

  @Override
  public String toString() {
    return "ManualTicker{" + Duration.ofNanos(read()) + "}";
  }
}
