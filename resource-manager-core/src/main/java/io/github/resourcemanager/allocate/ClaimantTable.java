package io.github.resourcemanager.allocate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The claimants of a {@link ShareRequest} as primitive arrays indexed [claimant][resource]; ABSENT where absent. */
final class ClaimantTable {
  static final long ABSENT = ResourceVector.ABSENT;

  final int n;
  final int resources;
  final long[] capacity;
  final long[] weights;
  final int[] priorities;
  final long[][] minimum;
  final long[][] limit;
  final long[][] demand;
  final long[][] usage;

  ClaimantTable(ShareRequest request) {
    List<Claimant> claimants = request.claimants();
    this.n = claimants.size();
    this.resources = Resource.count();
    this.capacity = new long[resources];
    request.capacity().copyInto(capacity);
    this.weights = new long[n];
    this.priorities = new int[n];
    this.minimum = new long[n][resources];
    this.limit = new long[n][resources];
    this.demand = new long[n][resources];
    this.usage = new long[n][resources];
    for (int i = 0; i < n; i++) {
      Claimant c = claimants.get(i);
      weights[i] = c.weight();
      priorities[i] = c.priority();
      c.minimum().copyInto(minimum[i]);
      c.limit().copyInto(limit[i]);
      c.usage().copyInto(usage[i]);
      Arrays.fill(demand[i], ABSENT);
      for (ResourceVector unit : c.units()) {
        for (int r = 0; r < resources; r++) {
          long v = unit.raw(r);
          if (v != ABSENT) {
            demand[i][r] = demand[i][r] == ABSENT ? v : Apportion.saturatedAdd(demand[i][r], v);
          }
        }
      }
    }
  }

  static long orZero(long v) {
    return v == ABSENT ? 0 : v;
  }

  /** Shares as vectors: out[i][r], ABSENT where absent. */
  static List<ResourceVector> vectors(long[][] out) {
    List<ResourceVector> list = new ArrayList<>(out.length);
    for (long[] row : out) {
      list.add(ResourceVector.ofRaw(row));
    }
    return list;
  }

  /** A [n][resources] array filled with ABSENT. */
  long[][] absentMatrix() {
    long[][] m = new long[n][resources];
    for (long[] row : m) {
      Arrays.fill(row, ABSENT);
    }
    return m;
  }
}
