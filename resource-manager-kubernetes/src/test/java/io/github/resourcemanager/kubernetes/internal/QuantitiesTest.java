package io.github.resourcemanager.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resourcemanager.allocate.Resource;
import java.math.BigDecimal;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The canonical form of quantities, against the cases of apimachinery {@code pkg/api/resource/quantity_test.go}.
 * Each case cites its test function; where that test gives a parsed value rather than a string, the expected text is
 * the value written as {@code Quantity.CanonicalizeBytes} (quantity.go) writes it, with the arithmetic in a comment.
 * {@code decQuantity(i, e, format)} there is the value i × 10^e.
 */
class QuantitiesTest {

  private static BigDecimal dec(long unscaled, int exponent) {
    return BigDecimal.valueOf(unscaled).scaleByPowerOfTen(exponent);
  }

  /** One row of TestQuantityString: a value written in a format, its canonical text, and another text of it. */
  private static void row(Function<BigDecimal, String> format, BigDecimal in, String expect, String alternate) {
    assertThat(format.apply(in)).as("canonical text of " + in.toPlainString()).isEqualTo(expect);
    // "did not copy canonical string on parse": the canonical text is its own canonical form
    assertThat(Quantities.canonical("q", expect)).as("canonical of " + expect).isEqualTo(expect);
    if (!alternate.isEmpty()) {
      assertThat(Quantities.canonical("q", alternate)).as("canonical of " + alternate).isEqualTo(expect);
    }
    if (in.signum() != 0) {
      // the negative of every row is written with a leading minus
      assertThat(format.apply(in.negate())).isEqualTo("-" + expect);
    }
  }

  // quantity_test.go, TestQuantityString: BinarySI rows
  @Test
  void binaryAmountsTakeTheLargestBinarySuffixAndFallBackToDecimalBelow1024OrWhenFractional() {
    Function<BigDecimal, String> binary = Quantities::binary;
    row(binary, dec(1024L * 1024 * 1024, 0), "1Gi", "1024Mi");
    row(binary, dec(300L * 1024 * 1024, 0), "300Mi", "307200Ki");
    row(binary, dec(6L * 1024, 0), "6Ki", "");
    row(binary, dec(1001L * 1024 * 1024 * 1024, 0), "1001Gi", "1025024Mi");
    row(binary, dec(1024L * 1024 * 1024 * 1024, 0), "1Ti", "1024Gi");
    row(binary, dec(5, 0), "5", "5000m");
    row(binary, dec(500, -3), "500m", "0.5");
    row(binary, dec(1234567, -3), "1234567m", "");
    row(binary, dec(1025, 0), "1025", "");
    row(binary, dec(0, 0), "0", "");
  }

  // quantity_test.go, TestQuantityString: DecimalSI rows
  @Test
  void decimalAmountsMoveFactorsOfTenIntoAnSiSuffixWithAnExponentThatIsAMultipleOfThree() {
    Function<BigDecimal, String> decimal = Quantities::decimal;
    row(decimal, dec(1, 9), "1G", "1000M");
    row(decimal, dec(1000, 6), "1G", "0.001T");
    row(decimal, dec(1000000, 3), "1G", "");
    row(decimal, dec(1000000000, 0), "1G", "");
    row(decimal, dec(1, -3), "1m", "1000u");
    row(decimal, dec(80, -3), "80m", "");
    row(decimal, dec(1080, -3), "1080m", "1.08");
    row(decimal, dec(108, -2), "1080m", "1080000000n");
    row(decimal, dec(10800, -4), "1080m", "");
    row(decimal, dec(300, 6), "300M", "");
    row(decimal, dec(1, 12), "1T", "");
    row(decimal, dec(1234567, 6), "1234567M", "");
    row(decimal, dec(3, 3), "3k", "");
    row(decimal, dec(0, 0), "0", "");
    row(decimal, dec(1, -9), "1n", "");
    row(decimal, dec(80, -9), "80n", "");
    row(decimal, dec(1080, -9), "1080n", "");
    row(decimal, dec(108, -8), "1080n", "");
    row(decimal, dec(10800, -10), "1080n", "");
    row(decimal, dec(1, -6), "1u", "");
    row(decimal, dec(80, -6), "80u", "");
    row(decimal, dec(1080, -6), "1080u", "");
  }

  // quantity_test.go, TestQuantityString: DecimalExponent rows
  @Test
  void quantitiesWrittenWithAnExponentKeepTheExponentFormat() {
    Function<BigDecimal, String> exponent = Quantities::exponent;
    row(exponent, dec(1, 9), "1e9", ".001e12");
    row(exponent, dec(1, -3), "1e-3", "0.001e0");
    row(exponent, dec(1, -9), "1e-9", "1000e-12");
    row(exponent, dec(80, -3), "80e-3", "");
    row(exponent, dec(300, 6), "300e6", "");
    row(exponent, dec(1, 12), "1e12", "");
    row(exponent, dec(1, 3), "1e3", "");
    row(exponent, dec(3, 3), "3e3", "");
    row(exponent, dec(0, 0), "0", "00");
  }

