package io.github.resourcemanager.internal.allocate;

import java.util.Arrays;

/**
 * Lower priority numbers first (0 is the most critical): each level receives its demand, at least its minimums and at most its
 * limits, from what earlier levels left, while the minimums of later levels stay reserved. A level that cannot have
 * all of its demand water-fills what it may take (equal parts, by minimum and demand). What no level demanded is
 * handed out level by level in priority order, up to the limits, so the pool is divided completely unless every
 * claimant is capped.
 */
final class PriorityStrategy extends PerResourceStrategy {

  @Override
  public String name() {
    return "priority";
  }

  @Override
  void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out) {
    int n = t.n;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> t.priorities[a] != t.priorities[b]
        ? Integer.compare(t.priorities[a], t.priorities[b]) : Integer.compare(a, b));
    // Level boundaries in 'order'.
    int[] levelStart = new int[n + 1];
    int levels = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || t.priorities[order[k]] != t.priorities[order[k - 1]]) {
        levelStart[levels++] = k;
      }
    }
    levelStart[levels] = n;
    long[] reservedAfter = new long[levels + 1];
    for (int l = levels - 1; l >= 0; l--) {
      long sum = 0;
      for (int k = levelStart[l]; k < levelStart[l + 1]; k++) {
        sum = Apportion.saturatedAdd(sum, floors[order[k]]);
      }
      reservedAfter[l] = Apportion.saturatedAdd(reservedAfter[l + 1], sum);
    }
    Arrays.fill(out, 0, n, 0);
    long remaining = capacity;
    // Phase 1: demands, level by level.
    for (int l = 0; l < levels; l++) {
      int from = levelStart[l];
      int size = levelStart[l + 1] - from;
      long available = Math.max(0, remaining - reservedAfter[l + 1]);
      long[] asks = new long[size];
      long[] levelFloors = new long[size];
      long askSum = 0;
      for (int k = 0; k < size; k++) {
        int i = order[from + k];
        long ask = Math.max(ClaimantTable.orZero(t.demand[i][r]), floors[i]);
        if (caps[i] != ClaimantTable.ABSENT) {
          ask = Math.min(ask, caps[i]);
        }
        asks[k] = ask;
        levelFloors[k] = floors[i];
        askSum = Apportion.saturatedAdd(askSum, ask);
      }
      long[] given = new long[size];
      if (askSum <= available) {
        System.arraycopy(asks, 0, given, 0, size);
      } else {
        long[] ones = new long[size];
        Arrays.fill(ones, 1);
        Apportion.fill(available, ones, levelFloors, asks, size, given);
      }
      for (int k = 0; k < size; k++) {
        out[order[from + k]] = given[k];
        remaining -= given[k];
      }
    }
    // Phase 2: what nobody demanded, level by level, up to the limits.
    for (int l = 0; l < levels && remaining > 0; l++) {
      int from = levelStart[l];
      int size = levelStart[l + 1] - from;
      long[] room = new long[size];
      long[] zeros = new long[size];
      long[] ones = new long[size];
      Arrays.fill(ones, 1);
      for (int k = 0; k < size; k++) {
        int i = order[from + k];
        room[k] = caps[i] == ClaimantTable.ABSENT ? ClaimantTable.ABSENT : caps[i] - out[i];
      }
      long[] extra = new long[size];
      Apportion.fill(remaining, ones, zeros, room, size, extra);
      for (int k = 0; k < size; k++) {
        out[order[from + k]] += extra[k];
        remaining -= extra[k];
      }
    }
  }
}
