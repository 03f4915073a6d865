package io.github.resourcemanager.internal.monitor;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The chunk buffers of a monitor's histories: fixed-size {@code long[]} words, handed out zeroed and taken back when
 * a history drops a chunk, so that once the histories are full a new chunk reuses a dropped one and appending
 * allocates nothing. Sizes are powers of two from 64 words (512 bytes); each size has its own free list, of bounded
 * length (extra buffers are left to the garbage collector).
 *
 * <p>The pool also holds the memory budget of the histories it serves: the bytes of the chunks they hold, against
 * a limit. When a tick leaves them above it, {@link #enforceBudget()} drops chunks, the oldest raw data of the least
 * recently active agents first (see {@link AgentTable#evict}).
 *
 * <p>Used by the monitor thread only, under the lock of the table that asks; the byte counts may be read racily.
 */
final class ChunkPool {
  static final int MIN_WORDS = 64;
  private static final int CLASSES = 8;           // 64 .. 8192 words
  private static final int MAX_FREE = 1024;       // per size

  private final long[][][] free = new long[CLASSES][][];
  private final int[] freeCount = new int[CLASSES];
  private final long budgetBytes;
  private final Object tablesLock = new Object();
  private volatile AgentTable[] tables = new AgentTable[0]; // republished on change: enforcing allocates nothing
  // One writer, the monitor thread (or a standalone history's writer), under the lock of the table that asks; read
  // racily for reporting, so its read-modify-writes need not be atomic.
  private volatile long inUseBytes;
  private long evictions;

  /** @param budgetBytes the most bytes the served histories' chunks may hold; {@code Long.MAX_VALUE} for no limit */
  ChunkPool(long budgetBytes) {
    this.budgetBytes = budgetBytes;
    for (int c = 0; c < CLASSES; c++) {
      free[c] = new long[16][];
    }
  }

  /** A pool without a budget, for a history of its own. */
  static ChunkPool unbounded() {
    return new ChunkPool(Long.MAX_VALUE);
  }

  /** The smallest chunk size, in words, that holds {@code bits}, at least {@link #MIN_WORDS}. */
  static int wordsFor(int bits) {
    int words = MIN_WORDS;
    while (words * 64 < bits && words < (MIN_WORDS << (CLASSES - 1))) {
      words <<= 1;
    }
    return words;
  }

  private static int sizeClass(int words) {
    return Integer.numberOfTrailingZeros(words / MIN_WORDS);
  }

  /** A zeroed chunk of {@code words} (a size from {@link #wordsFor}). */
  @SuppressWarnings("NonAtomicVolatileUpdate") // inUseBytes: one writer, see the field
  long[] acquire(int words) {
    int c = sizeClass(words);
    long[] chunk;
    if (freeCount[c] > 0) {
      chunk = free[c][--freeCount[c]];
      free[c][freeCount[c]] = null;
      // readers decoding a dropped chunk outside the lock check the table's generation after reading: its
      // increment must be visible before the chunk is written again
      VarHandle.storeStoreFence();
      Arrays.fill(chunk, 0L);
    } else {
      chunk = new long[words];
    }
    inUseBytes += 8L * words;
    return chunk;
  }

  /** Takes a chunk back; its reader must have checked the generation of its table (see {@link AgentTable}). */
  @SuppressWarnings("NonAtomicVolatileUpdate") // inUseBytes: one writer, see the field
  void release(long[] chunk) {
    inUseBytes -= 8L * chunk.length;
    int c = sizeClass(chunk.length);
    if (freeCount[c] == MAX_FREE) {
      return;
    }
    if (freeCount[c] == free[c].length) {
      free[c] = Arrays.copyOf(free[c], Math.min(MAX_FREE, free[c].length * 2));
    }
    free[c][freeCount[c]++] = chunk;
  }

  /** A chunk leaves the pool's accounting for good (moved to the history of an agent that left). */
  @SuppressWarnings("NonAtomicVolatileUpdate") // inUseBytes: one writer, see the field
  void forget(long[] chunk) {
    inUseBytes -= 8L * chunk.length;
  }

  /** Bytes of the chunks held by the served histories. */
  long inUseBytes() {
    return inUseBytes;
  }

  /** Bytes of the free buffers kept for reuse. */
  long pooledBytes() {
    long bytes = 0;
    for (int c = 0; c < CLASSES; c++) {
      bytes += 8L * (MIN_WORDS << c) * freeCount[c];
    }
    return bytes;
  }

  long budgetBytes() {
    return budgetBytes;
  }

  long evictions() {
    return evictions;
  }

  void register(AgentTable table) {
    synchronized (tablesLock) {
      AgentTable[] grown = Arrays.copyOf(tables, tables.length + 1);
      grown[grown.length - 1] = table;
      tables = grown;
    }
  }

  /**
   * Drops chunks until the histories hold at most 15/16 of the budget, so that the next evictions are some ticks
   * away: first the raw samples of the least recently active agents (already counted in their rollups), then each
   * rollup tier's in turn, finest first; the last tier loses its oldest chunks. A history always keeps the chunk it
   * is writing. Monitor thread.
   */
  void enforceBudget() {
    if (inUseBytes <= budgetBytes) {
      return;
    }
    long target = budgetBytes - budgetBytes / 16;
    AgentTable[] all = tables;
    int levels = 0;
    for (AgentTable t : all) {
      levels = Math.max(levels, t.levelCount());
    }
    for (int level = 0; level < levels && inUseBytes > target; level++) {
      while (inUseBytes > target) {
        AgentTable best = null;
        int bestSlot = -1;
        long bestActive = Long.MAX_VALUE;
        for (AgentTable t : all) {
          int slot = t.leastActiveEvictable(level);
          if (slot >= 0) {
            long active = t.lastActive(slot);
            if (best == null || active - bestActive < 0) {
              best = t;
              bestSlot = slot;
              bestActive = active;
            }
          }
        }
        if (best == null) {
          break;
        }
        best.evict(level, bestSlot);
        evictions++;
      }
    }
  }
}
