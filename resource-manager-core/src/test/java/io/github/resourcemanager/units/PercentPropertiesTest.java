package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class PercentPropertiesTest {

  /**
   * Every double from 0 to {@code max}, subnormals included: non-negative doubles sort like their bit patterns,
   * so a uniform long between the bit patterns reaches long decimal expansions that rounded generators never do.
   */
  private static Gen<Double> doublesUpTo(double max) {
    return longs().between(0, Double.doubleToLongBits(max)).map(Double::longBitsToDouble)
        .mix(integers().between(0, (int) max * 8).map(eighths -> eighths / 8.0));
  }

  @Test
  void parseReadsToStringBackToTheSameDouble() {
    qt().forAll(doublesUpTo(100.0)).checkAssert(value -> {
      Percent percent = Percent.of(value);
      assertThat(Percent.parse(percent.toString())).isEqualTo(percent);
    });
  }

  @Test
  void ofRatioAcceptsEveryRatioFromZeroToOne() {
    qt().forAll(doublesUpTo(1.0)).checkAssert(ratio -> assertThat(Percent.ofRatio(ratio).value()).isBetween(0.0, 100.0));
  }

  @Test
  void parseGivesTheNearestDoubleOrRefusesNamingTheText() {
    qt().withExamples(3_000).forAll(QuantityTexts.percents()).checkAssert(c -> {
      if (c.expected() != null) {
        assertThat(Percent.parse(c.text()).value()).as("%s", c).isEqualTo(c.expected());
      } else {
        assertThatIllegalArgumentException().as("%s", c).isThrownBy(() -> Percent.parse(c.text()))
            .withMessageStartingWith("percent \"" + c.text() + "\" ");
      }
    });
  }
}
