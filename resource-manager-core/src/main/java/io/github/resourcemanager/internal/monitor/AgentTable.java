package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every agent's recent metric values in one table, so that a tick writes all agents' values into a few contiguous
 * arrays instead of one history per agent: at 1 Hz, each agent's own history would be cold in the CPU's caches at
 * every tick, and a thousand agents would cost a thousand scattered cache misses per array they touch.
 *
 * <p>Layout: one {@code double[]} per recorded metric (a column), holding rows of samples, each row holding every
 * agent's value side by side: the value of agent slot {@code s} in row {@code r} is at {@code r * slots + s}. One
 * {@code long[]} of ticker readings and one of tick sequence numbers serve all agents. Rows form a ring of
 * {@code capacity + 1}: the row being written is never among the {@code capacity} rows readers see, so the monitor
 * thread writes it without a lock and publishes it with one. Rows and slots grow by doubling; once grown, a tick
 * allocates nothing.
 *
 * <p>Slots are given to agents and taken back on the monitor thread. An agent sees the rows written since it got
 * its slot ({@link #since}), so a slot's earlier occupant never shows through. When an agent leaves, its history
 * is first copied out (see {@link View#freeze}), so the agent object keeps a readable history.
 */
final class AgentTable {
  private static final int INITIAL_ROWS = 64;
  private static final int INITIAL_SLOTS = 16;
  private static final double[][] NO_COLUMNS = new double[0][];

  private final int capacity;
  private final int rowLimit;
  private int rows;
  private long[] times;
  private long[] sequences;
  private int slots = INITIAL_SLOTS;
  private double[][] columns = NO_COLUMNS;
  private int columnCount;
  private int[] columnOf = new int[0]; // metric index -> column + 1 (0: not recorded)
  private int[] metricAt = new int[8]; // column -> metric index
  private long[] slotSince = new long[INITIAL_SLOTS];
  private int[] freeSlots = new int[8];
  private int freeCount;
  private int nextSlot;
  private int head;       // the next row to write
  private int published;  // rows readers see, the newest just before head
  private int writeRow;   // the row being written, and after publishing the newest row, until the next tick
  private boolean writing;
  private boolean anchored;
  private long anchorTicker;
  private long anchorEpochMillis;

  /** @param capacity the samples each agent's history keeps at most */
  AgentTable(int capacity) {
    this.capacity = capacity;
    this.rowLimit = capacity + 1;
    this.rows = Math.min(rowLimit, INITIAL_ROWS);
    this.times = new long[rows];
    this.sequences = new long[rows];
  }

  int capacity() {
    return capacity;
  }

  // ------------------------------------------------------------------ monitor thread: writing

  /** Starts the row of a tick, every value NaN. */
  synchronized void beginRow(long tickNanos, long epochMillis, long sequence) {
    if (!anchored) {
      anchored = true;
      anchorTicker = tickNanos;
      anchorEpochMillis = epochMillis;
    }
    if (published == rows) { // every row is published: grow (below rowLimit, since published <= capacity)
      growRows();
    }
    writeRow = head;
    times[writeRow] = tickNanos;
    sequences[writeRow] = sequence;
    int from = writeRow * slots;
    for (int c = 0; c < columnCount; c++) {
      Arrays.fill(columns[c], from, from + slots, Double.NaN);
    }
    writing = true;
  }

  /** Publishes the row being written. */
  synchronized void commitRow() {
    if (!writing) {
      return;
    }
    writing = false;
    head = head + 1 == rows ? 0 : head + 1;
    if (published < capacity) {
      published++;
    }
  }

  /** The value of {@code slot} for the metric of {@code metricIndex} in the row being (or last) written. */
  double current(int slot, int metricIndex) {
    int c = metricIndex < columnOf.length ? columnOf[metricIndex] : 0;
    return c == 0 || slot < 0 ? Double.NaN : columns[c - 1][writeRow * slots + slot];
  }

  /** Writes the value of {@code slot} for the metric of {@code metricIndex} into the row being written. */
  void put(int slot, int metricIndex, double value) {
    if (slot < 0 || !writing) {
      return;
    }
    double stored = Double.isInfinite(value) ? Double.NaN : value;
    int c = metricIndex < columnOf.length ? columnOf[metricIndex] : 0;
    if (c == 0) {
      if (Double.isNaN(stored)) {
        return;
      }
      c = addColumn(metricIndex);
    }
    columns[c - 1][writeRow * slots + slot] = stored;
  }

  /** Gives a slot to an agent whose first row is the one of {@code sinceSequence}. */
  synchronized int assignSlot(long sinceSequence) {
    int slot;
    if (freeCount > 0) {
      slot = freeSlots[--freeCount];
    } else {
      if (nextSlot == slots) {
        growSlots();
      }
      slot = nextSlot++;
    }
    slotSince[slot] = sinceSequence;
    if (writing) { // an agent joining mid-tick starts with NaN in the row being written
      for (int c = 0; c < columnCount; c++) {
        columns[c][writeRow * slots + slot] = Double.NaN;
      }
    }
    return slot;
  }

  /** Takes a slot back. */
  synchronized void releaseSlot(int slot) {
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
  }

  private synchronized int addColumn(int metricIndex) {
    if (metricIndex >= columnOf.length) {
      columnOf = Arrays.copyOf(columnOf, Math.max(metricIndex + 1, Math.max(32, columnOf.length * 2)));
    }
    double[] column = new double[rows * slots];
    Arrays.fill(column, Double.NaN);
    if (columnCount == columns.length) {
      columns = Arrays.copyOf(columns, Math.max(4, columnCount * 2));
    }
    if (columnCount == metricAt.length) {
      metricAt = Arrays.copyOf(metricAt, columnCount * 2);
    }
    columns[columnCount] = column;
    metricAt[columnCount] = metricIndex;
    columnCount++;
    columnOf[metricIndex] = columnCount;
    return columnCount;
  }

  // The ring has never wrapped before it reaches rowLimit (it grows first), so rows 0..rows-1 are in order.
  private void growRows() {
    int more = Math.min(rowLimit, rows * 2);
    for (int c = 0; c < columnCount; c++) {
      double[] grown = Arrays.copyOf(columns[c], more * slots);
      Arrays.fill(grown, rows * slots, more * slots, Double.NaN);
      columns[c] = grown;
    }
    times = Arrays.copyOf(times, more);
    sequences = Arrays.copyOf(sequences, more);
    head = rows;
    rows = more;
  }

  private void growSlots() {
    int more = slots * 2;
    for (int c = 0; c < columnCount; c++) {
      double[] old = columns[c];
      double[] relaid = new double[rows * more];
      Arrays.fill(relaid, Double.NaN);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(old, r * slots, relaid, r * more, slots);
      }
      columns[c] = relaid;
    }
    slotSince = Arrays.copyOf(slotSince, more);
    slots = more;
  }

  // ------------------------------------------------------------------ readers (any thread, under the lock)

  private int oldestRow() {
    int oldest = head - published;
    return oldest < 0 ? oldest + rows : oldest;
  }

  private int row(int i) { // the i-th published row, 0 = oldest
    int r = oldestRow() + i;
    return r >= rows ? r - rows : r;
  }

  /** Index (0 = oldest published) of the first row the slot's agent had. */
  private int firstOf(int slot) {
    long since = slotSince[slot];
    int lo = 0;
    int hi = published;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sequences[row(mid)] < since) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the first of the slot's rows at or after {@code sinceTickNanos}. */
  private int firstAtOrAfter(int slot, long sinceTickNanos) {
    int lo = firstOf(slot);
    int hi = published;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[row(mid)] - sinceTickNanos < 0) {
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

  private double value(int column, int row, int slot) {
    return columns[column][row * slots + slot];
  }

  private int size(int slot) {
    return published - firstOf(slot);
  }

  private double latest(int slot, Metric metric) {
    int c = column(metric);
    if (c < 0 || size(slot) == 0) {
      return Double.NaN;
    }
    return value(c, row(published - 1), slot);
  }

  private long latestTickNanos(int slot) {
    return size(slot) == 0 ? Long.MIN_VALUE : times[row(published - 1)];
  }

  private List<Metric> metrics(int slot) {
    List<Metric> all = Metric.all();
    List<Metric> result = new ArrayList<>();
    int first = firstOf(slot);
    for (int c = 0; c < columnCount; c++) {
      for (int i = first; i < published; i++) {
        if (!Double.isNaN(value(c, row(i), slot))) {
          result.add(all.get(metricAt[c]));
          break;
        }
      }
    }
    return result;
  }

  private int column(Metric metric) {
    int i = metric.index();
    return (i < columnOf.length ? columnOf[i] : 0) - 1;
  }

  private ArraySeries series(int slot, Metric metric, long sinceTickNanos) {
    int first = firstAtOrAfter(slot, sinceTickNanos);
    int count = published - first;
    long[] nanos = new long[count];
    long[] millis = new long[count];
    double[] vals = new double[count];
    int c = column(metric);
    for (int i = 0; i < count; i++) {
      int r = row(first + i);
      nanos[i] = times[r];
      millis[i] = epochMillis(times[r]);
      vals[i] = c < 0 ? Double.NaN : value(c, r, slot);
    }
    return new ArraySeries(metric, nanos, millis, vals, Duration.ZERO);
  }

  private int forEach(int slot, Metric metric, long sinceTickNanos, History.ValueVisitor visitor) {
    int c = column(metric);
    if (c < 0) {
      return 0;
    }
    int visited = 0;
    for (int i = firstAtOrAfter(slot, sinceTickNanos); i < published; i++) {
      int r = row(i);
      double v = value(c, r, slot);
      if (!Double.isNaN(v)) {
        visitor.visit(times[r], v);
        visited++;
      }
    }
    return visited;
  }

  /** A store of its own holding a copy of the slot's rows, for an agent leaving the table. */
  private RowStore copyOf(int slot) {
    RowStore copy = new RowStore(capacity);
    double[] values = new double[Metric.count()];
    for (int i = firstOf(slot); i < published; i++) {
      int r = row(i);
      Arrays.fill(values, Double.NaN);
      for (int c = 0; c < columnCount; c++) {
        values[metricAt[c]] = value(c, r, slot);
      }
      copy.append(times[r], epochMillis(times[r]), values);
    }
    return copy;
  }

  /** Bytes of all the table's value and time cells. */
  synchronized long bufferBytes() {
    return 8L * rows * (2 + (long) slots * columnCount);
  }

  // ------------------------------------------------------------------ an agent's history

  /** An agent's history: its slot's share of the table, and a copy of its own once it has left. */
  final class View implements HistoryStore {
    private int slot = -1;         // guarded by the table; -1 before the agent gets a slot
    private HistoryStore frozen;   // guarded by the table

    /** Called on the monitor thread when the agent gets its slot. */
    void attach(int slot) {
      synchronized (AgentTable.this) {
        this.slot = slot;
      }
    }

    /** Called on the monitor thread when the agent leaves: its rows are copied out, then its slot is freed. */
    void freeze() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return;
        }
        frozen = slot < 0 ? new RowStore(capacity) : copyOf(slot);
        if (slot >= 0) {
          releaseSlot(slot);
        }
        slot = -1;
      }
    }

    int slot() {
      return slot;
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public int size() {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.size() : slot < 0 ? 0 : AgentTable.this.size(slot);
      }
    }

    @Override
    public void append(long tickNanos, long epochMillis, double[] values) {
      throw new IllegalStateException("an agent's history is written by its monitor only");
    }

    @Override
    public void append(long tickNanos, long epochMillis, double[] values, int[] written, int count) {
      throw new IllegalStateException("an agent's history is written by its monitor only");
    }

    @Override
    public double latest(Metric metric) {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.latest(metric) : slot < 0 ? Double.NaN : AgentTable.this.latest(slot, metric);
      }
    }

    @Override
    public long latestTickNanos() {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.latestTickNanos() : slot < 0 ? Long.MIN_VALUE : AgentTable.this.latestTickNanos(slot);
      }
    }

    @Override
    public long latestEpochMillis() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.latestEpochMillis();
        }
        long tick = slot < 0 ? Long.MIN_VALUE : AgentTable.this.latestTickNanos(slot);
        return tick == Long.MIN_VALUE ? Long.MIN_VALUE : epochMillis(tick);
      }
    }

    @Override
    public List<Metric> metrics() {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.metrics() : slot < 0 ? List.of() : AgentTable.this.metrics(slot);
      }
    }

    @Override
    public ArraySeries series(Metric metric, long sinceTickNanos) {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.series(metric, sinceTickNanos);
        }
        return slot < 0 ? new ArraySeries(metric, new long[0], new long[0], new double[0], Duration.ZERO)
            : AgentTable.this.series(slot, metric, sinceTickNanos);
      }
    }

    @Override
    public int forEach(Metric metric, long sinceTickNanos, History.ValueVisitor visitor) {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.forEach(metric, sinceTickNanos, visitor)
            : slot < 0 ? 0 : AgentTable.this.forEach(slot, metric, sinceTickNanos, visitor);
      }
    }

    /** Its share of the table's cells: per row, one time and one value per recorded metric. */
    @Override
    public long bufferBytes() {
      synchronized (AgentTable.this) {
        return frozen != null ? frozen.bufferBytes() : 8L * rows * (1 + columnCount);
      }
    }

    @Override
    public String toString() {
      synchronized (AgentTable.this) {
        return frozen != null ? "left: " + frozen : "slot " + slot + ", " + size() + "/" + capacity + " samples";
      }
    }
  }
}
