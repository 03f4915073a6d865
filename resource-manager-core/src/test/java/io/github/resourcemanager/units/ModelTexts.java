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

/** Model-judged generators of quantity-like texts that drive the parsers into their corners, and the property they share. */
final class ModelTexts {

  private ModelTexts() {}

  /**
   * Texts likely to trip a parser: random strings over the characters quantities are made of, texts shaped like
   * quantities with odd parts (signs, long digit runs, wild exponents, every suffix and some near-misses), and
   * arbitrary Unicode strings.
   */
  static Gen<String> quantityLike() {
    return Generate.oneOf(characterSoup(), quantityShaped(), anyString(), plausible(), plausible());
  }

  /**
   * Texts as people write quantities: a few digits, sometimes a short fraction or a small exponent, and one of the
   * suffixes some dialect knows, so that every parser sees many valid texts next to the invalid ones.
   */
  static Gen<String> plausible() {
    Gen<String> integer = digits(1, 6);
    Gen<String> fraction = Generate.pick(List.of("", "", "", ".5", ".25", ".125", ".0", ".001", ".1"));
    Gen<String> exponent = Generate.pick(List.of("", "", "", "", "e3", "e-3", "E2", "e0"));
    Gen<String> suffix = Generate.pick(List.of("", "", "m", "%", "k", "M", "G", "Ki", "Mi", "Gi", "b", "K", "g", "gb",
        "GB", "mib", "MiB", "Ei", "E", "u", "n", " g", " GiB"));
    return integer.zip(fraction, exponent, suffix, (i, f, e, x) -> i + f + e + x);
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
   * Asserts what {@code parser} makes of {@code text}: the value the model expects, exactly, or, when the model says
   * the text is not a quantity, an {@link IllegalArgumentException} quoting the text and listing the accepted forms.
   * Counts which of the two it was in {@code outcomes} ({@code [0]} accepted, {@code [1]} rejected).
   */
  static <T> void parsesAsTheModelSays(String text, java.util.Optional<T> expected, Function<String, T> parser,
      java.util.concurrent.atomic.AtomicIntegerArray outcomes) {
    if (expected.isPresent()) {
      assertThat(parser.apply(text)).as("value of %s", text).isEqualTo(expected.get());
      outcomes.incrementAndGet(0);
    } else {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.apply(text)).as("rejection of %s", text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + text + "\"").hasMessageContaining("; accepted: ");
      outcomes.incrementAndGet(1);
    }
  }

  /** Asserts that a property saw both valid and invalid texts, at least {@code least} of each. */
  static void sawBoth(java.util.concurrent.atomic.AtomicIntegerArray outcomes, int least) {
    assertThat(outcomes.get(0)).as("texts accepted").isGreaterThanOrEqualTo(least);
    assertThat(outcomes.get(1)).as("texts rejected").isGreaterThanOrEqualTo(least);
  }
}