  // quantity_test.go, TestQuantityParseEmit
  @Test
  void parsedTextIsEmittedInCanonicalForm() {
    String[][] table = {
        {"1Ki", "1Ki"}, {"1Mi", "1Mi"}, {"1Gi", "1Gi"}, {"1024Mi", "1Gi"}, {"1000M", "1G"},
        {".001Ki", "1024m"}, {".000001Ki", "1024u"}, {".000000001Ki", "1024n"}, {".000000000001Ki", "2n"}};
    for (String[] item : table) {
      assertThat(Quantities.canonical("q", item[0])).as(item[0]).isEqualTo(item[1]);
      assertThat(Quantities.canonical("q", "-" + item[0])).as("-" + item[0]).isEqualTo("-" + item[1]);
    }
  }

  // quantity_test.go, TestQuantityParse: "Things that saturate/round" and "Things written by trolls"
  @Test
  void valuesFinerThanANanoUnitAreRoundedUpAndBinaryValuesAreCappedAtTheLargestInt64() {
    assertThat(Quantities.canonical("q", "3.001n")).isEqualTo("4n"); // decQuantity(4, -9, DecimalSI)
    assertThat(Quantities.canonical("q", "1.1E-9")).isEqualTo("2e-9"); // decQuantity(2, -9, DecimalExponent)
    assertThat(Quantities.canonical("q", "0.0000000001")).isEqualTo("1n"); // decQuantity(1, -9, DecimalSI)
    assertThat(Quantities.canonical("q", "0.0000000005")).isEqualTo("1n");
    assertThat(Quantities.canonical("q", "0.00000000050")).isEqualTo("1n");
    assertThat(Quantities.canonical("q", "0.5e-9")).isEqualTo("1e-9"); // decQuantity(1, -9, DecimalExponent)
    assertThat(Quantities.canonical("q", "0.9n")).isEqualTo("1n");
    assertThat(Quantities.canonical("q", "0.00000012345")).isEqualTo("124n"); // decQuantity(124, -9, DecimalSI)
    assertThat(Quantities.canonical("q", "0.00000012354")).isEqualTo("124n");
    // maxAllowed = 2^63-1 = 9223372036854775807, BinarySI; odd, so no factor of 1024 to move into a suffix
    assertThat(Quantities.canonical("q", "9Ei")).isEqualTo("9223372036854775807");
    assertThat(Quantities.canonical("q", "9223372036854775807Ki")).isEqualTo("9223372036854775807");
    assertThat(Quantities.canonical("q", "12E")).isEqualTo("12E"); // decQuantity(12, 18, DecimalSI)
    // 1.024e-9 rounds up to 2e-9, below 1024 so written as DecimalSI ("rounds up, changes format")
    assertThat(Quantities.canonical("q", "0.000000000001Ki")).isEqualTo("2n");
    assertThat(Quantities.canonical("q", ".001")).isEqualTo("1m"); // decQuantity(1, -3, DecimalSI)
    assertThat(Quantities.canonical("q", ".0001k")).isEqualTo("100m"); // decQuantity(100, -3, DecimalSI)
    assertThat(Quantities.canonical("q", "1.")).isEqualTo("1"); // decQuantity(1, 0, DecimalSI)
    assertThat(Quantities.canonical("q", "1.G")).isEqualTo("1G"); // decQuantity(1, 9, DecimalSI)
  }

