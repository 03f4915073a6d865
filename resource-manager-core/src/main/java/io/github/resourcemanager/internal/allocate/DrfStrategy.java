package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ResourceVector;
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
final class DrfStrategy extends BuiltInStrategy {

  @Override
  public String name() {
    return "drf";
  }

  @Override
  List<ResourceVector> divide(ShareRequest request) {
    List<Claimant> claimants = request.claimants();
    int n = claimants.size();
    int[] active = ClaimantTable.activeResources(request);
    int resources = active.length;
    long[] capacity = new long[resources];
    for (int k = 0; k < resources; k++) {
      capacity[k] = Vectors.raw(request.capacity(), active[k]);
    }
    long[] remaining = capacity.clone();
    long[][] alloc = new long[n][resources];
    long[][] limits = new long[n][resources];
    long[] weights = new long[n];
    long[] num = new long[n];
    long[] den = new long[n];
    int[] next = new int[n];
    long[] unit = new long[resources];
    Heap heap = new Heap(n, num, den, weights);
    for (int i = 0; i < n; i++) {
      Claimant c = claimants.get(i);
      for (int k = 0; k < resources; k++) {
        limits[i][k] = Vectors.raw(c.limit(), active[k]);
      }
      weights[i] = c.weight();
      den[i] = 1;
      heap.updated(i);
      if (!c.units().isEmpty()) {
        heap.push(i);
      }
    }
    while (!heap.isEmpty()) {
      int i = heap.top();
      Claimant c = claimants.get(i);
      ResourceVector u = c.units().get(next[i]);
      for (int k = 0; k < resources; k++) {
        unit[k] = Vectors.raw(u, active[k]);
      }
      if (!fits(unit, remaining, alloc[i], limits[i])) {
        heap.removeTop(); // this claimant is done
        continue;
      }
      for (int k = 0; k < resources; k++) {
        if (unit[k] > 0) {
          alloc[i][k] += unit[k];
          if (remaining[k] != ClaimantTable.ABSENT) {
            remaining[k] -= unit[k];
          }
        }
      }
      dominant(alloc[i], capacity, i, num, den);
      heap.updated(i);
      if (++next[i] < c.units().size()) {
        heap.siftDownTop(); // its share only grew
      } else {
        heap.removeTop();
      }
    }
    long[][] out = new long[n][resources];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < resources; k++) {
        out[i][k] = capacity[k] != ClaimantTable.ABSENT ? alloc[i][k] : limits[i][k];
      }
    }
    return ClaimantTable.vectors(out, active);
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

  /**
   * A binary min-heap of claimant indices ordered by weighted dominant share (num / (den × weight)), then index.
   * Shares are compared exactly: den × weight is kept per claimant, and products are compared in 128 bits (in
   * BigInteger when den × weight itself overflows a long).
   */
  private static final class Heap {
    private final int[] items;
    private int size;
    private final long[] num;
    private final long[] den;
    private final long[] w;
    private final long[] denTimesWeight;
    private final boolean[] overflow;

    Heap(int capacity, long[] num, long[] den, long[] w) {
      this.items = new int[Math.max(1, capacity)];
      this.num = num;
      this.den = den;
      this.w = w;
      this.denTimesWeight = new long[Math.max(1, capacity)];
      this.overflow = new boolean[Math.max(1, capacity)];
    }

    /** Records that claimant i's dominant share (or weight) changed; call before reordering it. */
    void updated(int i) {
      long product = den[i] * w[i];
      overflow[i] = Math.multiplyHigh(den[i], w[i]) != 0 || product < 0;
      denTimesWeight[i] = product;
    }

    int compare(int a, int b) {
      int c;
      if (!overflow[a] && !overflow[b]) {
        c = Apportion.compareProducts(num[a], denTimesWeight[b], num[b], denTimesWeight[a]);
      } else {
        BigInteger left = BigInteger.valueOf(num[a]).multiply(BigInteger.valueOf(den[b])).multiply(BigInteger.valueOf(w[b]));
        BigInteger right = BigInteger.valueOf(num[b]).multiply(BigInteger.valueOf(den[a])).multiply(BigInteger.valueOf(w[a]));
        c = left.compareTo(right);
      }
      return c != 0 ? c : Integer.compare(a, b);
    }

    boolean isEmpty() {
      return size == 0;
    }

    int top() {
      return items[0];
    }

    void push(int x) {
      int at = size++;
      items[at] = x;
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (compare(items[at], items[parent]) >= 0) {
          break;
        }
        swap(at, parent);
        at = parent;
      }
    }

    void removeTop() {
      items[0] = items[--size];
      siftDownTop();
    }

    void siftDownTop() {
      int at = 0;
      while (true) {
        int left = 2 * at + 1;
        if (left >= size) {
          return;
        }
        int child = left + 1 < size && compare(items[left + 1], items[left]) < 0 ? left + 1 : left;
        if (compare(items[child], items[at]) >= 0) {
          return;
        }
        swap(at, child);
        at = child;
      }
    }

    private void swap(int a, int b) {
      int t = items[a];
      items[a] = items[b];
      items[b] = t;
    }
  }
}
