package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link HistoryStore} of its own: one primitive ring buffer of rows, each holding a sample's time and one
 * value per recorded metric, 8 bytes each.
 *
 * <p>Each sample costs 8 bytes per recorded metric plus 8 bytes for its time, whatever the number of metrics. The
 * buffer starts small and doubles until it reaches the capacity; once full, appending overwrites the oldest sample
 * and allocates nothing. A metric gets its place in the rows the first time it has a value (the rows are laid out
 * again, once); the samples before that read as {@code NaN}. Rows keep an append within one array.
 *
 * <p>Thread-safe: the monitor thread appends, any thread may query. Queries copy what they return.
 */
final class RowStore implements HistoryStore {

  private static final int INITIAL_ROWS = 64;
  private static final int[] NO_COLUMNS = new int[0];

  private final int capacity;
  // Row r occupies data[r * stride .. r * stride + stride): the ticker reading, then the raw bits of one double per
  // recorded metric, in the order the metrics first had a value.
  private long[] data;
  private int stride = 1;
  private int rows;                      // row slots allocated: grows by doubling up to capacity
  private int[] columnOf = NO_COLUMNS;   // metric index -> position in a row (0 = not recorded)
  private int[] metricAt = new int[8];   // position in a row (1..) -> metric index
  private int head; // next row slot to write
  private int size;
  private boolean anchored;
  private long anchorTicker;
  private long anchorEpochMillis;

  RowStore(int capacity) {
    this.capacity = capacity;
    this.rows = Math.min(capacity, INITIAL_ROWS);
    this.data = new long[rows];
  }

  @Override
  public int capacity() {
    return capacity;
  }

  /** The number of samples held now. */
  @Override
  public synchronized int size() {
    return size;
  }

  /**
   * Appends one sample. {@code values} is indexed by {@link Metric#index()}; {@code NaN} means "not measured".
   * Allocates nothing once the buffer has reached its capacity and every metric has its place.
   */
  @Override
  public synchronized void append(long tickNanos, long epochMillis, double[] values) {
    int n = values.length;
    for (int i = 0; i < n; i++) {
      if ((i >= columnOf.length || columnOf[i] == 0) && !Double.isNaN(values[i])) {
        addColumn(i);
      }
    }
    appendRow(tickNanos, epochMillis, values);
  }

  /**
   * As {@link #append(long, long, double[])}, for a caller that knows which entries of {@code values} it wrote:
   * only {@code written[0..count)} are searched for metrics that have no place yet, rather than the whole array.
   * Every other entry must be {@code NaN}.
   */
  @Override
  public synchronized void append(long tickNanos, long epochMillis, double[] values, int[] written, int count) {
    for (int k = 0; k < count; k++) {
      int i = written[k];
      if ((i >= columnOf.length || columnOf[i] == 0) && !Double.isNaN(values[i])) {
        addColumn(i);
      }
    }
    appendRow(tickNanos, epochMillis, values);
  }

  private void appendRow(long tickNanos, long epochMillis, double[] values) {
    if (!anchored) {
      anchored = true;
      anchorTicker = tickNanos;
      anchorEpochMillis = epochMillis;
    }
    if (size == rows && rows < capacity) {
      grow();
    }
    int base = head * stride;
    long[] d = data;
    d[base] = tickNanos;
    int n = values.length;
    for (int c = 1; c < stride; c++) {
      int idx = metricAt[c];
      d[base + c] = Double.doubleToRawLongBits(idx < n ? values[idx] : Double.NaN);
    }
    head = head + 1 == rows ? 0 : head + 1;
    if (size < rows) {
      size++;
    }
  }

