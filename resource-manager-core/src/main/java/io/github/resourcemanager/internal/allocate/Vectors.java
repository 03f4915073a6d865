package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;

/**
 * The engine's arithmetic works on plain {@code long} arrays indexed by {@link Resource#index()}, with
 * {@link #ABSENT} where a resource has no amount; this converts between them and {@link ResourceVector}s through the
 * vectors' public accessors.
 */
final class Vectors {

  /** No amount: not specified for requests, unlimited for limits and capacities. Amounts are never negative. */
  static final long ABSENT = -1;

  // Resource.all() in index order, as last read; read again when an index beyond it is asked for.
  private static volatile Resource[] known = new Resource[0];

  private Vectors() {}

  /** The number of resources defined so far: one more than the largest index. Allocates. */
  static int resourceCount() {
    return refresh().length;
  }

  /** The resource with index {@code index}, which must have been defined. */
  static Resource resource(int index) {
    Resource[] k = known;
    if (index >= k.length) {
      k = refresh();
    }
    return k[index];
  }

  private static Resource[] refresh() {
    Resource[] k = Resource.all().toArray(new Resource[0]);
    known = k;
    return k;
  }

  /** The amount of the resource with index {@code index} in {@code v}, or {@link #ABSENT}. */
  static long raw(ResourceVector v, int index) {
    return v.isEmpty() ? ABSENT : v.amountOr(resource(index), ABSENT);
  }

  /** A new array of {@code length} amounts of {@code v}, {@link #ABSENT} where it has none. */
  static long[] toArray(ResourceVector v, int length) {
    long[] a = new long[length];
    for (int r = 0; r < length; r++) {
      a[r] = raw(v, r);
    }
    return a;
  }

  /**
   * The vector of {@code raw}'s amounts ({@link #ABSENT}: none), which must not be negative; {@code raw} may be
   * reused afterwards.
   */
  static ResourceVector of(long[] raw) {
    ResourceVector v = ResourceVector.empty();
    for (int r = raw.length - 1; r >= 0; r--) { // highest index first: later copies need not grow
      if (raw[r] != ABSENT) {
        v = v.with(resource(r), raw[r]);
      }
    }
    return v;
  }

  /** Adds {@code amounts} into {@code into}, saturating at {@code Long.MAX_VALUE}; absent amounts add nothing. */
  static void add(long[] into, long[] amounts) {
    for (int r = 0; r < into.length; r++) {
      if (amounts[r] != ABSENT) {
        into[r] = Apportion.saturatedAdd(into[r], amounts[r]);
      }
    }
  }

  /** Subtracts {@code amounts} from {@code from}; absent amounts subtract nothing. */
  static void subtract(long[] from, long[] amounts) {
    for (int r = 0; r < from.length; r++) {
      if (amounts[r] != ABSENT) {
        from[r] -= amounts[r];
      }
    }
  }

  /** Whether amounts of {@code resource} are millicores, so a CPU percentage converts to them. */
  static boolean inMillicores(Resource resource) {
    return "millicores".equals(resource.unitName());
  }
}
