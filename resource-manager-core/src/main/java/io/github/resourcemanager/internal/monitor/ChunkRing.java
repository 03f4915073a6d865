package io.github.resourcemanager.internal.monitor;

import java.util.Arrays;

/**
 * The closed chunks of one column group, oldest first: each chunk with the number of its first row, its row count,
 * its used bits, the number of columns its rows hold, and (for times) its first and last time. Closed chunks are
 * never written again: readers decode them outside the table's lock. Grows by doubling; guarded by the table.
 */
final class ChunkRing {
  private long[][] chunks = new long[4][];
  private long[] firstRow = new long[4];
  private int[] rows = new int[4];
  private int[] bits = new int[4];
  private int[] columns = new int[4];
  private long[] firstTime = new long[4];
  private long[] lastTime = new long[4];
  private int head; // index of the oldest
  private int size;

  int size() {
    return size;
  }

  private int at(int i) {
    int r = head + i;
    return r >= chunks.length ? r - chunks.length : r;
  }

  void add(long[] chunk, long first, int rowCount, int usedBits, int columnCount, long firstT, long lastT) {
    if (size == chunks.length) {
      grow();
    }
    int r = at(size);
    chunks[r] = chunk;
    firstRow[r] = first;
    rows[r] = rowCount;
    bits[r] = usedBits;
    columns[r] = columnCount;
    firstTime[r] = firstT;
    lastTime[r] = lastT;
    size++;
  }

  private void grow() {
    int n = chunks.length * 2;
    long[][] c = new long[n][];
    long[] f = new long[n];
    int[] r = new int[n];
    int[] b = new int[n];
    int[] k = new int[n];
    long[] ft = new long[n];
    long[] lt = new long[n];
    for (int i = 0; i < size; i++) {
      int a = at(i);
      c[i] = chunks[a];
      f[i] = firstRow[a];
      r[i] = rows[a];
      b[i] = bits[a];
      k[i] = columns[a];
      ft[i] = firstTime[a];
      lt[i] = lastTime[a];
    }
    chunks = c;
    firstRow = f;
    rows = r;
    bits = b;
    columns = k;
    firstTime = ft;
    lastTime = lt;
    head = 0;
  }

  /** Removes and returns the oldest chunk. */
  long[] removeOldest() {
    long[] c = chunks[head];
    chunks[head] = null;
    head = head + 1 == chunks.length ? 0 : head + 1;
    size--;
    return c;
  }

  /** Removes and returns the newest chunk. */
  long[] removeNewest() {
    int r = at(size - 1);
    long[] c = chunks[r];
    chunks[r] = null;
    size--;
    return c;
  }

  long[] chunk(int i) {
    return chunks[at(i)];
  }

  long firstRow(int i) {
    return firstRow[at(i)];
  }

  int rows(int i) {
    return rows[at(i)];
  }

  /** One past the last row of chunk {@code i}. */
  long endRow(int i) {
    int a = at(i);
    return firstRow[a] + rows[a];
  }

  int bits(int i) {
    return bits[at(i)];
  }

  int columns(int i) {
    return columns[at(i)];
  }

  long firstTime(int i) {
    return firstTime[at(i)];
  }

  long lastTime(int i) {
    return lastTime[at(i)];
  }

  /** Words held by the chunks. */
  long words() {
    long w = 0;
    for (int i = 0; i < size; i++) {
      w += chunks[at(i)].length;
    }
    return w;
  }

  /** Bytes of this ring's own arrays (not of its chunks). */
  long bookkeepingBytes() {
    return 16 + (long) chunks.length * (4 + 8 + 4 + 4 + 4 + 8 + 8) + 7 * 16;
  }

  /** Moves every chunk to {@code into}, leaving this ring empty. */
  void moveTo(ChunkRing into) {
    for (int i = 0; i < size; i++) {
      int a = at(i);
      into.add(chunks[a], firstRow[a], rows[a], bits[a], columns[a], firstTime[a], lastTime[a]);
      chunks[a] = null;
    }
    head = 0;
    size = 0;
  }

  void clear() {
    Arrays.fill(chunks, null);
    head = 0;
    size = 0;
  }
}
