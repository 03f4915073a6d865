package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every strategy with exact expected shares, on the multi-agent sharing design's worked examples where it has them. */
class SharingStrategyTest {

  private static final long GIB2 = 2_147_483_648L;
  /** Seed 002's global limits on an 8-CPU machine: 60 % CPU = 4800m, 2GB. */
  private static final ResourceVector SEED_POOL = ResourceVector.of(Resource.CPU, "4800m").with(Resource.MEMORY, "2GB");

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
  }

  private static List<ResourceVector> divide(SharingStrategy s, ResourceVector pool, Claimant... claimants) {
    return BuiltInStrategy.of(s).divide(new ShareRequest("", pool, List.of(claimants), 0));
  }

  private static Claimant project(String name) {
    return Claimant.named(name);
  }

  @Test
  void equalSplitsTwoGibibytesAmongThreeProjectsExactly() {
    List<ResourceVector> shares = divide(SharingStrategy.equal(), SEED_POOL,
        project("api-service"), project("auth-service"), project("worker-service"));
    assertThat(shares).containsExactly(
        ResourceVector.of(Resource.CPU, "1600m").with(Resource.MEMORY, Long.toString(715_827_883L)),
        ResourceVector.of(Resource.CPU, "1600m").with(Resource.MEMORY, Long.toString(715_827_883L)),
        ResourceVector.of(Resource.CPU, "1600m").with(Resource.MEMORY, Long.toString(715_827_882L)));
    long sum = shares.stream().mapToLong(v -> v.amount(Resource.MEMORY)).sum();
    assertThat(sum).isEqualTo(GIB2);
  }

  @Test
  void equalGivesWhatACappedProjectCannotTakeToTheOthers() {
    List<ResourceVector> shares = divide(SharingStrategy.equal(), SEED_POOL,
        project("a").withLimit(cpuMem("1", "512Mi")), project("b"), project("c"));
    assertThat(shares.get(0)).isEqualTo(cpuMem("1", "512Mi"));
    assertThat(shares.get(1)).isEqualTo(cpuMem("1900m", "768Mi"));
    assertThat(shares.get(2)).isEqualTo(cpuMem("1900m", "768Mi"));
  }

  @Test
  void weightedSplitsByTwoTwoOneAsSeed002Calculates() {
    List<ResourceVector> shares = divide(SharingStrategy.weighted(), SEED_POOL,
        project("api-service").withWeight(2), project("auth-service").withWeight(2), project("worker-service").withWeight(1));
    // (2/5) x 60 % = 24 % = 1920m, (2/5) x 2GB = 819.2MB; (1/5) -> 12 % = 960m, 409.6MB (+1 byte: largest remainder)
    assertThat(shares).containsExactly(
        ResourceVector.of(Resource.CPU, "1920m").with(Resource.MEMORY, "858993459"),
        ResourceVector.of(Resource.CPU, "1920m").with(Resource.MEMORY, "858993459"),
        ResourceVector.of(Resource.CPU, "960m").with(Resource.MEMORY, "429496730"));
  }

  @Test
  void priorityServesLowerNumbersFirstAndLaterLevelsGetWhatIsLeft() {
    ResourceVector twoCpus = ResourceVector.of(Resource.CPU, "2");
    List<ResourceVector> shares = divide(SharingStrategy.priority(), ResourceVector.of(Resource.CPU, "4800m"),
        project("api-service").withPriority(1).withUnits(twoCpus),
        project("auth-service").withPriority(0).withUnits(twoCpus),
        project("worker-service").withPriority(2).withUnits(twoCpus));
    assertThat(shares).extracting(v -> v.amount(Resource.CPU)).containsExactly(2000L, 2000L, 800L);
  }

  @Test
  void priorityGivesWhatNobodyDemandsToTheFirstLevelUpToItsLimit() {
    ResourceVector oneCpu = ResourceVector.of(Resource.CPU, "1");
    ResourceVector pool = ResourceVector.of(Resource.CPU, "4800m");
    List<ResourceVector> uncapped = divide(SharingStrategy.priority(), pool,
        project("a").withPriority(0).withUnits(oneCpu), project("b").withPriority(1).withUnits(oneCpu));
    assertThat(uncapped).extracting(v -> v.amount(Resource.CPU)).containsExactly(3800L, 1000L);
    List<ResourceVector> capped = divide(SharingStrategy.priority(), pool,
        project("a").withPriority(0).withUnits(oneCpu).withLimit(ResourceVector.of(Resource.CPU, "1500m")),
        project("b").withPriority(1).withUnits(oneCpu));
    assertThat(capped).extracting(v -> v.amount(Resource.CPU)).containsExactly(1500L, 3300L);
  }

  @Test
  void priorityKeepsTheMinimumsOfLaterLevels() {
    List<ResourceVector> shares = divide(SharingStrategy.priority(), ResourceVector.of(Resource.CPU, "4800m"),
        project("critical").withPriority(0).withUnits(ResourceVector.of(Resource.CPU, "10")),
        project("worker").withPriority(2).withMinimum(ResourceVector.of(Resource.CPU, "500m")));
    assertThat(shares).extracting(v -> v.amount(Resource.CPU)).containsExactly(4300L, 500L);
  }

  @Test
  void customGivesExactlyTheExplicitLimitsAndTheRestToProjectsWithout() {
    List<ResourceVector> shares = divide(SharingStrategy.custom(), SEED_POOL,
        project("api-service").withLimit(cpuMem("1600m", "500MB")),
        project("auth-service").withLimit(cpuMem("2400m", "800MB")),
        project("docs"),
        project("worker-service").withLimit(cpuMem("800m", "256MB")));
    assertThat(shares).containsExactly(cpuMem("1600m", "500Mi"), cpuMem("2400m", "800Mi"), cpuMem("0", "492Mi"),
        cpuMem("800m", "256Mi"));
  }

  @Test
  void customLimitsThatDoNotFitAreRejectedNamingTheResourceAndTheParts() {
    BuiltInStrategy custom = BuiltInStrategy.of(SharingStrategy.custom());
    List<Claimant> claimants = List.of(project("a").withLimit(ResourceVector.of(Resource.CPU, "3")),
        project("b").withLimit(ResourceVector.of(Resource.CPU, "2")));
    assertThatThrownBy(() -> custom.validate(ResourceVector.of(Resource.CPU, "4800m"), claimants))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("custom shares do not fit: the cpu limits a 3 + b 2 = 5 exceed the capacity 4800m");
    assertThatThrownBy(() -> custom.divide(new ShareRequest("", ResourceVector.of(Resource.CPU, "4800m"), claimants, 0)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void drfReproducesTheWorkedExampleOfThePaper() {
    // Ghodsi et al., NSDI 2011, section 4: 9 CPUs, 18 GB; A's tasks <1 CPU, 4 GB>, B's <3 CPUs, 1 GB>
    ResourceVector pool = cpuMem("9", "18Gi");
    Claimant a = project("A").withUnits(Collections.nCopies(10, cpuMem("1", "4Gi")));
    Claimant b = project("B").withUnits(Collections.nCopies(10, cpuMem("3", "1Gi")));
    List<ResourceVector> shares = divide(SharingStrategy.drf(), pool, a, b);
    assertThat(shares.get(0)).isEqualTo(cpuMem("3", "12Gi")); // 3 tasks
    assertThat(shares.get(1)).isEqualTo(cpuMem("6", "2Gi"));  // 2 tasks
    // dominant shares: A memory 12/18 = 2/3, B CPU 6/9 = 2/3
    assertThat(Apportion.compareProducts(12, 3, 2, 18)).isZero();
    assertThat(Apportion.compareProducts(6, 3, 2, 9)).isZero();
  }

  @Test
  void drfGrantsUnitsInOrderAndStopsAClaimantAtTheFirstUnitThatDoesNotFit() {
    ResourceVector pool = cpuMem("4", "4Gi");
    Claimant a = project("a").withUnits(cpuMem("1", "1Gi"), cpuMem("3", "1Gi"), cpuMem("100m", "1Mi"));
    Claimant b = project("b").withUnits(cpuMem("1", "1Gi"), cpuMem("1", "1Gi"));
    List<ResourceVector> shares = divide(SharingStrategy.drf(), pool, a, b);
    // a1 (tie: name order), b1, then a's <3, 1Gi> does not fit the 2 CPUs left: a stops, b goes on
    assertThat(shares.get(0)).isEqualTo(cpuMem("1", "1Gi"));
    assertThat(shares.get(1)).isEqualTo(cpuMem("2", "2Gi"));
  }

  @Test
  void drfScalesDominantSharesByWeight() {
    ResourceVector pool = cpuMem("6", "6Gi");
    Claimant heavy = project("heavy").withWeight(2).withUnits(Collections.nCopies(10, cpuMem("1", "1Gi")));
    Claimant light = project("light").withUnits(Collections.nCopies(10, cpuMem("1", "1Gi")));
    List<ResourceVector> shares = divide(SharingStrategy.drf(), pool, heavy, light);
    assertThat(shares).containsExactly(cpuMem("4", "4Gi"), cpuMem("2", "2Gi"));
  }

  @Test
  void unlimitedResourcesAreNotDividedButEachGetsItsOwnLimit() {
    List<ResourceVector> shares = divide(SharingStrategy.equal(), ResourceVector.of(Resource.CPU, "2"),
        project("a").withLimit(ResourceVector.of(Resource.MEMORY, "1Gi")), project("b"));
    assertThat(shares).containsExactly(cpuMem("1", "1Gi"), ResourceVector.of(Resource.CPU, "1"));
  }

  @Test
  void dynamicMovesAFractionFromAnIdleProjectToABusyOneAfterTheAdjustmentPeriod() {
    BuiltInStrategy dynamic = BuiltInStrategy.of(SharingStrategy.dynamic(Duration.ofSeconds(30), 0.8, 0.5, 0.2));
    ResourceVector pool = ResourceVector.of(Resource.CPU, "3");
    List<Long> seen = new ArrayList<>();
    long[] times = {0, 10, 30, 45, 60};
    for (long t : times) {
      ShareRequest req = new ShareRequest("", pool, List.of(
          project("busy").withUsage(ResourceVector.of(Resource.CPU, "900m")),
          project("idle").withUsage(ResourceVector.of(Resource.CPU, "100m")),
          project("steady").withUsage(ResourceVector.of(Resource.CPU, "600m"))), Duration.ofSeconds(t).toNanos());
      List<ResourceVector> shares = dynamic.divide(req);
      dynamic.commit(req, shares);
      seen.add(shares.get(0).amount(Resource.CPU));
      seen.add(shares.get(1).amount(Resource.CPU));
      seen.add(shares.get(2).amount(Resource.CPU));
    }
    assertThat(seen).containsExactly(
        1000L, 1000L, 1000L,  // t=0: weighted base; busy is at 0.9, idle at 0.1
        1000L, 1000L, 1000L,  // t=10: not yet 30 s
        1200L, 800L, 1000L,   // t=30: +20 % of busy's share, taken from idle
        1200L, 800L, 1000L,   // t=45: busy at 900/1200 = 0.75, no longer above 0.8
        1200L, 800L, 1000L);  // t=60: idle keeps giving only when someone wants
  }

  @Test
  void dynamicNeverTakesADonorBelowItsMinimumAndServesLowerPriorityNumbersFirst() {
    BuiltInStrategy dynamic = BuiltInStrategy.of(SharingStrategy.dynamic(Duration.ofSeconds(30), 0.8, 0.5, 0.2));
    ResourceVector pool = ResourceVector.of(Resource.CPU, "3");
    List<ResourceVector> last = null;
    for (long t : new long[] {0, 30}) {
      ShareRequest req = new ShareRequest("", pool, List.of(
          project("a").withPriority(1).withUsage(ResourceVector.of(Resource.CPU, "950m")),
          project("b").withMinimum(ResourceVector.of(Resource.CPU, "900m")).withUsage(ResourceVector.of(Resource.CPU, "0")),
          project("c").withPriority(0).withUsage(ResourceVector.of(Resource.CPU, "950m"))),
          Duration.ofSeconds(t).toNanos());
      last = dynamic.divide(req);
      dynamic.commit(req, last);
    }
    // b may give only 100m (down to its minimum); c (priority 0) is served before a (priority 1)
    assertThat(last).extracting(v -> v.amount(Resource.CPU)).containsExactly(1000L, 900L, 1100L);
  }

  @Test
  void dynamicDoesNotChangeStateForDivisionsThatAreNotCommitted() {
    BuiltInStrategy dynamic = BuiltInStrategy.of(SharingStrategy.dynamic(Duration.ofSeconds(30), 0.8, 0.5, 0.2));
    ResourceVector pool = ResourceVector.of(Resource.CPU, "2");
    List<Claimant> claimants = List.of(project("busy").withUsage(ResourceVector.of(Resource.CPU, "1")),
        project("idle").withUsage(ResourceVector.of(Resource.CPU, "0")));
    ShareRequest first = new ShareRequest("", pool, claimants, 0);
    dynamic.commit(first, dynamic.divide(first));
    dynamic.divide(new ShareRequest("", pool, claimants, Duration.ofSeconds(30).toNanos())); // tried, not adopted
    ShareRequest again = new ShareRequest("", pool, claimants, Duration.ofSeconds(31).toNanos());
    List<ResourceVector> shares = dynamic.divide(again);
    assertThat(shares).extracting(v -> v.amount(Resource.CPU)).containsExactly(1200L, 800L);
  }

  @Test
  void dynamicParametersAreValidated() {
    assertThatThrownBy(() -> SharingStrategy.dynamic(Duration.ofSeconds(30), 0.5, 0.8, 0.2))
        .hasMessage("lowMark must be below highMark 0.5, was 0.8");
    assertThatThrownBy(() -> SharingStrategy.dynamic(Duration.ZERO, 0.8, 0.5, 0.2))
        .hasMessage("adjustmentPeriod must be positive, was PT0S");
  }

  @Test
  void strategiesAreFoundByTheirSeedNames() {
    for (String name : List.of("equal", "weighted", "priority", "dynamic", "custom", "drf")) {
      assertThat(SharingStrategy.named(name).name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> SharingStrategy.named("fair"))
        .hasMessage("strategy \"fair\" is not allowed; allowed: equal, weighted, priority, dynamic, custom, drf");
  }
}
