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
 * {@link ByteSize#parseDocker} against go-units' own expectations for {@code RAMInBytes} (docker/go-units
 * {@code size_test.go}), and against Go's {@code strconv.ParseFloat} tables ({@code src/strconv/atof_test.go},
 * {@code atoftests}) for the number part, which {@code parseSize} hands to ParseFloat unchanged.
 */
class DockerSizeReferenceTest {

  private static final long KI_B = 1024L;
  private static final long MI_B = 1024L * KI_B;
  private static final long GI_B = 1024L * MI_B;
  private static final long TI_B = 1024L * GI_B;
  private static final long PI_B = 1024L * TI_B;

  /** size_test.go TestRAMInBytes (assertSuccessEquals) and ExampleRAMInBytes (its Output). */
  static Stream<Arguments> testRamInBytes() {
    return Stream.of(
        Arguments.of("32", 32L),
        Arguments.of("32b", 32L),
        Arguments.of("32B", 32L),
        Arguments.of("32k", 32 * KI_B),
        Arguments.of("32K", 32 * KI_B),
        Arguments.of("32kb", 32 * KI_B),
        Arguments.of("32Kb", 32 * KI_B),
        Arguments.of("32Kib", 32 * KI_B),
        Arguments.of("32KIB", 32 * KI_B),
        Arguments.of("32Mb", 32 * MI_B),
        Arguments.of("32Gb", 32 * GI_B),
        Arguments.of("32Tb", 32 * TI_B),
        Arguments.of("32Pb", 32 * PI_B),
        Arguments.of("32PB", 32 * PI_B),
        Arguments.of("32P", 32 * PI_B),
        // ExampleRAMInBytes Output: 32768, 33554432, 34359738368, 35184372088832, 36028797018963968
        Arguments.of("32Mb", 33_554_432L),
        Arguments.of("32Pb", 36_028_797_018_963_968L),
        Arguments.of("32.3", 32L),
        // tmp := 32.3 * MiB; int64(tmp): 32.3 × 1048576 = 33869004.8, truncated
        Arguments.of("32.3 mb", 33_869_004L),
        // tmp = 0.3 * MiB; int64(tmp): 0.3 × 1048576 = 314572.8, truncated
        Arguments.of("0.3MB", 314_572L));
  }

  @ParameterizedTest(name = "{0} is {1} bytes")
  @MethodSource("testRamInBytes")
  void sizesGoUnitsAcceptsAreReadAsItReadsThem(String text, long bytes) {
    assertThat(ByteSize.parseDocker(text).bytes()).isEqualTo(bytes);
  }

