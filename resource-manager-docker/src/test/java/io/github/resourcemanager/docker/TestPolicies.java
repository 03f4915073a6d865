package io.github.resourcemanager.docker;

import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;

/** Small limits that fit a CI machine (2 CPUs): the default 1g-64g would not show enforcement quickly. */
final class TestPolicies {
  static final ContainerLimits DEFAULTS = ContainerLimits.parse("64m", "1");

  private TestPolicies() {}

  static LimitPolicy small() {
    return LimitPolicy.custom()
        .allowedMemory(ByteSize.parse("32m"), ByteSize.parse("64m"), ByteSize.parse("128m"), ByteSize.parse("256m"))
        .allowedCpus(CpuQuantity.parse("0.5"), CpuQuantity.parse("1"), CpuQuantity.parse("2"))
        .defaults(DEFAULTS)
        .build();
  }
}