  // quantity_test.go, TestQuantityParse: decimal suffixes, floating point and fractional binary rows
  @Test
  void parsedValuesAreWrittenWithTheSuffixOfTheirCanonicalExponent() {
    assertThat(Quantities.canonical("q", "50k")).isEqualTo("50k"); // 5e4 = 50e3
    assertThat(Quantities.canonical("q", "40T")).isEqualTo("40T"); // 4e13 = 40e12
    assertThat(Quantities.canonical("q", "300T")).isEqualTo("300T"); // 3e14 = 300e12
    assertThat(Quantities.canonical("q", "100.035k")).isEqualTo("100035"); // decQuantity(100035, 0)
    assertThat(Quantities.canonical("q", "10.035M")).isEqualTo("10035k"); // decQuantity(10035, 3)
    assertThat(Quantities.canonical("q", "9.01")).isEqualTo("9010m"); // 901e-2 = 9010e-3
    assertThat(Quantities.canonical("q", "8.1k")).isEqualTo("8100"); // 81e2 = 8100e0
    assertThat(Quantities.canonical("q", "5.444T")).isEqualTo("5444G"); // decQuantity(5444, 9)
    assertThat(Quantities.canonical("q", "1.01E")).isEqualTo("1010P"); // 101e16 = 1010e15
    assertThat(Quantities.canonical("q", "1.2e3")).isEqualTo("1200"); // 12e2 = 1200e0, exponent 0 has no suffix
    assertThat(Quantities.canonical("q", "1.3E+6")).isEqualTo("1300e3"); // 13e5 = 1300e3
    assertThat(Quantities.canonical("q", "1.7E18")).isEqualTo("1700e15"); // 17e17 = 1700e15
    assertThat(Quantities.canonical("q", "1e14")).isEqualTo("100e12"); // 1e14 = 100e12
    // 102435.84 is not whole: written as DecimalSI, 10243584e-2 = 102435840e-3
    assertThat(Quantities.canonical("q", "100.035Ki")).isEqualTo("102435840m");
    assertThat(Quantities.canonical("q", "0.5Mi")).isEqualTo("512Ki"); // 524288 = 512 × 1024
    assertThat(Quantities.canonical("q", "0.05Gi")).isEqualTo("53687091200m"); // 536870912e-1
    assertThat(Quantities.canonical("q", "0.025Ti")).isEqualTo("27487790694400m"); // 274877906944e-1
  }

  // quantity_test.go, TestQuantityParse: the empty string and the "invalid" list
  @Test
  void textsKubernetesRejectsAreRejectedNamingTheField() {
    String[] invalid = {"1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 "};
    for (String text : invalid) {
      assertThatThrownBy(() -> Quantities.canonical("spec.hard.requests.cpu", text)).as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("spec.hard.requests.cpu: \"" + text + "\" is not a Kubernetes quantity");
    }
    assertThatThrownBy(() -> Quantities.canonical("spec.hard.requests.cpu", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec.hard.requests.cpu: a quantity is required (e.g. 500m, 2, 512Mi), was \"\"");
  }

  @Test
  void libraryAmountsAreWrittenInTheirResourcesFormat() {
    assertThat(Quantities.of(Resource.CPU, 2000)).isEqualTo("2"); // 2000m = 2e0
    assertThat(Quantities.of(Resource.CPU, 1500)).isEqualTo("1500m"); // 15e-1 = 1500e-3
    assertThat(Quantities.of(Resource.MEMORY, 8L << 30)).isEqualTo("8Gi");
    assertThat(Quantities.of(Resource.MEMORY, 1000)).isEqualTo("1k"); // BinarySI below 1024 is written DecimalSI
    // BinarySI 2000 prints "2000", which parses as DecimalSI 2e3 and prints "2k": the form the API server stores
    assertThat(Quantities.of(Resource.MEMORY, 2000)).isEqualTo("2k");
    assertThat(Quantities.of(Resource.MEMORY, 1536L << 20)).isEqualTo("1536Mi"); // 1536 = 1.5 × 1024: not a Gi
    assertThat(Quantities.of(Resource.THREADS, 20000)).isEqualTo("20k");
  }

  // quantity_test.go, TestQuantityParse: "3Ei" is decQuantity(3*1024^6, 0, BinarySI), exactly
  @Test
  void theLargestBinarySuffixesAreReadExactly() {
    // 7 × 2^60 = 8070450532247928832; a double holds only 8.070450532247929E18
    assertThat(Quantities.amount("memory", Resource.MEMORY, Quantities.parse("memory", "7Ei")))
        .isEqualTo(8070450532247928832L);
    assertThat(Quantities.canonical("memory", "3Ei")).isEqualTo("3Ei");
    // 3.3 × 2^60 = 3804640965202595020.8: not whole, so DecimalSI, 38046409652025950208e-1 = 3804640965202595020800m
    assertThat(Quantities.canonical("memory", "3.3Ei")).isEqualTo("3804640965202595020800m");
  }

  @Test
  void everyCpuAmountReadsBackExactlyAndIsItsOwnCanonicalForm() {
    qt().forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(millicores -> {
      String text = Quantities.cpu(millicores);
      assertThat(Quantities.canonical("cpu", text)).isEqualTo(text);
      assertThat(Quantities.amount("cpu", Resource.CPU, Quantities.parse("cpu", text))).isEqualTo(millicores);
    });
  }

  @Test
  void everyByteAmountReadsBackExactlyAndIsItsOwnCanonicalForm() {
    qt().forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(bytes -> {
      String text = Quantities.bytes(bytes);
      // a whole number of KiB keeps its binary suffix; any other amount is written decimal, which reads back decimal
      assertThat(Quantities.canonical("memory", text)).isEqualTo(text);
      assertThat(Quantities.amount("memory", Resource.MEMORY, Quantities.parse("memory", text))).isEqualTo(bytes);
    });
  }
}
