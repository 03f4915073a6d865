package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of quantity-like texts that drive the parsers into their corners, and the property they share. */
final class QuantityTexts {

  private QuantityTexts() {}

  /**
   * Texts likely to trip a parser: random strings over the characters quantities are made of, texts shaped like
   * quantities with odd parts (signs, long digit runs, wild exponents, every suffix and some near-misses), and
   * arbitrary Unicode strings.
   */
  static Arbitrary<String> quantityLike() {
    return Arbitraries.oneOf(characterSoup(), quantityShaped(), Arbitraries.strings().all().ofMaxLength(30));
  }

  private static Arbitrary<String> characterSoup() {
    return Arbitraries.strings().withChars("0123456789.eE+- kKmMgGtTpPbBiIun%\t").ofMaxLength(14);
  }

  private static Arbitrary<String> quantityShaped() {
    Arbitrary<String> sign = Arbitraries.of("", "", "", "+", "-");
    Arbitrary<String> integer = Arbitraries.strings().numeric().ofMaxLength(25);
    Arbitrary<String> fraction = Arbitraries.oneOf(
        Arbitraries.just(""), Arbitraries.strings().numeric().ofMaxLength(8).map(digits -> "." + digits));
    Arbitrary<String> exponent = Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.integers().between(-25, 25).map(e -> "e" + e),
        Arbitraries.longs().map(e -> "E" + e));
    Arbitrary<String> suffix = Arbitraries.of(
        "", "b", "B", "k", "K", "m", "M", "g", "G", "t", "T", "p", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        "kb", "MB", "gB", "KiB", "mib", "EiB", "u", "n", "%", " g", " ", "i", "e", "x", "mm");
    Arbitrary<String> padding = Arbitraries.of("", "", " ", "\t");
    return Combinators.combine(padding, sign, integer, fraction, exponent, suffix)
        .as((pad, s, i, f, e, x) -> pad + s + i + f + e + x + pad);
  }

  /**
   * Asserts that {@code parser} either returns for {@code text} or throws an {@link IllegalArgumentException}
   * whose message quotes it; any other exception propagates and fails the property.
   */
  static void returnsOrRejectsNamingTheInput(String text, Function<String, ?> parser) {
    try {
      assertThat(parser.apply(text)).isNotNull();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("\"" + text + "\"").contains("; accepted: ");
    }
  }
}
