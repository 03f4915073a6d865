package io.github.resourcemanager.internal.monitor;

/**
 * The bit-level encoding of compressed history chunks, after Facebook's Gorilla (Pelkonen et al., "Gorilla: A Fast,
 * Scalable, In-Memory Time Series Database", VLDB 2015) as Prometheus' TSDB implements it ({@code tsdb/chunkenc/xor.go},
 * {@code bstream.go}): values XOR-encoded against the previous value of their column, times as delta-of-delta.
 *
 * <p>A chunk is a fixed-size {@code long[]} of zeroed words written most significant bit first. These functions keep
 * no state of their own: the caller keeps, per column, the raw bits of the previous value and its "window" (the
 * leading and trailing zero counts of the last XOR written in full, packed as {@code leading << 8 | trailing}, or
 * {@link #NO_WINDOW}), and per time column the previous time and delta. Nothing here allocates.
 *
 * <p>Value encoding, per value, with {@code x} = its bits XOR the previous value's bits:
 * <ul>
 *   <li>{@code x == 0}: {@code 0};
 *   <li>the meaningful bits of {@code x} fit the previous window: {@code 10}, then {@code 64 - leading - trailing}
 *       bits;
 *   <li>otherwise {@code 11}, 5 bits of leading zeros (at most 31), 6 bits of meaningful-bit count (64 written as
 *       0), then the meaningful bits.
 * </ul>
 * A chunk's first row is XOR-encoded against zero bits with no window, so a chunk decodes on its own and a zero
 * costs one bit even there.
 *
 * <p>Time encoding, per time: the first of a chunk in 64 bits; later ones as the delta-of-delta {@code d} from the
 * previous delta (the first delta counts against 0): {@code 0} when {@code d == 0}, else {@code 10} and 16 bits,
 * {@code 110} and 24 bits, {@code 1110} and 32 bits, or {@code 1111} and 64 bits, two's complement. The ranges are
 * wider than Prometheus' (14, 17, 20 bits of milliseconds) since times here are ticker nanoseconds.
 */
final class Chunks {
  /** The window of a column before its first value in a chunk: the next value writes its window in full. */
  static final int NO_WINDOW = -1;

  private Chunks() {}

  // ------------------------------------------------------------------ bits

  /** Writes the low {@code n} (1..64) bits of {@code value} at bit {@code pos}; returns the next position. */
  static int write(long[] words, int pos, long value, int n) {
    if (n < 64) {
      value &= (1L << n) - 1;
    }
    int word = pos >>> 6;
    int free = 64 - (pos & 63);
    if (n <= free) {
      words[word] |= value << (free - n);
    } else {
      int rest = n - free;
      words[word] |= value >>> rest;
      words[word + 1] |= value << (64 - rest);
    }
    return pos + n;
  }

  /** Reads {@code n} (1..64) bits at bit {@code pos}, as the low bits of the result. */
  static long read(long[] words, int pos, int n) {
    int word = pos >>> 6;
    int avail = 64 - (pos & 63);
    long v;
    if (n <= avail) {
      v = words[word] >>> (avail - n);
    } else {
      int rest = n - avail;
      v = (words[word] << rest) | (words[word + 1] >>> (64 - rest));
    }
    return n == 64 ? v : v & ((1L << n) - 1);
  }

  // ------------------------------------------------------------------ values (XOR)

  /** The bits a value whose XOR with the previous value is {@code xor} takes, given the column's window. */
  static int xorBits(long xor, int window) {
    if (xor == 0) {
      return 1;
    }
    int leading = Math.min(31, Long.numberOfLeadingZeros(xor));
    int trailing = Long.numberOfTrailingZeros(xor);
    if (window != NO_WINDOW && leading >= (window >>> 8) && trailing >= (window & 0xff)) {
      return 2 + 64 - (window >>> 8) - (window & 0xff);
    }
    return 2 + 5 + 6 + 64 - leading - trailing;
  }

