package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.internal.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted shares that follow usage (dynamic, adaptive distribution). State is kept per scope: the
 * shares in force and, per claimant and resource, since when it has been above the high mark or below the low mark.
 * A change of claimants, capacity, weights, minimums or limits starts the scope again from the weighted division.
 */
final class DynamicStrategy extends BuiltInStrategy {

  private static final long PPM = 1_000_000;
  private static final long NEVER = Long.MIN_VALUE;

  private final Duration adjustmentPeriod;
  private final double highMark;
  private final double lowMark;
  private final double reallocationFactor;
  private final long periodNanos;
  private final long highPpm;
  private final long lowPpm;
  private final long factorPpm;
  private final PerResourceStrategy.Weighted base = new PerResourceStrategy.Weighted();
  private final Map<String, State> states = new HashMap<>();
  private final Map<String, Pending> pending = new HashMap<>();

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
  List<ResourceVector> divide(ShareRequest request) {
    ClaimantTable t = new ClaimantTable(request);
    String signature = signature(request, t.active);
    State previous = states.get(request.scope());
    State next;
    if (previous == null || !previous.signature.equals(signature)) {
      long[][] shares = base.divide(t, request);
      next = new State(signature, shares, filled(t.n, t.resources), filled(t.n, t.resources));
    } else {
      next = previous.copy();
    }
    adapt(t, request.nowNanos(), next);
    List<ResourceVector> result = ClaimantTable.vectors(next.shares, t.active);
    pending.put(request.scope(), new Pending(request, next));
    return result;
  }

  @Override
  void commit(ShareRequest request, List<ResourceVector> shares) {
    Pending p = pending.remove(request.scope());
    if (p != null && p.request == request) {
      states.put(request.scope(), p.state);
    }
  }

  /** Moves shares from claimants long below the low mark to claimants long above the high mark. */
  private void adapt(ClaimantTable t, long now, State s) {
    int n = t.n;
    for (int r = 0; r < t.resources; r++) {
      if (t.capacity[r] == ClaimantTable.ABSENT) {
        continue;
      }
      long[] want = new long[n];
      long[] give = new long[n];
      long wantSum = 0;
      long giveSum = 0;
      for (int i = 0; i < n; i++) {
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
      for (int i : ordered(t, want, true)) {
        long x = Math.min(want[i], left);
        s.shares[i][r] += x;
        left -= x;
        s.hotSince[i][r] = now; // another full period before it receives again
      }
      left = moved;
      for (int i : ordered(t, give, false)) {
        long x = Math.min(give[i], left);
        s.shares[i][r] -= x;
        left -= x;
        s.coldSince[i][r] = now;
      }
    }
  }

  private static List<Integer> ordered(ClaimantTable t, long[] amounts, boolean ascendingPriority) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < t.n; i++) {
      if (amounts[i] > 0) {
        list.add(i);
      }
    }
    list.sort((a, b) -> {
      int c = Integer.compare(t.priorities[a], t.priorities[b]);
      if (!ascendingPriority) {
        c = -c;
      }
      return c != 0 ? c : Integer.compare(a, b);
    });
    return list;
  }

  private static String signature(ShareRequest request, int[] active) {
    StringBuilder sb = new StringBuilder().append(Arrays.toString(active)).append('|').append(request.capacity()).append('|');
    for (Claimant c : request.claimants()) {
      sb.append(c.name()).append(';').append(c.weight()).append(';').append(c.priority()).append(';')
          .append(c.minimum()).append(';').append(c.limit()).append('|');
    }
    return sb.toString();
  }

  private static long[][] filled(int n, int resources) {
    long[][] m = new long[n][resources];
    for (long[] row : m) {
      Arrays.fill(row, NEVER);
    }
    return m;
  }

  @Override
  public String toString() {
    return "dynamic(period " + adjustmentPeriod + ", high " + highPpm / 1e6 + ", low " + lowPpm / 1e6
        + ", factor " + factorPpm / 1e6 + ")";
  }

  private static final class State {
    final String signature;
    final long[][] shares;
    final long[][] hotSince;
    final long[][] coldSince;

    State(String signature, long[][] shares, long[][] hotSince, long[][] coldSince) {
      this.signature = signature;
      this.shares = shares;
      this.hotSince = hotSince;
      this.coldSince = coldSince;
    }

    State copy() {
      return new State(signature, deep(shares), deep(hotSince), deep(coldSince));
    }

    private static long[][] deep(long[][] m) {
      long[][] c = new long[m.length][];
      for (int i = 0; i < m.length; i++) {
        c[i] = m[i].clone();
      }
      return c;
    }
  }

  private record Pending(ShareRequest request, State state) {}
}
