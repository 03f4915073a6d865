package io.github.resourcemanager.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Texts for every quantity parser together with what the parser must do with them: each generated {@link Case}
 * knows its expected value, or that it must be refused. The expectation is worked out here from the rules of the
 * reference (Kubernetes' quantity.go, go-units' size.go, docker/cli's ParseCPUs), with plain arithmetic, never by
 * asking the parser under test.
 */
final class QuantityTexts {

  private QuantityTexts() {}

  /** A text and what parsing it must give: a value, or a refusal ({@code expected} null). */
  record Case(String text, Long expected) {
    static Case valid(String text, long expected) {
      return new Case(text, expected);
    }

    static Case invalid(String text) {
      return new Case(text, null);
    }

    @Override
    public String toString() {
      return "\"" + text + "\" -> " + (expected == null ? "refused" : expected);
    }
  }

  /**
   * Asserts that {@code parser} returns exactly the expected value, or refuses with an
   * {@link IllegalArgumentException} that names the quantity ({@code name}) and quotes the text.
   */
  static void assertParses(Case c, String name, ToLongFunction<String> parser) {
    if (c.expected() != null) {
      assertThat(parser.applyAsLong(c.text())).as("%s of %s", name, c).isEqualTo(c.expected());
    } else {
      String quoted = c.text().length() <= 1000 ? c.text() : c.text().substring(0, 40) + "...";
      assertThatIllegalArgumentException().as("%s of %s", name, c).isThrownBy(() -> parser.applyAsLong(c.text()))
          .withMessageStartingWith(name + " \"" + quoted + "\" ");
    }
  }

  // ---------------------------------------------------------------- shared pieces

  /** Characters no quantity grammar accepts anywhere (not digits, signs, dots, letters or spaces). */
  private static final List<String> SPOILERS = List.of("#", "€", "\u0000", "?", "!", "@", "&", ";", "=", ",", "~");

  /**
   * Known-invalid texts for every parser: a valid text, or an arbitrary Unicode string, with a character no grammar
   * accepts inserted at a random place.
   */
  static Gen<Case> spoiled(Gen<Case> valid) {
    Gen<String> base = Generate.oneOf(valid.map(Case::text), strings().allPossible().ofLengthBetween(0, 20));
    return base.zip(Generate.pick(SPOILERS), integers().between(0, 1000), (text, spoiler, at) -> {
      int i = at % (text.length() + 1);
      return Case.invalid(text.substring(0, i) + spoiler + text.substring(i));
    });
  }

  private static Gen<String> digits(int min, int max) {
    return lists().of(integers().between(0, 9)).ofSizeBetween(min, max)
        .map(ds -> ds.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /** Digits with an optional fractional part, at least one digit in all: "12", "1.5", ".5", "7.". */
  private static Gen<String> decimal(int maxInteger, int maxFraction) {
    return digits(0, maxInteger).zip(Generate.booleans(), digits(0, maxFraction), (i, dot, f) -> {
      if (i.isEmpty() && f.isEmpty()) {
        i = "0";
      }
      if (!dot) {
        return i.isEmpty() ? f : i;
      }
      return i + "." + f;
    });
  }

  private static BigDecimal exact(String decimal) {
    String d = decimal.startsWith(".") ? "0" + decimal : decimal;
    d = d.endsWith(".") ? d + "0" : d;
    return new BigDecimal(d);
  }

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** A whole, non-negative value as a long, or null when beyond {@link Long#MAX_VALUE}. */
  private static Long fitting(BigInteger value) {
    return value.bitLength() <= 63 ? value.longValueExact() : null;
  }

  // ---------------------------------------------------------------- Kubernetes (quantity.go)

  /** Kubernetes' suffixes and their multipliers (suffix.go newSuffixer / fastLookup). */
  private static final Map<String, BigDecimal> KUBERNETES_SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", BigDecimal.ONE.movePointLeft(9)),
      Map.entry("u", BigDecimal.ONE.movePointLeft(6)),
      Map.entry("m", BigDecimal.ONE.movePointLeft(3)),
      Map.entry("k", BigDecimal.ONE.movePointRight(3)),
      Map.entry("M", BigDecimal.ONE.movePointRight(6)),
      Map.entry("G", BigDecimal.ONE.movePointRight(9)),
      Map.entry("T", BigDecimal.ONE.movePointRight(12)),
      Map.entry("P", BigDecimal.ONE.movePointRight(15)),
      Map.entry("E", BigDecimal.ONE.movePointRight(18)),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
      Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
      Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
      Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  /** A Kubernetes quantity: sign, number and suffix (or exponent), with its exact value. */
  record KubernetesText(String text, boolean negative, BigDecimal value, boolean binary) {}

  private static Gen<KubernetesText> kubernetesTexts() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<String> suffix = Generate.oneOf(
        Generate.pick(List.copyOf(KUBERNETES_SUFFIXES.keySet())),
        integers().between(-12, 21).zip(Generate.pick(List.of("e", "E", "e+", "E+")),
            (e, letter) -> (e < 0 ? letter.substring(0, 1) : letter) + e));
    return sign.zip(decimal(20, 12), suffix, (s, number, sfx) -> {
      BigDecimal multiplier = KUBERNETES_SUFFIXES.containsKey(sfx) ? KUBERNETES_SUFFIXES.get(sfx)
          : BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(sfx.substring(1).replace("+", "")));
      boolean binary = sfx.endsWith("i");
      return new KubernetesText(s + number + sfx, s.equals("-"), exact(number).multiply(multiplier), binary);
    });
  }

  /**
   * Kubernetes byte sizes: the value rounded up to a whole byte (quantity.go Value: "rounded up to the nearest
   * integer away from 0"), binary suffixes capped at 2^63 - 1 (ParseQuantity: "The max is just a simple cap");
   * negative non-zero values and values beyond an int64 refused. Plus spoiled texts.
   */
  static Gen<Case> kubernetesBytes() {
    Gen<Case> valid = kubernetesTexts().map(k -> kubernetesCase(k, BigDecimal.ONE));
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  /** Kubernetes CPU quantities: the value in thousandths, rounded up (quantity.go MilliValue: "ceil(q * 1000)"). */
  static Gen<Case> kubernetesCpus() {
    Gen<Case> valid = kubernetesTexts().map(k -> kubernetesCase(k, BigDecimal.valueOf(1000)));
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  private static Case kubernetesCase(KubernetesText k, BigDecimal unitsPerOne) {
    if (k.value().signum() == 0) {
      return Case.valid(k.text(), 0);
    }
    if (k.negative()) {
      return Case.invalid(k.text());
    }
    BigDecimal value = k.binary() && k.value().compareTo(LONG_MAX) > 0 ? LONG_MAX : k.value();
    Long units = fitting(value.multiply(unitsPerOne).setScale(0, RoundingMode.CEILING).toBigIntegerExact());
    return units == null ? Case.invalid(k.text()) : Case.valid(k.text(), units);
  }

  // ---------------------------------------------------------------- Docker --memory (go-units size.go)

  /** go-units binaryMap plus the "b" suffix, lower case. */
  private static final Map<String, Long> DOCKER_UNITS = Map.of("b", 1L, "k", 1L << 10, "m", 1L << 20, "g", 1L << 30,
      "t", 1L << 40, "p", 1L << 50);

  /**
   * Docker memory sizes whose double arithmetic is exact (an integer below 10^7 plus eighths, times a power of
   * two), so the expected size is plain integer arithmetic: (8n + k) × unit / 8, truncated (size.go: "return
   * int64(size)"). Negative non-zero sizes and sizes from 2^63 are refused; so are suffixes go-units does not know.
   */
  static Gen<Case> dockerBytes() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<Integer> eighths = integers().between(-1, 7); // -1: no fraction written
    Gen<String> unit = Generate.pick(List.of("", "b", "k", "m", "g", "t", "p"));
    Gen<String> tail = Generate.pick(List.of("", "b", "ib", "x", "bb", "i"));
    Gen<Case> valid = sign.zip(longs().between(0, 9_999_999), eighths, Generate.booleans(),
        (s, n, k, space) -> new Object[] {s, n, k, space}).zip(unit, tail, Generate.booleans(), (p, u, t, upper) -> {
          String s = (String) p[0];
          long n = (Long) p[1];
          int k = (Integer) p[2];
          boolean space = (Boolean) p[3];
          String fraction = k < 0 ? "" : BigDecimal.valueOf(k).divide(BigDecimal.valueOf(8)).toPlainString()
              .substring(1); // ".125" from "0.125"; "0" for k = 0 gives "" below
          if (k == 0) {
            fraction = ".0";
          }
          String suffix = u.isEmpty() ? "" : u + (u.equals("b") ? "" : t);
          if (upper) {
            suffix = suffix.toUpperCase(Locale.ROOT);
          }
          String text = s + n + fraction + (space ? " " : "") + suffix;
          boolean knownSuffix = u.isEmpty() || u.equals("b") || t.isEmpty() || t.equals("b") || t.equals("ib");
          long eighthsTotal = 8 * n + Math.max(k, 0);
          if (!knownSuffix) {
            return Case.invalid(text);
          }
          if (s.equals("-") && eighthsTotal != 0) {
            return Case.invalid(text); // size.go: "Backward compatibility: reject negative sizes."
          }
          long unitBytes = u.isEmpty() ? 1 : DOCKER_UNITS.get(u);
          BigInteger bytes = BigInteger.valueOf(eighthsTotal).multiply(BigInteger.valueOf(unitBytes)).shiftRight(3);
          Long fits = fitting(bytes);
          return fits == null ? Case.invalid(text) : Case.valid(text, fits);
        });
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  // ---------------------------------------------------------------- Docker --cpus (docker/cli ParseCPUs)

  /**
   * Docker CPU counts: a decimal number of cores or a fraction a/b. ParseCPUs multiplies by 10^9 and refuses what is
   * not whole ("value is too precise"); a whole number of nano CPUs that is not a whole number of millicores, a
   * negative value or more than 2^63 - 1 nano CPUs is refused by CpuQuantity; the rest is nano / 10^6 millicores.
   */
  static Gen<Case> dockerCpus() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<String> decimalCores = sign.zip(decimal(11, 12), (s, d) -> s + d);
    Gen<String> fractions = sign.zip(longs().between(0, 100_000), Generate.pick(List.of(1L, 2L, 3L, 4L, 5L, 8L, 10L,
        16L, 25L, 125L, 1000L, 7L, 1_000_000L, 1_000_000_000L, 3_000_000_000L)), (s, a, b) -> s + a + "/" + b);
    Gen<Case> valid = Generate.oneOf(decimalCores, fractions).map(QuantityTexts::dockerCpuCase);
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  private static Case dockerCpuCase(String text) {
    boolean negative = text.startsWith("-");
    String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    BigInteger numerator;
    BigInteger denominator;
    int slash = unsigned.indexOf('/');
    if (slash >= 0) {
      numerator = new BigInteger(unsigned.substring(0, slash));
      denominator = new BigInteger(unsigned.substring(slash + 1));
    } else {
      BigDecimal value = exact(unsigned);
      numerator = value.unscaledValue();
      denominator = BigInteger.TEN.pow(value.scale());
    }
    BigInteger[] nano = numerator.multiply(BigInteger.valueOf(1_000_000_000L)).divideAndRemainder(denominator);
    if (nano[1].signum() != 0) {
      return Case.invalid(text); // "value is too precise"
    }
    if (nano[0].signum() == 0) {
      return Case.valid(text, 0);
    }
    if (negative) {
      return Case.invalid(text);
    }
    BigInteger[] millicores = nano[0].divideAndRemainder(BigInteger.valueOf(1_000_000));
    if (millicores[1].signum() != 0 || nano[0].bitLength() > 63) {
      return Case.invalid(text);
    }
    return Case.valid(text, millicores[0].longValueExact());
  }

  // ---------------------------------------------------------------- ByteSize.parse (this library's own rules)

  /**
   * Texts for {@link ByteSize#parse}: an optional sign, a number with optional exponent, a suffix looked up exactly
   * among Kubernetes' k M G T P E Ki..Ei first and then in any case among Docker's b k m g t p (+b, +ib), surrounding
   * whitespace. The value must be a whole number of bytes (never rounded) and at most 2^63 - 1.
   */
  static Gen<Case> unifiedBytes() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<String> exponent = Generate.oneOf(Generate.constant(""), Generate.constant(""),
        integers().between(-6, 9).map(e -> "e" + e));
    Gen<String> suffix = Generate.pick(List.of("", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        "b", "B", "K", "m", "g", "t", "p", "kb", "MB", "Gb", "tB", "pb", "kib", "MiB", "GIB", "TiB", "pIb",
        "ki", "KI", "u", "n", "bb", "x"));
    Gen<String> padding = Generate.pick(List.of("", "", " ", "\t", "\n "));
    Gen<Case> valid = sign.zip(decimal(16, 6), exponent, suffix, (s, d, e, x) -> new String[] {s, d, e, x})
        .zip(padding, (parts, pad) -> unifiedCase(pad + parts[0] + parts[1] + parts[2] + parts[3] + pad,
            parts[0].equals("-"), exact(parts[1]).scaleByPowerOfTen(parts[2].isEmpty() ? 0
                : Integer.parseInt(parts[2].substring(1))), parts[3]));
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  private static final Map<String, Long> UNIFIED_KUBERNETES = Map.ofEntries(Map.entry("", 1L),
      Map.entry("k", 1_000L), Map.entry("M", 1_000_000L), Map.entry("G", 1_000_000_000L),
      Map.entry("T", 1_000_000_000_000L), Map.entry("P", 1_000_000_000_000_000L),
      Map.entry("E", 1_000_000_000_000_000_000L), Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20),
      Map.entry("Gi", 1L << 30), Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50), Map.entry("Ei", 1L << 60));

  private static Case unifiedCase(String text, boolean negative, BigDecimal number, String suffix) {
    Long unit = UNIFIED_KUBERNETES.get(suffix);
    if (unit == null) {
      String lower = suffix.toLowerCase(Locale.ROOT);
      String letter = lower.isEmpty() ? "" : lower.substring(0, 1);
      String rest = lower.length() > 1 ? lower.substring(1) : "";
      boolean docker = DOCKER_UNITS.containsKey(letter)
          && (rest.isEmpty() || !letter.equals("b") && (rest.equals("b") || rest.equals("ib")));
      if (!docker) {
        return Case.invalid(text);
      }
      unit = DOCKER_UNITS.get(letter);
    }
    BigDecimal bytes = number.multiply(BigDecimal.valueOf(unit));
    if (bytes.signum() == 0) {
      return Case.valid(text, 0);
    }
    if (negative || bytes.stripTrailingZeros().scale() > 0 || bytes.compareTo(LONG_MAX) > 0) {
      return Case.invalid(text);
    }
    return Case.valid(text, bytes.longValueExact());
  }

  // ---------------------------------------------------------------- CpuQuantity.parse (this library's own rules)

  /**
   * Texts for {@link CpuQuantity#parse}: cores as a decimal with optional exponent, or millicores with m (no
   * exponent with m), whitespace around; whole millicores only, never rounded.
   */
  static Gen<Case> strictCpus() {
    Gen<String> sign = Generate.pick(List.of("", "", "", "+", "-"));
    Gen<String> tail = Generate.pick(List.of("", "", "m", "m", "e-1", "e2", "e-4", "E1", "e1m", "k", "Ki", "u"));
    Gen<String> padding = Generate.pick(List.of("", "", " ", "\t"));
    Gen<Case> valid = sign.zip(decimal(16, 6), tail, padding, (s, d, t, pad) -> {
      String text = pad + s + d + t + pad;
      BigDecimal millicores;
      if (t.isEmpty()) {
        millicores = exact(d).movePointRight(3);
      } else if (t.equals("m")) {
        millicores = exact(d);
      } else if (t.startsWith("e") || t.startsWith("E")) {
        if (t.endsWith("m")) {
          return Case.invalid(text); // no exponent together with m
        }
        millicores = exact(d).scaleByPowerOfTen(Integer.parseInt(t.substring(1)) + 3);
      } else {
        return Case.invalid(text);
      }
      if (millicores.signum() == 0) {
        return Case.valid(text, 0);
      }
      if (s.equals("-") || millicores.stripTrailingZeros().scale() > 0 || millicores.compareTo(LONG_MAX) > 0) {
        return Case.invalid(text);
      }
      return Case.valid(text, millicores.longValueExact());
    });
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiled(valid)));
  }

  // ---------------------------------------------------------------- Percent.parse

  /** A percentage text and the double it must give, or null when it must be refused. */
  record PercentCase(String text, Double expected) {}

  /** Texts for {@link Percent#parse}: a decimal with optional % and whitespace around; valid from 0 to 100. */
  static Gen<PercentCase> percents() {
    Gen<String> sign = Generate.pick(List.of("", "", "+", "-"));
    Gen<PercentCase> valid = sign.zip(decimal(3, 8), Generate.pick(List.of("", "%", " %", "e1", "x")),
        Generate.pick(List.of("", " ")), (s, d, t, pad) -> {
          String text = pad + s + d + t + pad;
          BigDecimal value = exact(d);
          boolean ok = (t.isEmpty() || t.equals("%")) && (value.signum() == 0 || !s.equals("-"))
              && value.compareTo(BigDecimal.valueOf(100)) <= 0;
          return new PercentCase(text, ok ? value.doubleValue() : null);
        });
    Gen<PercentCase> spoiledOnes = spoiled(valid.map(p -> Case.invalid(p.text())))
        .map(c -> new PercentCase(c.text(), null));
    return Generate.frequency(org.quicktheories.api.Pair.of(4, valid), org.quicktheories.api.Pair.of(1, spoiledOnes));
  }
}