  /** The column's window after writing {@code xor}: changed only by a value written with a window of its own. */
  static int windowAfter(long xor, int window) {
    if (xor == 0) {
      return window;
    }
    int leading = Math.min(31, Long.numberOfLeadingZeros(xor));
    int trailing = Long.numberOfTrailingZeros(xor);
    if (window != NO_WINDOW && leading >= (window >>> 8) && trailing >= (window & 0xff)) {
      return window;
    }
    return leading << 8 | trailing;
  }

  /** Writes {@code xor} given the column's window (see {@link #windowAfter} for the window after it). */
  static int writeXor(long[] words, int pos, long xor, int window) {
    if (xor == 0) {
      return pos + 1; // words are zeroed: a 0 bit needs no write
    }
    int leading = Math.min(31, Long.numberOfLeadingZeros(xor));
    int trailing = Long.numberOfTrailingZeros(xor);
    if (window != NO_WINDOW && leading >= (window >>> 8) && trailing >= (window & 0xff)) {
      int wl = window >>> 8;
      int wt = window & 0xff;
      pos = write(words, pos, 0b10, 2);
      return write(words, pos, xor >>> wt, 64 - wl - wt);
    }
    int significant = 64 - leading - trailing;
    pos = write(words, pos, 0b11, 2);
    pos = write(words, pos, leading, 5);
    pos = write(words, pos, significant & 63, 6); // 64 is written as 0
    return write(words, pos, xor >>> trailing, significant);
  }

  /**
   * Reads one XOR at {@code cursor.pos} given the column's window, leaving the XOR in {@code cursor.xor}, the
   * window after it in {@code cursor.window} and advancing {@code cursor.pos}. Returns false, reading nothing more,
   * if the encoding would run past {@code limitBits} (a chunk overwritten under an optimistic reader).
   */
  static boolean readXor(long[] words, Cursor cursor, int window, int limitBits) {
    int pos = cursor.pos;
    if (pos + 1 > limitBits) {
      return false;
    }
    if (read(words, pos, 1) == 0) {
      cursor.xor = 0;
      cursor.window = window;
      cursor.pos = pos + 1;
      return true;
    }
    if (pos + 2 > limitBits) {
      return false;
    }
    if (read(words, pos + 1, 1) == 0) {
      if (window == NO_WINDOW) {
        return false;
      }
      int wl = window >>> 8;
      int wt = window & 0xff;
      int n = 64 - wl - wt;
      if (n <= 0 || pos + 2 + n > limitBits) {
        return false;
      }
      cursor.xor = read(words, pos + 2, n) << wt;
      cursor.window = window;
      cursor.pos = pos + 2 + n;
      return true;
    }
    if (pos + 13 > limitBits) {
      return false;
    }
    int leading = (int) read(words, pos + 2, 5);
    int significant = (int) read(words, pos + 7, 6);
    if (significant == 0) {
      significant = 64;
    }
    int trailing = 64 - leading - significant;
    if (trailing < 0 || pos + 13 + significant > limitBits) {
      return false;
    }
    cursor.xor = read(words, pos + 13, significant) << trailing;
    cursor.window = leading << 8 | trailing;
    cursor.pos = pos + 13 + significant;
    return true;
  }

  // ------------------------------------------------------------------ rows of values

  /**
   * The bits a row of {@code values[0..n)} takes, each against the previous value of its column
   * ({@code prev[base + i]}, raw bits) and its window ({@code window[base + i]}).
   */
  static int rowBits(double[] values, int n, long[] prev, int[] window, int base) {
    int bits = 0;
    for (int i = 0; i < n; i++) {
      bits += xorBits(prev[base + i] ^ Double.doubleToRawLongBits(values[i]), window[base + i]);
    }
    return bits;
  }

