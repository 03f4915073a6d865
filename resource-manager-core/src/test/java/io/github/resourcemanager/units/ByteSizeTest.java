package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  private static final long KI = 1024L;
  private static final long MI = 1024L * KI;
  private static final long GI = 1024L * MI;
  private static final long TI = 1024L * GI;
  private static final long PI = 1024L * TI;
  private static final long EI = 1024L * PI;

  private static final String UNIFIED_FORMS = "accepted: plain bytes (1048576), exponent (129e6), "
      + "decimal suffixes k M G T P E (129M), binary suffixes Ki Mi Gi Ti Pi Ei (123Mi), "
      + "Docker sizes b K m g t p and kb mb gb tb pb, kib mib gib tib pib in any case (binary: 512m, 2GB)";

  @Nested
  class Factories {

    @Test
    void ofBytesHoldsTheExactCount() {
      assertThat(ByteSize.ofBytes(1536).bytes()).isEqualTo(1536);
    }

    @Test
    void ofKibibytesMultipliesBy1024() {
      assertThat(ByteSize.ofKibibytes(3).bytes()).isEqualTo(3 * KI);
    }

    @Test
    void ofMebibytesMultipliesBy1024Squared() {
      assertThat(ByteSize.ofMebibytes(512).bytes()).isEqualTo(512 * MI);
    }

    @Test
    void ofGibibytesMultipliesBy1024Cubed() {
      assertThat(ByteSize.ofGibibytes(4).bytes()).isEqualTo(4 * GI);
    }

    @Test
    void acceptsLongMaxValueBytes() {
      assertThat(ByteSize.ofBytes(Long.MAX_VALUE).bytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsNegativeBytes() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofBytes(-1))
          .withMessage("byte size must not be negative, was -1 bytes");
    }

    @Test
    void rejectsNegativeGibibytes() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofGibibytes(-2))
          .withMessage("byte size must not be negative, was -2 GiB");
    }

    @Test
    void rejectsGibibytesBeyondLongMaxValueBytes() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofGibibytes(Long.MAX_VALUE / GI + 1))
          .withMessage("byte size 8589934592 GiB is too large: at most 9223372036854775807 bytes fit");
    }

    @Test
    void acceptsTheLargestWholeNumberOfKibibytes() {
      assertThat(ByteSize.ofKibibytes(Long.MAX_VALUE / KI).bytes()).isEqualTo(Long.MAX_VALUE / KI * KI);
    }
  }

  @Nested
  class Arithmetic {

    @Test
    void plusAddsBytes() {
      assertThat(ByteSize.ofMebibytes(1).plus(ByteSize.ofBytes(5))).isEqualTo(ByteSize.ofBytes(MI + 5));
    }

    @Test
    void plusRejectsOverflow() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofBytes(Long.MAX_VALUE).plus(ByteSize.ofBytes(1)))
          .withMessage("byte size 9223372036854775807 plus 1 is too large: at most 9223372036854775807 bytes fit");
    }

    @Test
    void minusSubtractsBytes() {
      assertThat(ByteSize.ofGibibytes(1).minus(ByteSize.ofMebibytes(512))).isEqualTo(ByteSize.ofMebibytes(512));
    }

    @Test
    void minusDownToZeroIsAllowed() {
      assertThat(ByteSize.ofBytes(7).minus(ByteSize.ofBytes(7))).isEqualTo(ByteSize.ofBytes(0));
    }

    @Test
    void minusRejectsAResultBelowZero() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofMebibytes(1).minus(ByteSize.ofGibibytes(1)))
          .withMessage("byte size 1Mi minus 1Gi would be negative");
    }

    @Test
    void multipliedByMultiplies() {
      assertThat(ByteSize.ofMebibytes(3).multipliedBy(4)).isEqualTo(ByteSize.ofMebibytes(12));
    }

    @Test
    void multipliedByZeroIsZero() {
      assertThat(ByteSize.ofBytes(Long.MAX_VALUE).multipliedBy(0)).isEqualTo(ByteSize.ofBytes(0));
    }

    @Test
    void multipliedByRejectsOverflow() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofBytes(4 * EI).multipliedBy(2))
          .withMessage("byte size 4Ei times 2 is too large: at most 9223372036854775807 bytes fit");
    }

    @Test
    void multipliedByRejectsANegativeFactor() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofBytes(1).multipliedBy(-1))
          .withMessage("byte size factor must not be negative, was -1");
    }

    @Test
    void dividedByRoundsDown() {
      assertThat(ByteSize.ofBytes(10).dividedBy(3)).isEqualTo(ByteSize.ofBytes(3));
    }

    @Test
    void dividedByRejectsZero() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.ofBytes(10).dividedBy(0))
          .withMessage("byte size divisor must be positive, was 0");
    }
  }

  @Nested
  class Identity {

    @Test
    void sizesOfEqualByteCountsAreEqualWithEqualHashCodes() {
      assertThat(ByteSize.parse("1Gi"))
          .isEqualTo(ByteSize.ofMebibytes(1024))
          .hasSameHashCodeAs(ByteSize.ofGibibytes(1));
    }

    @Test
    void sizesOfDifferentByteCountsDiffer() {
      assertThat(ByteSize.parse("1G")).isNotEqualTo(ByteSize.parse("1Gi"));
    }

    @Test
    void ordersByByteCount() {
      assertThat(ByteSize.parse("1G")).isLessThan(ByteSize.parse("1Gi")).isGreaterThan(ByteSize.parse("999M"));
    }
  }

  @Nested
  class Parse {

    @Test
    void parsesPlainBytes() {
      assertThat(ByteSize.parse("128974848").bytes()).isEqualTo(128_974_848L);
    }

    @Test
    void parsesZero() {
      assertThat(ByteSize.parse("0").bytes()).isZero();
    }

    @Test
    void parsesDecimalExponent() {
      assertThat(ByteSize.parse("129e6").bytes()).isEqualTo(129_000_000L);
    }

    @Test
    void parsesUpperCaseExponent() {
      assertThat(ByteSize.parse("129E6").bytes()).isEqualTo(129_000_000L);
    }

    @Test
    void parsesFractionWithExponent() {
      assertThat(ByteSize.parse("1.5e3").bytes()).isEqualTo(1500);
    }

    @Test
    void parsesSignedExponent() {
      assertThat(ByteSize.parse("2000e-3").bytes()).isEqualTo(2);
    }

    @Test
    void parsesKubernetesDecimalSuffixes() {
      assertThat(ByteSize.parse("500k").bytes()).isEqualTo(500_000L);
      assertThat(ByteSize.parse("129M").bytes()).isEqualTo(129_000_000L);
      assertThat(ByteSize.parse("3G").bytes()).isEqualTo(3_000_000_000L);
      assertThat(ByteSize.parse("2T").bytes()).isEqualTo(2_000_000_000_000L);
      assertThat(ByteSize.parse("5P").bytes()).isEqualTo(5_000_000_000_000_000L);
      assertThat(ByteSize.parse("9E").bytes()).isEqualTo(9_000_000_000_000_000_000L);
    }

    @Test
    void parsesKubernetesBinarySuffixes() {
      assertThat(ByteSize.parse("1Ki").bytes()).isEqualTo(KI);
      assertThat(ByteSize.parse("123Mi").bytes()).isEqualTo(128_974_848L);
      assertThat(ByteSize.parse("4Gi").bytes()).isEqualTo(4 * GI);
      assertThat(ByteSize.parse("2Ti").bytes()).isEqualTo(2 * TI);
      assertThat(ByteSize.parse("3Pi").bytes()).isEqualTo(3 * PI);
      assertThat(ByteSize.parse("7Ei").bytes()).isEqualTo(7 * EI);
    }

    @Test
    void readsKAsKubernetesDecimalKilo() {
      assertThat(ByteSize.parse("1024k").bytes()).isEqualTo(1_024_000L);
    }

    @Test
    void readsDockerLowerCaseLettersAsBinary() {
      assertThat(ByteSize.parse("512m").bytes()).isEqualTo(512 * MI);
      assertThat(ByteSize.parse("4g").bytes()).isEqualTo(4 * GI);
      assertThat(ByteSize.parse("2t").bytes()).isEqualTo(2 * TI);
      assertThat(ByteSize.parse("1p").bytes()).isEqualTo(PI);
    }

    @Test
    void readsBAsBytes() {
      assertThat(ByteSize.parse("100b").bytes()).isEqualTo(100);
      assertThat(ByteSize.parse("100B").bytes()).isEqualTo(100);
    }

    @Test
    void readsUpperCaseKAsDockerKibibytesSinceKubernetesHasNoK() {
      assertThat(ByteSize.parse("4K").bytes()).isEqualTo(4 * KI);
    }

    @Test
    void readsTwoLetterSizesAsBinaryAsDockerDoes() {
      assertThat(ByteSize.parse("2GB").bytes()).isEqualTo(2_147_483_648L);
      assertThat(ByteSize.parse("512MB").bytes()).isEqualTo(512 * MI);
      assertThat(ByteSize.parse("750MB").bytes()).isEqualTo(750 * MI);
    }

    @Test
    void readsTwoLetterSizesInAnyCase() {
      assertThat(ByteSize.parse("3kb").bytes()).isEqualTo(3 * KI);
      assertThat(ByteSize.parse("3Kb").bytes()).isEqualTo(3 * KI);
      assertThat(ByteSize.parse("3mB").bytes()).isEqualTo(3 * MI);
      assertThat(ByteSize.parse("3gb").bytes()).isEqualTo(3 * GI);
      assertThat(ByteSize.parse("3TB").bytes()).isEqualTo(3 * TI);
      assertThat(ByteSize.parse("3pb").bytes()).isEqualTo(3 * PI);
    }

    @Test
    void readsIecSizesAsBinary() {
      assertThat(ByteSize.parse("1KiB").bytes()).isEqualTo(KI);
      assertThat(ByteSize.parse("512MiB").bytes()).isEqualTo(512 * MI);
      assertThat(ByteSize.parse("4GiB").bytes()).isEqualTo(4 * GI);
      assertThat(ByteSize.parse("1TiB").bytes()).isEqualTo(TI);
      assertThat(ByteSize.parse("1pib").bytes()).isEqualTo(PI);
    }

    @Test
    void acceptsFractionsThatComeToWholeBytes() {
      assertThat(ByteSize.parse("1.5G").bytes()).isEqualTo(1_500_000_000L);
      assertThat(ByteSize.parse("1.5Gi").bytes()).isEqualTo(3 * GI / 2);
      assertThat(ByteSize.parse("0.5g").bytes()).isEqualTo(GI / 2);
      assertThat(ByteSize.parse("0.1k").bytes()).isEqualTo(100);
    }

    @Test
    void acceptsKubernetesAbbreviatedFractions() {
      assertThat(ByteSize.parse(".5Ki").bytes()).isEqualTo(512);
      assertThat(ByteSize.parse("2.Ki").bytes()).isEqualTo(2 * KI);
    }

    @Test
    void acceptsAnExponentBeforeASuffix() {
      assertThat(ByteSize.parse("1e3Ki").bytes()).isEqualTo(1000 * KI);
    }

    @Test
    void readsEAloneAsExa() {
      assertThat(ByteSize.parse("1E").bytes()).isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void ignoresSurroundingWhitespace() {
      assertThat(ByteSize.parse("  4Gi\t\n").bytes()).isEqualTo(4 * GI);
    }

    @Test
    void acceptsALeadingPlus() {
      assertThat(ByteSize.parse("+1Ki").bytes()).isEqualTo(KI);
    }

    @Test
    void readsNegativeZeroAsZero() {
      assertThat(ByteSize.parse("-0").bytes()).isZero();
    }

    @Test
    void readsZeroWithAHugeExponentAsZero() {
      assertThat(ByteSize.parse("0e999999999").bytes()).isZero();
    }

    @Test
    void parsesLongMaxValue() {
      assertThat(ByteSize.parse("9223372036854775807").bytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsMalformedInputWithTheExactMessage() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse("4 gigs"))
          .withMessage("byte size \"4 gigs\" is not valid; " + UNIFIED_FORMS);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "4 gigs", "4 g", "", "   ", "NaN", "Infinity", "1.5.2G", "G", "0x10", ".", "+", "e3", "1e", "1e3.5",
        "1ki", "1KI", "1eb", "1EiB", "1u", "1n", "1_000", "1,5G", "１", "1\u212A", "4gigs", "1 Gi", "1iB"})
    void rejectsMalformedInputNamingItAndTheAcceptedForms(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse(text))
          .withMessageContaining("\"" + text + "\"")
          .withMessageEndingWith(UNIFIED_FORMS);
    }

    @Test
    void nullIsANullPointerExceptionNamingTheParameter() {
      assertThatNullPointerException()
          .isThrownBy(() -> ByteSize.parse(null))
          .withMessage("text");
    }

    @Test
    void rejectsNegativeSizeNamingTheInput() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse("-1g"))
          .withMessage("byte size \"-1g\" must not be negative; " + UNIFIED_FORMS);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"8Ei", "9223372036854775808", "1e30", "9.3E", "8192Pi"})
    void rejectsSizesAboveLongMaxValue(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse(text))
          .withMessage("byte size \"" + text + "\" is too large: at most 9223372036854775807 bytes fit; "
              + UNIFIED_FORMS);
    }

    @Test
    void rejectsFractionalBytesInsteadOfRounding() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse("1.0001k"))
          .withMessage("byte size \"1.0001k\" is not a whole number of bytes (1000.1); "
              + "fractions must come to whole bytes and are never rounded; " + UNIFIED_FORMS);
    }

    @Test
    void rejectsAFractionOfAByte() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse("1.5"))
          .withMessageContaining("\"1.5\" is not a whole number of bytes (1.5)");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"1e999999999", "1e-999999999", "7e99999999999999999999999999", "1.5e10001Ki"})
    void rejectsHugeExponentsWithoutExpandingThem(String text) {
      assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
          assertThatIllegalArgumentException()
              .isThrownBy(() -> ByteSize.parse(text))
              .withMessage("byte size \"" + text + "\" has an exponent out of range; " + UNIFIED_FORMS));
    }

    @Test
    void rejectsATinyValueWithALargeNegativeExponentAsFractional() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse("1e-10000Ei"))
          .withMessageContaining("is not a whole number of bytes (1.152921504606846976E-9982)");
    }

    @Test
    void rejectsOverlongInputAbbreviatingIt() {
      String text = "1".repeat(5000);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ByteSize.parse(text))
          .withMessageStartingWith("byte size \"" + "1".repeat(40) + "...\" is too long (5000 characters)");
    }
  }

  @Nested
  class Formatting {

    @Test
    void toStringUsesTheLargestBinarySuffixThatDividesExactly() {
      assertThat(ByteSize.ofGibibytes(4)).hasToString("4Gi");
      assertThat(ByteSize.ofKibibytes(1536)).hasToString("1536Ki");
      assertThat(ByteSize.ofBytes(7 * EI)).hasToString("7Ei");
    }

    @Test
    void toStringUsesTheLargestDecimalSuffixThatDividesExactly() {
      assertThat(ByteSize.ofBytes(129_000_000)).hasToString("129M");
      assertThat(ByteSize.ofBytes(1000)).hasToString("1k");
      assertThat(ByteSize.ofBytes(9_000_000_000_000_000_000L)).hasToString("9E");
    }

    @Test
    void toStringPrefersADecimalSuffixLargerThanAnyBinarySuffixThatDivides() {
      // 2G is also 1953125Ki; the larger suffix gives the smaller number
      assertThat(ByteSize.ofBytes(2_000_000_000L)).hasToString("2G");
      assertThat(ByteSize.ofBytes(1_000_000_000_000L)).hasToString("1T");
    }

    @Test
    void toStringPrefersABinarySuffixLargerThanAnyDecimalSuffixThatDivides() {
      // 1000Ki is also 1024k
      assertThat(ByteSize.ofBytes(1_024_000)).hasToString("1000Ki");
    }

    @Test
    void toStringFallsBackToPlainBytes() {
      assertThat(ByteSize.ofBytes(128_974_849)).hasToString("128974849");
      assertThat(ByteSize.ofBytes(Long.MAX_VALUE)).hasToString("9223372036854775807");
    }

    @Test
    void toStringOfZeroIsZero() {
      assertThat(ByteSize.ofBytes(0)).hasToString("0");
    }

    @Test
    void toDockerStringUsesTheLargestExactOfGMK() {
      assertThat(ByteSize.ofGibibytes(4).toDockerString()).isEqualTo("4g");
      assertThat(ByteSize.ofMebibytes(512).toDockerString()).isEqualTo("512m");
      assertThat(ByteSize.ofKibibytes(1536).toDockerString()).isEqualTo("1536k");
      assertThat(ByteSize.ofBytes(TI).toDockerString()).isEqualTo("1024g");
    }

    @Test
    void toDockerStringFallsBackToBytesWithB() {
      assertThat(ByteSize.ofBytes(100).toDockerString()).isEqualTo("100b");
      assertThat(ByteSize.ofBytes(1000).toDockerString()).isEqualTo("1000b");
    }

    @Test
    void toDockerStringOfZeroIsZeroBytes() {
      assertThat(ByteSize.ofBytes(0).toDockerString()).isEqualTo("0b");
    }
  }
}
