package io.github.resourcemanager.internal.allocate;

import org.jspecify.annotations.Nullable;

/**
 * Exact integer division of amounts among claimants. Nothing here rounds in floating point: products that do not
 * fit a {@code long} are computed in 128 bits (192 for three factors), quotients of them by unsigned 128-by-64-bit
 * division, and every division leaves a remainder that is handed out one unit at a time by a documented rule, so
 * results sum to exactly what was divided. Nothing here allocates once a {@link Workspace} has grown to the size of
 * the claimants.
 *
 * <p><b>Remainder rule (largest remainder, then order):</b> each claimant first gets the whole part of its exact
 * share; the units left over (fewer than the number of claimants) go one each to the claimants with the largest
 * fractional remainders, ties broken by position, which callers make name order.
 *
 * <p><b>Bounds:</b> amounts are at most {@code Long.MAX_VALUE}; the sum of the weights of one division must fit a
 * {@code long} (weights are at most {@code ProjectConfig.MAX_WEIGHT}, 10^9, each, so any number of claimants up to
 * {@code 2^33} fits).
 */
public final class Apportion {

  static final long NONE = Vectors.ABSENT;

  private Apportion() {}

  // ================================================================== exact arithmetic

  /**
   * floor(a * b / c) for non-negative a, b and positive c, exactly.
   *
   * @throws ArithmeticException if the quotient does not fit a long
   */
  static long mulDiv(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return divide128(hi, lo, c);
  }

