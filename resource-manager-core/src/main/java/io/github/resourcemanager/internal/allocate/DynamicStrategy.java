package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.internal.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Weighted shares that follow usage (dynamic, adaptive distribution). State is kept per scope: the
 * shares in force and, per claimant and resource, since when it has been above the high mark or below the low mark.
 * A change of claimants, capacity, weights, minimums or limits starts the scope again from the weighted division.
 */
final class DynamicStrategy extends BuiltInStrategy {

  private static final long PPM = 1_000_000;
  private static final long NEVER = Long.MIN_VALUE;
  private static final int WANT = PerResourceStrategy.FIRST_SUBCLASS_SLOT + 10;
  private static final int GIVE = WANT + 1;
  private static final int ORDER = WANT + 2;
  private static final int KEYS = WANT + 3;

  private final Duration adjustmentPeriod;
  private final double highMark;
  private final double lowMark;
  private final double reallocationFactor;
  private final long periodNanos;
  private final long highPpm;
  private final long lowPpm;
  private final long factorPpm;
  private final PerResourceStrategy.Weighted base = new PerResourceStrategy.Weighted();
  private final Map<String, Adaptation> states = new HashMap<>();
  private final Map<String, Adaptation> pending = new HashMap<>();

  DynamicStrategy(Duration adjustmentPeriod, double highMark, double lowMark, double reallocationFactor) {
    this.periodNanos = Durations.positiveNanos("adjustmentPeriod", adjustmentPeriod);
    this.adjustmentPeriod = adjustmentPeriod;
    this.highMark = highMark;
    this.lowMark = lowMark;
    this.reallocationFactor = reallocationFactor;
    this.highPpm = ppm("highMark", highMark);
    this.lowPpm = ppm("lowMark", lowMark);
    this.factorPpm = ppm("reallocationFactor", reallocationFactor);
    if (highPpm == 0 || highPpm > PPM) {
      throw new IllegalArgumentException("highMark must be > 0 and <= 1, was " + highMark);
    }
    if (lowPpm >= highPpm) {
      throw new IllegalArgumentException("lowMark must be below highMark " + highMark + ", was " + lowMark);
    }
    if (factorPpm == 0 || factorPpm > PPM) {
      throw new IllegalArgumentException("reallocationFactor must be > 0 and <= 1, was " + reallocationFactor);
    }
  }

