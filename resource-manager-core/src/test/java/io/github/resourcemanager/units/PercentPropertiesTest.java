package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PercentPropertiesTest {

  @Property
  void parseReadsToStringBackToTheSameDouble(@ForAll("percentages") double value) {
    Percent percent = Percent.of(value);
    assertThat(Percent.parse(percent.toString())).isEqualTo(percent);
  }

  @Property
  void ofRatioAcceptsEveryRatioFromZeroToOne(@ForAll("ratios") double ratio) {
    assertThat(Percent.ofRatio(ratio).value()).isBetween(0.0, 100.0);
  }

  @Property
  void parseReturnsOrRejectsNamingTheInput(@ForAll("quantityLike") String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, Percent::parse);
  }

  @Property
  void parseReturnsOrRejectsAnyStringNamingIt(@ForAll String text) {
    QuantityTexts.returnsOrRejectsNamingTheInput(text, Percent::parse);
  }

  @Provide
  Arbitrary<Double> percentages() {
    return doublesUpTo(100.0);
  }

  @Provide
  Arbitrary<Double> ratios() {
    return doublesUpTo(1.0);
  }

  @Provide
  Arbitrary<String> quantityLike() {
    return QuantityTexts.quantityLike();
  }

  /**
   * Every double from 0 to {@code max}, subnormals included: non-negative doubles sort like their bit patterns.
   * Jqwik's own double generators round to a few decimals, which would never exercise long expansions.
   */
  private static Arbitrary<Double> doublesUpTo(double max) {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, Double.doubleToLongBits(max)).map(Double::longBitsToDouble),
        Arbitraries.integers().between(0, (int) max * 8).map(eighths -> eighths / 8.0));
  }
}
