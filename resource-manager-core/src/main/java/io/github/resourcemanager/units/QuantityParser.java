package io.github.resourcemanager.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Scans {@code [sign] number [exponent] [suffix]} texts for one dialect of quantities, and turns them into
 * exact {@link BigDecimal} values in the dialect's base unit (bytes, millicores, percent).
 *
 * <p>The number is ASCII digits with an optional decimal point ({@code 12}, {@code 1.5}, {@code 1.},
 * {@code .5}), optionally signed, optionally followed by {@code e}/{@code E} and a signed integer exponent if
 * the dialect allows exponents. What may follow is looked up in the dialect's suffix table; the empty suffix
 * must be in the table for bare numbers to be accepted.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message quotes the input and lists the dialect's
 * accepted forms; a null input is a {@link NullPointerException} naming the parameter, {@code text}. Hostile input cannot hang the scanner:
 * input length and exponent magnitude are bounded before any {@code BigDecimal} arithmetic, because
 * {@code 1e999999999} is cheap to write down but not to expand.
 */
final class QuantityParser {
  /** The name of the parsers' parameter, which a null text's {@link NullPointerException} gives. */
  static final String TEXT = "text";

  /** What a suffix means: its multiplier to the base unit, and an optional hint for "not whole" errors. */
  record Suffix(BigDecimal multiplier, @Nullable String hint) {
    Suffix(BigDecimal multiplier) {
      this(multiplier, null);
    }
  }

  /** Where, if anywhere, an exponent ({@code 129e6}) may appear. */
  enum Exponents {
    /** Never: {@code 1e3} is rejected. */
    NONE,
    /** Only on a bare number, as in Kubernetes: {@code 1e3} but not {@code 1e3k}. */
    WITHOUT_SUFFIX,
    /** Also before a suffix, as Go's {@code strconv.ParseFloat} allows in Docker: {@code 1e3k}. */
    WITH_SUFFIX
  }

  /** Longer inputs are rejected unread; real quantities are a dozen characters, {@link Percent} a few hundred. */
  static final int MAX_INPUT_LENGTH = 1000;

  /**
   * Exponents beyond this are rejected before any arithmetic. With at most {@link #MAX_INPUT_LENGTH} digits,
   * such a value is either far above {@code Long.MAX_VALUE} or a fraction no suffix can make whole.
   */
  private static final int MAX_EXPONENT = 10_000;

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final String quantityName;
  private final String unitName;
  private final String acceptedForms;
  private final Function<String, @Nullable Suffix> suffixes;
  private final Exponents exponents;
  private final boolean spaceBeforeSuffix;
  private final @Nullable String roundingNote;

  /**
   * @param quantityName what messages call the quantity, e.g. {@code byte size}
   * @param unitName the base unit in plural, e.g. {@code bytes}
   * @param acceptedForms the list of accepted forms every error message ends with
   * @param suffixes the meaning of each suffix (the text after the number), {@code null} for unknown ones
   * @param exponents where exponents may appear
   * @param spaceBeforeSuffix whether a single space may separate number and suffix (Docker allows it)
   * @param roundingNote why a value that is not a whole number of base units is rejected; only
   *     {@link #parseWhole} uses it
   */
  QuantityParser(
      String quantityName,
      String unitName,
      String acceptedForms,
      Function<String, @Nullable Suffix> suffixes,
      Exponents exponents,
      boolean spaceBeforeSuffix,
      @Nullable String roundingNote) {
    this.quantityName = quantityName;
    this.unitName = unitName;
    this.acceptedForms = acceptedForms;
    this.suffixes = suffixes;
    this.exponents = exponents;
    this.spaceBeforeSuffix = spaceBeforeSuffix;
    this.roundingNote = roundingNote;
  }

  /** A suffix table looked up exactly as written. */
  static Function<String, @Nullable Suffix> caseSensitive(Map<String, Suffix> table) {
    return table::get;
  }

  /** A suffix table whose keys are lower case, looked up in any case. */
  static Function<String, @Nullable Suffix> caseInsensitive(Map<String, Suffix> lowerCaseTable) {
    // ASCII only: Unicode lower-casing maps the Kelvin sign to k, and nobody means that.
    return suffix -> suffix.chars().allMatch(c -> c < 128)
        ? lowerCaseTable.get(suffix.toLowerCase(Locale.ROOT))
        : null;
  }

  /** A suffix table that asks {@code first}, then {@code second} for suffixes {@code first} does not know. */
  static Function<String, @Nullable Suffix> firstOf(Function<String, @Nullable Suffix> first,
      Function<String, @Nullable Suffix> second) {
    return suffix -> {
      @Nullable Suffix found = first.apply(suffix);
      return found != null ? found : second.apply(suffix);
    };
  }

  /** Multiplier {@code base^power} as a suffix. */
  static Suffix power(long base, int power) {
    return new Suffix(BigDecimal.valueOf(base).pow(power));
  }

  /** A scanned input: its exact value in base units and the suffix that gave it. */
  private record Scanned(BigDecimal value, Suffix suffix) {}

  /**
   * Returns the exact, non-negative value of {@code input} in base units; leading and trailing whitespace is
   * ignored.
   *
   * @throws NullPointerException if {@code input} is null (the message is {@code text}, the public parameter)
   * @throws IllegalArgumentException if {@code input} is malformed, negative or has an exponent out of range
   */
  BigDecimal parse(String input) {
    return scan(input).value();
  }

