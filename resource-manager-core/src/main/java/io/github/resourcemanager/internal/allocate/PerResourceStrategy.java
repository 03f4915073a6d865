package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.List;

/**
 * A strategy that divides each limited resource of the pool on its own. For a resource the pool does not limit,
 * each claimant's share is its own limit, or absent.
 */
abstract class PerResourceStrategy extends BuiltInStrategy {

  @Override
  List<ResourceVector> divide(ShareRequest request) {
    ClaimantTable t = new ClaimantTable(request);
    long[][] out = divide(t, request);
    return ClaimantTable.vectors(out, t.active);
  }

  long[][] divide(ClaimantTable t, ShareRequest request) {
    long[][] out = t.absentMatrix();
    long[] floors = new long[t.n];
    long[] caps = new long[t.n];
    long[] part = new long[t.n];
    for (int r = 0; r < t.resources; r++) {
      long capacity = t.capacity[r];
      for (int i = 0; i < t.n; i++) {
        floors[i] = ClaimantTable.orZero(t.minimum[i][r]);
        caps[i] = t.limit[i][r];
      }
      if (capacity == ClaimantTable.ABSENT) {
        for (int i = 0; i < t.n; i++) {
          out[i][r] = caps[i];
        }
        continue;
      }
      divideResource(t, r, capacity, floors, caps, part);
      for (int i = 0; i < t.n; i++) {
        out[i][r] = part[i];
      }
    }
    return out;
  }

  /** Divides {@code capacity} of resource {@code r}; floors are 0 where absent, caps ABSENT where uncapped. */
  abstract void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out);

  /** Equal parts, water-filled. */
  static final class Equal extends PerResourceStrategy {
    @Override
    public String name() {
      return "equal";
    }

    @Override
    void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out) {
      Apportion.fill(capacity, t.ones(), floors, caps, t.n, out);
    }
  }

  /** Parts by weight, water-filled. */
  static final class Weighted extends PerResourceStrategy {
    @Override
    public String name() {
      return "weighted";
    }

    @Override
    void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out) {
      Apportion.fill(capacity, t.weights, floors, caps, t.n, out);
    }
  }

  /** Explicit shares: the limits, which must fit; the rest equally to claimants without a limit. */
  static final class Custom extends PerResourceStrategy {
    @Override
    public String name() {
      return "custom";
    }

    @Override
    void validate(ResourceVector capacity, List<Claimant> claimants) {
      String problem = misfit(capacity, claimants);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }

    @Override
    long[][] divide(ClaimantTable t, ShareRequest request) {
      String problem = misfit(request.capacity(), request.claimants());
      if (problem != null) {
        throw new IllegalStateException(problem);
      }
      return super.divide(t, request);
    }

    @Override
    void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out) {
      long explicit = 0;
      int others = 0;
      for (int i = 0; i < t.n; i++) {
        if (caps[i] != ClaimantTable.ABSENT) {
          explicit += caps[i];
        } else {
          others++;
        }
      }
      long[] weights = new long[others];
      long[] otherFloors = new long[others];
      long[] noCaps = new long[others];
      long[] part = new long[others];
      java.util.Arrays.fill(weights, 1);
      java.util.Arrays.fill(noCaps, ClaimantTable.ABSENT);
      for (int i = 0, k = 0; i < t.n; i++) {
        if (caps[i] == ClaimantTable.ABSENT) {
          otherFloors[k++] = floors[i];
        }
      }
      Apportion.fill(capacity - explicit, weights, otherFloors, noCaps, others, part);
      for (int i = 0, k = 0; i < t.n; i++) {
        out[i] = caps[i] != ClaimantTable.ABSENT ? caps[i] : part[k++];
      }
    }

    private static String misfit(ResourceVector capacity, List<Claimant> claimants) {
      for (Resource r : capacity.resources()) {
        long sum = 0;
        StringBuilder parts = new StringBuilder();
        for (Claimant c : claimants) {
          if (c.limit().has(r)) {
            long v = c.limit().amount(r);
            sum = Apportion.saturatedAdd(sum, v);
            parts.append(parts.length() == 0 ? "" : " + ").append(c.name()).append(' ').append(r.format(v));
          }
        }
        if (sum > capacity.amount(r)) {
          return "custom shares do not fit: the " + r + " limits " + parts + " = " + r.format(sum)
              + " exceed the capacity " + r.format(capacity.amount(r));
        }
      }
      return null;
    }
  }
}
