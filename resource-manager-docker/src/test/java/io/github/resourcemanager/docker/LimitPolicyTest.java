package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import org.junit.jupiter.api.Test;

class LimitPolicyTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    LimitPolicy p = LimitPolicy.ofDefaults();

    assertThat(p.allowedMemory()).extracting(DockerSyntax::memory)
        .containsExactly("1g", "2g", "4g", "8g", "16g", "32g", "64g");
    assertThat(p.allowedCpus()).extracting(DockerSyntax::cpus).containsExactly("1", "2", "4", "8", "16");
    assertThat(p.defaults()).isEqualTo(ContainerLimits.parse("4g", "2"));
    assertThat(p.hostCpuRule()).isEqualTo(LimitPolicy.HostCpuRule.REJECT);
  }

  @Test
  void memoryOutsideTheAllowlistIsRejectedListingTheAllowedValues() {
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().checkAllowed(ContainerLimits.parse("65g", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory 65g is not allowed; allowed: 1g, 2g, 4g, 8g, 16g, 32g, 64g");
  }

  @Test
  void cpusOutsideTheAllowlistAreRejectedListingTheAllowedValues() {
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().checkAllowed(ContainerLimits.parse("4g", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpus 3 is not allowed; allowed: 1, 2, 4, 8, 16");
  }

  @Test
  void cpusAboveTheHostAreRejectedNamingTheHostAndWhatFits() {
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().fitRequested(ContainerLimits.parse("4g", "8"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpus 8 exceeds the 2 CPUs of the Docker engine's host; allowed on this host: 1, 2");
  }

  @Test
  void cpusAboveTheHostAreClampedWhenThePolicySaysSo() {
    LimitPolicy p = LimitPolicy.custom().hostCpuRule(LimitPolicy.HostCpuRule.CLAMP).build();

    assertThat(p.fitRequested(ContainerLimits.parse("4g", "16"), 6)).isEqualTo(ContainerLimits.parse("4g", "6"));
    assertThat(p.fitRequested(ContainerLimits.parse("4g", "4"), 6)).isEqualTo(ContainerLimits.parse("4g", "4"));
  }

  @Test
  void defaultsAreAlwaysClampedToTheHostNeverRejected() {
    assertThat(LimitPolicy.ofDefaults().defaultsFor(1)).isEqualTo(ContainerLimits.parse("4g", "1"));
    assertThat(LimitPolicy.ofDefaults().defaultsFor(32)).isEqualTo(ContainerLimits.parse("4g", "2"));
  }

  @Test
  void defaultsMustBeAllowedValues() {
    assertThatThrownBy(() -> LimitPolicy.custom().defaults(ContainerLimits.parse("3g", "2")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaults: memory 3g is not among allowedMemory 1g, 2g, 4g, 8g, 16g, 32g, 64g");
  }

  @Test
  void allowlistsAreSortedAndMustNotBeEmpty() {
    LimitPolicy p = LimitPolicy.custom().allowedMemory(ByteSize.parse("8g"), ByteSize.parse("4g"))
        .allowedCpus(CpuQuantity.ofCores(2), CpuQuantity.parse("0.5")).build();
    assertThat(p.allowedMemory()).extracting(DockerSyntax::memory).containsExactly("4g", "8g");
    assertThat(p.allowedCpus()).extracting(DockerSyntax::cpus).containsExactly("0.5", "2");

    assertThatThrownBy(() -> LimitPolicy.custom().allowedCpus().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("allowedCpus must not be empty");
  }

  @Test
  void containerLimitsRefuseWhatDockerRefuses() {
    assertThatThrownBy(() -> ContainerLimits.parse("4m", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("memory 4m is below Docker's minimum of 6m");
    assertThatThrownBy(() -> ContainerLimits.parse("4g", "0.005"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cpus 0.005 is below Docker's minimum of 0.01");
    assertThatThrownBy(() -> ContainerLimits.parse("4g", "1").withPids(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pids 0 is not allowed; give a positive process limit or none");
  }

  @Test
  void containerLimitsPrintInDockerSyntax() {
    assertThat(ContainerLimits.parse("512m", "0.5").withPids(100)).hasToString("memory 512m, cpus 0.5, pids 100");
    assertThat(ContainerLimits.parse("4GiB", "3/2")).hasToString("memory 4g, cpus 1.5");
  }

  @Test
  void containerLimitsAreReadAsDockerReadsThem() {
    // go-units size.go RAMInBytes: binaryMap{'g': GiB}, case-insensitive, so 4G is 4 × 2^30 bytes (not 4 × 10^9)
    ContainerLimits l = ContainerLimits.parse("4G", "0.5");
    assertThat(l.memory()).isEqualTo(ByteSize.ofGibibytes(4));
    assertThat(l.cpus()).isEqualTo(CpuQuantity.ofMillicores(500));
    // docker/cli ParseCPUs reads with big.Rat.SetString: Kubernetes' millicore suffix is not Docker syntax
    assertThatThrownBy(() -> ContainerLimits.parse("4g", "500m")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cpus: Docker CPU quantity \"500m\" is not valid: failed to parse 500m as a rational "
            + "number; accepted: what docker run --cpus takes");
    assertThatThrownBy(() -> ContainerLimits.parse("4Gi", "2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("memory: Docker byte size \"4Gi\" is not valid: invalid suffix: 'gi'; ");
  }

  @Test
  void refusalsNameTheValuesAsTheyWereWritten() {
    // 3G is 3 GiB in Docker's syntax; the refusal echoes "3G", not a re-rendered "3g" or "3221225472"
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().checkAllowed(ContainerLimits.parse("3G", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory 3G is not allowed; allowed: 1g, 2g, 4g, 8g, 16g, 32g, 64g");
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().checkAllowed(ContainerLimits.parse("4 GiB", "3/1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cpus 3/1 is not allowed; allowed: 1, 2, 4, 8, 16");
    assertThatThrownBy(() -> LimitPolicy.ofDefaults().fitRequested(ContainerLimits.parse("4g", "16.0"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpus 16.0 exceeds the 2 CPUs of the Docker engine's host; allowed on this host: 1, 2");
    assertThatThrownBy(() -> ContainerLimits.parse("5000000b", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("memory 5000000b is below Docker's minimum of 6m");
  }
}