  private Scanned scan(String input) {
    Objects.requireNonNull(input, TEXT);
    if (input.length() > MAX_INPUT_LENGTH) {
      throw invalid(input, "is too long (" + input.length() + " characters)");
    }
    String text = input.strip();
    int end = text.length();
    int pos = 0;

    boolean negative = false;
    if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
      negative = text.charAt(pos) == '-';
      pos++;
    }

    int intStart = pos;
    pos = skipDigits(text, pos);
    String intDigits = text.substring(intStart, pos);
    String fracDigits = "";
    if (pos < end && text.charAt(pos) == '.') {
      int fracStart = ++pos;
      pos = skipDigits(text, pos);
      fracDigits = text.substring(fracStart, pos);
    }
    if (intDigits.isEmpty() && fracDigits.isEmpty()) {
      throw invalid(input, "is not valid");
    }

    // An e/E is an exponent only when digits follow; otherwise it starts a suffix (Kubernetes' E is exa).
    boolean hasExponent = false;
    boolean exponentNegative = false;
    String exponentDigits = "";
    if (exponents != Exponents.NONE && pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int p = pos + 1;
      boolean sign = p < end && (text.charAt(p) == '+' || text.charAt(p) == '-');
      if (sign) {
        p++;
      }
      int digitsEnd = skipDigits(text, p);
      if (digitsEnd > p) {
        hasExponent = true;
        exponentNegative = sign && text.charAt(p - 1) == '-';
        exponentDigits = text.substring(p, digitsEnd);
        pos = digitsEnd;
      }
    }

    if (spaceBeforeSuffix && pos + 1 < end && text.charAt(pos) == ' ') {
      pos++;
    }
    String suffixText = text.substring(pos);
    if (hasExponent && !suffixText.isEmpty() && exponents != Exponents.WITH_SUFFIX) {
      throw invalid(input, "is not valid");
    }
    @Nullable Suffix suffix = suffixes.apply(suffixText);
    if (suffix == null) {
      throw invalid(input, "is not valid");
    }

    BigInteger unscaled = new BigInteger(intDigits + fracDigits);
    if (unscaled.signum() == 0) {
      // Zero whatever the exponent (0e999999999), and -0 is not negative.
      return new Scanned(BigDecimal.ZERO, suffix);
    }
    if (negative) {
      throw invalid(input, "must not be negative");
    }
    String exponentSignificant = stripLeadingZeros(exponentDigits);
    if (exponentSignificant.length() > 5 || Integer.parseInt("0" + exponentSignificant) > MAX_EXPONENT) {
      throw invalid(input, "has an exponent out of range");
    }
    int exponent = Integer.parseInt("0" + exponentSignificant);
    int scale = fracDigits.length() - (exponentNegative ? -exponent : exponent);
    return new Scanned(new BigDecimal(unscaled, scale).multiply(suffix.multiplier()), suffix);
  }

  /**
   * Returns {@code input} as a whole number of base units.
   *
   * @throws IllegalArgumentException as {@link #parse}, or if the value exceeds {@code Long.MAX_VALUE} or is not
   *     a whole number of base units (it is never rounded)
   */
  long parseWhole(String input) {
    Scanned scanned = scan(input);
    BigDecimal value = scanned.value();
    if (value.compareTo(LONG_MAX) > 0) {
      throw invalid(input, "is too large: at most " + Long.MAX_VALUE + " " + unitName + " fit");
    }
    BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
    if (whole.compareTo(value) != 0) {
      String hint = scanned.suffix().hint();
      throw invalid(
          input,
          "is not a whole number of " + unitName + " (" + value.stripTrailingZeros() + "); " + roundingNote
              + (hint == null ? "" : "; " + hint));
    }
    return whole.longValueExact();
  }

  /** An error about {@code input} (quoted) that ends with the accepted forms. */
  IllegalArgumentException invalid(String input, String reason) {
    return rejected(quantityName, input, reason, acceptedForms);
  }

  /**
   * An error naming the quantity, quoting {@code input} exactly as given (abbreviated only beyond
   * {@link #MAX_INPUT_LENGTH} characters), giving the reason and ending with the accepted forms.
   */
  static IllegalArgumentException rejected(String quantityName, String input, String reason, String acceptedForms) {
    return new IllegalArgumentException(
        quantityName + " \"" + quote(input) + "\" " + reason + "; accepted: " + acceptedForms);
  }

  /**
   * Checks what every dialect parser refuses before reading: null (a {@link NullPointerException} naming the
   * parameter, {@code text}) and texts longer than {@link #MAX_INPUT_LENGTH}.
   *
   * @return {@code input}
   */
  static String requireText(String quantityName, String input, String acceptedForms) {
    Objects.requireNonNull(input, TEXT);
    if (input.length() > MAX_INPUT_LENGTH) {
      throw rejected(quantityName, input, "is too long (" + input.length() + " characters)", acceptedForms);
    }
    return input;
  }

  private static String quote(String input) {
    // Messages end up in logs; a pasted megabyte would drown them, so overlong input is abbreviated.
    return input.length() <= MAX_INPUT_LENGTH ? input : input.substring(0, 40) + "...";
  }

  private static int skipDigits(String text, int pos) {
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos;
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }
}
