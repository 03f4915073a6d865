package io.github.resourcemanager.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import io.github.resourcemanager.allocate.Resource;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Quantities in Kubernetes' canonical form, as apimachinery's {@code pkg/api/resource/quantity.go}
 * ({@code Quantity.CanonicalizeBytes}) writes them, and back into the library's whole base units.
 *
 * <p>Canonical form: zero is {@code 0}. A binary quantity (memory, written with {@code Ki}, {@code Mi}, ...) between
 * -1024 and 1024 exclusive, or not a whole number, is written as a decimal one; otherwise every factor of 1024 goes
 * into the largest binary suffix ({@code 128Mi}, {@code 1500}). A decimal quantity moves every factor of 10 into the
 * exponent, then lowers the exponent to a multiple of 3 and writes its SI suffix ({@code 2000m} is {@code 2},
 * {@code 1500m} stays {@code 1500m}, {@code 20000} is {@code 20k}, {@code 0.05} is {@code 50m}).
 */
public final class Quantities {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigInteger TEN = BigInteger.TEN;
  private static final BigInteger K1024 = BigInteger.valueOf(1024);
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Quantities() {}

  /** A CPU amount in millicores, canonical ({@code 2}, {@code 500m}). */
  public static String cpu(long millicores) {
    return decimal(BigDecimal.valueOf(millicores, 3));
  }

  /** A byte amount, canonical in the binary format ({@code 8Gi}, {@code 1500}, {@code 1k} for 1000). */
  public static String bytes(long bytes) {
    return binary(BigDecimal.valueOf(bytes));
  }

  /** A count, canonical in the decimal format ({@code 30}, {@code 1k}). */
  public static String count(long count) {
    return decimal(BigDecimal.valueOf(count));
  }

  /** An amount of {@code resource} in its base unit, canonical. */
  public static String of(Resource resource, long amount) {
    switch (resource.unitName()) {
      case "millicores":
        return cpu(amount);
      case "bytes":
        return bytes(amount);
      default:
        return count(amount);
    }
  }

  /** A fabric8 quantity holding the canonical text. */
  public static Quantity quantity(String canonical) {
    return new Quantity(canonical);
  }

  /**
   * The canonical text of a quantity as written ({@code 2000m} gives {@code 2}, {@code 8192Mi} gives {@code 8Gi}):
   * binary if written with a binary suffix, decimal otherwise, as Kubernetes keeps the format it parsed.
   *
   * @throws IllegalArgumentException if the text is not a Kubernetes quantity; the message names {@code field}
   */
  public static String canonical(String field, String text) {
    Quantity q = parse(field, text);
    String format = q.getFormat() == null ? "" : q.getFormat();
    BigDecimal amount = q.getNumericalAmount();
    return format.endsWith("i") ? binary(amount) : decimal(amount);
  }

  /** Canonical decimal form of {@code value}. */
  public static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    // apimachinery amount.go, AsCanonicalBytes: make the exponent a multiple of 3 by lowering it
    int rest = Math.floorMod(exponent, 3);
    if (rest != 0) {
      mantissa = mantissa.multiply(TEN.pow(rest));
      exponent -= rest;
    }
    return mantissa + decimalSuffix(exponent);
  }

  private static String decimalSuffix(int exponent) {
    switch (exponent) {
      case -9: return "n";
      case -6: return "u";
      case -3: return "m";
      case 0: return "";
      case 3: return "k";
      case 6: return "M";
      case 9: return "G";
      case 12: return "T";
      case 15: return "P";
      case 18: return "E";
      default:
        throw new IllegalArgumentException("a quantity with exponent " + exponent + " has no SI suffix; "
            + "allowed: 1e-9 to 1e18");
    }
  }

  /** Canonical binary form of {@code value}, falling back to decimal as quantity.go does. */
  public static String binary(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
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
    try {
      Quantity q = new Quantity(text.trim());
      q.getNumericalAmount();
      return q;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": \"" + text + "\" is not a Kubernetes quantity; use a number with "
          + "an optional suffix (n u m k M G T P E Ki Mi Gi Ti Pi Ei), e.g. 500m, 2, 512Mi", e);
    }
  }

  /** The exact value of a quantity. */
  public static BigDecimal value(String field, Quantity quantity) {
    try {
      return quantity.getNumericalAmount();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + ": \"" + quantity + "\" is not a Kubernetes quantity", e);
    }
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
