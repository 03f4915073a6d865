package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Compressed, tiered history of many slots (the agents of a tracker; the machine history is a table of one slot):
 * raw samples for a recent window, then rollups at coarser steps, all in chunks of XOR-encoded values (see
 * {@link Chunks}), recycled through a {@link ChunkPool} so that a tick allocates nothing once the history is full.
 *
 * <p>Layout. A tier ("level": 0 raw, 1.. rollups) numbers its rows in the order they are written, one per tick (raw)
 * or per closed bucket (rollups), for every slot in use at once, and keeps their times once for all slots in a
 * {@link TimeColumn}. Each slot has, per level, one chunk being written and a ring of closed chunks; a chunk holds
 * whole rows of the slot, each row every column's value (raw) or every column's six bucket fields (rollups, see
 * {@link Rollups}), so that a tick touches one chunk per slot. The state a tick needs (the previous value and XOR
 * window of every column, the row being written, the open buckets' accumulators) lives in flat arrays indexed by
 * slot, so that a thousand agents cost a few sequential passes and one chunk each, not a thousand scattered objects.
 * Rows and slots grow by doubling; a metric gets a column the first time it has a value.
 *
 * <p>Rollups are accumulated as values arrive, so dropping raw chunks loses resolution, never data counted in a
 * rollup. A bucket closes at the first tick at or after its end (buckets are aligned to multiples of their step on
 * the ticker), and a closed bucket feeds the next tier's open bucket.
 *
 * <p>Slots are given to agents and taken back on the monitor thread. An agent sees the rows written since it got its
 * slot. When it leaves, its chunks move to a table of its own ({@link View#freeze}), so the agent object keeps a
 * readable history.
 *
 * <p>Thread-safety: the monitor thread writes (under the table's lock while it changes what readers see); readers
 * gather the chunks they need under the lock and decode closed chunks outside it (optimistically: if a chunk was
 * recycled meanwhile, they decode again under the lock).
 */
final class AgentTable {
  private static final int INITIAL_SLOTS = 16;
  private static final int INITIAL_COLUMNS = 4;
  private static final int WORST_VALUE_BITS = 77;
  private static final int RAW_ROWS = 64;
  private static final int ROLLUP_ROWS = 16;
  /**
   * Significant bits of mantissa a rollup keeps, at most: 23, as a {@code float} (relative error at most 2^-24).
   * Rollups are approximations of their samples already; full mantissas would double what they cost.
   */
  static final int ROLLUP_PRECISION = 23;

  private final ChunkPool pool;
  private final int precision;
  private final int rollupPrecision;
  private final int capacity;
  private final int levels;
  private final long[] step;
  private final long[] keep;
  private final String[] labels;
  private final Level[] lv;
  private final int[] keptCap;

  private int columnCount;
  private int colCap = INITIAL_COLUMNS;
  private int[] columnOf = new int[0];
  private int[] metricAt = new int[INITIAL_COLUMNS];

  private int slotCap = INITIAL_SLOTS;
  private int nextSlot;
  private int[] freeSlots = new int[8];
  private int freeCount;
  private boolean[] inUse = new boolean[INITIAL_SLOTS];
  private long[] lastActive = new long[INITIAL_SLOTS];
  private boolean[] hasRow = new boolean[INITIAL_SLOTS];
  private boolean[] seen;
  private double[] writing;
  private double[] last;

  private long[] bucketStart;
  private boolean started;
  private final long[][] accCount;
  private final double[][] accSum;
  private final double[][] accMin;
  private final double[][] accMax;
  private final int[][] accHeld;
  private final long[][] accOffered;
  private final double[][] accKept;

  private boolean writingRow;
  private long tick;
  private boolean anchored;
  private long anchorTick;
  private long anchorEpochMillis;
  private volatile long generation;
  private double[] rowScratch;
  private final double[] sortScratch;
  private double[] mixScratch = new double[Rollups.FIELDS * 8];
  private final boolean budgeted;

  /**
   * @param capacity the raw samples each slot keeps
   * @param tiers the rollup tiers (their raw window is given by {@code capacity})
   * @param interval the sampling interval, to size the rollups' accumulators
   * @param precision significant bits of mantissa kept (52: exact)
   * @param pool where chunks come from; its budget applies to this table if {@code budgeted}
   */
  AgentTable(int capacity, HistoryTiers tiers, Duration interval, int precision, ChunkPool pool, boolean budgeted) {
    this.capacity = capacity;
    this.precision = precision;
    this.rollupPrecision = Math.min(precision, ROLLUP_PRECISION);
    this.pool = pool;
    this.budgeted = budgeted;
    this.levels = 1 + tiers.rollups();
    this.step = new long[levels];
    this.keep = new long[levels];
    this.labels = new String[levels];
    this.keptCap = new int[levels];
    keep[0] = capacity;
    labels[0] = "raw";
    long intervalNanos = Math.max(1, interval.toNanos());
    for (int l = 1; l < levels; l++) {
      step[l] = tiers.steps().get(l - 1).toNanos();
      long window = tiers.windows().get(l - 1).toNanos();
      keep[l] = (window + step[l] - 1) / step[l] + 1;
      labels[l] = HistoryTiers.format(tiers.steps().get(l - 1));
      long per = l == 1 ? (step[1] + intervalNanos - 1) / intervalNanos : step[l] / step[l - 1];
      keptCap[l] = (int) Math.max(1, Math.min(l == 1 ? Rollups.SAMPLES : Rollups.SUBS, per));
    }
    this.lv = new Level[levels];
    for (int l = 0; l < levels; l++) {
      lv[l] = new Level(l == 0 ? 1 : Rollups.FIELDS);
    }
    this.bucketStart = new long[levels];
    this.accCount = new long[levels][];
    this.accSum = new double[levels][];
    this.accMin = new double[levels][];
    this.accMax = new double[levels][];
    this.accHeld = new int[levels][];
    this.accOffered = new long[levels][];
    this.accKept = new double[levels][];
    int cells = slotCap * colCap;
    allocateCells(cells);
    int sortSize = 1;
    for (int l = 1; l < levels; l++) {
      sortSize = Math.max(sortSize, keptCap[l] + 1);
    }
    this.sortScratch = new double[Math.max(sortSize, Rollups.SAMPLES)];
    this.mixScratch = new double[Rollups.FIELDS * (Rollups.SUBS + 2)];
    if (budgeted) {
      pool.register(this);
    }
  }

  /** A table of raw samples only, with its own unbounded pool (a history of its own). */
  static AgentTable rawOnly(int capacity, int precision) {
    return new AgentTable(capacity, HistoryTiers.rawOnly(Duration.ofDays(1)), Duration.ofSeconds(1), precision,
        ChunkPool.unbounded(), false);
  }

  int capacity() {
    return capacity;
  }

  int levelCount() {
    return levels;
  }

  // ------------------------------------------------------------------ a level

  /** One tier's rows for every slot: chunks, XOR state, and the tier's times. */
  private final class Level {
    final int fields;
    final TimeColumn times = new TimeColumn();
    long[] slotFirst = new long[INITIAL_SLOTS];
    boolean[] dropped = new boolean[INITIAL_SLOTS];
    long[][] open = new long[INITIAL_SLOTS][];
    int[] openBits = new int[INITIAL_SLOTS];
    int[] openRows = new int[INITIAL_SLOTS];
    int[] openCols = new int[INITIAL_SLOTS];
    long[] openFirst = new long[INITIAL_SLOTS];
    long[] prev;
    int[] window;
    ChunkRing[] rings = new ChunkRing[INITIAL_SLOTS];
    long valueWords;

    Level(int fields) {
      this.fields = fields;
      this.prev = new long[INITIAL_SLOTS * INITIAL_COLUMNS * fields];
      this.window = new int[INITIAL_SLOTS * INITIAL_COLUMNS * fields];
      for (int s = 0; s < INITIAL_SLOTS; s++) {
        rings[s] = new ChunkRing();
      }
    }

    long nextRow() {
      return times.nextRow();
    }

    void growSlots(int more) {
      slotFirst = Arrays.copyOf(slotFirst, more);
      dropped = Arrays.copyOf(dropped, more);
      open = Arrays.copyOf(open, more);
      openBits = Arrays.copyOf(openBits, more);
      openRows = Arrays.copyOf(openRows, more);
      openCols = Arrays.copyOf(openCols, more);
      openFirst = Arrays.copyOf(openFirst, more);
      prev = Arrays.copyOf(prev, more * colCap * fields);
      window = Arrays.copyOf(window, more * colCap * fields);
      int old = rings.length;
      rings = Arrays.copyOf(rings, more);
      for (int s = old; s < more; s++) {
        rings[s] = new ChunkRing();
      }
    }

    void widen(int oldCap, int newCap) {
      prev = widenArray(prev, slotCap, oldCap * fields, newCap * fields);
      window = widenArray(window, slotCap, oldCap * fields, newCap * fields);
    }

    /** Closes the slot's open chunk: into the ring if it holds rows, else back to the pool. */
    void close(int s) {
      long[] c = open[s];
      if (c == null) {
        return;
      }
      open[s] = null;
      if (openRows[s] > 0) {
        rings[s].add(c, openFirst[s], openRows[s], openBits[s], openCols[s], 0, 0);
      } else {
        valueWords -= c.length;
        pool.release(c);
      }
    }

    /** Drops the slot's closed chunks whose rows all lie before {@code row}. */
    // generation has one writer, the monitor thread, under the table's lock (see the class comment); readers only
    // compare it, so the read-modify-write need not be atomic.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void dropBefore(int s, long row) {
      ChunkRing ring = rings[s];
      while (ring.size() > 0 && ring.endRow(0) <= row) {
        long[] c = ring.removeOldest();
        valueWords -= c.length;
        pool.release(c);
        dropped[s] = true;
        generation++;
      }
    }

    /** Releases every chunk of the slot and forgets its state. */
    // generation: one writer under the table's lock, as in dropBefore.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void clearSlot(int s) {
      ChunkRing ring = rings[s];
      while (ring.size() > 0) {
        long[] c = ring.removeOldest();
        valueWords -= c.length;
        pool.release(c);
      }
      if (open[s] != null) {
        valueWords -= open[s].length;
        pool.release(open[s]);
        open[s] = null;
      }
      openRows[s] = 0;
      openBits[s] = 0;
      dropped[s] = false;
      generation++;
    }

    /** The oldest row held for the slot, or {@link #nextRow()} if none. */
    long oldestRow(int s) {
      if (rings[s].size() > 0) {
        return Math.max(slotFirst[s], rings[s].firstRow(0));
      }
      if (open[s] != null && openRows[s] > 0) {
        return Math.max(slotFirst[s], openFirst[s]);
      }
      return nextRow();
    }
  }

  // ------------------------------------------------------------------ writing (monitor thread)

  /** Starts the row of a tick, every value NaN. */
  synchronized void beginRow(long tickNanos, long epochMillis, long sequence) {
    if (!anchored) {
      anchored = true;
      anchorTick = tickNanos;
      anchorEpochMillis = epochMillis;
    }
    tick = tickNanos;
    writingRow = true;
    Arrays.fill(writing, 0, nextSlot * colCap, Double.NaN);
  }

  /** The value of {@code slot} for the metric of {@code metricIndex} in the row being (or last) written. */
  double current(int slot, int metricIndex) {
    int c = metricIndex < columnOf.length ? columnOf[metricIndex] - 1 : -1;
    if (c < 0 || slot < 0) {
      return Double.NaN;
    }
    return writingRow ? writing[slot * colCap + c] : last[slot * colCap + c];
  }

  /** Writes the value of {@code slot} for the metric of {@code metricIndex} into the row being written. */
  void put(int slot, int metricIndex, double value) {
    if (slot < 0 || !writingRow) {
      return;
    }
    double stored = Double.isInfinite(value) ? Double.NaN : value;
    int c = metricIndex < columnOf.length ? columnOf[metricIndex] - 1 : -1;
    if (c < 0) {
      if (Double.isNaN(stored)) {
        return;
      }
      c = addColumn(metricIndex);
    }
    writing[slot * colCap + c] = stored;
  }

  /**
   * Closes the rollup buckets that end at or before this tick, then appends the row being written for every slot
   * in use, drops what fell out of the windows, and, if the pool's budget is exceeded, enforces it.
   */
  void commitRow() {
    synchronized (this) {
      if (!writingRow) {
        return;
      }
      writingRow = false;
      if (!started) {
        started = true;
        for (int l = 1; l < levels; l++) {
          bucketStart[l] = Math.floorDiv(tick, step[l]) * step[l];
        }
      }
      for (int l = 1; l < levels; l++) {
        if (tick - (bucketStart[l] + step[l]) >= 0) {
          closeBuckets(l);
          bucketStart[l] = Math.floorDiv(tick, step[l]) * step[l];
        }
      }
      appendRaw();
    }
    if (budgeted) {
      pool.enforceBudget();
    }
  }

  private void appendRaw() {
    Level raw = lv[0];
    long row = raw.times.append(tick, pool);
    int cols = columnCount;
    for (int s = 0; s < nextSlot; s++) {
      if (!inUse[s]) {
        continue;
      }
      int base = s * colCap;
      boolean changed = false;
      for (int c = 0; c < cols; c++) {
        double v = writing[base + c];
        if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(last[base + c])) {
          changed = true;
        }
        rowScratch[c] = Chunks.round(v, precision);
        if (!Double.isNaN(v)) {
          seen[base + c] = true;
          if (levels > 1) {
            offerSample(base + c, v);
          }
        }
      }
      if (changed) {
        lastActive[s] = tick;
      }
      System.arraycopy(writing, base, last, base, cols);
      hasRow[s] = true;
      encodeRow(raw, s, rowScratch, cols, row);
    }
    dropOld(0, raw.times.nextRow());
  }

  // Retention is applied lazily, per slot when its open chunk closes (see encodeRow), and to the times here.
  private void dropOld(int level, long nextRow) {
    Level l = lv[level];
    // keep one chunk of times beyond the window: rows are trimmed exactly when read
    l.times.dropBefore(nextRow - keep[level] - 1, pool);
  }

  /** Appends one row of {@code cols * fields} values (rounded already) for slot {@code s} at {@code level}. */
  private void encodeRow(Level l, int s, double[] values, int cols, long row) {
    int fields = l.fields;
    int n = cols * fields;
    int base = s * colCap * fields;
    long[] chunk = l.open[s];
    boolean fresh = chunk == null || l.openCols[s] != cols;
    if (!fresh) {
      fresh = l.openBits[s] + Chunks.rowBits(values, n, l.prev, l.window, base) > chunk.length * 64;
    }
    if (fresh) {
      l.close(s);
      l.dropBefore(s, l.nextRow() - keep[level(l)]);
      chunk = pool.acquire(chunkWords(l, n));
      l.valueWords += chunk.length;
      l.open[s] = chunk;
      l.openFirst[s] = row;
      l.openRows[s] = 0;
      l.openBits[s] = 0;
      l.openCols[s] = cols;
      Arrays.fill(l.prev, base, base + n, 0L);
      Arrays.fill(l.window, base, base + n, Chunks.NO_WINDOW);
    }
    int pos = Chunks.writeRow(chunk, l.openBits[s], values, n, l.prev, l.window, base);
    l.openBits[s] = pos;
    l.openRows[s]++;
  }

  /**
   * The size of a level's chunks for rows of {@code n} values: room for about {@link #RAW_ROWS} raw rows (16 rollup
   * rows) of 24 bits a value, and for at least one row of the worst case. A chunk's first row costs about 50 bits a
   * value (XOR against zero), so a chunk of few rows would cost that often; a large chunk, half empty on average,
   * costs memory for every slot. Rollup chunks fill slowly, so theirs are smaller.
   */
  private static int chunkWords(Level l, int n) {
    int rows = l.fields == 1 ? RAW_ROWS : ROLLUP_ROWS;
    return ChunkPool.wordsFor(Math.max(n * WORST_VALUE_BITS + 64, n * 24 * rows));
  }

  private int level(Level l) {
    for (int i = 0; i < levels; i++) {
      if (lv[i] == l) {
        return i;
      }
    }
    throw new IllegalStateException("unknown level");
  }

  // ------------------------------------------------------------------ rollups

  /** Fresh per-cell state for {@code cells} cells: the rollup accumulators of every level, the row being written. */
  private void allocateCells(int cells) {
    for (int l = 1; l < levels; l++) {
      accCount[l] = new long[cells];
      accSum[l] = new double[cells];
      accMin[l] = new double[cells];
      accMax[l] = new double[cells];
      accHeld[l] = new int[cells];
      accOffered[l] = new long[cells];
      accKept[l] = new double[cells * keptCap[l] * (l == 1 ? 1 : Rollups.FIELDS)];
      resetAcc(l, 0, cells);
    }
    seen = new boolean[cells];
    writing = new double[cells];
    last = new double[cells];
    Arrays.fill(writing, Double.NaN);
    Arrays.fill(last, Double.NaN);
    rowScratch = new double[colCap * Rollups.FIELDS];
  }

  private void resetAcc(int l, int from, int to) {
    Arrays.fill(accCount[l], from, to, 0L);
    Arrays.fill(accSum[l], from, to, 0.0);
    Arrays.fill(accMin[l], from, to, Double.POSITIVE_INFINITY);
    Arrays.fill(accMax[l], from, to, Double.NEGATIVE_INFINITY);
    Arrays.fill(accHeld[l], from, to, 0);
    Arrays.fill(accOffered[l], from, to, 0L);
  }

  /** A raw value into the first tier's open bucket of cell {@code cell} (slot * colCap + column). */
  private void offerSample(int cell, double v) {
    accCount[1][cell]++;
    accSum[1][cell] += v;
    if (v < accMin[1][cell]) {
      accMin[1][cell] = v;
    }
    if (v > accMax[1][cell]) {
      accMax[1][cell] = v;
    }
    int cap = keptCap[1];
    long offered = accOffered[1][cell]++;
    int at = offered < cap ? (int) offered : Rollups.reservoirSlot(offered, cap);
    if (at >= 0) {
      accKept[1][cell * cap + at] = v;
      if (offered < cap) {
        accHeld[1][cell]++;
      }
    }
  }

  /** A closed bucket of tier {@code l - 1} (fields at {@code b[o..]}) into tier {@code l}'s open bucket. */
  private void offerBucket(int l, int cell, double[] b, int o) {
    double count = b[o + Rollups.COUNT];
    if (!(count > 0)) {
      return;
    }
    accCount[l][cell] += (long) count;
    accSum[l][cell] += b[o + Rollups.MEAN] * count;
    accMin[l][cell] = Math.min(accMin[l][cell], b[o + Rollups.MIN]);
    accMax[l][cell] = Math.max(accMax[l][cell], b[o + Rollups.MAX]);
    int cap = keptCap[l];
    long offered = accOffered[l][cell]++;
    int at = offered < cap ? (int) offered : Rollups.reservoirSlot(offered, cap);
    if (at >= 0) {
      System.arraycopy(b, o, accKept[l], (cell * cap + at) * Rollups.FIELDS, Rollups.FIELDS);
      if (offered < cap) {
        accHeld[l][cell]++;
      }
    }
  }

  /**
   * The open bucket of tier {@code l} for {@code cell} into {@code out[o..]}; with {@code withFiner}, merged with
   * the finer tiers' open buckets (what a reader sees; a closing bucket has had them merged already).
   */
  private void openBucket(int l, int cell, boolean withFiner, double[] out, int o) {
    if (l == 1) {
      int n = accHeld[1][cell];
      int cap = keptCap[1];
      System.arraycopy(accKept[1], cell * cap, sortScratch, 0, n);
      Rollups.sort(sortScratch, n);
      Rollups.ofSorted(sortScratch, n, accCount[1][cell], accSum[1][cell], accMin[1][cell], accMax[1][cell], out, o);
      return;
    }
    double[] finer = null;
    if (withFiner) { // first: it may use the scratch below
      finer = new double[Rollups.FIELDS];
      openBucket(l - 1, cell, true, finer, 0);
    }
    int n = accHeld[l][cell];
    int cap = keptCap[l];
    int need = (n + 1) * Rollups.FIELDS;
    if (mixScratch.length < need) {
      mixScratch = new double[need];
    }
    double[] mix = mixScratch;
    System.arraycopy(accKept[l], cell * cap * Rollups.FIELDS, mix, 0, n * Rollups.FIELDS);
    int parts = n;
    if (finer != null && finer[Rollups.COUNT] > 0) {
      System.arraycopy(finer, 0, mix, parts * Rollups.FIELDS, Rollups.FIELDS);
      parts++;
    }
    // the kept sub-buckets may be a sample of those offered: scale their percentiles only, keep the exact totals
    double count = accCount[l][cell];
    double sum = accSum[l][cell];
    double min = accMin[l][cell];
    double max = accMax[l][cell];
    if (withFiner && parts > n) {
      int f = n * Rollups.FIELDS;
      count += mix[f + Rollups.COUNT];
      sum += mix[f + Rollups.MEAN] * mix[f + Rollups.COUNT];
      min = Math.min(min, mix[f + Rollups.MIN]);
      max = Math.max(max, mix[f + Rollups.MAX]);
    }
    out[o + Rollups.COUNT] = count;
    if (count == 0) {
      for (int f = Rollups.MEAN; f < Rollups.FIELDS; f++) {
        out[o + f] = Double.NaN;
      }
      return;
    }
    out[o + Rollups.MEAN] = sum / count;
    out[o + Rollups.MIN] = min;
    out[o + Rollups.MAX] = max;
    out[o + Rollups.P50] = Rollups.mixtureQuantile(mix, parts, 0.5);
    out[o + Rollups.P95] = Rollups.mixtureQuantile(mix, parts, 0.95);
  }

  /** Closes tier {@code l}'s open bucket for every slot in use: a row of the tier, and a part of the next tier's. */
  private void closeBuckets(int l) {
    Level level = lv[l];
    long row = level.times.append(bucketStart[l], pool);
    int cols = columnCount;
    int fields = Rollups.FIELDS;
    for (int s = 0; s < nextSlot; s++) {
      if (!inUse[s]) {
        continue;
      }
      int cellBase = s * colCap;
      for (int c = 0; c < cols; c++) {
        int cell = cellBase + c;
        openBucket(l, cell, false, rowScratch, c * fields);
        if (l + 1 < levels) {
          offerBucket(l + 1, cell, rowScratch, c * fields);
        }
        for (int f = 0; f < fields; f++) {
          rowScratch[c * fields + f] = Chunks.round(rowScratch[c * fields + f], rollupPrecision);
        }
      }
      resetAcc(l, cellBase, cellBase + colCap);
      encodeRow(level, s, rowScratch, cols, row);
    }
    dropOld(l, level.times.nextRow());
  }

  // ------------------------------------------------------------------ slots and columns

  /** Gives a slot to an agent whose first row is the next one written. */
  synchronized int assignSlot(long sinceSequence) {
    int slot;
    if (freeCount > 0) {
      slot = freeSlots[--freeCount];
    } else {
      if (nextSlot == slotCap) {
        growSlots();
      }
      slot = nextSlot++;
    }
    inUse[slot] = true;
    hasRow[slot] = false;
    lastActive[slot] = tick;
    int base = slot * colCap;
    Arrays.fill(writing, base, base + colCap, Double.NaN);
    Arrays.fill(last, base, base + colCap, Double.NaN);
    Arrays.fill(seen, base, base + colCap, false);
    for (int l = 0; l < levels; l++) {
      Level level = lv[l];
      level.clearSlot(slot);
      // a slot taken during a tick joins that tick's row; rollups: the bucket now open
      level.slotFirst[slot] = level.nextRow();
      level.dropped[slot] = false;
      if (l > 0) {
        resetAcc(l, base, base + colCap);
      }
    }
    return slot;
  }

  /** Takes a slot back (its chunks were moved out or are released here). */
  synchronized void releaseSlot(int slot) {
    inUse[slot] = false;
    for (int l = 0; l < levels; l++) {
      lv[l].clearSlot(slot);
    }
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
  }

  private synchronized int addColumn(int metricIndex) {
    if (metricIndex >= columnOf.length) {
      columnOf = Arrays.copyOf(columnOf, Math.max(metricIndex + 1, Math.max(32, columnOf.length * 2)));
    }
    if (columnCount == colCap) {
      widen(colCap * 2);
    }
    if (columnCount == metricAt.length) {
      metricAt = Arrays.copyOf(metricAt, columnCount * 2);
    }
    metricAt[columnCount] = metricIndex;
    columnCount++;
    columnOf[metricIndex] = columnCount;
    return columnCount - 1;
  }

  private void widen(int newCap) {
    int oldCap = colCap;
    seen = widenArray(seen, slotCap, oldCap, newCap);
    writing = widenArray(writing, slotCap, oldCap, newCap);
    last = widenArray(last, slotCap, oldCap, newCap);
    for (int s = 0; s < slotCap; s++) {
      Arrays.fill(writing, s * newCap + oldCap, (s + 1) * newCap, Double.NaN);
      Arrays.fill(last, s * newCap + oldCap, (s + 1) * newCap, Double.NaN);
    }
    for (Level l : lv) {
      l.widen(oldCap, newCap);
    }
    for (int l = 1; l < levels; l++) {
      accCount[l] = widenArray(accCount[l], slotCap, oldCap, newCap);
      accSum[l] = widenArray(accSum[l], slotCap, oldCap, newCap);
      accMin[l] = widenArray(accMin[l], slotCap, oldCap, newCap);
      accMax[l] = widenArray(accMax[l], slotCap, oldCap, newCap);
      accHeld[l] = widenArray(accHeld[l], slotCap, oldCap, newCap);
      accOffered[l] = widenArray(accOffered[l], slotCap, oldCap, newCap);
      int per = keptCap[l] * (l == 1 ? 1 : Rollups.FIELDS);
      accKept[l] = widenArray(accKept[l], slotCap, oldCap * per, newCap * per);
      for (int s = 0; s < slotCap; s++) {
        resetAcc(l, s * newCap + oldCap, (s + 1) * newCap);
      }
    }
    colCap = newCap;
    rowScratch = new double[newCap * Rollups.FIELDS];
  }

  private void growSlots() {
    int more = slotCap * 2;
    int cells = more * colCap;
    inUse = Arrays.copyOf(inUse, more);
    lastActive = Arrays.copyOf(lastActive, more);
    hasRow = Arrays.copyOf(hasRow, more);
    seen = Arrays.copyOf(seen, cells);
    int oldCells = slotCap * colCap;
    writing = Arrays.copyOf(writing, cells);
    last = Arrays.copyOf(last, cells);
    Arrays.fill(writing, oldCells, cells, Double.NaN);
    Arrays.fill(last, oldCells, cells, Double.NaN);
    for (Level l : lv) {
      l.growSlots(more);
    }
    for (int l = 1; l < levels; l++) {
      accCount[l] = Arrays.copyOf(accCount[l], cells);
      accSum[l] = Arrays.copyOf(accSum[l], cells);
      accMin[l] = Arrays.copyOf(accMin[l], cells);
      accMax[l] = Arrays.copyOf(accMax[l], cells);
      accHeld[l] = Arrays.copyOf(accHeld[l], cells);
      accOffered[l] = Arrays.copyOf(accOffered[l], cells);
      accKept[l] = Arrays.copyOf(accKept[l], cells * keptCap[l] * (l == 1 ? 1 : Rollups.FIELDS));
      resetAcc(l, oldCells, cells);
    }
    slotCap = more;
  }

  /** {@code src} laid out with {@code slots} runs of {@code oldStride} elements, each widened to {@code newStride}. */
  @SuppressWarnings("SuspiciousSystemArraycopy")
  private static <T> T widenArray(T src, int slots, int oldStride, int newStride) {
    @SuppressWarnings("unchecked")
    T dst = (T) Array.newInstance(src.getClass().getComponentType(), slots * newStride);
    for (int s = 0; s < slots; s++) {
      System.arraycopy(src, s * oldStride, dst, s * newStride, oldStride);
    }
    return dst;
  }

  // ------------------------------------------------------------------ budget

  /** The slot whose data at {@code level} may be evicted and which was active least recently, or -1. */
  synchronized int leastActiveEvictable(int level) {
    if (level >= levels) {
      return -1;
    }
    Level l = lv[level];
    int best = -1;
    for (int s = 0; s < nextSlot; s++) {
      if (inUse[s] && l.rings[s].size() > 0 && (best < 0 || lastActive[s] - lastActive[best] < 0)) {
        best = s;
      }
    }
    return best;
  }

  synchronized long lastActive(int slot) {
    return lastActive[slot];
  }

  /**
   * Drops closed chunks of {@code slot} at {@code level}: all of them below the last tier (what they held is in the
   * coarser tiers already), the older half at the last tier.
   */
  synchronized void evict(int level, int slot) {
    Level l = lv[level];
    ChunkRing ring = l.rings[slot];
    int drop = level == levels - 1 ? Math.max(1, ring.size() / 2) : ring.size();
    for (int i = 0; i < drop; i++) {
      long[] c = ring.removeOldest();
      l.valueWords -= c.length;
      pool.release(c);
    }
    l.dropped[slot] = true;
    generation++;
  }

  /** Bytes held per tier: the chunks of values and of times, in tier order (raw first). */
  synchronized long[] bytesByLevel() {
    long[] bytes = new long[levels];
    for (int l = 0; l < levels; l++) {
      bytes[l] = 8 * (lv[l].valueWords + lv[l].times.words());
    }
    return bytes;
  }

  /**
   * Bytes of the table's per-slot state, apart from chunks: the rows being written and last written, each column's
   * previous value and XOR window per tier, the open buckets' accumulators, and the rings' bookkeeping.
   */
  synchronized long stateBytes() {
    long bytes = 8L * (writing.length + last.length) + seen.length + 9L * slotCap;
    for (Level l : lv) {
      bytes += 8L * l.prev.length + 4L * l.window.length + 8L * l.slotFirst.length * 3 + 16L * l.open.length;
      for (ChunkRing ring : l.rings) {
        bytes += ring.bookkeepingBytes();
      }
    }
    for (int l = 1; l < levels; l++) {
      bytes += 8L * (accCount[l].length + accSum[l].length + accMin[l].length + accMax[l].length
          + accOffered[l].length + accKept[l].length) + 4L * accHeld[l].length;
    }
    return bytes;
  }

  /** The names of the tiers, raw first: {@code raw}, then the steps ({@code 10s}, {@code 1m}, ...). */
  String[] levelLabels() {
    return labels.clone();
  }

  // ------------------------------------------------------------------ reading (any thread)

  private int column(Metric metric) {
    int i = metric.index();
    return (i < columnOf.length ? columnOf[i] : 0) - 1;
  }

  private long epochMillis(long tickNanos) {
    return anchorEpochMillis + Math.floorDiv(tickNanos - anchorTick, 1_000_000L);
  }

  /** Rows of {@code level} the slot holds: {@code [from, to)}. Lock held. */
  private long firstHeldRow(int level, int slot) {
    Level l = lv[level];
    long from = Math.max(l.slotFirst[slot], l.nextRow() - keep[level]);
    from = Math.max(from, l.times.oldestRow());
    return Math.max(from, l.oldestRow(slot));
  }

  /** Whether the slot's rows at {@code level} go back to when it got the slot. Lock held. */
  private boolean complete(int level, int slot) {
    Level l = lv[level];
    return !l.dropped[slot] && firstHeldRow(level, slot) <= l.slotFirst[slot];
  }

  /**
   * The finest tier that holds the slot's data back to {@code since}, or failing that the one reaching furthest
   * back. Lock held.
   */
  private int chooseLevel(int slot, long since) {
    int furthest = 0;
    long furthestTime = Long.MAX_VALUE;
    for (int l = 0; l < levels; l++) {
      long oldest = oldestTime(l, slot);
      if (oldest == Long.MAX_VALUE) {
        continue;
      }
      if (complete(l, slot) || oldest - since <= 0) {
        return l;
      }
      if (furthestTime == Long.MAX_VALUE || oldest - furthestTime < 0) {
        furthest = l;
        furthestTime = oldest;
      }
    }
    return furthest;
  }

  /** The time of the oldest data the slot has at {@code level}, or {@code Long.MAX_VALUE} if none. Lock held. */
  private long oldestTime(int level, int slot) {
    Level l = lv[level];
    long first = firstHeldRow(level, slot);
    if (first < l.nextRow()) {
      return timeOfRow(l.times, first);
    }
    if (level > 0 && hasRow[slot]) {
      return bucketStart[level]; // only the open bucket
    }
    return Long.MAX_VALUE;
  }

  private long timeOfRow(TimeColumn times, long row) {
    long[] out = new long[1];
    Plan p = new Plan();
    times.collect(row, row + 1, p);
    Chunks.Cursor cursor = new Chunks.Cursor();
    for (int i = 0; i < p.timeCount; i++) {
      TimeColumn.decode(p.timeChunks[i], p.timeFirst[i], p.timeRows[i], p.timeBits[i], row, row + 1, row, out, cursor);
    }
    return out[0];
  }

  /** Gathers what a read of {@code metric} since {@code since} needs. Lock held. */
  private Plan plan(int slot, Metric metric, long since) {
    Plan p = new Plan();
    p.column = column(metric);
    p.generation = generation;
    if (slot < 0) {
      p.from = 0;
      p.to = 0;
      return p;
    }
    int level = chooseLevel(slot, since);
    Level l = lv[level];
    p.fields = l.fields;
    p.stepNanos = step[level];
    p.sinceTime = level == 0 ? since : since - step[level] + 1;
    p.from = firstHeldRow(level, slot);
    p.to = l.nextRow();
    // skip the rows of whole time chunks that end before the window
    TimeColumn times = l.times;
    for (int i = 0; i < times.closed.size(); i++) {
      if (times.closed.lastTime(i) - p.sinceTime < 0) {
        p.from = Math.max(p.from, times.closed.endRow(i));
      } else {
        break;
      }
    }
    if (p.from < p.to) {
      times.collect(p.from, p.to, p);
      ChunkRing ring = l.rings[slot];
      for (int i = 0; i < ring.size(); i++) {
        if (ring.endRow(i) > p.from && ring.firstRow(i) < p.to) {
          p.addValues(ring.chunk(i), ring.firstRow(i), ring.rows(i), ring.bits(i), ring.columns(i));
        }
      }
      long[] open = l.open[slot];
      if (open != null && l.openRows[slot] > 0) {
        int bits = l.openBits[slot];
        p.addValues(Arrays.copyOf(open, Math.min(open.length, ((bits + 63) >>> 6) + 1)), l.openFirst[slot],
            l.openRows[slot], bits, l.openCols[slot]);
      }
    }
    if (level > 0 && hasRow[slot] && p.column >= 0) {
      p.partial = new double[Rollups.FIELDS];
      openBucket(level, slot * colCap + p.column, true, p.partial, 0);
      p.partialTime = bucketStart[level];
    } else if (level > 0 && hasRow[slot]) {
      p.partial = new double[Rollups.FIELDS];
      Arrays.fill(p.partial, Double.NaN);
      p.partial[Rollups.COUNT] = 0;
      p.partialTime = bucketStart[level];
    }
    return p;
  }

  /** Decodes a plan into times and values ({@code fields} per row); null if a chunk was recycled meanwhile. */
  private static @Nullable Decoded decode(Plan p) {
    int n = (int) Math.max(0, p.to - p.from);
    long[] times = new long[n];
    double[] values = new double[n * Math.max(1, p.fields)];
    Arrays.fill(values, Double.NaN);
    Chunks.Cursor cursor = new Chunks.Cursor();
    for (int i = 0; i < p.timeCount; i++) {
      if (!TimeColumn.decode(p.timeChunks[i], p.timeFirst[i], p.timeRows[i], p.timeBits[i], p.from, p.to, p.from,
          times, cursor)) {
        return null;
      }
    }
    if (p.column >= 0) {
      for (int i = 0; i < p.valueCount; i++) {
        if (!decodeValues(p, i, values, cursor)) {
          return null;
        }
      }
    }
    return new Decoded(times, values);
  }

  private static boolean decodeValues(Plan p, int i, double[] out, Chunks.Cursor cursor) {
    long[] chunk = p.valueChunks[i];
    int cols = p.valueColumns[i];
    int fields = p.fields;
    int width = cols * fields;
    long[] prev = new long[width];
    int[] window = new int[width];
    Arrays.fill(window, Chunks.NO_WINDOW);
    int limit = p.valueBits[i];
    cursor.pos = 0;
    int wanted = p.column;
    for (int r = 0; r < p.valueRows[i]; r++) {
      long row = p.valueFirst[i] + r;
      if (row >= p.to) {
        break;
      }
      if (!Chunks.readRow(chunk, cursor, limit, prev, window, width)) {
        return false;
      }
      if (row >= p.from && wanted < cols) {
        int at = (int) (row - p.from) * fields;
        for (int f = 0; f < fields; f++) {
          out[at + f] = Double.longBitsToDouble(prev[wanted * fields + f]);
        }
      }
    }
    return true;
  }

  /** Times and values decoded from a plan's chunks (not a record: its equals would compare the arrays by identity). */
  private static final class Decoded {
    private final long[] times;
    private final double[] values;

    Decoded(long[] times, double[] values) {
      this.times = times;
      this.values = values;
    }

    long[] times() {
      return times;
    }

    double[] values() {
      return values;
    }
  }

  /** Reads a plan: decoded outside the lock, again under it if a chunk it uses was recycled meanwhile. */
  private Decoded read(Plan p, View view, Metric metric, long since) {
    Decoded d = decode(p);
    VarHandle.loadLoadFence(); // the chunks were read before the generation is read again (a sequence lock)
    if (d != null && generation == p.generation) {
      return d;
    }
    synchronized (this) {
      Plan again = plan(view.slot, metric, since);
      p.reset();
      copyPlan(again, p);
      Decoded sure = decode(p);
      if (sure == null) {
        throw new IllegalStateException("history chunk does not decode under the lock");
      }
      return sure;
    }
  }

  private static void copyPlan(Plan from, Plan into) {
    into.from = from.from;
    into.to = from.to;
    into.sinceTime = from.sinceTime;
    into.column = from.column;
    into.fields = from.fields;
    into.generation = from.generation;
    into.stepNanos = from.stepNanos;
    into.partial = from.partial;
    into.partialTime = from.partialTime;
    for (int i = 0; i < from.timeCount; i++) {
      into.addTimes(from.timeChunks[i], from.timeFirst[i], from.timeRows[i], from.timeBits[i]);
    }
    for (int i = 0; i < from.valueCount; i++) {
      into.addValues(from.valueChunks[i], from.valueFirst[i], from.valueRows[i], from.valueBits[i],
          from.valueColumns[i]);
    }
  }

  // ------------------------------------------------------------------ a slot's history

  /**
   * A slot's history: an agent's, or the machine's in a table of one slot ({@code writable}). When an agent leaves,
   * its chunks move to a table of its own and the view reads that one.
   */
  final class View implements HistoryStore {
    private int slot = -1;              // guarded by the table; -1 before the agent gets a slot
    private final boolean writable;
    private @Nullable View frozen;                // guarded by the table

    View() {
      this(false);
    }

    View(boolean writable) {
      this.writable = writable;
    }

    /** Called on the monitor thread when the agent joins: it gets a slot of the table. */
    void join(long sinceSequence) {
      attach(assignSlot(sinceSequence));
    }

    /** Called on the monitor thread when the agent gets its slot. */
    void attach(int slot) {
      synchronized (AgentTable.this) {
        this.slot = slot;
      }
    }

    /** Called on the monitor thread when the agent leaves: its chunks move out, then its slot is freed. */
    void freeze() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return;
        }
        AgentTable own = new AgentTable(AgentTable.this, ChunkPool.unbounded());
        if (slot >= 0) {
          own.adopt(AgentTable.this, slot);
          releaseSlot(slot);
        } else {
          own.assignSlot(0);
        }
        View v = own.new View(false);
        v.slot = 0;
        frozen = v;
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
        if (frozen != null) {
          return frozen.size();
        }
        if (slot < 0) {
          return 0;
        }
        return (int) (lv[0].nextRow() - firstHeldRow(0, slot));
      }
    }

    @Override
    public void append(long tickNanos, long epochMillis, double[] values) {
      if (!writable) {
        throw new IllegalStateException("an agent's history is written by its monitor only");
      }
      synchronized (AgentTable.this) {
        beginRow(tickNanos, epochMillis, 0);
        for (int i = 0; i < values.length; i++) {
          if (!Double.isNaN(values[i])) {
            put(slot, i, values[i]);
          }
        }
      }
      commitRow();
    }

    @Override
    public void append(long tickNanos, long epochMillis, double[] values, int[] written, int count) {
      if (!writable) {
        throw new IllegalStateException("an agent's history is written by its monitor only");
      }
      synchronized (AgentTable.this) {
        beginRow(tickNanos, epochMillis, 0);
        for (int k = 0; k < count; k++) {
          int i = written[k];
          if (!Double.isNaN(values[i])) {
            put(slot, i, values[i]);
          }
        }
      }
      commitRow();
    }

    @Override
    public double latest(Metric metric) {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.latest(metric);
        }
        int c = column(metric);
        return slot < 0 || c < 0 || !hasRow[slot] ? Double.NaN : last[slot * colCap + c];
      }
    }

    @Override
    public long latestTickNanos() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.latestTickNanos();
        }
        return slot < 0 || !hasRow[slot] || lv[0].nextRow() == 0 ? Long.MIN_VALUE : lv[0].times.latest();
      }
    }

    @Override
    public long latestEpochMillis() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.latestEpochMillis();
        }
        long t = latestTickNanos();
        return t == Long.MIN_VALUE ? Long.MIN_VALUE : epochMillis(t);
      }
    }

    @Override
    public List<Metric> metrics() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.metrics();
        }
        List<Metric> result = new ArrayList<>();
        if (slot < 0) {
          return result;
        }
        List<Metric> all = Metric.all();
        for (int c = 0; c < columnCount; c++) {
          if (seen[slot * colCap + c]) {
            result.add(all.get(metricAt[c]));
          }
        }
        return result;
      }
    }

    @Override
    public io.github.resourcemanager.monitor.Series series(Metric metric, long sinceTickNanos) {
      Plan p;
      View target;
      synchronized (AgentTable.this) {
        if (frozen != null) {
          target = frozen;
          p = null;
        } else {
          target = this;
          p = plan(slot, metric, sinceTickNanos);
        }
      }
      if (p == null) {
        return target.series(metric, sinceTickNanos);
      }
      Decoded d = read(p, this, metric, sinceTickNanos);
      return build(metric, p, d);
    }

    private io.github.resourcemanager.monitor.Series build(Metric metric, Plan p, Decoded d) {
      long[] times = d.times();
      int n = times.length;
      int first = 0;
      while (first < n && times[first] - p.sinceTime < 0) {
        first++;
      }
      int count = n - first;
      if (p.stepNanos == 0) {
        long[] nanos = Arrays.copyOfRange(times, first, n);
        long[] millis = new long[count];
        double[] vals = Arrays.copyOfRange(d.values(), first, n);
        synchronized (AgentTable.this) {
          for (int i = 0; i < count; i++) {
            millis[i] = epochMillis(nanos[i]);
          }
        }
        return new ArraySeries(metric, nanos, millis, vals, Duration.ZERO);
      }
      boolean withPartial = p.partial != null && p.partialTime - p.sinceTime >= 0;
      int total = count + (withPartial ? 1 : 0);
      long[] nanos = new long[total];
      long[] millis = new long[total];
      double[] buckets = new double[total * Rollups.FIELDS];
      System.arraycopy(times, first, nanos, 0, count);
      System.arraycopy(d.values(), first * Rollups.FIELDS, buckets, 0, count * Rollups.FIELDS);
      if (withPartial) {
        nanos[count] = p.partialTime;
        System.arraycopy(p.partial, 0, buckets, count * Rollups.FIELDS, Rollups.FIELDS);
      }
      double lastValue;
      synchronized (AgentTable.this) {
        for (int i = 0; i < total; i++) {
          millis[i] = epochMillis(nanos[i]);
        }
        lastValue = slot >= 0 && p.column >= 0 && hasRow[slot] ? lastMeasured(slot, p.column) : Double.NaN;
      }
      return new RollupSeries(metric, nanos, millis, buckets, Duration.ofNanos(p.stepNanos), lastValue);
    }

    @Override
    public int forEach(Metric metric, long sinceTickNanos, History.ValueVisitor visitor) {
      io.github.resourcemanager.monitor.Series s = series(metric, sinceTickNanos);
      int visited = 0;
      for (int i = 0; i < s.size(); i++) {
        double v = s.value(i);
        if (!Double.isNaN(v)) {
          visitor.visit(s.tickNanos(i), v);
          visited++;
        }
      }
      return visited;
    }

    /** The bytes of the chunks of this slot, all tiers, and of the table's times (the machine's: all of them). */
    @Override
    public long bufferBytes() {
      synchronized (AgentTable.this) {
        if (frozen != null) {
          return frozen.bufferBytes();
        }
        if (slot < 0) {
          return 0;
        }
        long words = 0;
        for (Level l : lv) {
          words += l.rings[slot].words() + (l.open[slot] == null ? 0 : l.open[slot].length);
          if (writable) {
            words += l.times.words();
          }
        }
        return 8 * words;
      }
    }

    @Override
    public String toString() {
      synchronized (AgentTable.this) {
        return frozen != null ? "left: " + frozen : "slot " + slot + ", " + size() + "/" + capacity + " samples";
      }
    }
  }

  /** The latest measured value of a cell, exact: from the last row, else the open rollup's max as a fallback. */
  private double lastMeasured(int slot, int column) {
    return last[slot * colCap + column];
  }

  // ------------------------------------------------------------------ an agent leaving

  /** A table shaped like {@code other}, empty, for the history of an agent that left it. */
  private AgentTable(AgentTable other, ChunkPool pool) {
    this.capacity = other.capacity;
    this.precision = other.precision;
    this.rollupPrecision = other.rollupPrecision;
    this.pool = pool;
    this.budgeted = false;
    this.levels = other.levels;
    this.step = other.step.clone();
    this.keep = other.keep.clone();
    this.labels = other.labels.clone();
    this.keptCap = other.keptCap.clone();
    this.lv = new Level[levels];
    for (int l = 0; l < levels; l++) {
      lv[l] = new Level(l == 0 ? 1 : Rollups.FIELDS);
    }
    this.bucketStart = new long[levels];
    this.accCount = new long[levels][];
    this.accSum = new double[levels][];
    this.accMin = new double[levels][];
    this.accMax = new double[levels][];
    this.accHeld = new int[levels][];
    this.accOffered = new long[levels][];
    this.accKept = new double[levels][];
    this.colCap = other.colCap;
    int cells = slotCap * colCap;
    for (Level l : lv) {
      l.widen(INITIAL_COLUMNS, colCap);
    }
    allocateCells(cells);
    this.sortScratch = other.sortScratch.clone();
    this.mixScratch = new double[other.mixScratch.length];
  }

  /**
   * Takes over slot {@code s} of {@code from} as this table's slot 0: its chunks (moved: closed chunks are immutable,
   * the open ones are closed here), copies of the times they need, its open buckets and latest values.
   * Both locks held (from's by the caller; this table is not yet shared).
   */
  private void adopt(AgentTable from, int s) {
    nextSlot = 1;
    inUse[0] = false; // nothing is written any more
    hasRow[0] = from.hasRow[s];
    lastActive[0] = from.lastActive[s];
    anchored = from.anchored;
    anchorTick = from.anchorTick;
    anchorEpochMillis = from.anchorEpochMillis;
    started = from.started;
    tick = from.tick;
    columnCount = from.columnCount;
    columnOf = from.columnOf.clone();
    metricAt = from.metricAt.clone();
    System.arraycopy(from.seen, s * colCap, seen, 0, colCap);
    System.arraycopy(from.last, s * colCap, last, 0, colCap);
    for (int l = 0; l < levels; l++) {
      Level src = from.lv[l];
      Level dst = lv[l];
      src.close(s);
      long firstRow = Math.max(src.slotFirst[s], src.nextRow() - keep[l]);
      src.rings[s].moveTo(dst.rings[0]);
      for (int i = 0; i < dst.rings[0].size(); i++) {
        long[] c = dst.rings[0].chunk(i);
        src.valueWords -= c.length;
        from.pool.forget(c);
        dst.valueWords += c.length;
      }
      dst.slotFirst[0] = src.slotFirst[s];
      dst.dropped[0] = src.dropped[s];
      src.times.copyTo(dst.times, Math.min(firstRow, dst.oldestRow(0)));
      bucketStart[l] = from.bucketStart[l];
      if (l > 0) {
        int cells = colCap;
        int srcCell = s * colCap;
        System.arraycopy(from.accCount[l], srcCell, accCount[l], 0, cells);
        System.arraycopy(from.accSum[l], srcCell, accSum[l], 0, cells);
        System.arraycopy(from.accMin[l], srcCell, accMin[l], 0, cells);
        System.arraycopy(from.accMax[l], srcCell, accMax[l], 0, cells);
        System.arraycopy(from.accHeld[l], srcCell, accHeld[l], 0, cells);
        System.arraycopy(from.accOffered[l], srcCell, accOffered[l], 0, cells);
        int per = keptCap[l] * (l == 1 ? 1 : Rollups.FIELDS);
        System.arraycopy(from.accKept[l], srcCell * per, accKept[l], 0, cells * per);
      }
    }
  }
}
