package io.github.resourcemanager.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
  }

  @Test
  void vectorsHoldExactBaseUnitsAndPrintKubernetesQuantities() {
    ResourceVector v = ResourceVector.of(Resource.CPU, "1.5").with(Resource.MEMORY, "2GB").with(Resource.THREADS, 8);
    assertThat(v.amount(Resource.CPU)).isEqualTo(1500);
    assertThat(v.amount(Resource.MEMORY)).isEqualTo(2_147_483_648L);
    assertThat(v.toString()).isEqualTo("cpu=1500m, memory=2Gi, threads=8");
    assertThat(v.has(Resource.OPEN_FILES)).isFalse();
  }

  @Test
  void absentIsNotZero() {
    ResourceVector zero = ResourceVector.of(Resource.CPU, 0);
    assertThat(zero.has(Resource.CPU)).isTrue();
    assertThat(ResourceVector.empty().has(Resource.CPU)).isFalse();
    assertThat(zero).isNotEqualTo(ResourceVector.empty());
  }

  @Test
  void plusUnitesResourcesAndFitsWithinTreatsAbsentLimitsAsUnlimited() {
    ResourceVector a = ResourceVector.of(Resource.CPU, "500m");
    ResourceVector b = ResourceVector.of(Resource.CPU, "250m").with(Resource.MEMORY, "1Gi");
    assertThat(a.plus(b)).isEqualTo(cpuMem("750m", "1Gi"));
    assertThat(cpuMem("1", "2Gi").fitsWithin(ResourceVector.of(Resource.CPU, "1"))).isTrue();
    assertThat(cpuMem("1", "2Gi").fitsWithin(cpuMem("1", "1Gi"))).isFalse();
  }

  @Test
  void negativeAmountsAreRejectedNamingTheResource() {
    assertThatThrownBy(() -> ResourceVector.of(Resource.MEMORY, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory amount must not be negative, was -1");
  }

  @Test
  void resourcesAreExtensibleByName() {
    Resource gpu = Resource.count("example.com/gpu");
    assertThat(Resource.named("example.com/gpu")).isSameAs(gpu);
    assertThat(ResourceVector.of(gpu, "2").toString()).isEqualTo("example.com/gpu=2");
    assertThatThrownBy(() -> Resource.bytes("example.com/gpu"))
        .hasMessage("resource \"example.com/gpu\" already exists with kind COUNT; cannot redefine it with kind BYTES");
  }

  @Test
  void aMissingRequestDefaultsToTheLimitAsKubernetesDoes() {
    Resources r = Resources.limits(cpuMem("1", "512Mi"));
    assertThat(r.requests()).isEqualTo(cpuMem("1", "512Mi"));
  }

  @Test
  void aRequestAboveItsLimitIsRejectedWithKubernetesMessage() {
    assertThatThrownBy(() -> Resources.of(ResourceVector.of(Resource.MEMORY, "1Gi"),
        ResourceVector.of(Resource.MEMORY, "512Mi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requests.memory: Invalid value: \"1Gi\": must be less than or equal to memory limit of 512Mi");
  }

  @Test
  void equalCpuAndMemoryRequestsAndLimitsAreGuaranteed() {
    assertThat(Resources.of(cpuMem("500m", "256Mi"), cpuMem("500m", "256Mi")).qosClass()).isEqualTo(QosClass.GUARANTEED);
  }

  @Test
  void limitsAloneAreGuaranteedBecauseRequestsDefaultToThem() {
    assertThat(Resources.limits(cpuMem("1", "1Gi")).qosClass()).isEqualTo(QosClass.GUARANTEED);
  }

  @Test
  void requestsBelowLimitsAreBurstable() {
    assertThat(Resources.of(cpuMem("250m", "256Mi"), cpuMem("1", "256Mi")).qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void aLimitOnOnlyOneOfCpuAndMemoryIsBurstable() {
    assertThat(Resources.limits(ResourceVector.of(Resource.MEMORY, "1Gi")).qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void requestsWithoutLimitsAreBurstable() {
    assertThat(Resources.requests(cpuMem("100m", "64Mi")).qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void nothingOrOnlyZeroOrOtherResourcesIsBestEffort() {
    assertThat(Resources.none().qosClass()).isEqualTo(QosClass.BEST_EFFORT);
    assertThat(Resources.requests(ResourceVector.of(Resource.CPU, "0").with(Resource.THREADS, 4)).qosClass())
        .isEqualTo(QosClass.BEST_EFFORT);
    assertThat(QosClass.BEST_EFFORT.kubernetesName()).isEqualTo("BestEffort");
  }

  @Test
  void anUnequalExtraRequestDoesNotMatterButAnUnequalCpuRequestDoes() {
    Resources extra = Resources.of(ResourceVector.of(Resource.CPU, "1").with(Resource.MEMORY, "1Gi").with(Resource.THREADS, 2),
        ResourceVector.of(Resource.CPU, "1").with(Resource.MEMORY, "1Gi").with(Resource.THREADS, 8));
    assertThat(extra.qosClass()).isEqualTo(QosClass.GUARANTEED);
    Resources cpuBelow = Resources.of(cpuMem("999m", "1Gi"), cpuMem("1", "1Gi"));
    assertThat(cpuBelow.qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void ownResourcesAreCountsBytesOrMillicores() {
    Resource burst = Resource.cpu("example.com/cpu-burst");
    Resource scratch = Resource.bytes("example.com/scratch");
    // Kubernetes quantities: 1.5 cores = 1500m; 2Gi = 2 x 1024^3 bytes
    assertThat(burst.parse("1.5")).isEqualTo(1500);
    assertThat(burst.unitName()).isEqualTo("millicores");
    assertThat(scratch.parse("2Gi")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(scratch.unitName()).isEqualTo("bytes");
    assertThat(Resource.count("example.com/fpga").unitName()).isEqualTo("count");
    assertThat(ResourceVector.of(burst, "250m").with(scratch, "1Gi").toString())
        .isEqualTo("example.com/cpu-burst=250m, example.com/scratch=1Gi");
  }

  @Test
  void withSetsOneAmountAndLeavesTheOthers() {
    ResourceVector v = ResourceVector.of(Resource.MEMORY, "1Gi").with(Resource.CPU, 500);
    assertThat(v.with(Resource.CPU, "2")).isEqualTo(ResourceVector.of(Resource.CPU, 2000).with(Resource.MEMORY, 1L << 30));
    assertThat(v.without(Resource.CPU)).isEqualTo(ResourceVector.of(Resource.MEMORY, 1L << 30));
    assertThatThrownBy(() -> v.with(Resource.THREADS, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads amount must not be negative, was -1");
    assertThatThrownBy(() -> v.with(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("resource");
  }
}
