package io.github.resourcemanager.allocate;

import java.math.BigInteger;
import java.util.List;

/**
 * Dominant Resource Fairness (Ghodsi, Zaharia, Hindman, Konwinski, Shenker, Stoica: "Dominant Resource Fairness:
 * Fair Allocation of Multiple Resource Types", NSDI 2011), by progressive filling as in the paper's Algorithm 1:
 * repeatedly pick the claimant with the lowest dominant share (its largest share of any limited resource, divided by
 * its weight; ties in name order) and grant its next unit if the unit fits in what is left and within the claimant's
 * limit. A claimant whose next unit does not fit is done (its later units are not considered, so grants keep the
 * units' order); the others go on. A claimant's share of each limited resource is the sum of its granted units.
 *
 * <p>Dominant shares are compared exactly, as fractions, in 128-bit arithmetic.
 */
final class DrfStrategy implements SharingStrategy {

  @Override
  public String name() {
    return "drf";
  }

  @Override
  public List<ResourceVector> divide(ShareRequest request) {
    List<Claimant> claimants = request.claimants();
    int n = claimants.size();
    int resources = Resource.count();
    long[] remaining = new long[resources];
    request.capacity().copyInto(remaining);
    long[] capacity = remaining.clone();
    long[][] alloc = new long[n][resources];
    long[][] limits = new long[n][resources];
    long[] weights = new long[n];
    long[] num = new long[n];
    long[] den = new long[n];
    int[] next = new int[n];
    long[] unit = new long[resources];
    Heap heap = new Heap(n, num, den, weights);
    for (int i = 0; i < n; i++) {
      claimants.get(i).limit().copyInto(limits[i]);
      weights[i] = claimants.get(i).weight();
      den[i] = 1;
      if (!claimants.get(i).units().isEmpty()) {
        heap.push(i);
      }
    }
    while (!heap.isEmpty()) {
      int i = heap.pop();
      Claimant c = claimants.get(i);
      c.units().get(next[i]).copyInto(unit);
      if (!fits(unit, remaining, alloc[i], limits[i])) {
        continue; // this claimant is done
      }
      for (int r = 0; r < resources; r++) {
        long u = unit[r];
        if (u > 0) {
          alloc[i][r] += u;
          if (remaining[r] != ClaimantTable.ABSENT) {
            remaining[r] -= u;
          }
        }
      }
      dominant(alloc[i], capacity, i, num, den);
      if (++next[i] < c.units().size()) {
        heap.push(i);
      }
    }
    long[][] out = new long[n][resources];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < resources; r++) {
        out[i][r] = capacity[r] != ClaimantTable.ABSENT ? alloc[i][r] : limits[i][r];
      }
    }
    return ClaimantTable.vectors(out);
  }

  private static boolean fits(long[] unit, long[] remaining, long[] alloc, long[] limit) {
    for (int r = 0; r < unit.length; r++) {
      long u = unit[r];
      if (u <= 0) {
        continue;
      }
      if (remaining[r] != ClaimantTable.ABSENT && u > remaining[r]) {
        return false;
      }
      if (limit[r] != ClaimantTable.ABSENT && u > limit[r] - alloc[r]) {
        return false;
      }
    }
    return true;
  }

  /** Sets num[i]/den[i] to the largest alloc[r]/capacity[r] over limited resources with a positive capacity. */
  private static void dominant(long[] alloc, long[] capacity, int i, long[] num, long[] den) {
    long bestNum = 0;
    long bestDen = 1;
    for (int r = 0; r < alloc.length; r++) {
      long cap = capacity[r];
      if (cap == ClaimantTable.ABSENT || cap == 0) {
        continue;
      }
      if (Apportion.compareProducts(alloc[r], bestDen, bestNum, cap) > 0) {
        bestNum = alloc[r];
        bestDen = cap;
      }
    }
    num[i] = bestNum;
    den[i] = bestDen;
  }

  /** Compares (num[a] / den[a]) / w[a] with (num[b] / den[b]) / w[b] exactly, then a with b. */
  static int compareShares(int a, int b, long[] num, long[] den, long[] w) {
    long da = den[a] * w[a];
    long db = den[b] * w[b];
    int c;
    if (Math.multiplyHigh(den[a], w[a]) == 0 && da >= 0 && Math.multiplyHigh(den[b], w[b]) == 0 && db >= 0) {
      c = Apportion.compareProducts(num[a], db, num[b], da);
    } else {
      BigInteger left = BigInteger.valueOf(num[a]).multiply(BigInteger.valueOf(den[b])).multiply(BigInteger.valueOf(w[b]));
      BigInteger right = BigInteger.valueOf(num[b]).multiply(BigInteger.valueOf(den[a])).multiply(BigInteger.valueOf(w[a]));
      c = left.compareTo(right);
    }
    return c != 0 ? c : Integer.compare(a, b);
  }

  @Override
  public String toString() {
    return name();
  }

  /** A binary min-heap of claimant indices ordered by dominant share, then index. */
  private static final class Heap {
    private final int[] items;
    private int size;
    private final long[] num;
    private final long[] den;
    private final long[] w;

    Heap(int capacity, long[] num, long[] den, long[] w) {
      this.items = new int[Math.max(1, capacity)];
      this.num = num;
      this.den = den;
      this.w = w;
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(int x) {
      int at = size++;
      items[at] = x;
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (compareShares(items[at], items[parent], num, den, w) >= 0) {
          break;
        }
        swap(at, parent);
        at = parent;
      }
    }

    int pop() {
      int top = items[0];
      items[0] = items[--size];
      int at = 0;
      while (true) {
        int left = 2 * at + 1;
        if (left >= size) {
          break;
        }
        int child = left + 1 < size && compareShares(items[left + 1], items[left], num, den, w) < 0 ? left + 1 : left;
        if (compareShares(items[child], items[at], num, den, w) >= 0) {
          break;
        }
        swap(at, child);
        at = child;
      }
      return top;
    }

    private void swap(int a, int b) {
      int t = items[a];
      items[a] = items[b];
      items[b] = t;
    }
  }
}
