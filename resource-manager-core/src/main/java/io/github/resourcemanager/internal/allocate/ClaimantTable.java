package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The claimants of a {@link ShareRequest} as primitive arrays indexed [claimant][k], where k runs over the
 * resources that can have a share ({@link #active}: those in the capacity or in a claimant's limit or minimum, as
 * global resource indices, ascending); ABSENT where a claimant has no amount. Any other resource is neither divided
 * nor limited, so its share is absent; leaving it out keeps the arrays small, and the columns stable while usage
 * and demand come and go.
 */
final class ClaimantTable {
  static final long ABSENT = Vectors.ABSENT;

  final int n;
  /** The number of resources in use; arrays are indexed by 0..resources-1. */
  final int resources;
  /** Global resource index of each column. */
  final int[] active;
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
    this.active = activeResources(request);
    this.resources = active.length;
    this.capacity = new long[resources];
    for (int k = 0; k < resources; k++) {
      capacity[k] = Vectors.raw(request.capacity(), active[k]);
    }
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
      long[] min = minimum[i];
      long[] lim = limit[i];
      long[] use = usage[i];
      long[] dem = demand[i];
      Arrays.fill(dem, ABSENT);
      List<ResourceVector> units = c.units();
      for (int k = 0; k < resources; k++) {
        int r = active[k];
        min[k] = Vectors.raw(c.minimum(), r);
        lim[k] = Vectors.raw(c.limit(), r);
        use[k] = Vectors.raw(c.usage(), r);
        for (int u = 0; u < units.size(); u++) {
          long v = Vectors.raw(units.get(u), r);
          if (v != ABSENT) {
            dem[k] = dem[k] == ABSENT ? v : Apportion.saturatedAdd(dem[k], v);
          }
        }
      }
    }
  }

  /**
   * The global indices of the resources with an amount in the capacity or in any claimant's minimum or limit,
   * ascending: the only resources a share can have.
   */
  static int[] activeResources(ShareRequest request) {
    int total = Vectors.resourceCount();
    boolean[] seen = new boolean[total];
    mark(request.capacity(), seen);
    List<Claimant> claimants = request.claimants();
    for (int i = 0; i < claimants.size(); i++) {
      Claimant c = claimants.get(i);
      mark(c.minimum(), seen);
      mark(c.limit(), seen);
    }
    int count = 0;
    for (boolean b : seen) {
      if (b) {
        count++;
      }
    }
    int[] active = new int[count];
    for (int r = 0, k = 0; r < total; r++) {
      if (seen[r]) {
        active[k++] = r;
      }
    }
    return active;
  }

  private static void mark(ResourceVector v, boolean[] seen) {
    if (v.isEmpty()) {
      return;
    }
    for (int r = 0; r < seen.length; r++) {
      if (!seen[r] && Vectors.raw(v, r) != ABSENT) {
        seen[r] = true;
      }
    }
  }

  private long[] ones;

  /** Weights of 1 for every claimant, for equal division. */
  long[] ones() {
    if (ones == null) {
      ones = new long[n];
      Arrays.fill(ones, 1);
    }
    return ones;
  }

  static long orZero(long v) {
    return v == ABSENT ? 0 : v;
  }

  /** Shares as vectors: out[i][k] for the resources {@code active}, ABSENT where absent. */
  static List<ResourceVector> vectors(long[][] out, int[] active) {
    List<ResourceVector> list = new ArrayList<>(out.length);
    Resource[] resources = new Resource[active.length];
    for (int k = 0; k < active.length; k++) {
      resources[k] = Vectors.resource(active[k]);
    }
    for (long[] row : out) {
      ResourceVector v = ResourceVector.empty();
      for (int k = active.length - 1; k >= 0; k--) { // highest index first: later copies need not grow
        if (row[k] != ABSENT) {
          v = v.with(resources[k], row[k]);
        }
      }
      list.add(v);
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
