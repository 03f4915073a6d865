package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A strategy that divides each limited resource of the pool on its own. For a resource the pool does not limit,
 * each claimant's share is its own limit, or absent. Allocates nothing once the table's workspace has grown.
 */
abstract class PerResourceStrategy extends BuiltInStrategy {
  // Workspace slots of the per-resource division.
  static final int FLOORS = Apportion.Workspace.FIRST_STRATEGY_SLOT;
  static final int CAPS = FLOORS + 1;
  static final int PART = FLOORS + 2;
  static final int ONES = FLOORS + 3;
  /** The first slot free for the subclasses. */
  static final int FIRST_SUBCLASS_SLOT = FLOORS + 4;

  @Override
  void divide(ClaimantTable t, long[][] out) {
    int n = t.n;
    Apportion.Workspace ws = t.workspace;
    long[] floors = ws.longs(FLOORS, n);
    long[] caps = ws.longs(CAPS, n);
    long[] part = ws.longs(PART, n);
    for (int r = 0; r < t.resources; r++) {
      long capacity = t.capacity[r];
      for (int i = 0; i < n; i++) {
        floors[i] = ClaimantTable.orZero(t.minimum[i][r]);
        caps[i] = t.limit[i][r];
      }
      if (capacity == ClaimantTable.ABSENT) {
        for (int i = 0; i < n; i++) {
          out[i][r] = caps[i];
        }
        continue;
      }
      divideResource(t, r, capacity, floors, caps, part);
      for (int i = 0; i < n; i++) {
        out[i][r] = part[i];
      }
    }
  }

  /** Weights of 1 for {@code n} claimants, kept in the workspace. */
  static long[] ones(Apportion.Workspace ws, int slot, int n) {
    long[] ones = ws.longs(slot, n);
    for (int i = 0; i < n; i++) {
      ones[i] = 1;
    }
    return ones;
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
      Apportion.fill(capacity, ones(t.workspace, ONES, t.n), floors, caps, t.n, out, t.workspace);
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
      Apportion.fill(capacity, t.weights, floors, caps, t.n, out, t.workspace);
    }
  }

  /** Explicit shares: the limits, which must fit; the rest equally to claimants without a limit. */
  static final class Custom extends PerResourceStrategy {
    private static final int OTHER_FLOORS = FIRST_SUBCLASS_SLOT;
    private static final int NO_CAPS = FIRST_SUBCLASS_SLOT + 1;
    private static final int OTHER_PARTS = FIRST_SUBCLASS_SLOT + 2;

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
    void divide(ClaimantTable t, long[][] out) {
      for (int r = 0; r < t.resources; r++) {
        long cap = t.capacity[r];
        if (cap == ClaimantTable.ABSENT) {
          continue;
        }
        long sum = 0;
        for (int i = 0; i < t.n; i++) {
          if (t.limit[i][r] != ClaimantTable.ABSENT) {
            sum = Apportion.saturatedAdd(sum, t.limit[i][r]);
          }
        }
        if (sum > cap) {
          throw new IllegalStateException(misfitText(t, r)); // builds the message only when it does not fit
        }
      }
      super.divide(t, out);
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
      Apportion.Workspace ws = t.workspace;
      long[] weights = ones(ws, ONES, others);
      long[] otherFloors = ws.longs(OTHER_FLOORS, others);
      long[] noCaps = ws.longs(NO_CAPS, others);
      long[] part = ws.longs(OTHER_PARTS, others);
      for (int i = 0, k = 0; i < t.n; i++) {
        if (caps[i] == ClaimantTable.ABSENT) {
          otherFloors[k] = floors[i];
          noCaps[k++] = ClaimantTable.ABSENT;
        }
      }
      Apportion.fill(capacity - explicit, weights, otherFloors, noCaps, others, part, ws);
      for (int i = 0, k = 0; i < t.n; i++) {
        out[i] = caps[i] != ClaimantTable.ABSENT ? caps[i] : part[k++];
      }
    }

    private static String misfitText(ClaimantTable t, int r) {
      Resource res = Vectors.resource(t.active[r]);
      long sum = 0;
      StringBuilder parts = new StringBuilder();
      for (int i = 0; i < t.n; i++) {
        long v = t.limit[i][r];
        if (v != ClaimantTable.ABSENT) {
          sum = Apportion.saturatedAdd(sum, v);
          parts.append(parts.length() == 0 ? "" : " + ").append(t.names[i]).append(' ').append(res.format(v));
        }
      }
      return "custom shares do not fit: the " + res + " limits " + parts + " = " + res.format(sum)
          + " exceed the capacity " + res.format(t.capacity[r]);
    }

    private static @Nullable String misfit(ResourceVector capacity, List<Claimant> claimants) {
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
