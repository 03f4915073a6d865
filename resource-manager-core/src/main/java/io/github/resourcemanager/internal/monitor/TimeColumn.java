package io.github.resourcemanager.internal.monitor;

import org.jspecify.annotations.Nullable;

/**
 * The times of one tier's rows, shared by every slot of a table: ticker readings (or bucket starts) as
 * delta-of-delta in chunks of {@link ChunkPool#MIN_WORDS} words (see {@link Chunks}). Rows are numbered from 0 in
 * the order they were appended. Guarded by the table; closed chunks are read outside its lock.
 */
final class TimeColumn {
  private static final int WORDS = ChunkPool.MIN_WORDS;
  private static final int WORST_BITS = 68;

  final ChunkRing closed = new ChunkRing();
  private long @Nullable [] open;
  private long openFirstRow;
  private int openRows;
  private int openBits;
  private long openFirstTime;
  private long previous;
  private long previousDelta;
  private long nextRow;

  /** The number the next row gets. */
  long nextRow() {
    return nextRow;
  }

  /** Appends the time of the next row; returns its number. */
  long append(long time, ChunkPool pool) {
    long[] chunk = open;
    if (chunk != null && openBits + WORST_BITS > WORDS * 64) {
      close(chunk);
      chunk = null;
    }
    if (chunk == null) {
      chunk = pool.acquire(WORDS);
      open = chunk;
      openFirstRow = nextRow;
      openRows = 0;
      openBits = 0;
      openFirstTime = time;
    }
    if (openRows == 0) {
      openBits = Chunks.write(chunk, 0, time, 64);
      previousDelta = 0;
    } else {
      long delta = time - previous;
      openBits = Chunks.writeDod(chunk, openBits, delta - previousDelta);
      previousDelta = delta;
    }
    previous = time;
    openRows++;
    return nextRow++;
  }

  private void close(long[] chunk) {
    closed.add(chunk, openFirstRow, openRows, openBits, 1, openFirstTime, previous);
    open = null;
  }

  /** Drops the closed chunks whose rows all lie before {@code row}; returns how many words were released. */
  int dropBefore(long row, ChunkPool pool) {
    int words = 0;
    while (closed.size() > 0 && closed.endRow(0) <= row) {
      long[] c = closed.removeOldest();
      words += c.length;
      pool.release(c);
    }
    return words;
  }

  /** Words held, open chunk included. */
  long words() {
    return closed.words() + (open == null ? 0 : open.length);
  }

  /** The time of the newest row; only when there is one. */
  long latest() {
    return previous;
  }

  /** The oldest row still held, or {@link #nextRow()} if none. */
  long oldestRow() {
    if (closed.size() > 0) {
      return closed.firstRow(0);
    }
    return open == null || openRows == 0 ? nextRow : openFirstRow;
  }

  /** Adds to {@code plan} the chunks holding rows {@code [from, to)}; the open one copied, as it is being written. */
  void collect(long from, long to, Plan plan) {
    for (int i = 0; i < closed.size(); i++) {
      if (closed.endRow(i) <= from) {
        continue;
      }
      if (closed.firstRow(i) >= to) {
        break;
      }
      plan.addTimes(closed.chunk(i), closed.firstRow(i), closed.rows(i), closed.bits(i));
    }
    if (open != null && openRows > 0 && openFirstRow < to && openFirstRow + openRows > from) {
      plan.addTimes(java.util.Arrays.copyOf(open, Math.min(open.length, ((openBits + 63) >>> 6) + 1)), openFirstRow, openRows,
          openBits);
    }
  }

  /**
   * Decodes the rows of a chunk into {@code out[row - base]} for rows in {@code [from, to)}. Returns false if the
   * chunk did not decode (overwritten under an optimistic reader).
   */
  static boolean decode(long[] chunk, long firstRow, int rows, int bits, long from, long to, long base, long[] out,
      Chunks.Cursor cursor) {
    if (bits < 64 || rows <= 0) {
      return rows <= 0;
    }
    long t = Chunks.read(chunk, 0, 64);
    long delta = 0;
    cursor.pos = 64;
    for (int r = 0; r < rows; r++) {
      if (r > 0) {
        if (!Chunks.readDod(chunk, cursor, bits)) {
          return false;
        }
        delta += cursor.xor;
        t += delta;
      }
      long row = firstRow + r;
      if (row >= to) {
        break;
      }
      if (row >= from) {
        out[(int) (row - base)] = t;
      }
    }
    return true;
  }

  /**
   * Copies into {@code into} (empty, not pooled) the chunks holding rows from {@code fromRow} on, so that it reads the
   * same times for them without sharing buffers this column will recycle.
   */
  void copyTo(TimeColumn into, long fromRow) {
    for (int i = 0; i < closed.size(); i++) {
      if (closed.endRow(i) > fromRow) {
        long[] c = closed.chunk(i);
        into.closed.add(java.util.Arrays.copyOf(c, c.length), closed.firstRow(i), closed.rows(i), closed.bits(i), 1,
            closed.firstTime(i), closed.lastTime(i));
      }
    }
    if (open != null && openRows > 0) {
      into.closed.add(open.clone(), openFirstRow, openRows, openBits, 1, openFirstTime, previous);
    }
    into.nextRow = nextRow;
    into.previous = previous;
    into.previousDelta = previousDelta;
  }

  /** Releases every chunk. */
  void clear(ChunkPool pool) {
    while (closed.size() > 0) {
      pool.release(closed.removeOldest());
    }
    if (open != null) {
      pool.release(open);
      open = null;
    }
  }
}