  /** (a * b) mod c for non-negative a, b and positive c, exactly. */
  static long mulMod(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo % c;
    }
    long q = divide128(hi, lo, c);
    return lo - q * c; // the remainder is below c, so its low 64 bits are all of it
  }

  /**
   * The unsigned 128-bit number {@code hi:lo} divided by the positive {@code v}, rounded down (Hacker's Delight,
   * divlu: two steps of schoolbook division in 32-bit digits after normalizing the divisor).
   *
   * @throws ArithmeticException if the quotient does not fit a long
   */
  static long divide128(long hi, long lo, long v) {
    if (Long.compareUnsigned(hi, v) >= 0 || v <= 0) {
      throw new ArithmeticException("quotient of a 128-bit product by " + v + " does not fit a long");
    }
    final long b = 1L << 32;
    int s = Long.numberOfLeadingZeros(v);
    v <<= s;
    long vn1 = v >>> 32;
    long vn0 = v & 0xFFFFFFFFL;
    long un32 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
    long un10 = lo << s;
    long un1 = un10 >>> 32;
    long un0 = un10 & 0xFFFFFFFFL;
    long q1 = Long.divideUnsigned(un32, vn1);
    long rhat = un32 - q1 * vn1;
    while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
      q1--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, b) >= 0) {
        break;
      }
    }
    long un21 = un32 * b + un1 - q1 * v;
    long q0 = Long.divideUnsigned(un21, vn1);
    rhat = un21 - q0 * vn1;
    while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
      q0--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, b) >= 0) {
        break;
      }
    }
    long q = q1 * b + q0;
    if (q < 0) {
      throw new ArithmeticException("quotient of a 128-bit product by " + (v >>> s) + " does not fit a long");
    }
    return q;
  }

  /** Compares a*b with c*d for non-negative values, exactly. */
  public static int compareProducts(long a, long b, long c, long d) {
    long hi1 = Math.multiplyHigh(a, b);
    long hi2 = Math.multiplyHigh(c, d);
    if (hi1 != hi2) {
      return Long.compare(hi1, hi2);
    }
    return Long.compareUnsigned(a * b, c * d);
  }

  /** Compares a*b + c*d with e*f for non-negative values, exactly (128-bit sums of 126-bit products). */
  static int compareSumOfProducts(long a, long b, long c, long d, long e, long f) {
    long lo1 = a * b;
    long lo2 = c * d;
    long lo = lo1 + lo2;
    long carry = Long.compareUnsigned(lo, lo1) < 0 ? 1 : 0;
    long hi = Math.multiplyHigh(a, b) + Math.multiplyHigh(c, d) + carry;
    long hi3 = Math.multiplyHigh(e, f);
    if (hi != hi3) {
      return Long.compare(hi, hi3);
    }
    return Long.compareUnsigned(lo, e * f);
  }

  /** Compares a*b*c with d*e*f for non-negative values, exactly (189-bit products in three 64-bit words). */
  static int compareTripleProducts(long a, long b, long c, long d, long e, long f) {
    // a*b = hi:lo (hi < 2^62); times c: lo*c = h1:w0, hi*c = h2:l2; the product is (h2 + carry):(h1 + l2):w0
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    long w0 = lo * c;
    long h1 = unsignedMultiplyHigh(lo, c);
    long l2 = hi * c;
    long w1 = h1 + l2;
    long w2 = Math.multiplyHigh(hi, c) + (Long.compareUnsigned(w1, h1) < 0 ? 1 : 0);
    long hiR = Math.multiplyHigh(d, e);
    long loR = d * e;
    long v0 = loR * f;
    long g1 = unsignedMultiplyHigh(loR, f);
    long m2 = hiR * f;
    long v1 = g1 + m2;
    long v2 = Math.multiplyHigh(hiR, f) + (Long.compareUnsigned(v1, g1) < 0 ? 1 : 0);
    if (w2 != v2) {
      return Long.compare(w2, v2);
    }
    if (w1 != v1) {
      return Long.compareUnsigned(w1, v1);
    }
    return Long.compareUnsigned(w0, v0);
  }

  /** The high 64 bits of the unsigned product of x and y (y non-negative). */
  private static long unsignedMultiplyHigh(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y);
  }

  /** a + b, or {@code Long.MAX_VALUE} if that overflows; both non-negative. */
  static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  // ================================================================== division by weight

  /**
   * Splits {@code total} among {@code n} claimants in proportion to {@code weights} (positive), writing into
   * {@code out}: whole parts first, the leftover units by the remainder rule. The results sum to {@code total}.
   * Allocates a workspace; see {@link #byWeight(long, long[], int, long[], Workspace)}.
   */
  static void byWeight(long total, long[] weights, int n, long[] out) {
    byWeight(total, weights, n, out, new Workspace());
  }

  /**
   * {@link #byWeight(long, long[], int, long[])} with the working arrays of {@code ws}. The weights (non-negative, not
   * all zero) may sum to more than a long: floors used as weights do.
   */
  static void byWeight(long total, long[] weights, int n, long[] out, Workspace ws) {
    if (n == 0) {
      return;
    }
    long sumHi = 0;
    long sumLo = 0;
    for (int i = 0; i < n; i++) {
      long lo = sumLo + weights[i];
      sumHi += Long.compareUnsigned(lo, sumLo) < 0 ? 1 : 0;
      sumLo = lo;
    }
    if (sumHi != 0 || sumLo < 0) {
      byWideWeight(total, weights, n, out, ws, sumHi, sumLo);
      return;
    }
    long weightSum = sumLo;
    long given = 0;
    long[] remainders = ws.longs(Workspace.REMAINDERS, n);
    for (int i = 0; i < n; i++) {
      out[i] = mulDiv(total, weights[i], weightSum);
      remainders[i] = mulMod(total, weights[i], weightSum);
      given += out[i];
    }
    long left = total - given;
    if (left == 0) {
      return;
    }
    // Largest remainder first; equal remainders in position order (a stable sort of the positions). All fractions
    // share the denominator weightSum.
    int[] order = ws.ints(Workspace.ORDER, n);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    ws.sort(order, n, Workspace.BY_REMAINDER_DESCENDING, remainders, null);
    for (int k = 0; k < left; k++) {
      out[order[k]]++;
    }
  }

  /** {@link #byWeight} for weights summing to {@code sumHi:sumLo}, beyond a long: 128-bit quotients and remainders. */
  private static void byWideWeight(long total, long[] weights, int n, long[] out, Workspace ws, long sumHi, long sumLo) {
    long[] remLo = ws.longs(Workspace.REMAINDERS, n);
    long[] remHi = ws.longs(Workspace.WIDE_REMAINDERS, n);
    long given = 0;
    for (int i = 0; i < n; i++) {
      long hi = Math.multiplyHigh(total, weights[i]);
      long lo = total * weights[i];
      // shift-subtract division of hi:lo by sumHi:sumLo; the quotient is below total, so below 2^63
      long q = 0;
      // the highest shift keeping the divisor within 128 bits; quotient bits above 62 cannot occur
      int top = Math.min(62, sumHi == 0 ? 64 + Long.numberOfLeadingZeros(sumLo) : Long.numberOfLeadingZeros(sumHi));
      for (int bit = top; bit >= 0; bit--) {
        long dHi = bit == 0 ? sumHi : (sumHi << bit) | (sumLo >>> (64 - bit));
        long dLo = sumLo << bit;
        int c = Long.compareUnsigned(hi, dHi); // the shifted divisor may use all 128 bits
        if (c > 0 || (c == 0 && Long.compareUnsigned(lo, dLo) >= 0)) {
          long newLo = lo - dLo;
          hi = hi - dHi - (Long.compareUnsigned(lo, dLo) < 0 ? 1 : 0);
          lo = newLo;
          q |= 1L << bit;
        }
      }
      out[i] = q;
      remHi[i] = hi;
      remLo[i] = lo;
      given += q;
    }
    long left = total - given;
    if (left == 0) {
      return;
    }
    int[] order = ws.ints(Workspace.ORDER, n);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    ws.sort(order, n, Workspace.BY_WIDE_REMAINDER_DESCENDING, remLo, remHi);
    for (int k = 0; k < left; k++) {
      out[order[k]]++;
    }
  }

  // ================================================================== water-filling

  /** {@link #fill(long, long[], long[], long[], int, long[], Workspace)} with a workspace of its own. */
  static void fill(long total, long[] weights, long[] floors, long[] caps, int n, long[] out) {
    fill(total, weights, floors, caps, n, out, new Workspace());
  }

  /**
   * Water-filling with floors and caps: finds the level L at which
   * {@code sum(clamp(weights[i] * L, floors[i], caps[i])) = total} and gives each claimant that clamp, the free
   * ones' part split by {@link #byWeight} so the sum is exact. {@code caps[i] == NONE} means uncapped; every
   * floor must be at most its cap.
   *
   * <ul>
   *   <li>If the floors alone exceed {@code total}, {@code total} is split in proportion to the floors (no claimant
   *       can have its floor, and none is favoured).
   *   <li>If every claimant is capped and the caps sum to less than {@code total}, each gets its cap and the rest
   *       stays undivided.
   * </ul>
   *
   * So a claimant gets its weighted fair share, never less than its floor and never more than its cap, within one
   * unit of the exact rational water level (the free claimants' rational parts are rounded by the remainder rule).
   */
  static void fill(long total, long[] weights, long[] floors, long[] caps, int n, long[] out, Workspace ws) {
    if (n == 0) {
      return;
    }
    // Sums beyond a long are told apart from a sum of exactly Long.MAX_VALUE: saturation alone would make floors or caps
    // that overflow look equal to a pool of Long.MAX_VALUE, and hand out more than the pool.
    long floorSum = 0;
    boolean floorsOverflow = false;
    boolean allCapped = true;
    long capSum = 0;
    boolean capsOverflow = false;
    for (int i = 0; i < n; i++) {
      floorsOverflow |= floorSum > Long.MAX_VALUE - floors[i];
      floorSum = saturatedAdd(floorSum, floors[i]);
      if (caps[i] == NONE) {
        allCapped = false;
      } else {
        capsOverflow |= capSum > Long.MAX_VALUE - caps[i];
        capSum = saturatedAdd(capSum, caps[i]);
      }
    }
    if (floorsOverflow || floorSum >= total) {
      if (!floorsOverflow && floorSum == total) {
        System.arraycopy(floors, 0, out, 0, n);
      } else {
        proportionalToFloors(total, floors, n, out, ws);
      }
      return;
    }
    if (allCapped && !capsOverflow && capSum <= total) {
      System.arraycopy(caps, 0, out, 0, n);
      return;
    }
    if (floorSum == 0 && !anyCap(caps, n)) {
      byWeight(total, weights, n, out, ws); // nothing binds: plain proportional shares
      return;
    }
    // Breakpoints: claimant i is floor-bound for L <= floors[i]/weights[i], capped for L >= caps[i]/weights[i].
    int[] byLow = ws.ints(Workspace.BY_LOW, n);
    int[] byHigh = ws.ints(Workspace.BY_HIGH, n);
    int highCount = 0;
    for (int i = 0; i < n; i++) {
      byLow[i] = i;
      if (caps[i] != NONE) {
        byHigh[highCount++] = i;
      }
    }
    ws.sort(byLow, n, Workspace.BY_RATIO, floors, weights);
    ws.sort(byHigh, highCount, Workspace.BY_RATIO, caps, weights);
    // state: 0 = floor-bound, 1 = free, 2 = capped. At L just above 0, claimants with a zero floor are free.
    int[] state = ws.ints(Workspace.STATE, n);
    long boundFloors = 0;
    long boundCaps = 0;
    long freeWeight = 0;
    for (int i = 0; i < n; i++) {
      if (floors[i] > 0) {
        state[i] = 0;
        boundFloors += floors[i];
      } else {
        state[i] = 1;
        freeWeight += weights[i];
      }
    }
    int lo = 0;
    int hi = 0;
    // Skip zero floors: those claimants are already free.
    while (lo < n && floors[byLow[lo]] == 0) {
      lo++;
    }
    // A zero cap binds immediately.
    while (hi < highCount && caps[byHigh[hi]] == 0) {
      int i = byHigh[hi++];
      state[i] = 2;
      freeWeight -= weights[i];
      boundCaps = saturatedAdd(boundCaps, caps[i]);
    }
    while (lo < n || hi < highCount) {
      // The next breakpoint B = p/q: the smaller of the next floor breakpoint and the next cap breakpoint.
      boolean takeLow;
      if (lo >= n) {
        takeLow = false;
      } else if (hi >= highCount) {
        takeLow = true;
      } else {
        int x = byLow[lo];
        int y = byHigh[hi];
        takeLow = compareProducts(floors[x], weights[y], caps[y], weights[x]) <= 0;
      }
      int at = takeLow ? byLow[lo] : byHigh[hi];
      long p = takeLow ? floors[at] : caps[at];
      long q = weights[at];
      // g(B) = boundFloors + boundCaps + freeWeight * B >= total ?  (both sides times q)
      long bound = saturatedAdd(boundFloors, boundCaps);
      if (bound >= total || compareSumOfProducts(bound, q, freeWeight, p, total, q) >= 0) {
        break;
      }
      if (takeLow) {
        lo++;
        state[at] = 1;
        boundFloors -= floors[at];
        freeWeight += weights[at];
      } else {
        hi++;
        if (state[at] == 0) { // floor == cap: passes through free at the same level
          boundFloors -= floors[at];
        } else {
          freeWeight -= weights[at];
        }
        state[at] = 2;
        boundCaps = saturatedAdd(boundCaps, caps[at]);
      }
    }
    long rest = total - boundFloors - boundCaps;
    int freeCount = 0;
    int[] free = ws.ints(Workspace.FREE, n);
    for (int i = 0; i < n; i++) {
      if (state[i] == 0) {
        out[i] = floors[i];
      } else if (state[i] == 2) {
        out[i] = caps[i];
      } else {
        free[freeCount++] = i;
      }
    }
    if (freeCount > 0) {
      long[] w = ws.longs(Workspace.FREE_WEIGHTS, freeCount);
      long[] part = ws.longs(Workspace.FREE_PARTS, freeCount);
      for (int k = 0; k < freeCount; k++) {
        w[k] = weights[free[k]];
      }
      byWeight(rest, w, freeCount, part, ws);
      for (int k = 0; k < freeCount; k++) {
        out[free[k]] = part[k];
      }
    }
  }

  private static boolean anyCap(long[] caps, int n) {
    for (int i = 0; i < n; i++) {
      if (caps[i] != NONE) {
        return true;
      }
    }
    return false;
  }

  private static void proportionalToFloors(long total, long[] floors, int n, long[] out, Workspace ws) {
    long[] w = ws.longs(Workspace.FREE_WEIGHTS, n);
    int[] idx = ws.ints(Workspace.FREE, n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      out[i] = 0;
      if (floors[i] > 0) {
        idx[m] = i;
        w[m++] = floors[i];
      }
    }
    long[] part = ws.longs(Workspace.FREE_PARTS, m);
    byWeight(total, w, m, part, ws);
    for (int k = 0; k < m; k++) {
      out[idx[k]] = part[k];
    }
  }

  // ================================================================== working arrays

  /**
   * Working arrays for the divisions, kept and reused: each is grown (doubled) when a division needs more, so
   * dividing among a stable number of claimants allocates nothing. Arrays are identified by slot; each caller uses
   * its own slots, so nested calls never share one. Not thread-safe; the pool's lock guards it.
   */
  static final class Workspace {
    // Apportion's slots.
    static final int REMAINDERS = 0;
    static final int ORDER = 1;
    static final int BY_LOW = 2;
    static final int BY_HIGH = 3;
    static final int STATE = 4;
    static final int FREE = 5;
    static final int FREE_WEIGHTS = 6;
    static final int FREE_PARTS = 7;
    static final int SORT = 8;
    static final int WIDE_REMAINDERS = 39;
    /** The first slot free for the strategies. */
    static final int FIRST_STRATEGY_SLOT = 9;
    private static final int SLOTS = 40;

    // Orders for sort().
    static final int BY_REMAINDER_DESCENDING = 0;
    static final int BY_RATIO = 1;
    static final int BY_KEY_ASCENDING = 2;
    static final int BY_WIDE_REMAINDER_DESCENDING = 3;

    private final long[][] longs = new long[SLOTS][];
    private final int[][] ints = new int[SLOTS][];
    private final long[][][] matrices = new long[SLOTS][][];

    /** The long array of {@code slot}, at least {@code size} long; its contents are whatever was left in it. */
    long[] longs(int slot, int size) {
      long[] a = longs[slot];
      if (a == null || a.length < size) {
        a = new long[Math.max(size, a == null ? 8 : 2 * a.length)];
        longs[slot] = a;
      }
      return a;
    }

    /** The int array of {@code slot}, at least {@code size} long; its contents are whatever was left in it. */
    int[] ints(int slot, int size) {
      int[] a = ints[slot];
      if (a == null || a.length < size) {
        a = new int[Math.max(size, a == null ? 8 : 2 * a.length)];
        ints[slot] = a;
      }
      return a;
    }

    /** The matrix of {@code slot}, at least {@code rows} rows of at least {@code columns}; contents left as they were. */
    long[][] matrix(int slot, int rows, int columns) {
      long[][] m = matrices[slot];
      if (m == null || m.length < rows) {
        long[][] grown = new long[Math.max(rows, m == null ? 8 : 2 * m.length)][];
        if (m != null) {
          System.arraycopy(m, 0, grown, 0, m.length);
        }
        m = grown;
        matrices[slot] = m;
      }
      for (int i = 0; i < rows; i++) {
        if (m[i] == null || m[i].length < columns) {
          m[i] = new long[columns];
        }
      }
      return m;
    }

    /**
     * Sorts {@code idx[0..n)} stably (merge sort) by {@code order}: {@link #BY_REMAINDER_DESCENDING} by
     * {@code a[i]} descending, {@link #BY_RATIO} by {@code a[i] / b[i]} ascending (exactly), {@link #BY_KEY_ASCENDING}
     * by {@code a[i]} ascending, {@link #BY_WIDE_REMAINDER_DESCENDING} by the 128-bit {@code b[i]:a[i]} descending;
     * equal keys keep their order.
     */
    void sort(int[] idx, int n, int order, long[] a, long @Nullable [] b) {
      if (n < 2) {
        return;
      }
      long[] second = b != null ? b : a; // null for the orders by one key, which read only a
      int[] tmp = ints(SORT, n);
      for (int width = 1; width < n; width *= 2) {
        for (int left = 0; left < n - width; left += 2 * width) {
          int mid = left + width;
          int right = Math.min(left + 2 * width, n);
          if (compare(idx[mid - 1], idx[mid], order, a, second) <= 0) {
            continue; // already in order
          }
          int i = left;
          int j = mid;
          int k = left;
          while (i < mid && j < right) {
            tmp[k++] = compare(idx[j], idx[i], order, a, second) < 0 ? idx[j++] : idx[i++];
          }
          while (i < mid) {
            tmp[k++] = idx[i++];
          }
          while (j < right) {
            tmp[k++] = idx[j++];
          }
          System.arraycopy(tmp, left, idx, left, right - left);
        }
      }
    }

    private static int compare(int x, int y, int order, long[] a, long[] b) {
      return switch (order) {
        case BY_REMAINDER_DESCENDING -> Long.compare(a[y], a[x]);
        case BY_RATIO -> compareProducts(a[x], b[y], a[y], b[x]);
        case BY_WIDE_REMAINDER_DESCENDING -> b[y] != b[x] ? Long.compare(b[y], b[x]) : Long.compareUnsigned(a[y], a[x]);
        default -> Long.compare(a[x], a[y]);
      };
    }
  }
}
