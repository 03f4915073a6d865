package io.github.resourcemanager.internal.allocate;

/**
 * Lower priority numbers first (0 is the most critical): each level receives its demand, at least its minimums and at most its
 * limits, from what earlier levels left, while the minimums of later levels stay reserved. A level that cannot have
 * all of its demand water-fills what it may take (equal parts, by minimum and demand). What no level demanded is
 * handed out level by level in priority order, up to the limits, so the pool is divided completely unless every
 * claimant is capped. A level may so get nothing (a share of zero) while earlier levels use everything.
 */
final class PriorityStrategy extends PerResourceStrategy {
  private static final int ORDER = FIRST_SUBCLASS_SLOT;
  private static final int LEVEL_START = FIRST_SUBCLASS_SLOT + 1;
  private static final int RESERVED_AFTER = FIRST_SUBCLASS_SLOT + 2;
  private static final int ASKS = FIRST_SUBCLASS_SLOT + 3;
  private static final int LEVEL_FLOORS = FIRST_SUBCLASS_SLOT + 4;
  private static final int GIVEN = FIRST_SUBCLASS_SLOT + 5;
  private static final int LEVEL_ONES = FIRST_SUBCLASS_SLOT + 6;
  private static final int PRIORITY_KEYS = FIRST_SUBCLASS_SLOT + 7;

  @Override
  public String name() {
    return "priority";
  }

  @Override
  void divideResource(ClaimantTable t, int r, long capacity, long[] floors, long[] caps, long[] out) {
    int n = t.n;
    Apportion.Workspace ws = t.workspace;
    int[] order = ws.ints(ORDER, n);
    long[] keys = ws.longs(PRIORITY_KEYS, n);
    for (int i = 0; i < n; i++) {
      order[i] = i;
      keys[i] = t.priorities[i];
    }
    ws.sort(order, n, Apportion.Workspace.BY_KEY_ASCENDING, keys, null); // stable: ties in position order
    // Level boundaries in 'order'.
    int[] levelStart = ws.ints(LEVEL_START, n + 1);
    int levels = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || t.priorities[order[k]] != t.priorities[order[k - 1]]) {
        levelStart[levels++] = k;
      }
    }
    levelStart[levels] = n;
    long[] reservedAfter = ws.longs(RESERVED_AFTER, levels + 1);
    reservedAfter[levels] = 0;
    for (int l = levels - 1; l >= 0; l--) {
      long sum = 0;
      for (int k = levelStart[l]; k < levelStart[l + 1]; k++) {
        sum = Apportion.saturatedAdd(sum, floors[order[k]]);
      }
      reservedAfter[l] = Apportion.saturatedAdd(reservedAfter[l + 1], sum);
    }
    for (int i = 0; i < n; i++) {
      out[i] = 0;
    }
    long remaining = capacity;
    long[] asks = ws.longs(ASKS, n);
    long[] levelFloors = ws.longs(LEVEL_FLOORS, n);
    long[] given = ws.longs(GIVEN, n);
    // Phase 1: demands, level by level.
    for (int l = 0; l < levels; l++) {
      int from = levelStart[l];
      int size = levelStart[l + 1] - from;
      long available = Math.max(0, remaining - reservedAfter[l + 1]);
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
      if (askSum <= available) {
        System.arraycopy(asks, 0, given, 0, size);
      } else {
        Apportion.fill(available, ones(ws, LEVEL_ONES, size), levelFloors, asks, size, given, ws);
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
      long[] room = asks;
      long[] zeros = levelFloors;
      for (int k = 0; k < size; k++) {
        int i = order[from + k];
        room[k] = caps[i] == ClaimantTable.ABSENT ? ClaimantTable.ABSENT : caps[i] - out[i];
        zeros[k] = 0;
      }
      Apportion.fill(remaining, ones(ws, LEVEL_ONES, size), zeros, room, size, given, ws);
      for (int k = 0; k < size; k++) {
        out[order[from + k]] += given[k];
        remaining -= given[k];
      }
    }
  }
}
