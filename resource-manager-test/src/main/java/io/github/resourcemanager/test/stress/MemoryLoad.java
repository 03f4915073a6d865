package io.github.resourcemanager.test.stress;

import java.lang.ref.WeakReference;

/** Heap held in byte arrays of at most 1 MiB, each written to once per 4 KiB page so it is really committed. */
final class MemoryLoad {
  private static final int CHUNK = 1 << 20;
  private static final int PAGE = 4096;

  private volatile byte[][] chunks;
  private volatile long held;

  /**
   * Allocates {@code bytes}. If the heap runs out first, what was taken is dropped before the error is thrown.
   */
  void acquire(long bytes) {
    int count = (int) ((bytes + CHUNK - 1) / CHUNK);
    byte[][] taken = new byte[count][];
    chunks = taken;
    for (int i = 0; i < count; i++) {
      int size = (int) Math.min(CHUNK, bytes - (long) i * CHUNK);
      byte[] chunk = new byte[size];
      for (int p = 0; p < size; p += PAGE) {
        chunk[p] = 1;
      }
      taken[i] = chunk;
      held += size;
    }
  }

  long held() {
    return held;
  }

  /** A weak reference to the first array, for tests that check the memory is really given back. */
  WeakReference<byte[]> firstChunk() {
    byte[][] c = chunks;
    return new WeakReference<>(c == null || c.length == 0 ? null : c[0]);
  }

  void release() {
    chunks = null;
    held = 0;
  }
}
