package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuQuantityTest {

  private static final String FORMS =
      "accepted: cores as a decimal (0.5, 2, 1.25, 5e-1) or millicores with m (500m)";

  @Nested
  class Factories {

    @Test
    void ofMillicoresHoldsTheExactCount() {
      assertThat(CpuQuantity.ofMillicores(250).millicores()).isEqualTo(250);
    }

    @Test
    void ofCoresMultipliesBy1000() {
      assertThat(CpuQuantity.ofCores(3).millicores()).isEqualTo(3000);
    }

    @Test
    void ofFractionalCoresTakesTheDecimalTheDoubleIsWrittenAs() {
      assertThat(CpuQuantity.ofCores(1.5).millicores()).isEqualTo(1500);
      assertThat(CpuQuantity.ofCores(0.1).millicores()).isEqualTo(100);
    }

    @Test
    void ofCoresRejectsFractionsFinerThanAMillicore() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(0.0005))
          .withMessage("CPU quantity of 5.0E-4 cores is finer than 1 millicore; "
              + "the precision is 1 millicore and values are never rounded");
    }

    @Test
    void ofCoresRejectsNaN() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(Double.NaN))
          .withMessage("CPU quantity must be a finite, non-negative number of cores, was NaN");
    }

    @Test
    void ofCoresRejectsInfinity() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(Double.POSITIVE_INFINITY))
          .withMessage("CPU quantity must be a finite, non-negative number of cores, was Infinity");
    }

    @Test
    void ofCoresRejectsNegativeDoubles() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(-0.5))
          .withMessage("CPU quantity must be a finite, non-negative number of cores, was -0.5");
    }

    @Test
    void ofCoresRejectsDoublesBeyondLongMaxValueMillicores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(1e17))
          .withMessage("CPU quantity of 1.0E17 cores is too large: at most 9223372036854775807 millicores fit");
    }

    @Test
    void rejectsNegativeMillicores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofMillicores(-1))
          .withMessage("CPU quantity must not be negative, was -1 millicores");
    }

    @Test
    void rejectsNegativeCores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(-1L))
          .withMessage("CPU quantity must not be negative, was -1 cores");
    }

    @Test
    void rejectsCoresBeyondLongMaxValueMillicores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofCores(Long.MAX_VALUE / 1000 + 1))
          .withMessage("CPU quantity of 9223372036854776 cores is too large: at most 9223372036854775807 "
              + "millicores fit");
    }
  }

  @Nested
  class Conversions {

    @Test
    void coresIsMillicoresOverAThousand() {
      assertThat(CpuQuantity.ofMillicores(1250).cores()).isEqualTo(1.25);
    }

    @Test
    void nanoCpusIsMillicoresTimesAMillion() {
      assertThat(CpuQuantity.ofMillicores(1500).nanoCpus()).isEqualTo(1_500_000_000L);
    }

    @Test
    void nanoCpusRejectsOverflow() {
      assertThatThrownBy(() -> CpuQuantity.ofMillicores(Long.MAX_VALUE / 1_000_000 + 1).nanoCpus())
          .isInstanceOf(ArithmeticException.class);
    }
  }

  @Nested
  class Arithmetic {

    @Test
    void plusAddsMillicores() {
      assertThat(CpuQuantity.parse("500m").plus(CpuQuantity.parse("1.5"))).isEqualTo(CpuQuantity.ofCores(2));
    }

    @Test
    void plusRejectsOverflow() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.ofMillicores(Long.MAX_VALUE).plus(CpuQuantity.ofMillicores(1)))
          .withMessage("CPU quantity 9223372036854775807m plus 1m is too large: at most 9223372036854775807 "
              + "millicores fit");
    }

    @Test
    void minusSubtractsMillicores() {
      assertThat(CpuQuantity.ofCores(2).minus(CpuQuantity.parse("250m"))).isEqualTo(CpuQuantity.ofMillicores(1750));
    }

    @Test
    void minusRejectsAResultBelowZero() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("500m").minus(CpuQuantity.ofCores(1)))
          .withMessage("CPU quantity 500m minus 1 would be negative");
    }
  }

  @Nested
  class Identity {

    @Test
    void quantitiesOfEqualMillicoresAreEqualWithEqualHashCodes() {
      assertThat(CpuQuantity.parse("0.5")).isEqualTo(CpuQuantity.parse("500m"))
          .hasSameHashCodeAs(CpuQuantity.ofMillicores(500));
    }

    @Test
    void ordersByMillicores() {
      assertThat(CpuQuantity.parse("999m")).isLessThan(CpuQuantity.parse("1")).isGreaterThan(CpuQuantity.parse("0"));
    }
  }

  @Nested
  class Parse {

    @Test
    void parsesMillicores() {
      assertThat(CpuQuantity.parse("500m").millicores()).isEqualTo(500);
    }

    @Test
    void parsesWholeCores() {
      assertThat(CpuQuantity.parse("2").millicores()).isEqualTo(2000);
    }

    @Test
    void parsesDecimalCores() {
      assertThat(CpuQuantity.parse("0.5").millicores()).isEqualTo(500);
      assertThat(CpuQuantity.parse("1.25").millicores()).isEqualTo(1250);
      assertThat(CpuQuantity.parse(".5").millicores()).isEqualTo(500);
    }

    @Test
    void parsesCoresWithAnExponent() {
      assertThat(CpuQuantity.parse("5e-1").millicores()).isEqualTo(500);
      assertThat(CpuQuantity.parse("2e0").millicores()).isEqualTo(2000);
    }

    @Test
    void parsesZero() {
      assertThat(CpuQuantity.parse("0").millicores()).isZero();
      assertThat(CpuQuantity.parse("0m").millicores()).isZero();
    }

    @Test
    void ignoresSurroundingWhitespace() {
      assertThat(CpuQuantity.parse(" 250m\n").millicores()).isEqualTo(250);
    }

    @Test
    void parsesLongMaxValueMillicores() {
      assertThat(CpuQuantity.parse("9223372036854775807m").millicores()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsMalformedInputWithTheExactMessage() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("two"))
          .withMessage("CPU quantity \"two\" is not valid; " + FORMS);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "", "  ", "two", "NaN", "Infinity", "1.5.2", "m", "500 m", "500M", "1k", "1Ki", "1e3m", "1u", "0x10",
        "1e", "1,5", "500mm"})
    void rejectsMalformedInputNamingItAndTheAcceptedForms(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse(text))
          .withMessage("CPU quantity \"" + text + "\" is not valid; " + FORMS);
    }

    @Test
    void nullIsANullPointerExceptionNamingTheParameter() {
      assertThatNullPointerException()
          .isThrownBy(() -> CpuQuantity.parse(null))
          .withMessage("text");
    }

    @Test
    void rejectsNegativeQuantities() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("-1"))
          .withMessage("CPU quantity \"-1\" must not be negative; " + FORMS);
    }

    @Test
    void rejectsCoresFinerThanAMillicore() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("0.0001"))
          .withMessage("CPU quantity \"0.0001\" is not a whole number of millicores (0.1); "
              + "the precision is 1 millicore and values are never rounded; " + FORMS);
    }

    @Test
    void rejectsFractionalMillicores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("1.5m"))
          .withMessageStartingWith("CPU quantity \"1.5m\" is not a whole number of millicores (1.5)");
    }

    @Test
    void rejectsQuantitiesBeyondLongMaxValueMillicores() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CpuQuantity.parse("9223372036854776"))
          .withMessage("CPU quantity \"9223372036854776\" is too large: at most 9223372036854775807 millicores "
              + "fit; " + FORMS);
    }

    @Test
    void rejectsHugeExponentsWithoutExpandingThem() {
      assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
          assertThatIllegalArgumentException()
              .isThrownBy(() -> CpuQuantity.parse("1e999999999"))
              .withMessage("CPU quantity \"1e999999999\" has an exponent out of range; " + FORMS));
    }
  }

  @Nested
  class Formatting {

    @Test
    void wholeCoresPrintAsAPlainNumber() {
      assertThat(CpuQuantity.ofCores(2)).hasToString("2");
    }

    @Test
    void zeroPrintsAsZero() {
      assertThat(CpuQuantity.ofMillicores(0)).hasToString("0");
    }

    @Test
    void otherQuantitiesPrintInMillicores() {
      assertThat(CpuQuantity.ofMillicores(500)).hasToString("500m");
      assertThat(CpuQuantity.ofMillicores(1250)).hasToString("1250m");
    }
  }
}