  /** size_test.go TestRAMInBytes (assertError). */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "hello", "-32", " 32 ", "32m b", "32bm"})
  void sizesGoUnitsRefusesAreRefusedQuotingThem(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker(text))
        .withMessageStartingWith("Docker byte size \"" + text + "\" is not valid: ")
        .withMessageContaining("; accepted: what docker run --memory takes");
  }

  /**
   * size_test.go TestFromHumanSize: the same parseSize with the decimal map, so its shapes (spaces, dots, signs)
   * apply to RAMInBytes unchanged; the values here are recomputed with the binary map (1 k = 1024).
   */
  static Stream<Arguments> testFromHumanSizeShapes() {
    return Stream.of(
        Arguments.of("0", 0L),
        Arguments.of("0b", 0L),
        Arguments.of("0B", 0L),
        Arguments.of("0 B", 0L),
        Arguments.of("32.5kB", 33_280L), // 32.5 × 1024
        Arguments.of("32.5 kB", 33_280L),
        Arguments.of("32.5 B", 32L),
        Arguments.of("0.3 K", 307L), // 0.3 × 1024 = 307.2, truncated
        Arguments.of(".3kB", 307L),
        Arguments.of("0.", 0L),
        Arguments.of("0. ", 0L),
        Arguments.of("0.b", 0L),
        Arguments.of("0.B", 0L),
        Arguments.of("-0", 0L),
        Arguments.of("-0b", 0L),
        Arguments.of("-0B", 0L),
        Arguments.of("-0 b", 0L),
        Arguments.of("-0 B", 0L),
        Arguments.of("32.", 32L),
        Arguments.of("32.b", 32L),
        Arguments.of("32.B", 32L),
        Arguments.of("32. b", 32L),
        Arguments.of("32. B", 32L),
        // "We do not tolerate extra leading or trailing spaces (except for a space after the number and a missing
        // suffix)."
        Arguments.of("0 ", 0L));
  }

  @ParameterizedTest(name = "\"{0}\" is {1} bytes")
  @MethodSource("testFromHumanSizeShapes")
  void parseSizeShapesAreAccepted(String text, long bytes) {
    assertThat(ByteSize.parseDocker(text).bytes()).isEqualTo(bytes);
  }

  /** size_test.go TestFromHumanSize (assertError): refused by parseSize whatever the map. */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {" 0", " 0b", " 0B", " 0 B", "0b ", "0B ", "0 B ", "", "hello", ".", ". ", " ", "  ", " .",
      " . ", "-32", "-32b", "-32B", "-32 b", "-32 B", "32b.", "32B.", "32 b.", "32 B.", "32 bb", "32 BB", "32 b b",
      "32 B B", "32  b", "32  B", " 32 ", "32m b", "32bm"})
  void parseSizeShapesAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker(text))
        .withMessageStartingWith("Docker byte size \"" + text + "\" is not valid: ");
  }

  @Test
  void refusalsCarryGoUnitsOwnReason() {
    // size.go parseSize: fmt.Errorf("invalid suffix: '%s'", sfx), after strings.ToLower
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("4 gigs"))
        .withMessage("Docker byte size \"4 gigs\" is not valid: invalid suffix: 'gigs'; accepted: what docker run "
            + "--memory takes: a number (512, 1.5, 1e3), then optionally one space and a suffix b, or k m g t p alone "
            + "or followed by b or ib, in any case (all binary: 512m, 1024k, 2GB, 1 GiB); a fraction of a byte is "
            + "dropped");
    // size.go parseSize: fmt.Errorf("invalid size: '%s'", sizeStr) when there is no digit at all
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("hello"))
        .withMessageStartingWith("Docker byte size \"hello\" is not valid: invalid size: 'hello'; ");
    // strconv.ParseFloat's NumError for the number part
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("1.2.3g"))
        .withMessageStartingWith("Docker byte size \"1.2.3g\" is not valid: strconv.ParseFloat: parsing \"1.2.3\": "
            + "invalid syntax; ");
  }

  @Test
  void kIsBinaryUnlikeKubernetesKilo() {
    // binaryMap = unitMap{'k': KiB, ...}; KiB = 1024
    assertThat(ByteSize.parseDocker("1024k").bytes()).isEqualTo(1_048_576L);
    assertThat(ByteSize.parseKubernetes("1024k").bytes()).isEqualTo(1_024_000L);
  }

  /**
   * atof_test.go atoftests: rows whose ParseFloat result is a non-negative byte count, each read by RAMInBytes
   * without a suffix (parseSize: "if len(sfx) == 0 { return int64(size), nil }").
   */
  static Stream<Arguments> atofTests() {
    return Stream.of(
        Arguments.of("1", 1L),
        Arguments.of("+1", 1L),
        Arguments.of("123456700", 123_456_700L), // "1.234567e+08"
        Arguments.of("625e-3", 0L), // "0.625", truncated
        Arguments.of("0x1p0", 1L),
        Arguments.of("0x1p1", 2L),
        Arguments.of("0x1ep-1", 15L),
        Arguments.of("0x1fFe2.p0", 131_042L),
        Arguments.of("0x0.fp4", 15L),
        Arguments.of("0x1p+2", 4L),
        Arguments.of("0e0", 0L),
        Arguments.of("0e+01234567890123456789", 0L),
        Arguments.of("0x0p+01234567890123456789", 0L),
        Arguments.of("1e-400000", 0L), // "way too small": 0
        Arguments.of("1_23.50_0_0e+1_2", 123_500_000_000_000L), // "1.235e+14"
        Arguments.of("0x_1_2.3_4_5p+1_2", 74_565L));
  }

  @ParameterizedTest(name = "\"{0}\" is {1} bytes")
  @MethodSource("atofTests")
  void theNumberIsWhatGoParseFloatReads(String text, long bytes) {
    assertThat(ByteSize.parseDocker(text).bytes()).isEqualTo(bytes);
  }

  /** atof_test.go atoftests rows with ErrSyntax, or ErrRange (+Inf), which RAMInBytes returns as its error. */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1x", "1.1.", "0x1e2", "1p2", "1e", "1e-", "0x1", "0x.1", "0x1p", "0x1p+", "1e310", "1e400",
      "0x1p1024", "1e+4294967296", "-_123.5e+12", "_123.5e+12", "1__23.5e+12", "123_.5e+12", "123._5e+12",
      "123.5_e+12", "123.5e+12_", "0x__12.345p+12", "0x12.345p+12_"})
  void numbersGoParseFloatRefusesAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker(text))
        .withMessageStartingWith("Docker byte size \"" + text + "\" is not valid: ");
  }

  @Test
  void aRangeErrorIsGoErrorText() {
    // atof_test.go: {"1e400", "+Inf", ErrRange}; NumError.Error: "strconv.ParseFloat: parsing \"1e400\": value out of range"
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("1e400"))
        .withMessageStartingWith("Docker byte size \"1e400\" is not valid: strconv.ParseFloat: parsing \"1e400\": "
            + "value out of range; ");
  }

  @Test
  void aboveTwoToThe53NotEveryByteCountCanBeWrittenAsGoRoundsToADouble() {
    // atof_test.go {"100000000000000016777215", "1.0000000000000001e+23"} shows the rounding; within int64:
    // 2^53 + 1 = 9007199254740993 is not a double, the nearest (ties to even) is 2^53 = 9007199254740992.
    assertThat(ByteSize.parseDocker("9007199254740993").bytes()).isEqualTo(9_007_199_254_740_992L);
    assertThat(ByteSize.parseDocker("9007199254740993b").bytes()).isEqualTo(9_007_199_254_740_992L);
  }

  @Test
  void sizesFromTwoToThe63AreRefusedSinceGoInt64ConversionIsUndefined() {
    // 8192p = 8192 × 2^50 = 2^63: Go's int64() of it is undefined (amd64 gives -2^63); 8191p = 8191 × 2^50 fits.
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("8192p"))
        .withMessageStartingWith("Docker byte size \"8192p\" is not valid: size '8192p' is not a number of bytes "
            + "that fits an int64; ");
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("9223372036854775807"))
        .withMessageStartingWith("Docker byte size \"9223372036854775807\" is not valid: "); // rounds to 2^63
    assertThat(ByteSize.parseDocker("8191p").bytes()).isEqualTo(8191 * PI_B);
  }

  @Test
  void nanAndInfinityAfterASpaceAreRefused() {
    // atof.go special(): "nan", "inf", "+infinity" ... parse; RAMInBytes then reaches int64(size), which is undefined.
    // Without a space there is no digit, so parseSize says "invalid size".
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("nan "))
        .withMessageStartingWith("Docker byte size \"nan \" is not valid: size 'nan ' is not a number of bytes");
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("+Inf b"))
        .withMessageStartingWith("Docker byte size \"+Inf b\" is not valid: size '+Inf b' is not a number of bytes");
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("-inf "))
        .withMessageStartingWith("Docker byte size \"-inf \" is not valid: invalid size: '-inf '");
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("Infinity"))
        .withMessageStartingWith("Docker byte size \"Infinity\" is not valid: invalid size: 'Infinity'");
  }

  @Test
  void theKelvinSignLowerCasesToKAsGoStringsToLowerDoes() {
    // size.go: len(sfx) is 3 bytes for U+212A (within the limit of 3), then strings.ToLower turns it into "k"
    // (unicode.ToLower(0x212A) = 'k'), one byte: a kibibyte.
    assertThat(ByteSize.parseDocker("1\u212A").bytes()).isEqualTo(1024);
    // with a "b" after it the suffix is 4 bytes: "Too long"
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("1\u212Ab"))
        .withMessageStartingWith("Docker byte size \"1\u212Ab\" is not valid: invalid suffix: '\u212Ab'; ");
  }

  @Test
  void aTabIsNotTheSeparatingSpace() {
    // parseSize cuts at " " only; "32\tb" has its suffix "\tb" after the last digit, whose first byte is not 'b'
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker("32\tb"))
        .withMessageStartingWith("Docker byte size \"32\tb\" is not valid: invalid suffix: '\tb'; ");
  }

  @Test
  void nullIsANullPointerExceptionNamingTheParameter() {
    assertThatNullPointerException().isThrownBy(() -> ByteSize.parseDocker(null)).withMessage("text");
  }

  @Test
  void overlongTextsAreRefused() {
    String text = "1".repeat(1001);
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parseDocker(text))
        .withMessageStartingWith("Docker byte size \"" + "1".repeat(40) + "...\" is too long (1001 characters)");
  }
}
