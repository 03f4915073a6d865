package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ByteSize#parseKubernetes} and {@link CpuQuantity#parseKubernetes} against Kubernetes' own expectations.
 *
 * <p>The inputs and their exact values are the tables of apimachinery {@code pkg/api/resource/quantity_test.go}
 * ({@code TestQuantityParse}, {@code TestParseQuantity}, {@code TestQuantityParseEmit}); the expected bytes and
 * millicores are those values rounded up as {@code Quantity.Value()} and {@code MilliValue()} round
 * ({@code quantity.go}: "Value returns the unscaled value of q rounded up to the nearest integer away from 0",
 * "MilliValue returns the value of ceil(q * 1000)"), worked out by hand in each row. {@code null} marks a value
 * whose {@code Value()}/{@code MilliValue()} overflows int64, which these parsers refuse.
 */
class KubernetesQuantityReferenceTest {

  private static final long KI = 1024L;

  /** One row: the text, the exact value from quantity_test.go, then Value() and MilliValue() by hand. */
  record Row(String input, String exact, Long bytes, Long millicores) {
    @Override
    public String toString() {
      return input;
    }
  }

  private static Row row(String input, String exact, Long bytes, Long millicores) {
    return new Row(input, exact, bytes, millicores);
  }

  /** quantity_test.go TestQuantityParse: its table (decQuantity(i, e) is i × 10^e), in its order. */
  static Stream<Row> testQuantityParseTable() {
    return Stream.of(
        row("0", "0", 0L, 0L),
        row("0n", "0", 0L, 0L),
        row("0u", "0", 0L, 0L),
        row("0m", "0", 0L, 0L),
        row("0Ki", "0", 0L, 0L),
        row("0k", "0", 0L, 0L),
        row("0Mi", "0", 0L, 0L),
        row("0M", "0", 0L, 0L),
        row("0Gi", "0", 0L, 0L),
        row("0G", "0", 0L, 0L),
        row("0Ti", "0", 0L, 0L),
        row("0T", "0", 0L, 0L),
        // Quantity less numbers are allowed
        row("1", "1", 1L, 1_000L),
        // Binary suffixes
        row("1Ki", "1024", KI, 1_024_000L),
        row("8Ki", "8*1024", 8 * KI, 8_192_000L),
        row("7Mi", "7*1024^2", 7_340_032L, 7_340_032_000L),
        row("6Gi", "6*1024^3", 6_442_450_944L, 6_442_450_944_000L),
        row("5Ti", "5*1024^4", 5_497_558_138_880L, 5_497_558_138_880_000L),
        row("4Pi", "4*1024^5", 4_503_599_627_370_496L, 4_503_599_627_370_496_000L),
        row("3Ei", "3*1024^6", 3_458_764_513_820_540_928L, null), // × 1000 > 2^63
        row("10Ti", "10*1024^4", 10_995_116_277_760L, 10_995_116_277_760_000L),
        row("100Ti", "100*1024^4", 109_951_162_777_600L, 109_951_162_777_600_000L),
        // Decimal suffixes
        row("5n", "5e-9", 1L, 1L),
        row("4u", "4e-6", 1L, 1L),
        row("3m", "3e-3", 1L, 3L),
        row("9", "9", 9L, 9_000L),
        row("8k", "8e3", 8_000L, 8_000_000L),
        row("50k", "5e4", 50_000L, 50_000_000L),
        row("7M", "7e6", 7_000_000L, 7_000_000_000L),
        row("6G", "6e9", 6_000_000_000L, 6_000_000_000_000L),
        row("5T", "5e12", 5_000_000_000_000L, 5_000_000_000_000_000L),
        row("40T", "4e13", 40_000_000_000_000L, 40_000_000_000_000_000L),
        row("300T", "3e14", 300_000_000_000_000L, 300_000_000_000_000_000L),
        row("2P", "2e15", 2_000_000_000_000_000L, 2_000_000_000_000_000_000L),
        row("1E", "1e18", 1_000_000_000_000_000_000L, null),
        // Decimal exponents
        row("1E-3", "1e-3", 1L, 1L),
        row("1e3", "1e3", 1_000L, 1_000_000L),
        row("1E6", "1e6", 1_000_000L, 1_000_000_000L),
        row("1e9", "1e9", 1_000_000_000L, 1_000_000_000_000L),
        row("1E12", "1e12", 1_000_000_000_000L, 1_000_000_000_000_000L),
        row("1e15", "1e15", 1_000_000_000_000_000L, 1_000_000_000_000_000_000L),
        row("1E18", "1e18", 1_000_000_000_000_000_000L, null),
        // Nonstandard but still parsable
        row("1e14", "1e14", 100_000_000_000_000L, 100_000_000_000_000_000L),
        row("1e13", "1e13", 10_000_000_000_000L, 10_000_000_000_000_000L),
        row("100.035k", "100035", 100_035L, 100_035_000L),
        // Things that look like floating point
        row("0.001", "1e-3", 1L, 1L),
        row("0.0005k", "5e-1", 1L, 500L),
        row("0.005", "5e-3", 1L, 5L),
        row("0.05", "5e-2", 1L, 50L),
        row("0.5", "5e-1", 1L, 500L),
        row("0.00050k", "5e-1", 1L, 500L),
        row("0.00500", "5e-3", 1L, 5L),
        row("0.05000", "5e-2", 1L, 50L),
        row("0.50000", "5e-1", 1L, 500L),
        row("0.5e0", "5e-1", 1L, 500L),
        row("0.5e-1", "5e-2", 1L, 50L),
        row("0.5e-2", "5e-3", 1L, 5L),
        row("10.035M", "10035e3", 10_035_000L, 10_035_000_000L),
        row("1.2e3", "12e2", 1_200L, 1_200_000L),
        row("1.3E+6", "13e5", 1_300_000L, 1_300_000_000L),
        row("1.40e9", "14e8", 1_400_000_000L, 1_400_000_000_000L),
        row("1.53E12", "153e10", 1_530_000_000_000L, 1_530_000_000_000_000L),
        row("1.6e15", "16e14", 1_600_000_000_000_000L, 1_600_000_000_000_000_000L),
        row("1.7E18", "17e17", 1_700_000_000_000_000_000L, null),
        row("9.01", "901e-2", 10L, 9_010L),
        row("8.1k", "81e2", 8_100L, 8_100_000L),
        row("7.123456M", "7123456", 7_123_456L, 7_123_456_000L),
        row("6.987654321G", "6987654321", 6_987_654_321L, 6_987_654_321_000L),
        row("5.444T", "5444e9", 5_444_000_000_000L, 5_444_000_000_000_000L),
        row("40.1T", "401e11", 40_100_000_000_000L, 40_100_000_000_000_000L),
        row("300.2T", "3002e11", 300_200_000_000_000L, 300_200_000_000_000_000L),
        row("2.5P", "25e14", 2_500_000_000_000_000L, 2_500_000_000_000_000_000L),
        row("1.01E", "101e16", 1_010_000_000_000_000_000L, null),
        // Things that saturate/round (ParseQuantity rounds up to 1n first)
        row("3.001n", "4e-9", 1L, 1L),
        row("1.1E-9", "2e-9", 1L, 1L),
        row("0.0000000001", "1e-9", 1L, 1L),
        row("0.0000000005", "1e-9", 1L, 1L),
        row("0.00000000050", "1e-9", 1L, 1L),
        row("0.5e-9", "1e-9", 1L, 1L),
        row("0.9n", "1e-9", 1L, 1L),
        row("0.00000012345", "124e-9", 1L, 1L),
        row("0.00000012354", "124e-9", 1L, 1L),
        row("9Ei", "maxAllowed = 2^63-1", Long.MAX_VALUE, null),
        row("9223372036854775807Ki", "maxAllowed = 2^63-1", Long.MAX_VALUE, null),
        row("12E", "12e18", null, null), // 1.2e19 > 2^63: Value() overflows
        // We'll accept fractional binary stuff, too.
        row("100.035Ki", "10243584e-2 = 102435.84", 102_436L, 102_435_840L),
        row("0.5Mi", ".5*1024*1024", 524_288L, 524_288_000L),
        row("0.05Gi", "536870912e-1 = 53687091.2", 53_687_092L, 53_687_091_200L),
        row("0.025Ti", "274877906944e-1 = 27487790694.4", 27_487_790_695L, 27_487_790_694_400L),
        // Things written by trolls
        row("0.000000000001Ki", "2e-9", 1L, 1L),
        row(".001", "1e-3", 1L, 1L),
        row(".0001k", "100e-3", 1L, 100L),
        row("1.", "1", 1L, 1_000L),
        row("1.G", "1e9", 1_000_000_000L, 1_000_000_000_000L));
  }