  /** Writes a row (see {@link #rowBits}) at {@code pos}, updating the columns' state; returns the next position. */
  static int writeRow(long[] words, int pos, double[] values, int n, long[] prev, int[] window, int base) {
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(values[i]);
      long xor = bits ^ prev[base + i];
      int w = window[base + i];
      pos = writeXor(words, pos, xor, w);
      window[base + i] = windowAfter(xor, w);
      prev[base + i] = bits;
    }
    return pos;
  }

  /**
   * Reads a row of {@code n} values at {@code cursor.pos}, leaving each value's raw bits in {@code prev[0..n)} (the
   * previous row's on entry: zeros and {@link #NO_WINDOW} windows before a chunk's first row). False if the row runs
   * past {@code limitBits}.
   */
  static boolean readRow(long[] words, Cursor cursor, int limitBits, long[] prev, int[] window, int n) {
    for (int k = 0; k < n; k++) {
      if (!readXor(words, cursor, window[k], limitBits)) {
        return false;
      }
      window[k] = cursor.window;
      prev[k] ^= cursor.xor;
    }
    return true;
  }

  // ------------------------------------------------------------------ times (delta-of-delta)

  /** The bits a time takes given the delta-of-delta {@code dod} from the previous delta (not the chunk's first). */
  static int dodBits(long dod) {
    if (dod == 0) {
      return 1;
    }
    if (fits(dod, 16)) {
      return 2 + 16;
    }
    if (fits(dod, 24)) {
      return 3 + 24;
    }
    if (fits(dod, 32)) {
      return 4 + 32;
    }
    return 4 + 64;
  }

  static int writeDod(long[] words, int pos, long dod) {
    if (dod == 0) {
      return pos + 1;
    }
    if (fits(dod, 16)) {
      return write(words, write(words, pos, 0b10, 2), dod, 16);
    }
    if (fits(dod, 24)) {
      return write(words, write(words, pos, 0b110, 3), dod, 24);
    }
    if (fits(dod, 32)) {
      return write(words, write(words, pos, 0b1110, 4), dod, 32);
    }
    return write(words, write(words, pos, 0b1111, 4), dod, 64);
  }

  /** Reads one delta-of-delta into {@code cursor.xor}, advancing {@code cursor.pos}; false if past the limit. */
  static boolean readDod(long[] words, Cursor cursor, int limitBits) {
    int pos = cursor.pos;
    int prefix = 0;
    while (prefix < 4) {
      if (pos + prefix + 1 > limitBits) {
        return false;
      }
      if (read(words, pos + prefix, 1) == 0) {
        break;
      }
      prefix++;
    }
    int width;
    int used;
    switch (prefix) {
      case 0 -> {
        cursor.xor = 0;
        cursor.pos = pos + 1;
        return true;
      }
      case 1 -> { width = 16; used = 2; }
      case 2 -> { width = 24; used = 3; }
      case 3 -> { width = 32; used = 4; }
      default -> { width = 64; used = 4; }
    }
    if (pos + used + width > limitBits) {
      return false;
    }
    long raw = read(words, pos + used, width);
    cursor.xor = width == 64 ? raw : (raw << (64 - width)) >> (64 - width); // sign-extend
    cursor.pos = pos + used + width;
    return true;
  }

  private static boolean fits(long v, int bits) {
    long min = -(1L << (bits - 1));
    long max = (1L << (bits - 1)) - 1;
    return v >= min && v <= max;
  }

  // ------------------------------------------------------------------ precision

  /**
   * {@code value} rounded to {@code bits} significant bits of mantissa (round half to even), or unchanged when
   * {@code bits >= 52}, for NaN, infinities and zeros. Fewer mantissa bits leave trailing zeros that XOR encoding
   * does not store. A finite value never rounds to an infinity: it is truncated instead.
   */
  static double round(double value, int bits) {
    if (bits >= 52) {
      return value;
    }
    long b = Double.doubleToRawLongBits(value);
    int exponent = (int) ((b >>> 52) & 0x7ff);
    if (exponent == 0x7ff || (b & 0x7fff_ffff_ffff_ffffL) == 0) {
      return value;
    }
    int drop = 52 - bits;
    long mask = -1L << drop;
    long half = 1L << (drop - 1);
    long odd = (b >>> drop) & 1;
    long rounded = (b + half - 1 + odd) & mask;
    if (((rounded >>> 52) & 0x7ff) == 0x7ff) {
      rounded = b & mask;
    }
    return Double.longBitsToDouble(rounded);
  }

  /** A reading position and the last decoded XOR (or delta-of-delta) and window; reused across reads. */
  static final class Cursor {
    int pos;
    long xor;
    int window;
  }
}
