package io.github.resourcemanager.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import io.github.resourcemanager.allocate.Resource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Quantities in Kubernetes' canonical form, as apimachinery's {@code pkg/api/resource/quantity.go}
 * ({@code ParseQuantity}, {@code Quantity.CanonicalizeBytes}) writes them, and back into the library's whole base
 * units.
 *
 * <p>Canonical form: zero is {@code 0}. A value finer than a nano-unit is rounded up (away from zero) to whole
 * nano-units, as {@code ParseQuantity} does. A binary quantity (written with {@code Ki}, {@code Mi}, ...) above
 * 2<sup>63</sup>-1 is capped there; one between -1024 and 1024 exclusive, or not a whole number, is written as a
 * decimal one; otherwise every factor of 1024 goes into the largest binary suffix ({@code 128Mi}, {@code 1500}). A
 * decimal quantity moves every factor of 10 into the exponent, then lowers the exponent to a multiple of 3 and writes
 * its SI suffix ({@code 2000m} is {@code 2}, {@code 1500m} stays {@code 1500m}, {@code 20000} is {@code 20k},
 * {@code 0.05} is {@code 50m}); one written with an exponent ({@code 1.2e3}) keeps that format ({@code 1200},
 * {@code 1e9}, {@code 80e-3}).
 */
public final class Quantities {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigInteger TEN = BigInteger.TEN;
  private static final BigInteger K1024 = BigInteger.valueOf(1024);
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  /** The largest binary quantity: quantity.go caps BinarySI amounts at maxAllowed, 2^63-1. */
  private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
  /** Kubernetes' grammar (quantity.go, parseQuantityString and the suffixer): ASCII digits and known suffixes. */
  private static final Pattern GRAMMAR = Pattern.compile(
      "[+-]?[0-9]*(\\.[0-9]*)?([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?");

  private Quantities() {}

  /** A CPU amount in millicores, canonical ({@code 2}, {@code 500m}). */
  public static String cpu(long millicores) {
    return decimal(BigDecimal.valueOf(millicores, 3));
  }

  /**
   * A byte amount, canonical as the API server stores it: with a binary suffix when it is a whole number of KiB
   * ({@code 8Gi}, {@code 1536Mi}), else in the decimal format ({@code 1500}, {@code 2k} for 2000). A binary
   * quantity of 2000 would print as {@code 2000}, but that text reads back as a decimal quantity whose canonical form
   * is {@code 2k}; writing {@code 2k} keeps export, apply and read-back identical.
   */
  public static String bytes(long bytes) {
    BigDecimal value = BigDecimal.valueOf(bytes);
    return bytes != 0 && bytes % 1024 == 0 ? binary(value) : decimal(value);
  }

  /** A count, canonical in the decimal format ({@code 30}, {@code 1k}). */
  public static String count(long count) {
    return decimal(BigDecimal.valueOf(count));
  }

  /** An amount of {@code resource} in its base unit, canonical. */
  public static String of(Resource resource, long amount) {
    return switch (resource.unitName()) {
      case "millicores" -> cpu(amount);
      case "bytes" -> bytes(amount);
      default -> count(amount);
    };
  }

  /** A fabric8 quantity holding the canonical text. */
  public static Quantity quantity(String canonical) {
    return new Quantity(canonical);
  }

  /**
   * The canonical text of a quantity as written ({@code 2000m} gives {@code 2}, {@code 8192Mi} gives {@code 8Gi},
   * {@code 1.2e3} gives {@code 1200}): binary if written with a binary suffix, exponent if written with an exponent,
   * decimal otherwise, as Kubernetes keeps the format it parsed.
   *
   * @throws IllegalArgumentException if the text is not a Kubernetes quantity; the message names {@code field}
   */
  public static String canonical(String field, String text) {
    Quantity q = parse(field, text);
    String format = q.getFormat() == null ? "" : q.getFormat();
    BigDecimal amount = roundedUpToNano(value(field, q));
    if (isExponent(format)) {
      return exponent(amount);
    }
    if (format.endsWith("i")) {
      if (amount.abs().compareTo(MAX_BINARY) > 0) {
        amount = amount.signum() < 0 ? MAX_BINARY.negate() : MAX_BINARY;
      }
      return binary(amount);
    }
    return decimal(amount);
  }

