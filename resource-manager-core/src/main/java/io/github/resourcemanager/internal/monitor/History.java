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
 * Recent values of many metrics: for each sample, its time and one value per recorded metric, compressed.
 *
 * <p>Values are XOR-encoded against the previous value of the same metric and times stored as delta-of-delta, in
 * fixed-size chunks of {@code long[]} words that are recycled once the history is full, so appending allocates
 * nothing in steady state (see {@link AgentTable} and {@link Chunks}). A monitor's histories keep raw samples for a
 * recent window and rollups (count, mean, min, max, median, 95th percentile per bucket) at coarser steps for longer
 * windows; a query reads the finest tier that holds its window, and its series says which step that was.
 *
 * <p>The machine history is a table of one slot. An agent's history is the agent's slot of one table holding every
 * agent, so that a tick writes all agents' values in a few sequential passes rather than one history per agent; it
 * holds the samples taken since the agent joined, and is written by the monitor only. A metric gets its place the
 * first time it has a value; earlier samples read as {@code NaN}.
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
    this(ownStore(capacity, 52), ticker, step);
  }

  /** A history of its own whose series report an unknown step; see {@link #History(int, Ticker, Duration)}. */
  public History(int capacity, Ticker ticker) {
    this(ownStore(capacity, 52), ticker, Duration.ZERO);
  }

  /**
   * A history of its own, compressed, keeping values to {@code significantBits} bits of mantissa (52: exactly).
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive or {@code significantBits} is outside 8..52
   */
  public static History compressed(int capacity, Ticker ticker, Duration step, int significantBits) {
    if (significantBits < 8 || significantBits > 52) {
      throw new IllegalArgumentException("significantBits must be between 8 and 52, was " + significantBits);
    }
    return new History(ownStore(capacity, significantBits), ticker, step);
  }

  /**
   * A history of its own with tiers as a monitor's (see {@link HistoryTiers}, e.g.
   * {@code "raw 10m, 1m for 6h, 5m for 24h"}), for tools and benchmarks that record samples themselves.
   *
   * @throws IllegalArgumentException if the tiers are malformed or {@code significantBits} is outside 8..52
   */
  public static History tiered(String tiers, Duration interval, Ticker ticker, int significantBits) {
    if (significantBits < 8 || significantBits > 52) {
      throw new IllegalArgumentException("significantBits must be between 8 and 52, was " + significantBits);
    }
    HistoryTiers parsed = HistoryTiers.parse("tiers", tiers);
    long intervalNanos = Durations.positiveNanos("interval", interval);
    int capacity = (int) Math.min(MonitorConfig.MAX_HISTORY_SAMPLES,
        (parsed.raw().toNanos() + intervalNanos - 1) / intervalNanos + 1);
    AgentTable table = new AgentTable(capacity, parsed, interval, significantBits, ChunkPool.unbounded(), false);
    AgentTable.View view = table.new View(true);
    view.attach(table.assignSlot(0));
    return new History(view, ticker, interval);
  }

  /**
   * A history of its own in plain rows of 8-byte values, uncompressed: the reference the compressed history is
   * measured against.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public static History uncompressed(int capacity, Ticker ticker, Duration step) {
    checkCapacity(capacity);
    return new History(new RowStore(capacity), ticker, step);
  }

  History(HistoryStore store, Ticker ticker, Duration step) {
    this.store = store;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.step = Objects.requireNonNull(step, "step");
  }

  private static HistoryStore ownStore(int capacity, int significantBits) {
    checkCapacity(capacity);
    AgentTable table = AgentTable.rawOnly(capacity, significantBits);
    AgentTable.View view = table.new View(true);
    view.attach(table.assignSlot(0));
    return view;
  }

  private static void checkCapacity(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("history capacity must be positive, was " + capacity);
    }
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
   * @throws IllegalArgumentException if {@code window} is negative
   */
  public Series series(Metric metric, Duration window) {
    Objects.requireNonNull(metric, "metric");
    long windowNanos = Durations.nonNegativeNanos("window", window);
    return withStep(store.series(metric, ticker.read() - windowNanos));
  }

  /** The samples of {@code metric} with a ticker reading at or after {@code sinceTickNanos}, oldest first. */
  public Series series(Metric metric, long sinceTickNanos) {
    return withStep(store.series(Objects.requireNonNull(metric, "metric"), sinceTickNanos));
  }

  // Raw samples come without a step (the store does not know the interval); rollups carry theirs.
  private Series withStep(Series series) {
    return series instanceof ArraySeries raw && series.step().isZero() ? raw.withStep(step) : series;
  }

  /** A summary of {@code metric} over the samples taken within {@code window} of now. */
  public Summary summary(Metric metric, Duration window) {
    return series(metric, window).summary();
  }

  /**
   * Calls {@code visitor} with each value of {@code metric} taken at or after {@code sinceTickNanos}, oldest
   * first, skipping {@code NaN}, and returns how many it visited: raw samples, or the means of a rollup's buckets
   * when the raw samples no longer reach back that far.
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
   * The bytes of the chunks this history holds, every tier (an agent's history: its own chunks, not the times its
   * table shares between agents; an uncompressed history: 8 per sample slot for the time and 8 per slot per
   * metric). Object headers are not counted.
   */
  public long bufferBytes() {
    return store.bufferBytes();
  }

  @Override
  public String toString() {
    return "History{" + store + "}";
  }
}
