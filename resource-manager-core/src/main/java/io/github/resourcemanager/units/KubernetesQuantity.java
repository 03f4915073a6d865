package io.github.resourcemanager.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Kubernetes' {@code resource.Quantity} as {@code ParseQuantity} reads it (apimachinery
 * {@code pkg/api/resource/quantity.go} and {@code suffix.go}), and the integers {@code Value()} and
 * {@code MilliValue()} make of it.
 *
 * <p>The scanner follows {@code parseQuantityString} step by step, so it accepts exactly what Kubernetes accepts,
 * including its oddities: {@code "."}, {@code "+"}, {@code "-"} and a bare suffix such as {@code "Ki"} are zero,
 * {@code "1."} and {@code "1.G"} are whole numbers, {@code "e-10"} and {@code "Pi"} are refused (their digits-less
 * numeral reaches the slow path, which needs digits). No whitespace is allowed anywhere; Kubernetes' JSON decoder
 * trims it before calling {@code ParseQuantity}, this class does not.
 *
 * <p>The value is exact: the number times the suffix, rounded up to a multiple of 10⁻⁹ ({@code ParseQuantity}
 * rounds every non-zero value away from zero to a nano unit), and for binary suffixes ({@code Ki} ... {@code Ei})
 * capped at 2⁶³−1 as Kubernetes caps it. {@code Value()} and {@code MilliValue()} round that up again, to a whole
 * unit or a thousandth.
 *
 * <p>Where Kubernetes itself goes wrong, this class refuses instead: a value whose {@code Value()} or
 * {@code MilliValue()} does not fit an int64 (Kubernetes silently returns a wrapped number or 0, e.g. 0 for
 * {@code 10E}), and a decimal exponent beyond the int32 range (Kubernetes truncates it to 32 bits, so
 * {@code 1e4294967296} would be 1).
 */
final class KubernetesQuantity {

  /** Characters a suffix is made of ({@code parseQuantityString}'s suffix loop). */
  private static final String SUFFIX_CHARS = "eEinumkKMGTP";

  private static final BigDecimal NANO = BigDecimal.ONE.movePointLeft(9);
  private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Above this, a value is far beyond an int64 of milli-units; it is not computed. */
  private static final int MAX_DECIMAL_EXPONENT = 40;

  private KubernetesQuantity() {}

  /** Why a text is not a quantity, in Kubernetes' words where it has them. */
  static final class NotAQuantity extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    NotAQuantity(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    /** The reason, as given. */
    String reason() {
      return reason;
    }
  }

