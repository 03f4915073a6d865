package io.github.resourcemanager.units;

import io.github.resourcemanager.units.QuantityParser.Exponents;
import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A percentage from 0 to 100 inclusive, held as a {@code double}; {@code 0.5%} and {@code 100%} are valid,
 * {@code 101%} and {@code -1%} are not.
 *
 * <p>Immutable and thread-safe. Equal when the values are the same double ({@code -0.0} is stored as
 * {@code 0.0}).
 */
public final class Percent implements Comparable<Percent> {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private static final QuantityParser PARSER = new QuantityParser(
      "percent",
      "percent",
      "a number from 0 to 100, optionally followed by % (75%, 12.5, 0.5%)",
      QuantityParser.caseSensitive(Map.of(
          "", QuantityParser.power(1, 0),
          "%", QuantityParser.power(1, 0))),
      Exponents.NONE,
      false,
      null); // percentages need not be whole, so parseWhole is never asked

  private final double value;

  private Percent(double value) {
    this.value = value + 0.0; // turns -0.0 into 0.0, so that equal percentages are equal objects
  }

  /**
   * Returns {@code value} percent.
   *
   * @throws IllegalArgumentException if {@code value} is NaN, infinite, below 0 or above 100
   */
  public static Percent of(double value) {
    if (!(value >= 0 && value <= 100)) { // written so that NaN fails too
      throw new IllegalArgumentException("percent must be a number from 0 to 100, was " + value);
    }
    return new Percent(value);
  }

  /**
   * Returns the percentage of a ratio from 0 to 1: {@code ofRatio(0.125)} is 12.5%. The ratio is scaled in
   * decimal, so {@code ofRatio(0.07).value()} is exactly {@code 7.0}, not {@code 7.000000000000001}.
   *
   * @throws IllegalArgumentException if {@code ratio} is NaN, infinite, below 0 or above 1
   */
  public static Percent ofRatio(double ratio) {
    if (!(ratio >= 0 && ratio <= 1)) { // written so that NaN fails too
      throw new IllegalArgumentException("percent ratio must be a number from 0 to 1, was " + ratio);
    }
    return new Percent(BigDecimal.valueOf(ratio).movePointRight(2).doubleValue());
  }

  /**
   * Parses a percentage: a decimal number from 0 to 100, optionally followed by {@code %} ({@code 75%},
   * {@code 75}, {@code 0.5%}, {@code 12.5}), with optional leading {@code +}. Surrounding whitespace is ignored;
   * none is allowed before {@code %}. Exponents are not accepted. The value is the double nearest to the
   * decimal written, which must identify it: a decimal with more digits than a double holds (so that the double
   * would stand for another decimal, as {@code 12.30000000000000000001} would for {@code 12.3}) is rejected.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is malformed, below 0 or above 100, or has more digits
   *     than a double holds; the message quotes the text and lists the accepted forms
   */
  public static Percent parse(String text) {
    BigDecimal exact = PARSER.parse(text);
    if (exact.compareTo(HUNDRED) > 0) {
      throw PARSER.invalid(text, "is above 100");
    }
    double value = exact.doubleValue();
    // The double must stand for the decimal written, as toString() would write it: never a silently different value.
    if ((value == 0) != (exact.signum() == 0) || new BigDecimal(Double.toString(value)).compareTo(exact) != 0) {
      throw PARSER.invalid(text, "has more digits than a double holds (it would be read as "
          + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + ")");
    }
    return new Percent(value);
  }

  /** Returns the percentage, from 0 to 100. */
  public double value() {
    return value;
  }

  /** Returns the percentage as a ratio from 0 to 1, scaled in decimal: 12.5% gives exactly {@code 0.125}. */
  public double ratio() {
    return BigDecimal.valueOf(value).movePointLeft(2).doubleValue();
  }

  /** Orders percentages by value. */
  @Override
  public int compareTo(Percent other) {
    return Double.compare(value, other.value);
  }

  /** Returns whether {@code other} is a {@code Percent} of the same value. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Percent percent && Double.compare(percent.value, value) == 0;
  }

  /** Returns a hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Double.hashCode(value);
  }

  /**
   * Returns the value followed by {@code %}, in plain decimal notation without trailing zeros ({@code 75%},
   * {@code 12.5%}, {@code 0%}, {@code 33.333333333333336%}), which {@link #parse} reads back to the same double.
   */
  @Override
  public String toString() {
    // Double.toString yields digits that identify the double uniquely; BigDecimal drops its ".0" and exponent.
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "%";
  }
}