  /** quantity_test.go TestParseQuantity: the non-negative rows around 10^18, 10^19 and 2^63 (wantAsDec). */
  static Stream<Row> testParseQuantityTable() {
    return Stream.of(
        row("999999999999999999", "999999999999999999", 999_999_999_999_999_999L, null),
        row("999999999999999999.0", "999999999999999999", 999_999_999_999_999_999L, null),
        row("999999999999999999.1", "999999999999999999.1", 1_000_000_000_000_000_000L, null),
        row("9999999999999999999", "9999999999999999999", null, null),
        row("1E", "1000000000000000000", 1_000_000_000_000_000_000L, null),
        row("1000000000000000000", "1000000000000000000", 1_000_000_000_000_000_000L, null),
        row("9999999999999999999.0", "9999999999999999999", null, null),
        row("1.0E", "1000000000000000000", 1_000_000_000_000_000_000L, null),
        row("1000000000000000000.0", "1000000000000000000", 1_000_000_000_000_000_000L, null),
        row("9999999999999999999000m", "9999999999999999999", null, null),
        row("9999999999999999999.1", "9999999999999999999.1", null, null),
        row("1.0000000000000000001E", "1000000000000000000.1", 1_000_000_000_000_000_001L, null),
        row("1000000000000000000.1", "1000000000000000000.1", 1_000_000_000_000_000_001L, null),
        row("1.000000000000000001E", "1000000000000000001", 1_000_000_000_000_000_001L, null),
        row("1000000000000000001", "1000000000000000001", 1_000_000_000_000_000_001L, null),
        row("10E", "10000000000000000000", null, null),
        row("10000000000000000000", "10000000000000000000", null, null),
        row("10.0E", "10000000000000000000", null, null),
        row("10000000000000000000000m", "10000000000000000000", null, null),
        row("9223372036854775806", "9223372036854775806", 9_223_372_036_854_775_806L, null),
        row("9223372036854775806.0", "9223372036854775806", 9_223_372_036_854_775_806L, null),
        row("9223372036854775806000m", "9223372036854775806", 9_223_372_036_854_775_806L, null),
        row("9223372036854775806.1", "9223372036854775806.1", Long.MAX_VALUE, null), // rounds up to 2^63-1
        row("9223372036854775807", "9223372036854775807", Long.MAX_VALUE, null),
        row("9223372036854775807.0", "9223372036854775807", Long.MAX_VALUE, null),
        row("9223372036854775807000m", "9223372036854775807", Long.MAX_VALUE, null),
        row("9223372036854775807.1", "9223372036854775807.1", null, null), // rounds up to 2^63
        row("9223372036854775808", "9223372036854775808", null, null),
        row("9223372036854775808.1", "9223372036854775808.1", null, null));
  }

