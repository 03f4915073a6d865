package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of every built-in strategy: shares never exceed parents, sum exactly to the pool, are deterministic. */
class SharingPropertiesTest {

  private static final Resource[] RESOURCES = {Resource.CPU, Resource.MEMORY};
  private static final long NONE = -1;

  /** A claimant's raw numbers; limits of -1 mean none. */
  private record Raw(int weight, int priority, long limitCpu, long limitMemory, long minCpu, List<long[]> units) {}

  private record Scenario(ResourceVector pool, List<Claimant> claimants) {
    ShareRequest request() {
      return new ShareRequest("", pool, claimants, 0);
    }
  }

  private static Gen<Raw> raws() {
    Gen<long[]> unit = longs().between(0, 400_000).zip(longs().between(0, 1L << 36), (c, m) -> new long[] {c, m});
    return integers().between(1, 10).zip(integers().between(0, 3), longs().between(-1, 2_000_000),
        longs().between(-1, 1L << 41), (w, p, lc, lm) -> new long[] {w, p, lc, lm})
        .zip(longs().between(0, 1_000_000), lists().of(unit).ofSizeBetween(0, 5),
            (a, min, units) -> new Raw((int) a[0], (int) a[1], a[2], a[3], min, units));
  }

  private static Gen<Scenario> scenarios() {
    return longs().between(0, 1_000_000).zip(longs().between(0, 1L << 40), lists().of(raws()).ofSizeBetween(1, 8),
        SharingPropertiesTest::scenario);
  }

  private static Scenario scenario(long cpu, long memory, List<Raw> raws) {
    ResourceVector pool = ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
    List<Claimant> claimants = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      Raw r = raws.get(i);
      ResourceVector limit = ResourceVector.empty();
      if (r.limitCpu() != NONE) {
        limit = limit.with(Resource.CPU, r.limitCpu());
      }
      if (r.limitMemory() != NONE) {
        limit = limit.with(Resource.MEMORY, r.limitMemory());
      }
      // minimums that fit together (at most pool/n each) and under the claimant's own limit
      long min = Math.min(r.minCpu(), cpu / raws.size());
      if (r.limitCpu() != NONE) {
        min = Math.min(min, r.limitCpu());
      }
      List<ResourceVector> units = new ArrayList<>();
      for (long[] u : r.units()) {
        units.add(ResourceVector.of(Resource.CPU, u[0]).with(Resource.MEMORY, u[1]));
      }
      claimants.add(new Claimant(String.format("c%02d", i), r.weight(), r.priority(),
          ResourceVector.of(Resource.CPU, min), limit, units, ResourceVector.empty()));
    }
    return new Scenario(pool, claimants);
  }

  private static List<Supplier<SharingStrategy>> all() {
    return List.of(SharingStrategy::equal, SharingStrategy::weighted, SharingStrategy::priority,
        SharingStrategy::dynamic, SharingStrategy::custom, SharingStrategy::drf);
  }

  private static List<Supplier<SharingStrategy>> dividingAll() {
    return List.of(SharingStrategy::equal, SharingStrategy::weighted, SharingStrategy::priority, SharingStrategy::dynamic);
  }

  /** The division, or null when the strategy refuses the scenario (custom limits that do not fit). */
  private static List<ResourceVector> divide(SharingStrategy s, Scenario sc) {
    try {
      return BuiltInStrategy.of(s).divide(sc.request());
    } catch (IllegalStateException refused) {
      assertThat(s.name()).isEqualTo("custom");
      return null;
    }
  }

  @Test
  void sharesNeverExceedAClaimantsLimitNorTogetherThePool() {
    qt().withExamples(250).forAll(scenarios()).checkAssert(sc -> {
      for (Supplier<SharingStrategy> strategy : all()) {
        List<ResourceVector> shares = divide(strategy.get(), sc);
        if (shares == null) {
          continue;
        }
        assertThat(shares).hasSameSizeAs(sc.claimants());
        for (Resource r : RESOURCES) {
          long sum = 0;
          for (int i = 0; i < shares.size(); i++) {
            long share = shares.get(i).amount(r);
            assertThat(share).isNotNegative();
            sc.claimants().get(i).limit().find(r).ifPresent(limit -> assertThat(share).isLessThanOrEqualTo(limit));
            sum += share;
          }
          assertThat(sum).as("%s %s", strategy.get().name(), r).isLessThanOrEqualTo(sc.pool().amount(r));
        }
      }
    });
  }

  @Test
  void dividingStrategiesSumExactlyToThePoolOrToTheLimitsIfTheyAreSmaller() {
    qt().withExamples(250).forAll(scenarios()).checkAssert(sc -> {
      for (Supplier<SharingStrategy> strategy : dividingAll()) {
        List<ResourceVector> shares = BuiltInStrategy.of(strategy.get()).divide(sc.request());
        for (Resource r : RESOURCES) {
          long sum = 0;
          long limits = 0;
          boolean allCapped = true;
          for (int i = 0; i < shares.size(); i++) {
            sum += shares.get(i).amount(r);
            Claimant c = sc.claimants().get(i);
            if (c.limit().has(r)) {
              limits += c.limit().amount(r);
            } else {
              allCapped = false;
            }
          }
          long expected = allCapped ? Math.min(sc.pool().amount(r), limits) : sc.pool().amount(r);
          assertThat(sum).as("%s %s", strategy.get().name(), r).isEqualTo(expected);
        }
      }
    });
  }

  @Test
  void dividingStrategiesKeepEveryMinimum() {
    qt().withExamples(250).forAll(scenarios()).checkAssert(sc -> {
      for (Supplier<SharingStrategy> strategy : dividingAll()) {
        List<ResourceVector> shares = BuiltInStrategy.of(strategy.get()).divide(sc.request());
        for (int i = 0; i < shares.size(); i++) {
          assertThat(shares.get(i).amount(Resource.CPU))
              .as("%s %s", strategy.get().name(), sc.claimants().get(i).name())
              .isGreaterThanOrEqualTo(sc.claimants().get(i).minimum().amount(Resource.CPU));
        }
      }
    });
  }

  @Test
  void theSameRequestAlwaysGetsTheSameShares() {
    qt().withExamples(250).forAll(scenarios()).checkAssert(sc -> {
      for (Supplier<SharingStrategy> strategy : all()) {
        SharingStrategy reused = strategy.get();
        List<ResourceVector> first = divide(reused, sc);
        assertThat(divide(reused, sc)).isEqualTo(first);
        assertThat(divide(strategy.get(), sc)).isEqualTo(first);
      }
    });
  }

  @Test
  void drfGrantsOnlyWholeUnitsInOrder() {
    qt().withExamples(250).forAll(scenarios()).checkAssert(sc -> {
      List<ResourceVector> shares = BuiltInStrategy.of(SharingStrategy.drf()).divide(sc.request());
      for (int i = 0; i < shares.size(); i++) {
        Claimant c = sc.claimants().get(i);
        ResourceVector prefix = ResourceVector.of(Resource.CPU, 0).with(Resource.MEMORY, 0);
        boolean matched = prefix.equals(shares.get(i));
        for (ResourceVector unit : c.units()) {
          prefix = prefix.plus(unit);
          matched |= prefix.equals(shares.get(i));
        }
        assertThat(matched).as("share of %s is the sum of its first k units", c.name()).isTrue();
      }
    });
  }
}
