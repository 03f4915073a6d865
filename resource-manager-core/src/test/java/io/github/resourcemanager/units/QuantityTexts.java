package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of quantity-like texts that drive the parsers into their corners, and the property they share. */
final class QuantityTexts {

  private QuantityTexts() {}

  /**
   * Texts likely to trip a parser: random strings over the characters quantities are made of, texts shaped like
   * quantities with odd parts (signs, long digit runs, wild exponents, every suffix and some near-misses), and
   * arbitrary Unicode strings.
   */
  static Gen<String> quantityLike() {
    return Generate.oneOf(characterSoup(), quantityShaped(), anyString());
  }

  /** Arbitrary strings over all of Unicode, up to 30 code points. */
  static Gen<String> anyString() {
    return strings().allPossible().ofLengthBetween(0, 30);
  }

  private static Gen<String> characterSoup() {
    List<String> chars = "0123456789.eE+- kKmMgGtTpPbBiIun%\t".chars().mapToObj(c -> String.valueOf((char) c)).toList();
    return lists().of(Generate.pick(chars)).ofSizeBetween(0, 14).map(parts -> String.join("", parts));
  }

  private static Gen<String> quantityShaped() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<String> integer = digits(0, 25);
    Gen<String> fraction = Generate.constant("").mix(digits(0, 8).map(d -> "." + d));
    Gen<String> exponent = Generate.oneOf(
        Generate.constant(""),
        integers().between(-25, 25).map(e -> "e" + e),
        longs().all().map(e -> "E" + e));
    Gen<String> suffix = Generate.pick(List.of(
        "", "b", "B", "k", "K", "m", "M", "g", "G", "t", "T", "p", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        "kb", "MB", "gB", "KiB", "mib", "EiB", "u", "n", "%", " g", " ", "i", "e", "x", "mm"));
    Gen<String> padding = Generate.pick(List.of("", "", " ", "\t"));
    Gen<String> number = sign.zip(integer, fraction, exponent, (s, i, f, e) -> s + i + f + e);
    return padding.zip(number, suffix, (pad, n, x) -> pad + n + x + pad);
  }

  private static Gen<String> digits(int min, int max) {
    return lists().of(integers().between(0, 9)).ofSizeBetween(min, max)
        .map(ds -> ds.stream().map(String::valueOf).collect(Collectors.joining()));
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
