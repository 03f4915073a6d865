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

  /** Percentages around the range, some with more digits than a double holds. */
  private static Gen<String> percentLike() {
    Gen<String> fraction = org.quicktheories.generators.Generate.pick(java.util.List.of("", ".5", ".25", ".333",
        ".30000000000000000001", ".1", ".0000000000000000001", ".99"));
    return integers().between(0, 120).zip(fraction, org.quicktheories.generators.Generate.pick(java.util.List.of("",
        "%", " %", "%%")), (i, f, p) -> i + f + p);
  }

  @Test
  void quantityLikeTextsAreReadAsTheGrammarSaysOrRejectedNamingThem() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(3_000).forAll(org.quicktheories.generators.Generate.oneOf(ModelTexts.quantityLike(),
        percentLike())).checkAssert(text ->
        ModelTexts.parsesAsTheModelSays(text, QuantityModel.percent(text), t -> Percent.parse(t).value(), outcomes));
    ModelTexts.sawBoth(outcomes, 100);
  }

  @Test
  void anyStringIsReadAsTheGrammarSaysOrRejectedNamingIt() {
    java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
    qt().withExamples(2_000).forAll(ModelTexts.anyString()).checkAssert(text ->
        ModelTexts.parsesAsTheModelSays(text, QuantityModel.percent(text), t -> Percent.parse(t).value(), outcomes));
    assertThat(outcomes.get(1)).isPositive();
  }

  @Test
  void aDecimalWithMoreDigitsThanADoubleHoldsIsRejected() {
    // 12.30000000000000000001 is nearest to the double 12.3, which stands for another decimal
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Percent.parse("12.30000000000000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent \"12.30000000000000000001\" has more digits than a double holds (it would be read as "
            + "12.3); accepted: a number from 0 to 100, optionally followed by % (75%, 12.5, 0.5%)");
  }
}
