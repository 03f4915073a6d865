package io.github.resourcemanager.internal.allocate;

/**
 * Dominant Resource Fairness (Ghodsi, Zaharia, Hindman, Konwinski, Shenker, Stoica: "Dominant Resource Fairness:
 * Fair Allocation of Multiple Resource Types", NSDI 2011), by progressive filling as in the paper's Algorithm 1:
 * repeatedly pick the claimant with the lowest dominant share (its largest share of any limited resource, divided by
 * its weight; ties in name order) and grant its next unit if the unit fits in what is left and within the claimant's
 * limit. A claimant whose next unit does not fit is done (its later units are not considered, so grants keep the
 * units' order); the others go on. A claimant's share of each limited resource is the sum of its granted units, so a
 * claimant without units (an agent with no requests) has a share of zero.
 *
 * <p>Dominant shares are compared exactly, as fractions, for any amounts and weights: {@code num / (den × weight)}
 * is compared by cross-multiplying three factors in 192-bit arithmetic. Allocates nothing once the table's workspace
 * has grown.
 */
final class DrfStrategy extends BuiltInStrategy {
  private static final int REMAINING = Apportion.Workspace.FIRST_STRATEGY_SLOT;
  private static final int NUM = REMAINING + 1;
  private static final int DEN = REMAINING + 2;
  private static final int NEXT = REMAINING + 3;
  private static final int HEAP = REMAINING + 4;
  private static final int ALLOC = REMAINING + 5;

  @Override
  public String name() {
    return "drf";
  }

  @Override
  void divide(ClaimantTable t, long[][] out) {
    int n = t.n;
    int resources = t.resources;
    Apportion.Workspace ws = t.workspace;
    long[] capacity = t.capacity;
    long[] remaining = ws.longs(REMAINING, resources);
    System.arraycopy(capacity, 0, remaining, 0, resources);
    long[][] alloc = ws.matrix(ALLOC, n, resources);
    long[] num = ws.longs(NUM, n);
    long[] den = ws.longs(DEN, n);
    int[] next = ws.ints(NEXT, n);
    int[] heap = ws.ints(HEAP, n);
    int size = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < resources; k++) {
        alloc[i][k] = 0;
      }
      num[i] = 0;
      den[i] = 1;
      next[i] = 0;
      if (t.unitCount[i] > 0) {
        size = push(heap, size, i, num, den, t.weights);
      }
    }
    while (size > 0) {
      int i = heap[0];
      long[] unit = t.units[t.unitStart[i] + next[i]];
      if (!fits(unit, remaining, alloc[i], t.limit[i], resources)) {
        size = removeTop(heap, size, num, den, t.weights); // this claimant is done
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
      dominant(alloc[i], capacity, i, num, den, resources);
      if (++next[i] < t.unitCount[i]) {
        siftDown(heap, size, 0, num, den, t.weights); // its share only grew
      } else {
        size = removeTop(heap, size, num, den, t.weights);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < resources; k++) {
        out[i][k] = capacity[k] != ClaimantTable.ABSENT ? alloc[i][k] : t.limit[i][k];
      }
    }
  }

  private static boolean fits(long[] unit, long[] remaining, long[] alloc, long[] limit, int resources) {
    for (int r = 0; r < resources; r++) {
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
  private static void dominant(long[] alloc, long[] capacity, int i, long[] num, long[] den, int resources) {
    long bestNum = 0;
    long bestDen = 1;
    for (int r = 0; r < resources; r++) {
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

  // ------------------------------------------------------------------ a binary min-heap of claimant indices

  /** Orders claimants by weighted dominant share num / (den × weight), exactly, then by index. */
  private static int compare(int a, int b, long[] num, long[] den, long[] w) {
    // num[a] / (den[a] w[a]) vs num[b] / (den[b] w[b])  <=>  num[a] den[b] w[b] vs num[b] den[a] w[a]
    int c = Apportion.compareTripleProducts(num[a], den[b], w[b], num[b], den[a], w[a]);
    return c != 0 ? c : Integer.compare(a, b);
  }

  private static int push(int[] heap, int size, int x, long[] num, long[] den, long[] w) {
    int at = size;
    heap[at] = x;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (compare(heap[at], heap[parent], num, den, w) >= 0) {
        break;
      }
      int t = heap[at];
      heap[at] = heap[parent];
      heap[parent] = t;
      at = parent;
    }
    return size + 1;
  }

  private static int removeTop(int[] heap, int size, long[] num, long[] den, long[] w) {
    heap[0] = heap[--size];
    siftDown(heap, size, 0, num, den, w);
    return size;
  }

  private static void siftDown(int[] heap, int size, int at, long[] num, long[] den, long[] w) {
    while (true) {
      int left = 2 * at + 1;
      if (left >= size) {
        return;
      }
      int child = left + 1 < size && compare(heap[left + 1], heap[left], num, den, w) < 0 ? left + 1 : left;
      if (compare(heap[child], heap[at], num, den, w) >= 0) {
        return;
      }
      int t = heap[at];
      heap[at] = heap[child];
      heap[child] = t;
      at = child;
    }
  }
}