  // Lays the rows out again one value wider; the new metric reads NaN in the samples already held.
  private void addColumn(int metricIndex) {
    if (metricIndex >= columnOf.length) {
      columnOf = Arrays.copyOf(columnOf, Math.max(metricIndex + 1, Math.max(32, columnOf.length * 2)));
    }
    int wider = stride + 1;
    long[] relaid = new long[rows * wider];
    long nan = Double.doubleToRawLongBits(Double.NaN);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data, r * stride, relaid, r * wider, stride);
      relaid[r * wider + stride] = nan;
    }
    data = relaid;
    if (stride == metricAt.length) {
      metricAt = Arrays.copyOf(metricAt, stride * 2);
    }
    metricAt[stride] = metricIndex;
    columnOf[metricIndex] = stride;
    stride = wider;
  }

  // Rows only grow while they have never wrapped (size == rows means head == 0), so a plain copy keeps order.
  private void grow() {
    int more = (int) Math.min(capacity, (long) rows * 2);
    data = Arrays.copyOf(data, more * stride);
    rows = more;
    head = size;
  }

  /** The most recent value of {@code metric}, or {@code NaN} if there is none. */
  @Override
  public synchronized double latest(Metric metric) {
    int c = column(metric);
    if (size == 0 || c == 0) {
      return Double.NaN;
    }
    return value(previous(head), c);
  }

  /** The ticker reading of the most recent sample, or empty history: {@code Long.MIN_VALUE}. */
  @Override
  public synchronized long latestTickNanos() {
    return size == 0 ? Long.MIN_VALUE : data[previous(head) * stride];
  }

  /** The wall-clock time of the most recent sample in epoch milliseconds, or {@code Long.MIN_VALUE} if empty. */
  @Override
  public synchronized long latestEpochMillis() {
    return size == 0 ? Long.MIN_VALUE : epochMillis(data[previous(head) * stride]);
  }

  /** The metrics recorded in this history, in the order they first had a value. */
  @Override
  public synchronized List<Metric> metrics() {
    List<Metric> all = Metric.all();
    List<Metric> result = new ArrayList<>(stride - 1);
    for (int c = 1; c < stride; c++) {
      result.add(all.get(metricAt[c]));
    }
    return result;
  }

  /** The samples of {@code metric} with a ticker reading at or after {@code sinceTickNanos}, oldest first. */
  @Override
  public synchronized ArraySeries series(Metric metric, long sinceTickNanos) {
    int first = firstAtOrAfter(sinceTickNanos);
    int count = size - first;
    long[] nanos = new long[count];
    long[] millis = new long[count];
    double[] vals = new double[count];
    int c = column(metric);
    int start = oldest();
    for (int i = 0; i < count; i++) {
      int row = (start + first + i) % rows;
      nanos[i] = data[row * stride];
      millis[i] = epochMillis(nanos[i]);
      vals[i] = c == 0 ? Double.NaN : value(row, c);
    }
    return new ArraySeries(metric, nanos, millis, vals, Duration.ZERO);
  }

  /**
   * Calls {@code visitor} with each value of {@code metric} taken at or after {@code sinceTickNanos}, oldest
   * first, skipping {@code NaN}, and returns how many it visited. Allocates nothing; the visitor runs while
   * this history is locked, so it must be quick.
   */
  @Override
  public synchronized int forEach(Metric metric, long sinceTickNanos, History.ValueVisitor visitor) {
    int c = column(metric);
    if (c == 0) {
      return 0;
    }
    int first = firstAtOrAfter(sinceTickNanos);
    int start = oldest();
    int visited = 0;
    for (int i = first; i < size; i++) {
      int row = (start + i) % rows;
      double v = value(row, c);
      if (!Double.isNaN(v)) {
        visitor.visit(data[row * stride], v);
        visited++;
      }
    }
    return visited;
  }

  /**
   * The bytes held by this history's buffer: 8 per sample slot for the time, and 8 per slot per metric.
   * Object headers are not counted.
   */
  @Override
  public synchronized long bufferBytes() {
    return 8L * rows * stride;
  }

  private int column(Metric metric) {
    int i = metric.index();
    return i < columnOf.length ? columnOf[i] : 0;
  }

  private double value(int row, int column) {
    return Double.longBitsToDouble(data[row * stride + column]);
  }

  private int oldest() {
    return size < rows ? 0 : head;
  }

  private int previous(int row) {
    return row == 0 ? rows - 1 : row - 1;
  }

  /** Index (0 = oldest) of the first sample at or after {@code since}; binary search, times are monotonic. */
  private int firstAtOrAfter(long since) {
    int lo = 0;
    int hi = size;
    int start = oldest();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long t = data[((start + mid) % rows) * stride];
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
    return size + "/" + capacity + " samples, " + (stride - 1) + " metrics";
  }
}
