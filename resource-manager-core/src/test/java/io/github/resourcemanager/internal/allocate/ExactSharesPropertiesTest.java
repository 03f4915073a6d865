package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The weighted and DRF strategies against exact oracles in {@link BigInteger} arithmetic, over the whole range of
 * amounts (up to {@code Long.MAX_VALUE}) and weights (up to {@link ProjectConfig#MAX_WEIGHT}): the weighted shares
 * are within one unit of the exact rational water-fill and sum to the pool; DRF grants exactly the units progressive
 * filling with exact fractions grants.
 */
class ExactSharesPropertiesTest {

  private static final long NONE = -1;
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Amounts across the whole range: small, around 2^31, 2^32 and 2^62, and up to Long.MAX_VALUE. */
  private static Gen<Long> amounts() {
    return Generate.frequency(Pair.of(3, longs().between(0, 10_000)), Pair.of(2, longs().between(0, Long.MAX_VALUE)),
        Pair.of(1, longs().between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE)),
        Pair.of(1, longs().between((1L << 31) - 3, (1L << 32) + 3)), Pair.of(1, longs().between(1L << 62, (1L << 62) + 5)));
  }

  private static Gen<Long> weights() {
    return Generate.frequency(Pair.of(3, longs().between(1, 10)), Pair.of(2, longs().between(1, ProjectConfig.MAX_WEIGHT)),
        Pair.of(1, longs().between(ProjectConfig.MAX_WEIGHT - 3, ProjectConfig.MAX_WEIGHT)));
  }

  /** weight, floor (0: none), cap (-1: none). */
  private static Gen<long[]> claimants() {
    Gen<Long> caps = Generate.frequency(Pair.of(1, Generate.constant(NONE)), Pair.of(2, amounts()));
    return weights().zip(amounts(), caps, (w, f, c) -> c == NONE ? new long[] {w, f % 3 == 0 ? f : 0, NONE}
        : new long[] {w, Math.min(f % 3 == 0 ? f : 0, c), c});
  }

  // ------------------------------------------------------------------ weighted: the exact water-fill

  @Test
  void weightedSharesAreWithinOneUnitOfTheExactWaterFillAndSumToThePool() {
    qt().withExamples(2_000).forAll(amounts(), lists().of(claimants()).ofSizeBetween(1, 25))
        .checkAssert(ExactSharesPropertiesTest::weightedSharesMatchTheWaterFill);
  }

  @Test
  void floorsSummingBeyondALongAreSplitInProportionToThePoolOfLongMaxValue() {
    // Found by the property above: 93 + 9,223,372,036,854,775,716 = 2^63 + 1 overflows a long; a saturated sum
    // looked equal to the pool of 2^63 - 1, so every floor was granted and 2 units more than the pool handed out.
    // The floors exceed the pool, so it is split in proportion to them: 93 x (2^63 - 1) / (2^63 + 1) is 92.99...98,
    // so 92 or 93; (2^63 - 92) x (2^63 - 1) / (2^63 + 1) = 2^63 - 94 + 2 x 94 / (2^63 + 1): 9,223,372,036,854,775,714
    // or ...715; together exactly 2^63 - 1.
    weightedSharesMatchTheWaterFill(Long.MAX_VALUE, List.of(new long[] {1, 0, 0}, new long[] {1, 0, NONE},
        new long[] {1, 93, NONE}, new long[] {1, 9_223_372_036_854_775_716L, NONE}));
  }

  @Test
  void capsSummingBeyondALongDoNotHandOutMoreThanThePool() {
    // (2^63 - 1) / 2 + 1 twice is 2^63: above the pool of 2^63 - 1, so the claimants are not simply given their caps;
    // equal weights and equal caps: 2^62 - 1 and 2^62 (or the other way round), summing to the pool.
    long half = Long.MAX_VALUE / 2 + 1;
    weightedSharesMatchTheWaterFill(Long.MAX_VALUE, List.of(new long[] {1, 0, half}, new long[] {1, 0, half}));
  }

  private static void weightedSharesMatchTheWaterFill(long total, List<long[]> cs) {
    List<Claimant> claimants = new ArrayList<>();
    for (int i = 0; i < cs.size(); i++) {
      long[] c = cs.get(i);
      claimants.add(new Claimant(String.format("c%02d", i), c[0], 0,
          c[1] == 0 ? ResourceVector.empty() : ResourceVector.of(Resource.CPU, c[1]),
          c[2] == NONE ? ResourceVector.empty() : ResourceVector.of(Resource.CPU, c[2]), List.of(),
          ResourceVector.empty()));
    }
    List<ResourceVector> shares = BuiltInStrategy.of(SharingStrategy.weighted())
        .divide(new ShareRequest("", ResourceVector.of(Resource.CPU, total), claimants, 0));
    BigInteger[][] exact = waterFill(total, cs);
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < cs.size(); i++) {
      BigInteger share = BigInteger.valueOf(shares.get(i).amount(Resource.CPU));
      sum = sum.add(share);
      // |share − num/den| < 1  <=>  |share × den − num| < den
      BigInteger diff = share.multiply(exact[i][1]).subtract(exact[i][0]).abs();
      assertThat(diff).as("claimant %d of %s in %d: share %s, exact %s/%s", i, toString(cs), total, share,
          exact[i][0], exact[i][1]).isLessThan(exact[i][1]);
    }
    assertThat(sum).as("sum of %s in %d", toString(cs), total).isEqualTo(poolSum(total, cs));
  }

  /** What the shares sum to: the pool, unless every claimant is capped below it (then the caps). */
  private static BigInteger poolSum(long total, List<long[]> cs) {
    BigInteger caps = BigInteger.ZERO;
    BigInteger floors = BigInteger.ZERO;
    for (long[] c : cs) {
      if (c[2] == NONE) {
        return BigInteger.valueOf(total);
      }
      caps = caps.add(BigInteger.valueOf(c[2]));
      floors = floors.add(BigInteger.valueOf(c[1]));
    }
    return floors.compareTo(BigInteger.valueOf(total)) >= 0 ? BigInteger.valueOf(total)
        : caps.min(BigInteger.valueOf(total));
  }

  /**
   * The exact water-fill as fractions {num, den}: the level L with sum(clamp(w × L, floor, cap)) = total, found on the
   * piecewise linear sum between its breakpoints floor/w and cap/w; the pool split in proportion to the floors if
   * they exceed it; every cap if all are capped below the pool.
   */
  private static BigInteger[][] waterFill(long totalLong, List<long[]> cs) {
    int n = cs.size();
    BigInteger total = BigInteger.valueOf(totalLong);
    BigInteger[][] result = new BigInteger[n][];
    BigInteger floorSum = BigInteger.ZERO;
    BigInteger capSum = BigInteger.ZERO;
    boolean allCapped = true;
    for (long[] c : cs) {
      floorSum = floorSum.add(BigInteger.valueOf(c[1]));
      if (c[2] == NONE) {
        allCapped = false;
      } else {
        capSum = capSum.add(BigInteger.valueOf(c[2]));
      }
    }
    if (floorSum.compareTo(total) >= 0) {
      for (int i = 0; i < n; i++) {
        result[i] = floorSum.signum() == 0 ? new BigInteger[] {BigInteger.ZERO, BigInteger.ONE}
            : new BigInteger[] {total.multiply(BigInteger.valueOf(cs.get(i)[1])), floorSum};
      }
      return result;
    }
    if (allCapped && capSum.compareTo(total) <= 0) {
      for (int i = 0; i < n; i++) {
        result[i] = new BigInteger[] {BigInteger.valueOf(cs.get(i)[2]), BigInteger.ONE};
      }
      return result;
    }
    // Breakpoints as fractions p/q, in ascending order; the level is between two of them (or past the last).
    List<BigInteger[]> points = new ArrayList<>();
    points.add(new BigInteger[] {BigInteger.ZERO, BigInteger.ONE});
    for (long[] c : cs) {
      points.add(new BigInteger[] {BigInteger.valueOf(c[1]), BigInteger.valueOf(c[0])});
      if (c[2] != NONE) {
        points.add(new BigInteger[] {BigInteger.valueOf(c[2]), BigInteger.valueOf(c[0])});
      }
    }
    points.sort((a, b) -> a[0].multiply(b[1]).compareTo(b[0].multiply(a[1])));
    BigInteger[] level = null;
    for (int k = 0; k < points.size(); k++) {
      BigInteger[] b = points.get(k);
      BigInteger[] g = sumAt(cs, b); // g(b) as a fraction
      if (g[0].compareTo(total.multiply(g[1])) >= 0) {
        // between the previous breakpoint a (g(a) < total) and b, g is linear: g(a) + slope × (L − a)
        BigInteger[] a = points.get(k - 1);
        level = solve(cs, a, sumAt(cs, a), total);
        break;
      }
    }
    if (level == null) {
      BigInteger[] last = points.get(points.size() - 1);
      level = solve(cs, last, sumAt(cs, last), total);
    }
    for (int i = 0; i < n; i++) {
      result[i] = clamp(cs.get(i), level);
    }
    return result;
  }

  /** L = a + (total − g(a)) / slope, where the slope is the weight of the claimants free just above a. */
  private static BigInteger[] solve(List<long[]> cs, BigInteger[] a, BigInteger[] ga, BigInteger total) {
    BigInteger slope = BigInteger.ZERO;
    for (long[] c : cs) {
      BigInteger w = BigInteger.valueOf(c[0]);
      boolean aboveFloor = a[0].multiply(w).compareTo(BigInteger.valueOf(c[1]).multiply(a[1])) >= 0;
      boolean belowCap = c[2] == NONE || a[0].multiply(w).compareTo(BigInteger.valueOf(c[2]).multiply(a[1])) < 0;
      if (aboveFloor && belowCap) {
        slope = slope.add(w);
      }
    }
    // (total − ga[0]/ga[1]) / slope + a[0]/a[1]
    BigInteger num = total.multiply(ga[1]).subtract(ga[0]).multiply(a[1]).add(a[0].multiply(ga[1]).multiply(slope));
    BigInteger den = ga[1].multiply(slope).multiply(a[1]);
    return new BigInteger[] {num, den};
  }

  private static BigInteger[] sumAt(List<long[]> cs, BigInteger[] level) {
    BigInteger num = BigInteger.ZERO;
    BigInteger den = BigInteger.ONE;
    for (long[] c : cs) {
      BigInteger[] v = clamp(c, level);
      num = num.multiply(v[1]).add(v[0].multiply(den));
      den = den.multiply(v[1]);
      BigInteger g = num.gcd(den);
      num = num.divide(g);
      den = den.divide(g);
    }
    return new BigInteger[] {num, den};
  }

  /** clamp(w × L, floor, cap) as a fraction. */
  private static BigInteger[] clamp(long[] c, BigInteger[] level) {
    BigInteger num = BigInteger.valueOf(c[0]).multiply(level[0]);
    BigInteger den = level[1];
    if (num.compareTo(BigInteger.valueOf(c[1]).multiply(den)) < 0) {
      return new BigInteger[] {BigInteger.valueOf(c[1]), BigInteger.ONE};
    }
    if (c[2] != NONE && num.compareTo(BigInteger.valueOf(c[2]).multiply(den)) > 0) {
      return new BigInteger[] {BigInteger.valueOf(c[2]), BigInteger.ONE};
    }
    return new BigInteger[] {num, den};
  }

  private static String toString(List<long[]> cs) {
    StringBuilder sb = new StringBuilder("[");
    for (long[] c : cs) {
      sb.append("(w ").append(c[0]).append(", floor ").append(c[1]).append(", cap ").append(c[2]).append(") ");
    }
    return sb.append(']').toString();
  }

  // ------------------------------------------------------------------ DRF: progressive filling with exact fractions

  /** A DRF claimant: weight, optional limits (-1: none) and units, over two resources. */
  private record DrfClaimant(long weight, long[] limit, List<long[]> units) {}

  private static Gen<DrfClaimant> drfClaimants() {
    Gen<long[]> pairs = amounts().zip(amounts(), (a, b) -> new long[] {a, b});
    Gen<long[]> limits = Generate.frequency(Pair.of(2, Generate.constant(new long[] {NONE, NONE})), Pair.of(1, pairs));
    return weights().zip(limits, lists().of(pairs).ofSizeBetween(0, 4), DrfClaimant::new);
  }

  @Test
  void drfGrantsExactlyWhatProgressiveFillingWithExactFractionsGrants() {
    qt().withExamples(2_000).forAll(amounts(), amounts(), lists().of(drfClaimants()).ofSizeBetween(1, 10))
        .checkAssert((cpu, memory, cs) -> {
          List<Claimant> claimants = new ArrayList<>();
          for (int i = 0; i < cs.size(); i++) {
            DrfClaimant c = cs.get(i);
            ResourceVector limit = c.limit()[0] == NONE ? ResourceVector.empty()
                : ResourceVector.of(Resource.CPU, c.limit()[0]).with(Resource.MEMORY, c.limit()[1]);
            List<ResourceVector> units = new ArrayList<>();
            for (long[] u : c.units()) {
              units.add(ResourceVector.of(Resource.CPU, u[0]).with(Resource.MEMORY, u[1]));
            }
            claimants.add(new Claimant(String.format("c%02d", i), c.weight(), 0, ResourceVector.empty(), limit, units,
                ResourceVector.empty()));
          }
          ResourceVector pool = ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
          List<ResourceVector> shares = BuiltInStrategy.of(SharingStrategy.drf())
              .divide(new ShareRequest("", pool, claimants, 0));
          BigInteger[][] expected = progressiveFilling(new long[] {cpu, memory}, cs);
          for (int i = 0; i < cs.size(); i++) {
            assertThat(new BigInteger[] {BigInteger.valueOf(shares.get(i).amount(Resource.CPU)),
                BigInteger.valueOf(shares.get(i).amount(Resource.MEMORY))})
                .as("claimant %d in pool %d, %d", i, cpu, memory).containsExactly(expected[i]);
          }
        });
  }

  /**
   * DRF by the paper's Algorithm 1 with exact fractions: repeatedly the claimant with the lowest dominant share
   * (max over resources of granted / capacity, divided by the weight; ties by position) gets its next unit if it fits
   * what is left and its limit; a claimant whose next unit does not fit is done.
   */
  private static BigInteger[][] progressiveFilling(long[] capacity, List<DrfClaimant> cs) {
    int n = cs.size();
    BigInteger[][] granted = new BigInteger[n][2];
    BigInteger[] left = {BigInteger.valueOf(capacity[0]), BigInteger.valueOf(capacity[1])};
    int[] next = new int[n];
    boolean[] done = new boolean[n];
    for (int i = 0; i < n; i++) {
      granted[i][0] = BigInteger.ZERO;
      granted[i][1] = BigInteger.ZERO;
      done[i] = cs.get(i).units().isEmpty();
    }
    while (true) {
      int best = -1;
      BigInteger[] bestShare = null;
      for (int i = 0; i < n; i++) {
        if (done[i]) {
          continue;
        }
        BigInteger[] share = dominant(granted[i], capacity, cs.get(i).weight());
        if (best < 0 || share[0].multiply(bestShare[1]).compareTo(bestShare[0].multiply(share[1])) < 0) {
          best = i;
          bestShare = share;
        }
      }
      if (best < 0) {
        return granted;
      }
      DrfClaimant c = cs.get(best);
      long[] unit = c.units().get(next[best]);
      boolean fits = true;
      for (int r = 0; r < 2; r++) {
        BigInteger u = BigInteger.valueOf(unit[r]);
        if (u.signum() > 0 && (u.compareTo(left[r]) > 0
            || (c.limit()[r] != NONE && granted[best][r].add(u).compareTo(BigInteger.valueOf(c.limit()[r])) > 0))) {
          fits = false;
        }
      }
      if (!fits) {
        done[best] = true;
        continue;
      }
      for (int r = 0; r < 2; r++) {
        granted[best][r] = granted[best][r].add(BigInteger.valueOf(unit[r]));
        left[r] = left[r].subtract(BigInteger.valueOf(unit[r]));
      }
      if (++next[best] >= c.units().size()) {
        done[best] = true;
      }
    }
  }

  /** max over resources with a positive capacity of granted / capacity, divided by the weight, as {num, den}. */
  private static BigInteger[] dominant(BigInteger[] granted, long[] capacity, long weight) {
    BigInteger num = BigInteger.ZERO;
    BigInteger den = BigInteger.ONE;
    for (int r = 0; r < 2; r++) {
      if (capacity[r] == 0) {
        continue;
      }
      BigInteger cap = BigInteger.valueOf(capacity[r]);
      if (granted[r].multiply(den).compareTo(num.multiply(cap)) > 0) {
        num = granted[r];
        den = cap;
      }
    }
    return new BigInteger[] {num, den.multiply(BigInteger.valueOf(weight))};
  }

  // ------------------------------------------------------------------ the bound on weights

  @Test
  void weightsAboveTheBoundAreRejectedNamingTheField() {
    assertThat(ProjectConfig.custom("p").weight(ProjectConfig.MAX_WEIGHT).build().weight()).isEqualTo(1_000_000_000L);
    assertThatThrownBy(() -> ProjectConfig.custom("p").weight(ProjectConfig.MAX_WEIGHT + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of project p must be from 1 to 1000000000, was 1000000001");
    assertThatThrownBy(() -> AgentSpec.custom("a").weight(Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of agent a must be from 1 to 1000000000, was 9223372036854775807");
  }

  @Test
  void exactArithmeticAgreesWithBigIntegerAtTheExtremes() {
    long[] values = {0, 1, 2, 3, (1L << 31) - 1, 1L << 32, (1L << 62) + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    for (long a : values) {
      for (long b : values) {
        for (long c : values) {
          if (c == 0) {
            continue;
          }
          BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
          BigInteger[] qr = product.divideAndRemainder(BigInteger.valueOf(c));
          if (qr[0].compareTo(MAX) <= 0) {
            assertThat(Apportion.mulDiv(a, b, c)).as("%d × %d / %d", a, b, c).isEqualTo(qr[0].longValueExact());
            assertThat(Apportion.mulMod(a, b, c)).as("%d × %d mod %d", a, b, c).isEqualTo(qr[1].longValueExact());
          }
          for (long d : values) {
            BigInteger left = product.multiply(BigInteger.valueOf(c));
            BigInteger right = BigInteger.valueOf(d).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(a));
            assertThat(Integer.signum(Apportion.compareTripleProducts(a, b, c, d, b, a)))
                .as("%d×%d×%d vs %d×%d×%d", a, b, c, d, b, a).isEqualTo(left.compareTo(right));
          }
        }
      }
    }
  }
}
