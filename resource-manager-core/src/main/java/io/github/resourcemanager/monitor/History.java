package io.github.resourcemanager.monitor;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Recent values of many metrics, kept in primitive ring buffers: one {@code long[]} of sample times shared by
 * all metrics and one {@code double[]} per metric.
 *
 * <p>Each sample costs 8 bytes per recorded metric plus 8 bytes for its time, whatever the number of
 * metrics. Buffers start small and double until they reach the capacity, so an agent that lives a minute
 * does not pay for an hour; once full, appending overwrites the oldest sample and allocates nothing.
 * A metric gets its buffer the first time it has a value; the samples before that read as {@code NaN}.
 *
 * <p>Times are stored as {@link Ticker} readings. Wall-clock times are derived from the clock reading of the
 * first sample plus elapsed ticker time, so they are monotonic even if the system clock is adjusted.
 *
 * <p>Thread-safe: the monitor thread appends, any thread may query. Queries copy what they return.
 */
public final class History {

  private static final int INITIAL_LENGTH = 64;

  private final int capacity;
  private final Ticker ticker;
  private long[] times;
  private double[][] columns = new double[0][];
  private int[] active = new int[8];
  private int activeCount;
  private int head; // next slot to write
  private int size;
  private boolean anchored;
  private long anchorTicker;
  private long anchorEpochMillis;

  /**
   * @param capacity the number of samples kept; the oldest is dropped beyond it
   * @param ticker the ticker whose readings the sample times are, used to resolve query windows
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public History(int capacity, Ticker ticker) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("history capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.times = new long[Math.min(capacity, INITIAL_LENGTH)];
  }

  /** The number of samples this history keeps at most. */
  public int capacity() {
    return capacity;
  }

  /** The number of samples held now. */
  public synchronized int size() {
    return size;
  }

  /**
   * Appends one sample. {@code values} is indexed by {@link Metric#index()}; {@code NaN} means "not measured".
   * Allocates nothing once the buffers have reached their capacity and every metric has its buffer.
   */
  public synchronized void append(long tickNanos, long epochMillis, double[] values) {
    if (!anchored) {
      anchored = true;
      anchorTicker = tickNanos;
      anchorEpochMillis = epochMillis;
    }
    if (size == times.length && times.length < capacity) {
      grow();
    }
    int pos = head;
    times[pos] = tickNanos;
    int n = values.length;
    if (n > columns.length) {
      columns = Arrays.copyOf(columns, Math.max(n, columns.length * 2));
    }
    for (int i = 0; i < n; i++) {
      if (columns[i] == null && !Double.isNaN(values[i])) {
        addColumn(i);
      }
    }
    for (int k = 0; k < activeCount; k++) {
      int idx = active[k];
      columns[idx][pos] = idx < n ? values[idx] : Double.NaN;
    }
    head = pos + 1 == times.length ? 0 : pos + 1;
    if (size < times.length) {
      size++;
    }
  }

  private void addColumn(int index) {
    double[] column = new double[times.length];
    Arrays.fill(column, Double.NaN);
    columns[index] = column;
    if (activeCount == active.length) {
      active = Arrays.copyOf(active, activeCount * 2);
    }
    active[activeCount++] = index;
  }

  // Buffers only grow while they have never wrapped (size == length means head == 0), so a plain copy keeps order.
  private void grow() {
    int length = (int) Math.min(capacity, (long) times.length * 2);
    times = Arrays.copyOf(times, length);
    for (int k = 0; k < activeCount; k++) {
      int idx = active[k];
      double[] old = columns[idx];
      double[] grown = Arrays.copyOf(old, length);
      Arrays.fill(grown, old.length, length, Double.NaN);
      columns[idx] = grown;
    }
    head = size;
  }

  /** The most recent value of {@code metric}, or {@code NaN} if there is none. */
  public synchronized double latest(Metric metric) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] column = column(metric);
    return column == null ? Double.NaN : column[previous(head)];
  }

  /** The ticker reading of the most recent sample, or empty history: {@code Long.MIN_VALUE}. */
  public synchronized long latestTickNanos() {
    return size == 0 ? Long.MIN_VALUE : times[previous(head)];
  }

  /** The wall-clock time of the most recent sample in epoch milliseconds, or {@code Long.MIN_VALUE} if empty. */
  public synchronized long latestEpochMillis() {
    return size == 0 ? Long.MIN_VALUE : epochMillis(times[previous(head)]);
  }

  /** The metrics that have a buffer in this history, in the order they first had a value. */
  public synchronized List<Metric> metrics() {
    List<Metric> all = Metric.all();
    List<Metric> result = new ArrayList<>(activeCount);
    for (int k = 0; k < activeCount; k++) {
      result.add(all.get(active[k]));
    }
    return result;
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
    return series(metric, ticker.read() - windowNanos);
  }

  /** The samples of {@code metric} with a ticker reading at or after {@code sinceTickNanos}, oldest first. */
  public synchronized Series series(Metric metric, long sinceTickNanos) {
    int first = firstAtOrAfter(sinceTickNanos);
    int count = size - first;
    long[] nanos = new long[count];
    long[] millis = new long[count];
    double[] vals = new double[count];
    double[] column = column(metric);
    int start = oldest();
    for (int i = 0; i < count; i++) {
      int slot = (start + first + i) % times.length;
      nanos[i] = times[slot];
      millis[i] = epochMillis(times[slot]);
      vals[i] = column == null ? Double.NaN : column[slot];
    }
    return new Series(metric, nanos, millis, vals);
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
  public synchronized int forEach(Metric metric, long sinceTickNanos, ValueVisitor visitor) {
    double[] column = column(metric);
    if (column == null) {
      return 0;
    }
    int first = firstAtOrAfter(sinceTickNanos);
    int start = oldest();
    int visited = 0;
    for (int i = first; i < size; i++) {
      int slot = (start + i) % times.length;
      double v = column[slot];
      if (!Double.isNaN(v)) {
        visitor.visit(times[slot], v);
        visited++;
      }
    }
    return visited;
  }

  /** Receives values from {@link #forEach}. */
  @FunctionalInterface
  public interface ValueVisitor {
    /** One recorded value and the ticker reading of its sample. */
    void visit(long tickNanos, double value);
  }

  /**
   * The bytes held by this history's buffers: 8 per sample slot for times, and 8 per slot per metric.
   * Object headers are not counted.
   */
  public synchronized long bufferBytes() {
    return 8L * times.length * (1 + activeCount);
  }

  private double[] column(Metric metric) {
    int i = metric.index();
    return i < columns.length ? columns[i] : null;
  }

  private int oldest() {
    return size < times.length ? 0 : head;
  }

  private int previous(int slot) {
    return slot == 0 ? times.length - 1 : slot - 1;
  }

  /** Index (0 = oldest) of the first sample at or after {@code since}; binary search, times are monotonic. */
  private int firstAtOrAfter(long since) {
    int lo = 0;
    int hi = size;
    int start = oldest();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long t = times[(start + mid) % times.length];
      if (t - since < 0) { // overflow-safe comparison of nanoTime-style readings
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private long epochMillis(long tickNanos) {
    return anchorEpochMillis + Math.floorDiv(tickNanos - anchorTicker, 1_000_000L);
  }

  @Override
  public synchronized String toString() {
    return "History{" + size + "/" + capacity + " samples, " + activeCount + " metrics}";
  }
}
