package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentTest {

  private static final String FORMS = "accepted: a number from 0 to 100, optionally followed by % (75%, 12.5, 0.5%)";

  @Nested
  class Factories {

    @Test
    void ofHoldsTheValue() {
      assertThat(Percent.of(75).value()).isEqualTo(75.0);
    }

    @Test
    void acceptsBothEndsOfTheRange() {
      assertThat(Percent.of(0).value()).isEqualTo(0.0);
      assertThat(Percent.of(100).value()).isEqualTo(100.0);
    }

    @Test
    void rejectsValuesAbove100NamingTheValueAndTheRange() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.of(100.5))
          .withMessage("percent must be a number from 0 to 100, was 100.5");
    }

    @Test
    void rejectsNegativeValues() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.of(-0.1))
          .withMessage("percent must be a number from 0 to 100, was -0.1");
    }

    @Test
    void rejectsNaN() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.of(Double.NaN))
          .withMessage("percent must be a number from 0 to 100, was NaN");
    }

    @Test
    void rejectsInfinity() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.of(Double.POSITIVE_INFINITY))
          .withMessage("percent must be a number from 0 to 100, was Infinity");
    }

    @Test
    void ofRatioScalesByAHundred() {
      assertThat(Percent.ofRatio(0.125).value()).isEqualTo(12.5);
    }

    @Test
    void ofRatioScalesInDecimalWithoutBinaryNoise() {
      assertThat(Percent.ofRatio(0.07).value()).isEqualTo(7.0);
    }

    @Test
    void ofRatioRejectsRatiosAboveOne() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.ofRatio(1.5))
          .withMessage("percent ratio must be a number from 0 to 1, was 1.5");
    }

    @Test
    void ofRatioRejectsNaN() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.ofRatio(Double.NaN))
          .withMessage("percent ratio must be a number from 0 to 1, was NaN");
    }

    @Test
    void ratioIsTheValueOverAHundred() {
      assertThat(Percent.of(12.5).ratio()).isEqualTo(0.125);
      assertThat(Percent.of(7).ratio()).isEqualTo(0.07);
    }
  }

  @Nested
  class Identity {

    @Test
    void negativeZeroEqualsZero() {
      assertThat(Percent.of(-0.0)).isEqualTo(Percent.of(0.0)).hasSameHashCodeAs(Percent.of(0.0));
    }

    @Test
    void equalValuesAreEqual() {
      assertThat(Percent.parse("75%")).isEqualTo(Percent.of(75)).hasSameHashCodeAs(Percent.ofRatio(0.75));
    }

    @Test
    void ordersByValue() {
      assertThat(Percent.of(12.5)).isLessThan(Percent.of(75)).isGreaterThan(Percent.of(0));
    }
  }

  @Nested
  class Parse {

    @Test
    void parsesAPercentSign() {
      assertThat(Percent.parse("75%").value()).isEqualTo(75.0);
    }

    @Test
    void parsesABareNumber() {
      assertThat(Percent.parse("75").value()).isEqualTo(75.0);
    }

    @Test
    void parsesFractions() {
      assertThat(Percent.parse("0.5%").value()).isEqualTo(0.5);
      assertThat(Percent.parse("12.5").value()).isEqualTo(12.5);
    }

    @Test
    void parsesBothEndsOfTheRange() {
      assertThat(Percent.parse("0%").value()).isEqualTo(0.0);
      assertThat(Percent.parse("100%").value()).isEqualTo(100.0);
    }

    @Test
    void ignoresSurroundingWhitespace() {
      assertThat(Percent.parse(" 80% ").value()).isEqualTo(80.0);
    }

    @Test
    void rejectsValuesAbove100() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.parse("100.1%"))
          .withMessage("percent \"100.1%\" is above 100; " + FORMS);
    }

    @Test
    void rejectsNegativeValues() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.parse("-5%"))
          .withMessage("percent \"-5%\" must not be negative; " + FORMS);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "%", "75 %", "75%%", "1e1%", "NaN", "Infinity", "75.5.5", "seventy", "0.75x"})
    void rejectsMalformedInputNamingItAndTheAcceptedForms(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Percent.parse(text))
          .withMessage("percent \"" + text + "\" is not valid; " + FORMS);
    }

    @Test
    void nullIsANullPointerExceptionNamingTheParameter() {
      assertThatNullPointerException()
          .isThrownBy(() -> Percent.parse(null))
          .withMessage("text");
    }
  }

  @Nested
  class Formatting {

    @Test
    void wholeValuesPrintWithoutDecimals() {
      assertThat(Percent.of(75)).hasToString("75%");
      assertThat(Percent.of(100)).hasToString("100%");
      assertThat(Percent.of(0)).hasToString("0%");
    }

    @Test
    void fractionsPrintTheirShortestDecimal() {
      assertThat(Percent.of(12.5)).hasToString("12.5%");
      assertThat(Percent.of(100.0 / 3)).hasToString("33.333333333333336%");
    }

    @Test
    void tinyValuesPrintWithoutAnExponent() {
      assertThat(Percent.of(1e-7)).hasToString("0.0000001%");
    }
  }
}