  /**
   * {@code ParseQuantity(text)}: the exact value, already rounded up to nano units and capped for binary suffixes;
   * negative when the text is.
   *
   * @throws NotAQuantity with Kubernetes' reason when Kubernetes refuses the text, or when its exponent is beyond
   *     int32
   */
  static BigDecimal parse(String text) throws NotAQuantity {
    if (text.isEmpty()) {
      throw formatWrong();
    }
    if (text.equals("0")) {
      return BigDecimal.ZERO;
    }
    Scan s = scan(text);
    Suffix suffix = interpret(s.suffix);
    // ParseQuantity's fast path needs no digits; its slow path hands the numeral to inf.Dec.SetString, which does.
    boolean fastPath = fastPath(s, suffix);
    if (!fastPath && !containsDigit(s.numeral)) {
      throw new NotAQuantity("unable to parse numeric part of quantity");
    }
    BigInteger unscaled = new BigInteger(s.num + s.denom);
    if (unscaled.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal value;
    if (suffix.binary) {
      value = new BigDecimal(unscaled, s.denom.length()).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(suffix.exponent)));
    } else {
      long scale = (long) s.denom.length() - suffix.exponent;
      long magnitude = (long) unscaled.bitLength() * 30103 / 100000 - scale; // about log10 of the value
      if (magnitude > MAX_DECIMAL_EXPONENT) {
        // Far beyond any int64 value; keep the sign, the size does not matter.
        value = BigDecimal.TEN.pow(MAX_DECIMAL_EXPONENT + 20);
      } else if (magnitude < -20) {
        // Far below one nano unit: ParseQuantity rounds it up to exactly one.
        value = NANO;
      } else {
        value = new BigDecimal(unscaled, Math.toIntExact(scale));
      }
    }
    // ParseQuantity: "This rounds non-zero values up to the minimum representable value" (inf.RoundUp at Nano).
    value = value.setScale(9, RoundingMode.UP);
    // ParseQuantity: "The max is just a simple cap", for BinarySI only.
    if (suffix.binary && value.compareTo(MAX_INT64) > 0) {
      value = MAX_INT64;
    }
    return s.positive ? value : value.negate();
  }

  /**
   * {@code text} read as {@link #parse} reads it, for a quantity that must not be negative: the value, or an
   * {@link IllegalArgumentException} naming the quantity ({@code name}), quoting the text and Kubernetes' reason, and
   * listing {@code acceptedForms}.
   */
  static BigDecimal parseNonNegative(String name, String text, String acceptedForms) {
    QuantityParser.requireText(name, text, acceptedForms);
    BigDecimal quantity;
    try {
      quantity = parse(text);
    } catch (NotAQuantity e) {
      throw QuantityParser.rejected(name, text, "is not valid: " + e.reason(), acceptedForms);
    }
    if (quantity.signum() < 0) {
      throw QuantityParser.rejected(name, text, "must not be negative", acceptedForms);
    }
    return quantity;
  }

  /** {@code Value()}: the value rounded up to a whole number (the caller checks that it fits an int64). */
  static BigInteger ceilToWhole(BigDecimal value) {
    return value.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
  }

  /** {@code MilliValue()}: the value in thousandths, rounded up. */
  static BigInteger ceilToMilli(BigDecimal value) {
    return value.movePointRight(3).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
  }

  // ---------------------------------------------------------------- parseQuantityString

  /** What {@code parseQuantityString} returns; {@code numeral} is its {@code value}. */
  private record Scan(boolean positive, String numeral, String num, String denom, String suffix) {}

  private static Scan scan(String str) throws NotAQuantity {
    boolean positive = true;
    int pos = 0;
    int end = str.length();
    if (str.charAt(0) == '-') {
      positive = false;
      pos++;
    } else if (str.charAt(0) == '+') {
      pos++;
    }
    // strip leading zeros; a text of nothing but them (or nothing) is zero
    for (int i = pos; ; i++) {
      if (i >= end) {
        return new Scan(positive, "0", "0", "", "");
      }
      if (str.charAt(i) != '0') {
        break;
      }
      pos++;
    }
    // the numerator
    String num;
    for (int i = pos; ; i++) {
      if (i >= end) {
        return new Scan(positive, str, str.substring(pos), "", "");
      }
      if (!isDigit(str.charAt(i))) {
        num = str.substring(pos, i);
        pos = i;
        break;
      }
    }
    if (num.isEmpty()) {
      num = "0";
    }
    // the denominator
    String denom = "";
    if (pos < end && str.charAt(pos) == '.') {
      pos++;
      for (int i = pos; ; i++) {
        if (i >= end) {
          return new Scan(positive, str, num, str.substring(pos), "");
        }
        if (!isDigit(str.charAt(i))) {
          denom = str.substring(pos, i);
          pos = i;
          break;
        }
      }
    }
    String numeral = str.substring(0, pos);
    // the suffix: letters, then an optional sign and digits (an exponent)
    int suffixStart = pos;
    for (int i = pos; ; i++) {
      if (i >= end) {
        return new Scan(positive, numeral, num, denom, str.substring(suffixStart));
      }
      if (SUFFIX_CHARS.indexOf(str.charAt(i)) < 0) {
        pos = i;
        break;
      }
    }
    if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
      pos++;
    }
    for (int i = pos; ; i++) {
      if (i >= end) {
        return new Scan(positive, numeral, num, denom, str.substring(suffixStart));
      }
      if (!isDigit(str.charAt(i))) {
        break;
      }
    }
    throw formatWrong();
  }

  // ---------------------------------------------------------------- suffix.go

  /** A suffix: base 2 ({@code Ki} ... {@code Ei}) or 10, and the exponent. */
  private record Suffix(boolean binary, int exponent) {}

  private static Suffix interpret(String suffix) throws NotAQuantity {
    Suffix known = switch (suffix) {
      case "" -> new Suffix(false, 0);
      case "n" -> new Suffix(false, -9);
      case "u" -> new Suffix(false, -6);
      case "m" -> new Suffix(false, -3);
      case "k" -> new Suffix(false, 3);
      case "M" -> new Suffix(false, 6);
      case "G" -> new Suffix(false, 9);
      case "T" -> new Suffix(false, 12);
      case "P" -> new Suffix(false, 15);
      case "E" -> new Suffix(false, 18);
      case "Ki" -> new Suffix(true, 10);
      case "Mi" -> new Suffix(true, 20);
      case "Gi" -> new Suffix(true, 30);
      case "Ti" -> new Suffix(true, 40);
      case "Pi" -> new Suffix(true, 50);
      case "Ei" -> new Suffix(true, 60);
      default -> null;
    };
    if (known != null) {
      return known;
    }
    if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      long exponent = parseInt64(suffix.substring(1));
      if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
        // Kubernetes keeps only the low 32 bits (int32(parsed)); a number that changes that way is refused here.
        throw new NotAQuantity("exponent " + suffix.substring(1) + " is out of range (Kubernetes truncates exponents "
            + "to 32 bits)");
      }
      return new Suffix(false, (int) exponent);
    }
    throw new NotAQuantity("unable to parse quantity's suffix");
  }

  /** {@code strconv.ParseInt(s, 10, 64)} for the digits and optional sign the scanner lets through. */
  private static long parseInt64(String s) throws NotAQuantity {
    int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (s.length() == start) {
      throw new NotAQuantity("unable to parse quantity's suffix");
    }
    for (int i = start; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        throw new NotAQuantity("unable to parse quantity's suffix");
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException outOfRange) {
      throw new NotAQuantity("unable to parse quantity's suffix"); // ParseInt's ErrRange
    }
  }

  /**
   * Whether {@code ParseQuantity} takes its int64 fast path, which never looks at the numeral's digits. It does
   * when the digits fit 18 places and the scale is at least nano (decimal), or the number is whole and small
   * enough for its binary multiplier (binary; an overflow there falls back to the slow path, which has digits).
   */
  private static boolean fastPath(Scan s, Suffix suffix) {
    int digits = s.num.length() + s.denom.length();
    if (!suffix.binary) {
      return 18 - digits >= 0 && (long) suffix.exponent - s.denom.length() >= -9;
    }
    return s.denom.isEmpty() && 15 - s.num.length() - (int) (suffix.exponent * 3f / 10) - 1 >= 0;
  }

  private static boolean containsDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static NotAQuantity formatWrong() {
    return new NotAQuantity("quantities must match the regular expression "
        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }
}
