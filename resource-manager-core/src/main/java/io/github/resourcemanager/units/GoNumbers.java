package io.github.resourcemanager.units;

import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * The two Go number readers Docker's command line relies on, with Go's grammar: {@code strconv.ParseFloat(s, 64)}
 * (under go-units' {@code RAMInBytes}) and {@code (*big.Rat).SetString} (under docker/cli's {@code ParseCPUs}).
 * Both take ASCII only, no whitespace, an optional sign, underscores between digits, {@code 0x} hexadecimal
 * mantissas with a binary {@code p} exponent; {@code SetString} also takes {@code 0b}/{@code 0o} prefixes and
 * fractions {@code a/b}.
 */
final class GoNumbers {

  private GoNumbers() {}

  /** Why Go refuses a number, in Go's words. */
  static final class NotANumber extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    NotANumber(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    /** The reason, as given. */
    String reason() {
      return reason;
    }
  }

  // ---------------------------------------------------------------- strconv.ParseFloat

  /**
   * {@code strconv.ParseFloat(s, 64)}: the nearest double, rounded as IEEE 754 does (Java's {@link Double#parseDouble}
   * rounds the same way once Go's syntax has been checked and its underscores dropped).
   *
   * @throws NotANumber with Go's error text for a syntax error, or for a finite number whose nearest double is
   *     infinite ({@code ErrRange})
   */
  static double parseFloat(String s) throws NotANumber {
    @Nullable Double special = special(s);
    if (special != null) {
      return special;
    }
    String plain = readFloat(s);
    if (plain == null) {
      throw new NotANumber("strconv.ParseFloat: parsing " + goQuote(s) + ": invalid syntax");
    }
    double value = Double.parseDouble(plain);
    if (Double.isInfinite(value)) {
      throw new NotANumber("strconv.ParseFloat: parsing " + goQuote(s) + ": value out of range");
    }
    return value;
  }

  /** atof.go {@code special}: {@code inf}, {@code infinity} (signed or not) and {@code nan}, in any case. */
  private static @Nullable Double special(String s) {
    String lower = asciiLower(s);
    return switch (lower) {
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> null;
    };
  }

