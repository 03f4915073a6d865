package io.github.resourcemanager.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle of the quantity property tests: what each parser must make of a text, written from the documented
 * grammars rather than from the parsers. A quantity is {@code [sign] digits [. digits] [exponent] [suffix]} with
 * whitespace around it; the suffix tables are Kubernetes' (apimachinery {@code pkg/api/resource/suffix.go}: decimal
 * {@code k M G T P E}, binary {@code Ki .. Ei}, sub-unit {@code m u n}) and go-units' {@code RAMInBytes} (Docker:
 * {@code b}, {@code k m g t p} alone or with {@code b} or {@code ib}, any case, all binary). Values are exact
 * {@link BigDecimal}s; none is ever rounded.
 */
public final class QuantityModel {

  private QuantityModel() {}

  /** A parser whose behaviour the model knows. */
  public enum Dialect {
    /** {@link CpuQuantity#parse}: millicores; cores, exponent without suffix, or {@code m}. */
    CPU,
    /** {@link ByteSize#parse}: Kubernetes' byte suffixes as written, else Docker's in any case; exponent anywhere. */
    BYTES,
    /** {@link ByteSize#parseKubernetes}: Kubernetes' suffixes only, sub-units included; exponent without suffix. */
    BYTES_KUBERNETES,
    /** {@link ByteSize#parseDocker}: Docker's suffixes only, optionally after one space; exponent anywhere. */
    BYTES_DOCKER,
    /** {@link Percent#parse}: a number with optional {@code %}, no exponent. */
    PERCENT
  }

  private static final int MAX_LENGTH = 1000;
  private static final int MAX_EXPONENT = 10_000;
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Pattern NUMBER = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?");
  private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?)([0-9]+)");

  private static final Map<String, BigDecimal> KUBERNETES_BYTES = new HashMap<>();
  private static final Map<String, BigDecimal> KUBERNETES_SUB_UNITS = new HashMap<>();
  private static final Map<String, BigDecimal> DOCKER = new HashMap<>();

  static {
    KUBERNETES_BYTES.put("", BigDecimal.ONE);
    String decimal = "kMGTPE";
    for (int i = 0; i < decimal.length(); i++) {
      KUBERNETES_BYTES.put(decimal.substring(i, i + 1), BigDecimal.TEN.pow(3 * (i + 1)));
      KUBERNETES_BYTES.put("KMGTPE".charAt(i) + "i", new BigDecimal(BigInteger.TWO.pow(10 * (i + 1))));
    }
    KUBERNETES_SUB_UNITS.put("m", new BigDecimal("0.001"));
    KUBERNETES_SUB_UNITS.put("u", new BigDecimal("0.000001"));
    KUBERNETES_SUB_UNITS.put("n", new BigDecimal("0.000000001"));
    DOCKER.put("", BigDecimal.ONE);
    DOCKER.put("b", BigDecimal.ONE);
    String binary = "kmgtp";
    for (int i = 0; i < binary.length(); i++) {
      BigDecimal m = new BigDecimal(BigInteger.TWO.pow(10 * (i + 1)));
      String p = binary.substring(i, i + 1);
      DOCKER.put(p, m);
      DOCKER.put(p + "b", m);
      DOCKER.put(p + "ib", m);
    }
  }

  /** The exact value {@code text} has in {@code dialect}'s base unit, or empty if the text is not a quantity of it. */
  public static Optional<BigDecimal> exact(Dialect dialect, String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String t = text.strip();
    Matcher n = NUMBER.matcher(t);
    n.lookingAt();
    String intDigits = n.group(2);
    String fracDigits = n.group(3) == null ? "" : n.group(3);
    if (intDigits.isEmpty() && fracDigits.isEmpty()) {
      return Optional.empty();
    }
    boolean negative = n.group(1).equals("-");
    int pos = n.end();
    boolean hasExponent = false;
    boolean exponentNegative = false;
    String exponentDigits = "";
    if (dialect != Dialect.PERCENT) {
      Matcher e = EXPONENT.matcher(t).region(pos, t.length());
      if (e.lookingAt()) {
        hasExponent = true;
        exponentNegative = e.group(1).equals("-");
        exponentDigits = e.group(2);
        pos = e.end();
      }
    }
    if (dialect == Dialect.BYTES_DOCKER && pos + 1 < t.length() && t.charAt(pos) == ' ') {
      pos++; // go-units allows one space before the suffix
    }
    String suffix = t.substring(pos);
    boolean exponentBeforeSuffix = dialect == Dialect.BYTES || dialect == Dialect.BYTES_DOCKER;
    if (hasExponent && !suffix.isEmpty() && !exponentBeforeSuffix) {
      return Optional.empty();
    }
    BigDecimal multiplier = multiplier(dialect, suffix);
    if (multiplier == null) {
      return Optional.empty();
    }
    BigInteger unscaled = new BigInteger(intDigits + fracDigits);
    if (unscaled.signum() == 0) {
      return Optional.of(BigDecimal.ZERO); // zero whatever the sign or exponent
    }
    if (negative) {
      return Optional.empty();
    }
    String significant = exponentDigits.replaceFirst("^0+", "");
    if (significant.length() > 5 || Integer.parseInt("0" + significant) > MAX_EXPONENT) {
      return Optional.empty();
    }
    int exponent = Integer.parseInt("0" + significant) * (exponentNegative ? -1 : 1);
    return Optional.of(new BigDecimal(unscaled, fracDigits.length() - exponent).multiply(multiplier));
  }

  private static BigDecimal multiplier(Dialect dialect, String suffix) {
    switch (dialect) {
      case CPU:
        return suffix.isEmpty() ? BigDecimal.valueOf(1000) : suffix.equals("m") ? BigDecimal.ONE : null;
      case PERCENT:
        return suffix.isEmpty() || suffix.equals("%") ? BigDecimal.ONE : null;
      case BYTES_KUBERNETES:
        return KUBERNETES_BYTES.getOrDefault(suffix, KUBERNETES_SUB_UNITS.get(suffix));
      case BYTES_DOCKER:
        return docker(suffix);
      default:
        return KUBERNETES_BYTES.containsKey(suffix) ? KUBERNETES_BYTES.get(suffix) : docker(suffix);
    }
  }

  private static BigDecimal docker(String suffix) {
    return suffix.chars().allMatch(c -> c < 128) ? DOCKER.get(suffix.toLowerCase(Locale.ROOT)) : null;
  }

  /** The whole number of base units {@code text} stands for, or empty if it is not one or beyond a long. */
  public static Optional<Long> whole(Dialect dialect, String text) {
    return exact(dialect, text).filter(v -> v.compareTo(LONG_MAX) <= 0 && v.stripTrailingZeros().scale() <= 0)
        .map(BigDecimal::longValueExact);
  }

  /**
   * The percentage {@code text} stands for: at most 100, and a decimal a double holds exactly as written (its
   * nearest double prints back as the same decimal); else empty.
   */
  public static Optional<Double> percent(String text) {
    return exact(Dialect.PERCENT, text).filter(v -> v.compareTo(BigDecimal.valueOf(100)) <= 0).flatMap(v -> {
      double d = v.doubleValue();
      boolean held = (d == 0) == (v.signum() == 0) && new BigDecimal(Double.toString(d)).compareTo(v) == 0;
      return held ? Optional.of(d + 0.0) : Optional.empty();
    });
  }
}
