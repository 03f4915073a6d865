package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class CpuQuantityPropertiesTest {

  @Property
  void parseReadsToStringBack(@ForAll("millicores") long millicores) {
    CpuQuantity quantity = CpuQuantity.ofMillicores(millicores);
    assertThat(CpuQuantity.parse(quantity.toString())).isEqualTo(quantity);
  }

  @Property
  void decimalCoresAndMillicoresAgree(@ForAll("millicores") long millicores) {
    String decimalCores = millicores / 1000 + "." + String.format("%03d", millicores % 1000);
    assertThat(CpuQuantity.parse(decimalCores).millicores()).isEqualTo(millicores);
    assertThat(CpuQuantity.parse(millicores + "m").millicores()).isEqualTo(millicores);
  }

  @Property
  void ofCoresTakesDoublesOfWholeMillicoresExactly(
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long millicores) {
    assertThat(CpuQuantity.ofCores(millicores / 1000.0).millicores()).isEqualTo(millicores);
  }

  @Property
  void parseReturnsOrRejectsNamingTheInput(@ForAll("quantityLike") String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, CpuQuantity::parse);
  }

  @Property
  void parseReturnsOrRejectsAnyStringNamingIt(@ForAll String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, CpuQuantity::parse);
  }

  @Provide
  Arbitrary<Long> millicores() {
    // Random longs are almost never whole cores, so those get their own share.
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.longs().between(0, Long.MAX_VALUE / 1000).map(cores -> cores * 1000));
  }

  @Provide
  Arbitrary<String> quantityLike() {
    return QuantityTexts.quantityLike();
  }
}