  /**
   * atof.go {@code readFloat}'s syntax check: returns the number without underscores (a form {@link Double#parseDouble}
   * reads to the same value), or null if Go refuses it.
   */
  private static @Nullable String readFloat(String s) {
    int i = 0;
    int len = s.length();
    boolean underscores = false;
    if (i >= len) {
      return null;
    }
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      i++;
    }
    boolean hex = false;
    char expChar = 'e';
    if (i + 2 < len && s.charAt(i) == '0' && lower(s.charAt(i + 1)) == 'x') {
      hex = true;
      expChar = 'p';
      i += 2;
    }
    boolean sawDot = false;
    boolean sawDigits = false;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (sawDot) {
          return null;
        }
        sawDot = true;
      } else if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
        sawDigits = true;
      } else {
        break;
      }
    }
    if (!sawDigits) {
      return null;
    }
    if (i < len && lower(s.charAt(i)) == expChar) {
      i++;
      if (i >= len) {
        return null;
      }
      if (s.charAt(i) == '+' || s.charAt(i) == '-') {
        i++;
      }
      if (i >= len || s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
      for (; i < len && ((s.charAt(i) >= '0' && s.charAt(i) <= '9') || s.charAt(i) == '_'); i++) {
        if (s.charAt(i) == '_') {
          underscores = true;
        }
      }
    } else if (hex) {
      return null; // a hexadecimal mantissa must have an exponent
    }
    if (i != len) {
      return null;
    }
    if (underscores && !underscoreOk(s)) {
      return null;
    }
    return s.replace("_", "");
  }

  /** atoi.go {@code underscoreOK}: an underscore only between digits, or between a base prefix and a digit. */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0'
        && (lower(s.charAt(1)) == 'b' || lower(s.charAt(1)) == 'o' || lower(s.charAt(1)) == 'x')) {
      i = 2;
      saw = '0';
      hex = lower(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  // ---------------------------------------------------------------- (*big.Rat).SetString

  /** A rational number {@code numerator / denominator}, the denominator positive, not reduced. */
  record Rational(BigInteger numerator, BigInteger denominator) {}

  /** Bound on Go's exponents for powers of five ({@code SetString}: "avoid excessively large exponents"). */
  private static final long MAX_EXP5 = 1_000_000;
  /** Bound on Go's exponents for powers of two. */
  private static final long MAX_EXP2 = 10_000_000;

  /**
   * {@code (*big.Rat).SetString(s)}: a fraction {@code a/b} (each side an integer with an optional base prefix, the
   * dividend optionally signed, the divisor not), or a number with an optional base prefix, radix point and
   * {@code e}/{@code p} exponent.
   *
   * <p>Exponents that make the number astronomically large or small are refused before any arithmetic: Go would
   * compute them (up to its own bounds of 10⁶ for powers of five and 10⁷ for powers of two), but no such number is
   * a CPU count, so the caller needs only to know that it is too large or too fine ({@link #tooLarge} /
   * {@link #tooFine}).
   *
   * @throws NotANumber if Go refuses the text
   */
  static Rational parseRational(String s) throws NotANumber {
    if (s.isEmpty()) {
      throw notRational(s);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      Cursor a = new Cursor(s.substring(0, slash));
      boolean negative = a.sign();
      Scanned dividend = a.natural(false);
      if (dividend == null || !a.atEnd()) {
        throw notRational(s);
      }
      Cursor b = new Cursor(s.substring(slash + 1));
      Scanned divisor = b.natural(false);
      if (divisor == null || !b.atEnd() || divisor.value.signum() == 0) {
        throw notRational(s);
      }
      return new Rational(negative ? dividend.value.negate() : dividend.value, divisor.value);
    }
    Cursor r = new Cursor(s);
    boolean negative = r.sign();
    Scanned mantissa = r.natural(true);
    if (mantissa == null) {
      throw notRational(s);
    }
    long[] exponent = r.exponent();
    if (exponent == null || !r.atEnd()) {
      throw notRational(s);
    }
    if (mantissa.value.signum() == 0) {
      return new Rational(BigInteger.ZERO, BigInteger.ONE);
    }
    long exp = exponent[0];
    long exp2 = 0;
    long exp5 = 0;
    if (mantissa.fractionDigits > 0) {
      long d = -mantissa.fractionDigits;
      switch (mantissa.base) {
        case 10 -> {
          exp5 = d;
          exp2 = d;
        }
        case 2 -> exp2 = d;
        case 8 -> exp2 = d * 3;
        default -> exp2 = d * 4;
      }
    }
    try {
      if (exponent[1] == 10) {
        exp5 = Math.addExact(exp5, exp);
      }
      exp2 = Math.addExact(exp2, exp);
    } catch (ArithmeticException wrapped) {
      throw notRational(s); // Go's int64 sum wraps to an exponent far beyond its bounds below
    }
    if (Math.abs(exp5) > MAX_EXP5 || exp5 == Long.MIN_VALUE || exp2 < -MAX_EXP2 || exp2 > MAX_EXP2) {
      throw notRational(s); // Go: "avoid excessively large exponents"
    }
    // log2 of the value, roughly: enough to tell astronomically large or small numbers apart from CPU counts.
    double log2 = mantissa.value.bitLength() + exp2 + exp5 * 2.321928094887362;
    if (log2 > 200) {
      return tooLarge(negative);
    }
    if (log2 < -200) {
      return tooFine(negative);
    }
    BigInteger numerator = mantissa.value;
    BigInteger denominator = BigInteger.ONE;
    BigInteger pow5 = BigInteger.valueOf(5).pow((int) Math.abs(exp5));
    if (exp5 > 0) {
      numerator = numerator.multiply(pow5);
    } else {
      denominator = denominator.multiply(pow5);
    }
    if (exp2 > 0) {
      numerator = numerator.shiftLeft((int) exp2);
    } else {
      denominator = denominator.shiftLeft((int) -exp2);
    }
    return new Rational(negative ? numerator.negate() : numerator, denominator);
  }

  /** A stand-in for a number far larger than any CPU count (2²⁰⁰), keeping the sign. */
  private static Rational tooLarge(boolean negative) {
    BigInteger big = BigInteger.ONE.shiftLeft(200);
    return new Rational(negative ? big.negate() : big, BigInteger.ONE);
  }

  /** A stand-in for a number far finer than a nano CPU (2⁻²⁰⁰), keeping the sign. */
  private static Rational tooFine(boolean negative) {
    return new Rational(negative ? BigInteger.ONE.negate() : BigInteger.ONE, BigInteger.ONE.shiftLeft(200));
  }

  private static NotANumber notRational(String s) {
    return new NotANumber("failed to parse " + s + " as a rational number");
  }

  /** A natural number as {@code nat.scan} returns it. */
  private record Scanned(BigInteger value, int base, int fractionDigits) {}

  /** natconv.go {@code nat.scan} and ratconv.go {@code scanSign}/{@code scanExponent} over one string. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    /** {@code scanSign}: an optional {@code +} or {@code -}; true for minus. */
    boolean sign() {
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        return s.charAt(pos++) == '-';
      }
      return false;
    }

    /**
     * {@code nat.scan(r, 0, fracOk)}: an optional prefix {@code 0b 0o 0x} (and, unless {@code fracOk}, a bare
     * {@code 0} for octal), digits with underscores between them, and if {@code fracOk} one radix point. Null if
     * Go reports an error.
     */
    @Nullable Scanned natural(boolean fracOk) {
      char prev = '.';
      boolean invalidSeparator = false;
      int base = 10;
      char prefix = 0;
      int count = 0;
      if (pos < s.length() && s.charAt(pos) == '0') {
        prev = '0';
        count = 1;
        pos++;
        if (pos < s.length()) {
          switch (s.charAt(pos)) {
            case 'b', 'B' -> {
              base = 2;
              prefix = 'b';
            }
            case 'o', 'O' -> {
              base = 8;
              prefix = 'o';
            }
            case 'x', 'X' -> {
              base = 16;
              prefix = 'x';
            }
            default -> {
              if (!fracOk) {
                base = 8;
                prefix = '0';
              }
            }
          }
          if (prefix != 0) {
            count = 0;
            if (prefix != '0') {
              pos++;
            }
          }
        }
      }
      StringBuilder digits = new StringBuilder();
      if (count == 1) {
        digits.append('0'); // the leading zero of a decimal number, already read
      }
      int dotAt = -1;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '.' && fracOk) {
          fracOk = false;
          if (prev == '_') {
            invalidSeparator = true;
          }
          prev = '.';
          dotAt = count;
        } else if (c == '_') {
          if (prev != '0') {
            invalidSeparator = true;
          }
          prev = '_';
        } else {
          int d = Character.digit(c, 36);
          if (c > 'z' || d < 0 || d >= base) {
            break;
          }
          prev = '0';
          count++;
          digits.append(c);
        }
        pos++;
      }
      if (invalidSeparator || prev == '_') {
        return null;
      }
      if (count == 0) {
        if (prefix == '0') {
          return new Scanned(BigInteger.ZERO, 10, 0); // only the octal prefix: decimal 0
        }
        return null; // "number has no digits"
      }
      BigInteger value = new BigInteger(digits.toString(), base);
      return new Scanned(value, base, dotAt >= 0 ? count - dotAt : 0);
    }

    /**
     * {@code scanExponent(r, true, true)}: nothing, or {@code e}/{@code E} (base 10) or {@code p}/{@code P}
     * (base 2), an optional sign and digits with underscores between them. Returns {exponent, base}, or null if Go
     * reports an error (no digits, misplaced underscore, beyond int64).
     */
    long @Nullable [] exponent() {
      if (pos >= s.length()) {
        return new long[] {0, 10};
      }
      char c = s.charAt(pos);
      int base;
      if (c == 'e' || c == 'E') {
        base = 10;
      } else if (c == 'p' || c == 'P') {
        base = 2;
      } else {
        return new long[] {0, 10};
      }
      pos++;
      StringBuilder digits = new StringBuilder();
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        if (s.charAt(pos) == '-') {
          digits.append('-');
        }
        pos++;
      }
      char prev = '.';
      boolean invalidSeparator = false;
      boolean hasDigits = false;
      while (pos < s.length()) {
        char d = s.charAt(pos);
        if (d >= '0' && d <= '9') {
          digits.append(d);
          prev = '0';
          hasDigits = true;
        } else if (d == '_') {
          if (prev != '0') {
            invalidSeparator = true;
          }
          prev = '_';
        } else {
          break;
        }
        pos++;
      }
      if (!hasDigits || invalidSeparator || prev == '_') {
        return null;
      }
      try {
        return new long[] {Long.parseLong(digits.toString()), base};
      } catch (NumberFormatException outOfRange) {
        return null; // strconv.ParseInt: value out of range
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Go's {@code lower}: {@code c | ('x' - 'X')}, which lower-cases ASCII letters (and changes other bytes). */
  private static char lower(char c) {
    return c < 128 ? (char) (c | 0x20) : c;
  }

  private static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }

  /** Go's {@code strconv.Quote} for the printable ASCII texts in error messages; others are shown as they are. */
  static String goQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
