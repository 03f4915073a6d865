package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Recent values of many metrics: for each sample, its time and one value per recorded metric, 8 bytes each, kept in
 * primitive ring buffers that allocate nothing once full.
 *
 * <p>The machine history keeps its samples in rows of its own, growing by doubling up to its capacity. An agent's
 * history is the agent's share of one table holding every agent's values side by side,
 * so that a tick writes all agents' values into a few contiguous arrays rather than one history per agent; it reads
 * the same way, holds the samples taken since the agent joined (at most the capacity), and is written by the
 * monitor only. A metric gets its place the first time it has a value; earlier samples read as {@code NaN}.
 *
 * <p>Times are stored as {@link Ticker} readings. Wall-clock times are derived from the clock reading of the first
 * sample plus elapsed ticker time, so they are monotonic even if the system clock is adjusted.
 *
 * <p>Thread-safe: the monitor thread appends, any thread may query. Queries copy what they return.
 */
public final class History {

  private final HistoryStore store;
  private final Ticker ticker;
  private final Duration step;

  /**
   * A history of its own, for tools and tests that record samples themselves.
   *
   * @param capacity the number of samples kept; the oldest is dropped beyond it
   * @param ticker the ticker whose readings the sample times are, used to resolve query windows
   * @param step the time between samples, reported by the series read from it
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public History(int capacity, Ticker ticker, Duration step) {
    this(ownStore(capacity), ticker, step);
  }

  /** A history of its own whose series report an unknown step; see {@link #History(int, Ticker, Duration)}. */
  public History(int capacity, Ticker ticker) {
    this(ownStore(capacity), ticker, Duration.ZERO);
  }

  History(HistoryStore store, Ticker ticker, Duration step) {
    this.store = store;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.step = Objects.requireNonNull(step, "step");
  }

  private static HistoryStore ownStore(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("history capacity must be positive, was " + capacity);
    }
    return new RowStore(capacity);
  }

  /** The number of samples this history keeps at most. */
  public int capacity() {
    return store.capacity();
  }

  /** The number of samples held now. */
  public int size() {
    return store.size();
  }

  /**
   * Appends one sample. {@code values} is indexed by {@link Metric#index()}; {@code NaN} means "not measured".
   * Allocates nothing once the buffer has reached its capacity and every metric has its place.
   *
   * @throws IllegalStateException on an agent's history, which only its monitor writes
   */
  public void append(long tickNanos, long epochMillis, double[] values) {
    store.append(tickNanos, epochMillis, values);
  }

  /**
   * As {@link #append(long, long, double[])}, for a caller that knows which entries of {@code values} it wrote:
   * only {@code written[0..count)} are searched for metrics that have no place yet, rather than the whole array.
   * Every other entry must be {@code NaN}.
   *
   * @throws IllegalStateException on an agent's history, which only its monitor writes
   */
  public void append(long tickNanos, long epochMillis, double[] values, int[] written, int count) {
    store.append(tickNanos, epochMillis, values, written, count);
  }

  /** The most recent value of {@code metric}, or {@code NaN} if there is none. */
  public double latest(Metric metric) {
    return store.latest(Objects.requireNonNull(metric, "metric"));
  }

  /** The ticker reading of the most recent sample, or empty history: {@code Long.MIN_VALUE}. */
  public long latestTickNanos() {
    return store.latestTickNanos();
  }

  /** The wall-clock time of the most recent sample in epoch milliseconds, or {@code Long.MIN_VALUE} if empty. */
  public long latestEpochMillis() {
    return store.latestEpochMillis();
  }

  /** The metrics that have a value in this history, in the order they first had one. */
  public List<Metric> metrics() {
    return store.metrics();
  }

  /**
   * The samples of {@code metric} taken within {@code window} of now (the ticker's current reading), oldest
   * first. Samples in which the metric was not measured are included as {@code NaN}.
   *
   * @throws IllegalArgumentException if {@code window} is null or negative
   */
  public Series series(Metric metric, Duration window) {
    Objects.requireNonNull(metric, "metric");
    long windowNanos = Durations.nonNegativeNanos("window", window);
    return (store.series(metric, ticker.read() - windowNanos)).withStep(step);
  }

  /** The samples of {@code metric} with a ticker reading at or after {@code sinceTickNanos}, oldest first. */
  public Series series(Metric metric, long sinceTickNanos) {
    return (store.series(Objects.requireNonNull(metric, "metric"), sinceTickNanos)).withStep(step);
  }

  /** A summary of {@code metric} over the samples taken within {@code window} of now. */
  public Summary summary(Metric metric, Duration window) {
    return series(metric, window).summary();
  }

  /**
   * Calls {@code visitor} with each value of {@code metric} taken at or after {@code sinceTickNanos}, oldest
   * first, skipping {@code NaN}, and returns how many it visited. Allocates nothing; the visitor runs while
   * this history is locked, so it must be quick.
   */
  public int forEach(Metric metric, long sinceTickNanos, ValueVisitor visitor) {
    return store.forEach(Objects.requireNonNull(metric, "metric"), sinceTickNanos, visitor);
  }

  /** Receives values from {@link #forEach}. */
  @FunctionalInterface
  public interface ValueVisitor {
    /** One recorded value and the ticker reading of its sample. */
    void visit(long tickNanos, double value);
  }

  /**
   * The bytes of value and time cells this history holds: 8 per sample slot for the time, and 8 per slot per
   * metric (for an agent's history, its share of the table's cells). Object headers are not counted.
   */
  public long bufferBytes() {
    return store.bufferBytes();
  }

  @Override
  public String toString() {
    return "History{" + store + "}";
  }
}
