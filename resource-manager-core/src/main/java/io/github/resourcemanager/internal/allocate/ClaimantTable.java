package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One division as primitive arrays: the capacity and the claimants indexed [claimant][k], where k runs over the
 * resources that can have a share ({@link #active}: those in the capacity or in a claimant's limit or minimum, as
 * global resource indices, ascending); ABSENT where a claimant has no amount. Any other resource is neither divided
 * nor limited, so its share is absent; leaving it out keeps the arrays small, and the columns stable while usage
 * and demand come and go.
 *
 * <p>A table is reusable: the pool keeps one per division and refills only what changes (usage on every sample, the
 * capacity of a project's agents when the project's share moves), so that dividing again allocates nothing; it is
 * rebuilt when claimants join or leave. The strategies' working arrays live in its {@link #workspace}. Not
 * thread-safe; the pool's lock guards it.
 */
final class ClaimantTable {
  static final long ABSENT = Vectors.ABSENT;

  /** Which division: {@code ""} for the projects, a project's name for its agents. */
  final String scope;
  final int n;
  /** The number of resources in use; arrays are indexed by 0..resources-1. */
  final int resources;
  /** Global resource index of each column. */
  final int[] active;
  final long[] capacity;
  final String[] names;
  final long[] weights;
  final int[] priorities;
  final long[][] minimum;
  final long[][] limit;
  final long[][] demand;
  final long[][] usage;
  /** The units of demand, in the order they should be granted: claimant i's are rows {@code unitStart[i]} on. */
  final long[][] units;
  final int[] unitStart;
  final int[] unitCount;
  /** The ticker reading at which the division is made. */
  long nowNanos;
  /** The strategies' working arrays. */
  final Apportion.Workspace workspace = new Apportion.Workspace();

  private ClaimantTable(String scope, int n, int[] active, int unitTotal) {
    this.scope = scope;
    this.n = n;
    this.active = active;
    this.resources = active.length;
    this.capacity = new long[resources];
    this.names = new String[n];
    this.weights = new long[n];
    this.priorities = new int[n];
    this.minimum = new long[n][resources];
    this.limit = new long[n][resources];
    this.demand = new long[n][resources];
    this.usage = new long[n][resources];
    this.units = new long[unitTotal][resources];
    this.unitStart = new int[n];
    this.unitCount = new int[n];
  }

  /**
   * An empty table for {@code n} claimants with {@code unitTotal} units in all, over the resources with global
   * indices {@code active}; fill it with {@link #capacity(long[])}, {@link #claimant} and {@link #unit}.
   */
  static ClaimantTable empty(String scope, int n, int[] active, int unitTotal) {
    return new ClaimantTable(scope, n, active, unitTotal);
  }

  /** The table of a {@link ShareRequest}: what admission's trial divisions and the tests ask for. Allocates. */
  static ClaimantTable of(ShareRequest request) {
    List<Claimant> claimants = request.claimants();
    int unitTotal = 0;
    for (Claimant c : claimants) {
      unitTotal += c.units().size();
    }
    int resourceCount = Vectors.resourceCount();
    ClaimantTable t = new ClaimantTable(request.scope(), claimants.size(), activeResources(request), unitTotal);
    t.nowNanos = request.nowNanos();
    t.capacity(Vectors.toArray(request.capacity(), resourceCount));
    int unit = 0;
    for (int i = 0; i < claimants.size(); i++) {
      Claimant c = claimants.get(i);
      t.claimant(i, c.name(), c.weight(), c.priority(), Vectors.toArray(c.minimum(), resourceCount),
          Vectors.toArray(c.limit(), resourceCount), Vectors.toArray(c.usage(), resourceCount), unit);
      for (ResourceVector u : c.units()) {
        t.unit(i, Vectors.toArray(u, resourceCount));
        unit++;
      }
    }
    return t;
  }

  /** Sets the capacity from amounts by global resource index. */
  void capacity(long[] byIndex) {
    for (int k = 0; k < resources; k++) {
      capacity[k] = byIndex[active[k]];
    }
  }

  /**
   * Sets claimant {@code i} from amounts by global resource index (null: none); its units start at
   * {@code firstUnit} and are added with {@link #unit}, in order.
   */
  void claimant(int i, String name, long weight, int priority, long @Nullable [] minimumByIndex,
      long @Nullable [] limitByIndex, long @Nullable [] usageByIndex, int firstUnit) {
    names[i] = name;
    weights[i] = weight;
    priorities[i] = priority;
    for (int k = 0; k < resources; k++) {
      int r = active[k];
      minimum[i][k] = minimumByIndex == null ? ABSENT : minimumByIndex[r];
      limit[i][k] = limitByIndex == null ? ABSENT : limitByIndex[r];
      usage[i][k] = usageByIndex == null ? ABSENT : usageByIndex[r];
      demand[i][k] = ABSENT;
    }
    unitStart[i] = firstUnit;
    unitCount[i] = 0;
  }

  /** Adds the next unit of claimant {@code i}'s demand, from amounts by global resource index. */
  void unit(int i, long[] byIndex) {
    long[] row = units[unitStart[i] + unitCount[i]++];
    long[] dem = demand[i];
    for (int k = 0; k < resources; k++) {
      long v = byIndex[active[k]];
      row[k] = v;
      if (v != ABSENT) {
        dem[k] = dem[k] == ABSENT ? v : Apportion.saturatedAdd(dem[k], v);
      }
    }
  }

  /** Sets claimant {@code i}'s usage again, from amounts by global resource index (null: none). */
  void usage(int i, long[] byIndex) {
    long[] use = usage[i];
    for (int k = 0; k < resources; k++) {
      use[k] = byIndex == null ? ABSENT : byIndex[active[k]];
    }
  }

  /**
   * The global indices of the resources with an amount in the capacity or in any claimant's minimum or limit,
   * ascending: the only resources a share can have.
   */
  static int[] activeResources(ShareRequest request) {
    int total = Vectors.resourceCount();
    boolean[] seen = new boolean[total];
    mark(Vectors.toArray(request.capacity(), total), seen);
    for (Claimant c : request.claimants()) {
      mark(Vectors.toArray(c.minimum(), total), seen);
      mark(Vectors.toArray(c.limit(), total), seen);
    }
    return columns(seen);
  }

  /** Marks the resources {@code byIndex} has an amount of. */
  static void mark(long[] byIndex, boolean[] seen) {
    if (byIndex == null) {
      return;
    }
    for (int r = 0; r < seen.length && r < byIndex.length; r++) {
      if (byIndex[r] != ABSENT) {
        seen[r] = true;
      }
    }
  }

  /** The marked indices, ascending. */
  static int[] columns(boolean[] seen) {
    int count = 0;
    for (boolean b : seen) {
      if (b) {
        count++;
      }
    }
    int[] active = new int[count];
    for (int r = 0, k = 0; r < seen.length; r++) {
      if (seen[r]) {
        active[k++] = r;
      }
    }
    return active;
  }

  static long orZero(long v) {
    return v == ABSENT ? 0 : v;
  }

  /** Shares as vectors: out[i][k] for the resources {@code active}, ABSENT where absent. Allocates. */
  static List<ResourceVector> vectors(long[][] out, int n, int[] active) {
    List<ResourceVector> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(vector(out[i], active));
    }
    return list;
  }

  /** One share as a vector. Allocates. */
  static ResourceVector vector(long[] row, int[] active) {
    ResourceVector v = ResourceVector.empty();
    for (int k = active.length - 1; k >= 0; k--) { // highest index first: later copies need not grow
      if (row[k] != ABSENT) {
        Resource resource = Vectors.resource(active[k]);
        v = v.with(resource, row[k]);
      }
    }
    return v;
  }

  /** A new [n][resources] array filled with ABSENT. */
  long[][] absentMatrix() {
    long[][] m = new long[n][resources];
    for (long[] row : m) {
      Arrays.fill(row, ABSENT);
    }
    return m;
  }
}