  /** quantity_test.go TestQuantityParseEmit: its inputs, with the value their canonical form gives. */
  static Stream<Row> testQuantityParseEmitTable() {
    return Stream.of(
        row("1Ki", "1Ki", KI, 1_024_000L),
        row("1Mi", "1Mi", 1_048_576L, 1_048_576_000L),
        row("1Gi", "1Gi", 1_073_741_824L, 1_073_741_824_000L),
        row("1024Mi", "1Gi", 1_073_741_824L, 1_073_741_824_000L),
        row("1000M", "1G", 1_000_000_000L, 1_000_000_000_000L),
        row(".001Ki", "1024m = 1.024", 2L, 1_024L),
        row(".000001Ki", "1024u = 0.001024", 1L, 2L),
        row(".000000001Ki", "1024n = 0.000001024", 1L, 1L),
        row(".000000000001Ki", "2n", 1L, 1L));
  }

  static Stream<Row> allRows() {
    return Stream.of(testQuantityParseTable(), testParseQuantityTable(), testQuantityParseEmitTable())
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("allRows")
  void bytesAreWhatValueReturns(Row row) {
    if (row.bytes() == null) {
      assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes(row.input()))
          .withMessageStartingWith("Kubernetes byte size \"" + row.input() + "\" is too large: at most "
              + "9223372036854775807 bytes fit (Kubernetes' Value() overflows int64)");
    } else {
      assertThat(ByteSize.parseKubernetes(row.input()).bytes()).isEqualTo(row.bytes());
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("allRows")
  void millicoresAreWhatMilliValueReturns(Row row) {
    if (row.millicores() == null) {
      assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseKubernetes(row.input()))
          .withMessageStartingWith("Kubernetes CPU quantity \"" + row.input() + "\" is too large");
    } else {
      assertThat(CpuQuantity.parseKubernetes(row.input()).millicores()).isEqualTo(row.millicores());
    }
  }

  /** TestQuantityParse also parses every row with an explicit "+": the same value. */
  @ParameterizedTest(name = "+{0}")
  @MethodSource("testQuantityParseTable")
  void anExplicitPlusChangesNothing(Row row) {
    if (row.bytes() != null) {
      assertThat(ByteSize.parseKubernetes("+" + row.input()).bytes()).isEqualTo(row.bytes());
    }
    if (row.millicores() != null) {
      assertThat(CpuQuantity.parseKubernetes("+" + row.input()).millicores()).isEqualTo(row.millicores());
    }
  }

  /**
   * TestQuantityParse parses every row with "-" too, and Kubernetes gives the negated value. No size or CPU count is
   * negative, so these are refused, naming the text; the zero rows stay zero.
   */
  @ParameterizedTest(name = "-{0}")
  @MethodSource("testQuantityParseTable")
  void aMinusIsRefusedUnlessTheValueIsZero(Row row) {
    String negative = "-" + row.input();
    if (row.exact().equals("0")) {
      assertThat(ByteSize.parseKubernetes(negative).bytes()).isZero();
      assertThat(CpuQuantity.parseKubernetes(negative).millicores()).isZero();
    } else {
      assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes(negative))
          .withMessageStartingWith("Kubernetes byte size \"" + negative + "\" must not be negative; accepted: ");
      assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseKubernetes(negative))
          .withMessageStartingWith("Kubernetes CPU quantity \"" + negative + "\" must not be negative; accepted: ");
    }
  }

  /** quantity_test.go TestQuantityParse: its invalid list, the empty string, and "trailing whitespace is forbidden". */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 "})
  void textsKubernetesRefusesAreRefusedQuotingThem(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes(text))
        .withMessageStartingWith("Kubernetes byte size \"" + text + "\" is not valid: ")
        .withMessageContaining("; accepted: a Kubernetes quantity");
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseKubernetes(text))
        .withMessageStartingWith("Kubernetes CPU quantity \"" + text + "\" is not valid: ");
  }

  @Test
  void aMalformedTextGetsKubernetesRegularExpressionAsTheReason() {
    // quantity.go: ErrFormatWrong = "quantities must match the regular expression '" + splitREString + "'"
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("4 Gi"))
        .withMessage("Kubernetes byte size \"4 Gi\" is not valid: quantities must match the regular expression "
            + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'; accepted: a Kubernetes quantity: a number (1048576, "
            + "1.5, 129e6) with an optional suffix, decimal k M G T P E (129M), binary Ki Mi Gi Ti Pi Ei (123Mi) or "
            + "m u n (below one), no spaces; a fraction of a byte rounds up");
  }

  @Test
  void anUnknownSuffixGetsKubernetesSuffixError() {
    // quantity.go: ErrSuffix = "unable to parse quantity's suffix", for letters of the suffix alphabet in an unknown
    // order: "ki" (Docker's kibibyte) scans as a suffix and no table has it.
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("4ki"))
        .withMessageStartingWith("Kubernetes byte size \"4ki\" is not valid: unable to parse quantity's suffix; ");
    // Docker's "g" is not in the suffix alphabet "eEinumkKMGTP" at all: parseQuantityString fails (ErrFormatWrong).
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("4g"))
        .withMessageStartingWith("Kubernetes byte size \"4g\" is not valid: quantities must match the regular ");
  }

  /**
   * quantity_test.go TestParseQuantityString: "." and "-." scan as num "0", no denominator, no suffix; ParseQuantity
   * then takes its fast path (18 - 1 digits of precision, scale 0) and builds 0. A bare suffix scans the same way.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {".", "-.", "+", "-", "Ki", "m", "k", "Ti", "e-9"})
  void digitlessTextsThatTakeTheFastPathAreZero(String text) {
    assertThat(ByteSize.parseKubernetes(text).bytes()).isZero();
    assertThat(CpuQuantity.parseKubernetes(text).millicores()).isZero();
  }

  /**
   * quantity.go ParseQuantity: with no digits, "Pi" and "Ei" (precision 15 - 1 - 15 - 1 < 0 and 15 - 1 - 18 - 1 < 0)
   * and "e-10" (scale -10 < Nano) fall to the slow path, whose inf.Dec SetString needs digits: ErrNumeric.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"Pi", "Ei", "e-10", "-e-20"})
  void digitlessTextsThatTakeTheSlowPathAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes(text))
        .withMessageStartingWith("Kubernetes byte size \"" + text + "\" is not valid: unable to parse numeric part "
            + "of quantity; ");
  }

  @Test
  void theBinaryCapAppliesToEveryBinarySuffix() {
    // quantity.go ParseQuantity: "if format == BinarySI && amount.Cmp(maxAllowed.Dec) > 0 { amount.Set(maxAllowed.Dec) }"
    // 8Ei = 8 × 2^60 = 2^63, one above the cap; 8192Pi = 2^13 × 2^50 = 2^63 too.
    assertThat(ByteSize.parseKubernetes("8Ei").bytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(ByteSize.parseKubernetes("8192Pi").bytes()).isEqualTo(Long.MAX_VALUE);
    // 7Ei = 7 × 2^60 = 8070450532247928832 is below it and kept.
    assertThat(ByteSize.parseKubernetes("7Ei").bytes()).isEqualTo(7L << 60);
  }

  @Test
  void decimalValuesAreNotCappedButRefusedWhenValueOverflows() {
    // 9.3E = 9.3e18 > 2^63 - 1: Kubernetes' Value() would overflow (its int64Amount path returns 0)
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("9.3E"))
        .withMessageStartingWith("Kubernetes byte size \"9.3E\" is too large");
  }

  @Test
  void cpuQuantitiesRoundUpToTheNextMillicoreAsMilliValueDoes() {
    // ceil(1.5) = 2; ceil(0.1) = 1; 1.0001 cores = 1000.1m, ceil = 1001; 250000u = 0.25 = 250m
    assertThat(CpuQuantity.parseKubernetes("1.5m").millicores()).isEqualTo(2);
    assertThat(CpuQuantity.parseKubernetes("0.1m").millicores()).isEqualTo(1);
    assertThat(CpuQuantity.parseKubernetes("1.0001").millicores()).isEqualTo(1001);
    assertThat(CpuQuantity.parseKubernetes("250000u").millicores()).isEqualTo(250);
    assertThat(CpuQuantity.parseKubernetes("500m").millicores()).isEqualTo(500);
  }

  @Test
  void exponentsBeyondInt32AreRefusedRatherThanTruncated() {
    // suffix.go interpret: "return 10, int32(parsed), DecimalExponent, true" keeps the low 32 bits, so Kubernetes
    // would read 1e4294967296 (2^32) as 1e0.
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("1e4294967296"))
        .withMessageStartingWith("Kubernetes byte size \"1e4294967296\" is not valid: exponent 4294967296 is out of "
            + "range (Kubernetes truncates exponents to 32 bits); ");
    // The largest int32 exponent is kept: far too large.
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseKubernetes("1e2147483647"))
        .withMessageStartingWith("Kubernetes byte size \"1e2147483647\" is too large");
    // and the smallest is a tiny positive value, rounded up to one nano unit and then to one byte.
    assertThat(ByteSize.parseKubernetes("1e-2147483648").bytes()).isEqualTo(1);
  }

  @Test
  void nullIsANullPointerExceptionNamingTheParameter() {
    assertThatNullPointerException().isThrownBy(() -> ByteSize.parseKubernetes(null)).withMessage("text");
    assertThatNullPointerException().isThrownBy(() -> CpuQuantity.parseKubernetes(null)).withMessage("text");
  }
}
