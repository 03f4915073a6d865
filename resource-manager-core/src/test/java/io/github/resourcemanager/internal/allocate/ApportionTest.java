package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApportionTest {

  private static final long NONE = Apportion.NONE;

  @Test
  void twoGibibytesAmongThreeSumExactlyWithTheRemainderToTheFirstByOrder() {
    long[] out = new long[3];
    Apportion.byWeight(2_147_483_648L, new long[] {1, 1, 1}, 3, out);
    assertThat(out).containsExactly(715_827_883L, 715_827_883L, 715_827_882L);
  }

  @Test
  void largestRemainderWinsBeforeOrder() {
    long[] out = new long[3];
    // 2 GiB by 2:2:1 -> 858993459.2, 858993459.2, 429496729.6: the last has the largest remainder
    Apportion.byWeight(2_147_483_648L, new long[] {2, 2, 1}, 3, out);
    assertThat(out).containsExactly(858_993_459L, 858_993_459L, 429_496_730L);
  }

  @Test
  void productsBeyondLongAreExact() {
    long[] out = new long[2];
    Apportion.byWeight(Long.MAX_VALUE, new long[] {1_000_000, 3_000_000}, 2, out);
    assertThat(out[0] + out[1]).isEqualTo(Long.MAX_VALUE);
    assertThat(out[0]).isEqualTo(Long.MAX_VALUE / 4 + 1); // remainder 3/4 goes to the larger remainder
    assertThat(Apportion.compareProducts(Long.MAX_VALUE, 3, Long.MAX_VALUE - 1, 3)).isPositive();
    assertThat(Apportion.compareSumOfProducts(Long.MAX_VALUE, 2, 1, 2, Long.MAX_VALUE, 2)).isPositive();
  }

  @Test
  void aCappedClaimantLeavesItsRestToTheOthers() {
    long[] out = new long[3];
    Apportion.fill(900, new long[] {1, 1, 1}, new long[3], new long[] {100, NONE, NONE}, 3, out);
    assertThat(out).containsExactly(100, 400, 400);
  }

  @Test
  void aFloorAboveTheFairShareIsKeptAndTheLevelRisesForOthers() {
    long[] out = new long[3];
    // 100 among A (floor 40), B (cap 10), C: level L with max(40, L) + min(10, L) + L = 100 -> L = 45
    Apportion.fill(100, new long[] {1, 1, 1}, new long[] {40, 0, 0}, new long[] {NONE, 10, NONE}, 3, out);
    assertThat(out).containsExactly(45, 10, 45);
  }

  @Test
  void everyClaimantCappedBelowTheTotalLeavesTheRestUndivided() {
    long[] out = new long[2];
    Apportion.fill(100, new long[] {1, 1}, new long[2], new long[] {30, 20}, 2, out);
    assertThat(out).containsExactly(30, 20);
  }

  @Test
  void floorsAboveTheTotalAreScaledInProportion() {
    long[] out = new long[2];
    Apportion.fill(90, new long[] {1, 1}, new long[] {60, 30}, new long[] {NONE, NONE}, 2, out);
    assertThat(out).containsExactly(60, 30);
    Apportion.fill(45, new long[] {1, 1}, new long[] {60, 30}, new long[] {NONE, NONE}, 2, out);
    assertThat(out).containsExactly(30, 15);
  }

  @Test
  void weightsAndCapsTogether() {
    long[] out = new long[3];
    // weights 3:1:1 of 1000, first capped at 400: the rest 600 split 1:1
    Apportion.fill(1000, new long[] {3, 1, 1}, new long[3], new long[] {400, NONE, NONE}, 3, out);
    assertThat(out).containsExactly(400, 300, 300);
  }

  @Test
  void floorsSummingBeyondALongAreSplitExactly() {
    long[] out = new long[3];
    // floors 2^63-1, 2^63-1 and 1 exceed 10: 10 in proportion to them, by exact 128-bit arithmetic:
    // 10 × (2^63-1) / (2^64-1) = 4.99999999999999999973 twice and 0.0000000000000000005, so 4, 4, 0 and the two
    // units left to the largest remainders, the first two: 5, 5, 0
    Apportion.fill(10, new long[] {1, 1, 1}, new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 1}, new long[] {NONE, NONE, NONE},
        3, out);
    assertThat(out).containsExactly(5, 5, 0);
  }

  @Test
  void quotientsOfProductsBeyondALongAreExact() {
    // (2^63-1)^2 / (2^63-2) = 2^63 + 1/(2^63-2) would not fit; (2^63-1) × 3 / 4 = 6917529027641081855.25
    assertThat(Apportion.mulDiv(Long.MAX_VALUE, 3, 4)).isEqualTo(6_917_529_027_641_081_855L);
    assertThat(Apportion.mulMod(Long.MAX_VALUE, 3, 4)).isEqualTo(1);
    assertThat(Apportion.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
