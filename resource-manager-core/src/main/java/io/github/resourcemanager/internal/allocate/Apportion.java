package io.github.resourcemanager.internal.allocate;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Exact integer division of amounts among claimants. Nothing here rounds in floating point: products that do not
 * fit a {@code long} are compared in 128 bits, and every division leaves a remainder that is handed out one unit at
 * a time by a documented rule, so results sum to exactly what was divided.
 *
 * <p><b>Remainder rule (largest remainder, then order):</b> each claimant first gets the whole part of its exact
 * share; the units left over (fewer than the number of claimants) go one each to the claimants with the largest
 * fractional remainders, ties broken by position, which callers make name order.
 */
public final class Apportion {

  static final long NONE = Vectors.ABSENT;

  private Apportion() {}

  /** floor(a * b / c) for non-negative a, b and positive c. */
  static long mulDiv(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }

  /** (a * b) mod c for non-negative a, b and positive c. */
  static long mulMod(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo % c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(c)).longValue();
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

  /** a + b, or {@code Long.MAX_VALUE} if that overflows; both non-negative. */
  static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  /**
   * Splits {@code total} among {@code n} claimants in proportion to {@code weights} (positive), writing into
   * {@code out}: whole parts first, the leftover units by the remainder rule. The results sum to {@code total}.
   */
  static void byWeight(long total, long[] weights, int n, long[] out) {
    if (n == 0) {
      return;
    }
    long weightSum = 0;
    for (int i = 0; i < n; i++) {
      weightSum = Math.addExact(weightSum, weights[i]);
    }
    long given = 0;
    long[] remainders = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = mulDiv(total, weights[i], weightSum);
      remainders[i] = mulMod(total, weights[i], weightSum);
      given += out[i];
    }
    long left = total - given;
    if (left == 0) {
      return;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Largest remainder first; equal remainders in position order. All fractions share the denominator weightSum.
    Arrays.sort(order, (x, y) -> remainders[x] != remainders[y] ? Long.compare(remainders[y], remainders[x]) : Integer.compare(x, y));
    for (int k = 0; k < left; k++) {
      out[order[k]]++;
    }
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
   * So a claimant gets its weighted fair share, never less than its floor and never more than its cap.
   */
  static void fill(long total, long[] weights, long[] floors, long[] caps, int n, long[] out) {
    if (n == 0) {
      return;
    }
    long floorSum = 0;
    boolean allCapped = true;
    long capSum = 0;
    for (int i = 0; i < n; i++) {
      floorSum = saturatedAdd(floorSum, floors[i]);
      if (caps[i] == NONE) {
        allCapped = false;
      } else {
        capSum = saturatedAdd(capSum, caps[i]);
      }
    }
    if (floorSum >= total) {
      if (floorSum == total) {
        System.arraycopy(floors, 0, out, 0, n);
      } else {
        proportionalToFloors(total, floors, n, out);
      }
      return;
    }
    if (allCapped && capSum <= total) {
      System.arraycopy(caps, 0, out, 0, n);
      return;
    }
    if (floorSum == 0 && capSum == 0 && !anyCap(caps, n)) {
      byWeight(total, weights, n, out); // nothing binds: plain proportional shares
      return;
    }
    // Breakpoints: claimant i is floor-bound for L <= floors[i]/weights[i], capped for L >= caps[i]/weights[i].
    Integer[] byLow = new Integer[n];
    Integer[] byHigh = new Integer[n];
    int highCount = 0;
    for (int i = 0; i < n; i++) {
      byLow[i] = i;
      if (caps[i] != NONE) {
        byHigh[highCount++] = i;
      }
    }
    Arrays.sort(byLow, (x, y) -> {
      int c = compareProducts(floors[x], weights[y], floors[y], weights[x]);
      return c != 0 ? c : Integer.compare(x, y);
    });
    Arrays.sort(byHigh, 0, highCount, (x, y) -> {
      int c = compareProducts(caps[x], weights[y], caps[y], weights[x]);
      return c != 0 ? c : Integer.compare(x, y);
    });
    // state: 0 = floor-bound, 1 = free, 2 = capped. At L just above 0, claimants with a zero floor are free.
    byte[] state = new byte[n];
    long boundFloors = 0;
    long boundCaps = 0;
    long freeWeight = 0;
    for (int i = 0; i < n; i++) {
      if (floors[i] > 0) {
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
    int[] free = new int[n];
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
      long[] w = new long[freeCount];
      long[] part = new long[freeCount];
      for (int k = 0; k < freeCount; k++) {
        w[k] = weights[free[k]];
      }
      byWeight(rest, w, freeCount, part);
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

  private static void proportionalToFloors(long total, long[] floors, int n, long[] out) {
    long[] w = new long[n];
    int[] idx = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      out[i] = 0;
      if (floors[i] > 0) {
        idx[m] = i;
        w[m++] = floors[i];
      }
    }
    long[] part = new long[m];
    byWeight(total, w, m, part);
    for (int k = 0; k < m; k++) {
      out[idx[k]] = part[k];
    }
  }
}