  /** Canonical decimal (SI suffix) form of {@code value}, rounded up to whole nano-units first. */
  public static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigInteger[] canonical = mantissaAndExponent(value);
    return canonical[0] + decimalSuffix(canonical[1].intValueExact());
  }

  /** Canonical form of {@code value} in the exponent format ({@code 1e9}, {@code 80e-3}, {@code 1200}). */
  public static String exponent(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigInteger[] canonical = mantissaAndExponent(value);
    int exponent = canonical[1].intValueExact();
    return canonical[0] + (exponent == 0 ? "" : "e" + exponent);
  }

  /** apimachinery amount.go, AsCanonicalBytes: every factor of 10 in the exponent, lowered to a multiple of 3. */
  private static BigInteger[] mantissaAndExponent(BigDecimal value) {
    BigDecimal stripped = roundedUpToNano(value).stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int rest = Math.floorMod(exponent, 3);
    if (rest != 0) {
      mantissa = mantissa.multiply(TEN.pow(rest));
      exponent -= rest;
    }
    return new BigInteger[] {mantissa, BigInteger.valueOf(exponent)};
  }

  /** quantity.go, ParseQuantity: a non-zero value finer than a nano-unit is rounded up (away from zero) to one. */
  private static BigDecimal roundedUpToNano(BigDecimal value) {
    return value.scale() > 9 ? value.setScale(9, RoundingMode.UP) : value;
  }

  private static String decimalSuffix(int exponent) {
    return switch (exponent) {
      case -9 -> "n";
      case -6 -> "u";
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> throw new IllegalArgumentException("a quantity with exponent " + exponent + " has no SI suffix; "
          + "allowed: 1e-9 to 1e18");
    };
  }

  /** Canonical binary form of {@code value}, falling back to decimal as quantity.go does. */
  public static String binary(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    value = roundedUpToNano(value);
    if (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || value.stripTrailingZeros().scale() > 0) {
      return decimal(value);
    }
    BigInteger amount = value.toBigIntegerExact();
    int times = 0;
    while (times < BINARY_SUFFIXES.length - 1) {
      BigInteger[] qr = amount.divideAndRemainder(K1024);
      if (qr[1].signum() != 0) {
        break;
      }
      amount = qr[0];
      times++;
    }
    return amount + BINARY_SUFFIXES[times];
  }

  /**
   * Parses a Kubernetes quantity.
   *
   * @throws IllegalArgumentException naming {@code field} and quoting the text
   */
  public static Quantity parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + ": a quantity is required (e.g. 500m, 2, 512Mi), was "
          + (text == null ? "null" : "\"" + text + "\""));
    }
    Quantity q;
    try {
      q = new Quantity(text);
    } catch (RuntimeException e) {
      throw notAQuantity(field, text, e);
    }
    value(field, q);
    return q;
  }

  /**
   * The exact value of a quantity: its number times its suffix's power of 10 or of 1024 (fabric8's
   * {@code getNumericalAmount} goes through a {@code double} for the largest suffixes, and {@code 7Ei} is not
   * 8070450532247928832 there).
   *
   * @throws IllegalArgumentException naming {@code field} if it is not a Kubernetes quantity
   */
  public static BigDecimal value(String field, Quantity quantity) {
    String number = quantity.getAmount() == null ? "" : quantity.getAmount();
    String suffix = quantity.getFormat() == null ? "" : quantity.getFormat();
    String text = number + suffix;
    if (!GRAMMAR.matcher(text).matches() || number.chars().noneMatch(c -> c >= '0' && c <= '9')) {
      throw notAQuantity(field, text, null);
    }
    BigDecimal value = new BigDecimal(number);
    if (suffix.isEmpty()) {
      return value;
    }
    if (isExponent(suffix)) {
      return value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).replace("+", "")));
    }
    int binary = suffix.endsWith("i") ? "KMGTPE".indexOf(suffix.charAt(0)) + 1 : 0;
    if (binary > 0) {
      return value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * binary)));
    }
    return value.scaleByPowerOfTen(3 * ("num kMGTPE".indexOf(suffix.charAt(0)) - 3));
  }

  /** Whether a suffix is an exponent ({@code e3}, {@code E-9}) rather than a unit ({@code E} is exa). */
  private static boolean isExponent(String suffix) {
    return suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E') && !suffix.endsWith("i");
  }

  private static IllegalArgumentException notAQuantity(String field, String text, @Nullable RuntimeException cause) {
    return new IllegalArgumentException(field + ": \"" + text + "\" is not a Kubernetes quantity; use a number with "
        + "an optional suffix (n u m k M G T P E Ki Mi Gi Ti Pi Ei, or an exponent such as e3), e.g. 500m, 2, 512Mi",
        cause);
  }

  /**
   * A quantity as a whole number of {@code resource}'s base unit: millicores for CPU, bytes, or a count.
   *
   * @throws IllegalArgumentException naming {@code field} if it is negative or finer than the unit
   */
  public static long amount(String field, Resource resource, Quantity quantity) {
    BigDecimal v = value(field, quantity);
    boolean millicores = resource.unitName().equals("millicores");
    if (millicores) {
      v = v.multiply(THOUSAND);
    }
    if (v.signum() < 0) {
      throw new IllegalArgumentException(field + ": " + quantity + " must not be negative");
    }
    if (v.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(field + ": " + quantity + " is finer than one "
          + (millicores ? "millicore" : resource.unitName().equals("bytes") ? "byte" : "unit")
          + "; the library counts whole " + resource.unitName());
    }
    try {
      return v.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + ": " + quantity + " is too large; at most " + Long.MAX_VALUE + " "
          + resource.unitName(), e);
    }
  }
}
