package io.github.resourcemanager.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.builder().cpu(cpu).memory(memory).build();
  }

  @Test
  void vectorsHoldExactBaseUnitsAndPrintKubernetesQuantities() {
    ResourceVector v = ResourceVector.builder().cpu("1.5").memory("2GB").threads(8).build();
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
    ResourceVector a = ResourceVector.builder().cpu("500m").build();
    ResourceVector b = ResourceVector.builder().cpu("250m").memory("1Gi").build();
    assertThat(a.plus(b)).isEqualTo(cpuMem("750m", "1Gi"));
    assertThat(cpuMem("1", "2Gi").fitsWithin(ResourceVector.builder().cpu("1").build())).isTrue();
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
    Resource gpu = Resource.of("example.com/gpu", Resource.Kind.COUNT);
    assertThat(Resource.named("example.com/gpu")).isSameAs(gpu);
    assertThat(ResourceVector.builder().amount(gpu, "2").build().toString()).isEqualTo("example.com/gpu=2");
    assertThatThrownBy(() -> Resource.of("example.com/gpu", Resource.Kind.BYTES))
        .hasMessage("resource \"example.com/gpu\" already exists with kind COUNT; cannot redefine it with kind BYTES");
  }

  @Test
  void aMissingRequestDefaultsToTheLimitAsKubernetesDoes() {
    Resources r = Resources.limits(cpuMem("1", "512Mi"));
    assertThat(r.requests()).isEqualTo(cpuMem("1", "512Mi"));
  }

  @Test
  void aRequestAboveItsLimitIsRejectedWithKubernetesMessage() {
    assertThatThrownBy(() -> Resources.of(ResourceVector.builder().memory("1Gi").build(),
        ResourceVector.builder().memory("512Mi").build()))
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
    assertThat(Resources.limits(ResourceVector.builder().memory("1Gi").build()).qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void requestsWithoutLimitsAreBurstable() {
    assertThat(Resources.requests(cpuMem("100m", "64Mi")).qosClass()).isEqualTo(QosClass.BURSTABLE);
  }

  @Test
  void nothingOrOnlyZeroOrOtherResourcesIsBestEffort() {
    assertThat(Resources.none().qosClass()).isEqualTo(QosClass.BEST_EFFORT);
    assertThat(Resources.requests(ResourceVector.builder().cpu("0").threads(4).build()).qosClass())
        .isEqualTo(QosClass.BEST_EFFORT);
    assertThat(QosClass.BEST_EFFORT.kubernetesName()).isEqualTo("BestEffort");
  }

  @Test
  void anUnequalExtraRequestDoesNotMatterButAnUnequalCpuRequestDoes() {
    Resources extra = Resources.of(ResourceVector.builder().cpu("1").memory("1Gi").threads(2).build(),
        ResourceVector.builder().cpu("1").memory("1Gi").threads(8).build());
    assertThat(extra.qosClass()).isEqualTo(QosClass.GUARANTEED);
    Resources cpuBelow = Resources.of(cpuMem("999m", "1Gi"), cpuMem("1", "1Gi"));
    assertThat(cpuBelow.qosClass()).isEqualTo(QosClass.BURSTABLE);
  }
}
