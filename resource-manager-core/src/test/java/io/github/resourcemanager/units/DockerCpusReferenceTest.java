package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CpuQuantity#parseDocker} against what {@code docker run --cpus} does: docker/cli {@code opts/opts.go}
 * {@code ParseCPUs} reads the text with Go's {@code new(big.Rat).SetString(value)} and multiplies by 10⁹
 * ("value is too precise" unless whole). The texts and their rational values are Go's own table,
 * {@code src/math/big/ratconv_test.go} {@code setStringTests} and {@code setStringTests2} ({@code TestRatSetString});
 * the millicores are those values × 1000, worked out in each row.
 */
class DockerCpusReferenceTest {

  /** ratconv_test.go setStringTests / setStringTests2, valid rows whose value is a whole, non-negative millicore count. */
  static Stream<Arguments> validRationals() {
    return Stream.of(
        Arguments.of("0", "0", 0L),
        Arguments.of("-0", "0", 0L),
        Arguments.of("1", "1", 1_000L),
        Arguments.of("1.", "1", 1_000L),
        Arguments.of("1e0", "1", 1_000L),
        Arguments.of("1.e1", "10", 10_000L),
        Arguments.of("2/4", "1/2", 500L),
        Arguments.of(".25", "1/4", 250L),
        Arguments.of("78189e+4", "781890000", 781_890_000_000L),
        Arguments.of("0e9999999999", "0", 0L), // issue #16176
        Arguments.of("0B1000/0x8", "1", 1_000L),
        Arguments.of("0x10/1", "16", 16_000L),
        Arguments.of("0x10/0x20", "1/2", 500L),
        Arguments.of("0010", "10", 10_000L), // 0-prefix is ignored (not a fraction)
        Arguments.of("0x10.0", "16", 16_000L),
        Arguments.of("0x1.8", "3/2", 1_500L),
        Arguments.of("0X1.8p4", "24", 24_000L),
        Arguments.of("0b1.1E2", "150", 150_000L),
        Arguments.of("0B1.1P3", "12", 12_000L),
        Arguments.of("0o10e-2", "2/25", 80L),
        Arguments.of("0O10p-3", "1", 1_000L),
        Arguments.of("0B_10_00/0x8", "1", 1_000L),
        Arguments.of("0xdead/0B1101_1110_1010_1101", "1", 1_000L),
        Arguments.of("0B1101_1110_1010_1101/0XD_E_A_D", "1", 1_000L),
        Arguments.of("1_000.0", "1000", 1_000_000L),
        Arguments.of("0x_10.0", "16", 16_000L),
        Arguments.of("0x1_0.0", "16", 16_000L),
        Arguments.of("0x1.8_0", "3/2", 1_500L),
        Arguments.of("0X1.8p0_4", "24", 24_000L),
        Arguments.of("0b1.1_0E2", "150", 150_000L),
        Arguments.of("0o1_0e-2", "2/25", 80L),
        Arguments.of("0O_10p-3", "1", 1_000L));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("validRationals")
  void cpusAreTheRationalGoReadsInMillicores(String text, String rational, long millicores) {
    assertThat(CpuQuantity.parseDocker(text).millicores()).isEqualTo(millicores);
  }

  /** ratconv_test.go setStringTests / setStringTests2: the invalid rows. */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1e", "1.e", "1e+14e-5", "1e4.5", "r", "a/b", "a.b", "1/0", "4/3/2", "4/3/", "4/3.", "4/",
      "13e-9223372036854775808", "4/3x", "0/-1", "-1/-1", "10_/1", "_10/1", "1/1__0", ""})
  void textsGoRefusesAreRefusedWithDockerReason(String text) {
    // opts.go ParseCPUs: fmt.Errorf("failed to parse %v as a rational number", value)
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker(text))
        .withMessageStartingWith("Docker CPU quantity \"" + text + "\" is not valid: failed to parse " + text
            + " as a rational number; accepted: what docker run --cpus takes");
  }

  /** ratconv_test.go TestIssue45910: where Go's exponent bounds lie (10^6 for 5^n, 10^7 for 2^n). */
  @Test
  void goExponentBoundsDecideWhatIsARationalNumber() {
    // {"1e-1000001", false}, {"1e+1000001", false}, {"1p-10000001", false}, {"1p+10000001", false}
    for (String refused : new String[] {"1e-1000001", "1e+1000001", "1p-10000001", "1p+10000001"}) {
      assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker(refused))
          .withMessageContaining("failed to parse " + refused + " as a rational number");
    }
    // {"1e-1000000", true}: a rational, but 10^-1000000 × 10^9 is not whole: "value is too precise"
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("1e-1000000"))
        .withMessageStartingWith("Docker CPU quantity \"1e-1000000\" is not valid: value is too precise; ");
    // {"1e+1000000", true}, {"1p+10000000", true}: rationals far beyond an int64 of nano CPUs
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("1e+1000000"))
        .withMessageStartingWith("Docker CPU quantity \"1e+1000000\" is too large: at most 9223372036854775807 nano "
            + "CPUs fit (Docker's NanoCPUs is an int64)");
    // {"0p1000000000000", true}: zero
    assertThat(CpuQuantity.parseDocker("0p1000000000000").millicores()).isZero();
  }

  @Test
  void moreThanNineDecimalPlacesIsTooPreciseForDocker() {
    // opts.go ParseCPUs: nano := cpu.Mul(cpu, big.NewRat(1e9, 1)); if !nano.IsInt() → "value is too precise".
    // 0.0000000001 × 10^9 = 0.1; 1/3 × 10^9 is not whole.
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("0.0000000001"))
        .withMessage("Docker CPU quantity \"0.0000000001\" is not valid: value is too precise; accepted: what docker "
            + "run --cpus takes: a number of cores (0.5, 2, 1.25, 5e-1) or a fraction (3/2), no suffix, no spaces, at "
            + "most 3 decimal places");
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("1/3"))
        .withMessageStartingWith("Docker CPU quantity \"1/3\" is not valid: value is too precise; ");
  }

  @Test
  void nanoCpusThatAreNotWholeMillicoresAreRefusedNotRounded() {
    // 1.0005 × 10^9 = 1000500000 nano CPUs, which Docker accepts; 1000500000 / 10^6 = 1000.5 millicores.
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("1.0005"))
        .withMessageStartingWith("Docker CPU quantity \"1.0005\" is finer than 1 millicore (1000500000 nano CPUs); "
            + "the precision is 1 millicore and values are never rounded; ");
  }

  @Test
  void theKubernetesMilliSuffixIsNotDockerSyntax() {
    // Rat.SetString("500m"): 'm' is neither a digit nor an exponent, and the string must be consumed entirely.
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("500m"))
        .withMessageStartingWith("Docker CPU quantity \"500m\" is not valid: failed to parse 500m as a rational ");
  }

  @Test
  void negativeCpusAreRefused() {
    // ParseCPUs("-1") returns -1000000000 without error; the engine then refuses it (its range starts at 0.01 CPU).
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("-1"))
        .withMessage("Docker CPU quantity \"-1\" must not be negative; accepted: what docker run --cpus takes: a "
            + "number of cores (0.5, 2, 1.25, 5e-1) or a fraction (3/2), no suffix, no spaces, at most 3 decimal places");
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("-1/5"))
        .withMessageStartingWith("Docker CPU quantity \"-1/5\" must not be negative; ");
  }

  @Test
  void valuesBeyondAnInt64OfNanoCpusAreRefused() {
    // ratconv_test.go {"8129567.7690E14", "812956776900000000000"} cores: × 10^9 is far beyond 2^63 - 1, and
    // nano.Num().Int64() is then "undefined" (math/big: "If x cannot be represented in an int64, the result is
    // undefined").
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("8129567.7690E14"))
        .withMessageStartingWith("Docker CPU quantity \"8129567.7690E14\" is too large");
    // {"553019.8935e+8", "55301989350000"} cores × 10^9 = 5.5e22 nano CPUs, likewise
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("553019.8935e+8"))
        .withMessageStartingWith("Docker CPU quantity \"553019.8935e+8\" is too large");
    // 9223372036 cores = 9223372036000000000 nano CPUs, below 2^63 - 1 = 9223372036854775807
    assertThat(CpuQuantity.parseDocker("9223372036").millicores()).isEqualTo(9_223_372_036_000L);
    // 9223372037 cores = 9223372037000000000 nano CPUs, above it
    assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker("9223372037"))
        .withMessageStartingWith("Docker CPU quantity \"9223372037\" is too large");
  }

  @Test
  void whitespaceIsNotAllowedAnywhere() {
    // Rat.SetString: "The entire string, not just a prefix, must be valid for success."
    for (String text : new String[] {" 1", "1 ", "1 /2", "\t2"}) {
      assertThatIllegalArgumentException().isThrownBy(() -> CpuQuantity.parseDocker(text))
          .withMessageStartingWith("Docker CPU quantity \"" + text + "\" is not valid: failed to parse ");
    }
  }

  @Test
  void dockerFormsOfEverydayValues() {
    // 0.5 × 1000 = 500; 1.25 × 1000 = 1250; 5e-1 = 0.5; 3/2 = 1.5; 0.01 × 1000 = 10 (Docker's minimum)
    assertThat(CpuQuantity.parseDocker("0.5").millicores()).isEqualTo(500);
    assertThat(CpuQuantity.parseDocker("1.25").millicores()).isEqualTo(1250);
    assertThat(CpuQuantity.parseDocker("5e-1").millicores()).isEqualTo(500);
    assertThat(CpuQuantity.parseDocker("3/2").millicores()).isEqualTo(1500);
    assertThat(CpuQuantity.parseDocker("0.01").millicores()).isEqualTo(10);
    assertThat(CpuQuantity.parseDocker("+2").millicores()).isEqualTo(2000);
  }

  @Test
  void nullIsANullPointerExceptionNamingTheParameter() {
    assertThatNullPointerException().isThrownBy(() -> CpuQuantity.parseDocker(null)).withMessage("text");
  }
}
