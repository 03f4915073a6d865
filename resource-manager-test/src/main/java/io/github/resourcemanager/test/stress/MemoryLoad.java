package io.github.resourcemanager.test.stress;

import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/** Heap held in byte arrays of at most 1 MiB, each written to once per 4 KiB page so it is really committed. */
final class MemoryLoad {
  private static final int CHUNK = 1 << 20;
  private static final int PAGE = 4096;

  private static final byte[] @Nullable [] NONE = new byte[0][];

  // A slot stays null until its chunk is allocated (and for good if the heap runs out first).
  private volatile byte[] @Nullable [] chunks = NONE;
  // Written only by the thread that acquires and releases; read by any thread for progress.
  private volatile long held;

  /**
   * Allocates {@code bytes}. If the heap runs out first, what was taken is dropped before the error is thrown.
   */
  void acquire(long bytes) {
    int count = (int) ((bytes + CHUNK - 1) / CHUNK);
    byte[] @Nullable [] taken = new byte[count][];
    chunks = taken;
    long total = 0;
    for (int i = 0; i < count; i++) {
      int size = (int) Math.min(CHUNK, bytes - (long) i * CHUNK);
      byte[] chunk = new byte[size];
      for (int p = 0; p < size; p += PAGE) {
        chunk[p] = 1;
      }
      taken[i] = chunk;
      total += size;
      held = total;
    }
  }

  long held() {
    return held;
  }

  /** A weak reference to the first array, for tests that check the memory is really given back. */
  WeakReference<byte[]> firstChunk() {
    byte[] @Nullable [] c = chunks;
    return new WeakReference<>(c.length == 0 ? null : c[0]);
  }

  void release() {
    chunks = NONE;
    held = 0;
  }
}