  private static long ppm(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be between 0 and 1, was " + value);
    }
    BigDecimal scaled = BigDecimal.valueOf(value).movePointRight(6);
    if (scaled.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(field + " " + value + " has more than 6 decimals; use at most 6");
    }
    return scaled.longValueExact();
  }

  @Override
  public String name() {
    return "dynamic";
  }

  @Override
  public boolean adaptsToUsage() {
    return true;
  }

  /** A strategy with the same parameters and no state, for another pool. */
  @Override
  BuiltInStrategy forPool() {
    return new DynamicStrategy(adjustmentPeriod, highMark, lowMark, reallocationFactor);
  }

  @Override
  void divide(ClaimantTable t, long[][] out) {
    Adaptation current = states.get(t.scope);
    Adaptation next = pending.get(t.scope);
    if (next == null) {
      next = new Adaptation();
      pending.put(t.scope, next);
    }
    Signature adopted = current == null ? null : current.signature;
    if (current == null || adopted == null || !adopted.matches(t)) {
      // New claimants, capacity, weights, minimums or limits: start again from the weighted division.
      next.size(t.n, t.resources);
      next.signature = new Signature(t);
      base.divide(t, next.shares);
      for (int i = 0; i < t.n; i++) {
        Arrays.fill(next.hotSince[i], 0, t.resources, NEVER);
        Arrays.fill(next.coldSince[i], 0, t.resources, NEVER);
      }
    } else {
      next.size(t.n, t.resources);
      next.signature = adopted;
      for (int i = 0; i < t.n; i++) {
        System.arraycopy(current.shares[i], 0, next.shares[i], 0, t.resources);
        System.arraycopy(current.hotSince[i], 0, next.hotSince[i], 0, t.resources);
        System.arraycopy(current.coldSince[i], 0, next.coldSince[i], 0, t.resources);
      }
    }
    adapt(t, t.nowNanos, next);
    for (int i = 0; i < t.n; i++) {
      System.arraycopy(next.shares[i], 0, out[i], 0, t.resources);
    }
    next.table = t;
    next.request = null;
  }

  @Override
  void divided(ShareRequest request, ClaimantTable t) {
    Adaptation next = pending.get(request.scope());
    if (next != null && next.table == t) {
      next.request = request;
    }
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // the very request the table was divided for, not an equal one
  void commit(ShareRequest request, List<ResourceVector> shares) {
    Adaptation next = pending.get(request.scope());
    ClaimantTable table = next == null ? null : next.table;
    if (next != null && next.request == request && table != null) { // a request is set only with its table
      commit(table);
    }
  }

  /** Adopts the division last made of {@code t}; a division made since of another table of the scope is not. */
  @Override
  void commit(ClaimantTable t) {
    Adaptation next = pending.get(t.scope);
    if (next == null || next.table != t) {
      return;
    }
    Adaptation previous = states.get(t.scope);
    states.put(t.scope, next);
    if (previous != null) {
      previous.table = null;
      previous.request = null;
      pending.put(t.scope, previous); // its arrays are written by the next division
    } else {
      pending.remove(t.scope);
    }
    next.table = null;
    next.request = null;
  }

  /** Moves shares from claimants long below the low mark to claimants long above the high mark. */
  private void adapt(ClaimantTable t, long now, Adaptation s) {
    int n = t.n;
    Apportion.Workspace ws = t.workspace;
    long[] want = ws.longs(WANT, n);
    long[] give = ws.longs(GIVE, n);
    int[] order = ws.ints(ORDER, n);
    long[] keys = ws.longs(KEYS, n);
    for (int r = 0; r < t.resources; r++) {
      if (t.capacity[r] == ClaimantTable.ABSENT) {
        continue;
      }
      long wantSum = 0;
      long giveSum = 0;
      for (int i = 0; i < n; i++) {
        want[i] = 0;
        give[i] = 0;
        long share = s.shares[i][r];
        long used = t.usage[i][r];
        if (used == ClaimantTable.ABSENT) {
          s.hotSince[i][r] = NEVER;
          s.coldSince[i][r] = NEVER;
          continue;
        }
        boolean hot = Apportion.compareProducts(used, PPM, share, highPpm) > 0;
        boolean cold = Apportion.compareProducts(used, PPM, share, lowPpm) < 0;
        s.hotSince[i][r] = hot ? (s.hotSince[i][r] == NEVER ? now : s.hotSince[i][r]) : NEVER;
        s.coldSince[i][r] = cold ? (s.coldSince[i][r] == NEVER ? now : s.coldSince[i][r]) : NEVER;
        long step = Apportion.mulDiv(share, factorPpm, PPM);
        if (hot && now - s.hotSince[i][r] >= periodNanos) {
          long cap = t.limit[i][r];
          want[i] = cap == ClaimantTable.ABSENT ? step : Math.max(0, Math.min(step, cap - share));
          wantSum = Apportion.saturatedAdd(wantSum, want[i]);
        } else if (cold && now - s.coldSince[i][r] >= periodNanos) {
          long keep = Math.max(ClaimantTable.orZero(t.minimum[i][r]), used);
          give[i] = Math.max(0, Math.min(step, share - keep));
          giveSum += give[i];
        }
      }
      long moved = Math.min(wantSum, giveSum);
      if (moved == 0) {
        continue;
      }
      // Recipients: lowest priority number first; donors: highest priority number first; ties in name order.
      long left = moved;
      int count = ordered(t, want, true, order, keys);
      for (int k = 0; k < count; k++) {
        int i = order[k];
        long x = Math.min(want[i], left);
        s.shares[i][r] += x;
        left -= x;
        s.hotSince[i][r] = now; // another full period before it receives again
      }
      left = moved;
      count = ordered(t, give, false, order, keys);
      for (int k = 0; k < count; k++) {
        int i = order[k];
        long x = Math.min(give[i], left);
        s.shares[i][r] -= x;
        left -= x;
        s.coldSince[i][r] = now;
      }
    }
  }

  /** The claimants with a positive amount, by priority (ascending or descending), ties in name order; returns how many. */
  private static int ordered(ClaimantTable t, long[] amounts, boolean ascendingPriority, int[] order, long[] keys) {
    int count = 0;
    for (int i = 0; i < t.n; i++) {
      if (amounts[i] > 0) {
        keys[i] = ascendingPriority ? t.priorities[i] : -(long) t.priorities[i];
        order[count++] = i;
      }
    }
    t.workspace.sort(order, count, Apportion.Workspace.BY_KEY_ASCENDING, keys, null);
    return count;
  }

  @Override
  public String toString() {
    return "dynamic(period " + adjustmentPeriod + ", high " + highPpm / 1e6 + ", low " + lowPpm / 1e6
        + ", factor " + factorPpm / 1e6 + ")";
  }

  /** What a scope's division depends on besides usage and time: when it changes, the scope starts again. */
  private static final class Signature {
    final String[] names;
    final long[] weights;
    final int[] priorities;
    final int[] active;
    final long[] capacity;
    final long[][] minimum;
    final long[][] limit;

    Signature(ClaimantTable t) {
      this.names = Arrays.copyOf(t.names, t.n);
      this.weights = Arrays.copyOf(t.weights, t.n);
      this.priorities = Arrays.copyOf(t.priorities, t.n);
      this.active = t.active.clone();
      this.capacity = Arrays.copyOf(t.capacity, t.resources);
      this.minimum = new long[t.n][];
      this.limit = new long[t.n][];
      for (int i = 0; i < t.n; i++) {
        minimum[i] = Arrays.copyOf(t.minimum[i], t.resources);
        limit[i] = Arrays.copyOf(t.limit[i], t.resources);
      }
    }

    boolean matches(ClaimantTable t) {
      if (names.length != t.n || active.length != t.resources) {
        return false;
      }
      for (int k = 0; k < t.resources; k++) {
        if (active[k] != t.active[k] || capacity[k] != t.capacity[k]) {
          return false;
        }
      }
      for (int i = 0; i < t.n; i++) {
        if (!names[i].equals(t.names[i]) || weights[i] != t.weights[i] || priorities[i] != t.priorities[i]) {
          return false;
        }
        for (int k = 0; k < t.resources; k++) {
          if (minimum[i][k] != t.minimum[i][k] || limit[i][k] != t.limit[i][k]) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /**
   * A scope's adaptation: the shares in force and, per claimant and resource, since when it has been above the high
   * mark or below the low mark. Each scope has two, the adopted one and the one the next division writes, swapped
   * when a division is adopted, so that dividing again allocates nothing.
   */
  private static final class Adaptation {
    @Nullable Signature signature; // set by the division that writes it
    long[][] shares = new long[0][];
    long[][] hotSince = new long[0][];
    long[][] coldSince = new long[0][];
    @Nullable ClaimantTable table; // the table of the division not yet adopted
    @Nullable ShareRequest request; // the request that table was made for, if any

    void size(int n, int resources) {
      shares = sized(shares, n, resources);
      hotSince = sized(hotSince, n, resources);
      coldSince = sized(coldSince, n, resources);
    }

    private static long[][] sized(long[][] m, int n, int resources) {
      if (m.length < n || (n > 0 && m[0].length < resources)) {
        return new long[n][resources];
      }
      return m;
    }
  }
}
