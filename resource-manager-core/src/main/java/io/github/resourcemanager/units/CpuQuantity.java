package io.github.resourcemanager.units;

import io.github.resourcemanager.units.QuantityParser.Exponents;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * An amount of CPU: a whole, non-negative number of millicores (thousandths of a core), at most
 * {@link Long#MAX_VALUE}. One core is what Kubernetes calls {@code 1} CPU and Docker {@code --cpus=1}.
 *
 * <p>Immutable and thread-safe; equal when the millicore counts are equal.
 */
public final class CpuQuantity implements Comparable<CpuQuantity> {

  private static final long MILLICORES_PER_CORE = 1000;
  private static final long NANO_CPUS_PER_MILLICORE = 1_000_000;
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final QuantityParser PARSER = new QuantityParser(
      "CPU quantity",
      "millicores",
      "cores as a decimal (0.5, 2, 1.25, 5e-1) or millicores with m (500m)",
      QuantityParser.caseSensitive(Map.of(
          "", QuantityParser.power(MILLICORES_PER_CORE, 1),
          "m", QuantityParser.power(MILLICORES_PER_CORE, 0))),
      Exponents.WITHOUT_SUFFIX,
      false,
      "the precision is 1 millicore and values are never rounded");

  private final long millicores;

  private CpuQuantity(long millicores) {
    this.millicores = millicores;
  }

  /**
   * Returns a quantity of {@code millicores} thousandths of a core.
   *
   * @throws IllegalArgumentException if {@code millicores} is negative
   */
  public static CpuQuantity ofMillicores(long millicores) {
    if (millicores < 0) {
      throw new IllegalArgumentException("CPU quantity must not be negative, was " + millicores + " millicores");
    }
    return new CpuQuantity(millicores);
  }

  /**
   * Returns a quantity of {@code cores} whole cores.
   *
   * @throws IllegalArgumentException if {@code cores} is negative or too large for a {@code long} of millicores
   */
  public static CpuQuantity ofCores(long cores) {
    if (cores < 0) {
      throw new IllegalArgumentException("CPU quantity must not be negative, was " + cores + " cores");
    }
    if (cores > Long.MAX_VALUE / MILLICORES_PER_CORE) {
      throw new IllegalArgumentException("CPU quantity of " + cores + " cores is too large: at most "
          + Long.MAX_VALUE + " millicores fit");
    }
    return new CpuQuantity(cores * MILLICORES_PER_CORE);
  }

  /**
   * Returns a quantity of {@code cores} cores, which must be a whole number of millicores when written as the
   * shortest decimal that identifies the double ({@link Double#toString}): {@code 0.1} is exactly 100 millicores,
   * {@code 0.0005} is rejected. Never rounds.
   *
   * @throws IllegalArgumentException if {@code cores} is NaN, infinite, negative, finer than a millicore or too
   *     large for a {@code long} of millicores
   */
  public static CpuQuantity ofCores(double cores) {
    if (!Double.isFinite(cores) || cores < 0) {
      throw new IllegalArgumentException("CPU quantity must be a finite, non-negative number of cores, was " + cores);
    }
    // Decimal, not binary: 0.1 cores means 100m to whoever wrote it, although 0.1 * 1000 is not exactly 100.
    BigDecimal exact = BigDecimal.valueOf(cores).movePointRight(3);
    if (exact.compareTo(LONG_MAX) > 0) {
      throw new IllegalArgumentException("CPU quantity of " + cores + " cores is too large: at most "
          + Long.MAX_VALUE + " millicores fit");
    }
    if (exact.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("CPU quantity of " + cores
          + " cores is finer than 1 millicore; the precision is 1 millicore and values are never rounded");
    }
    return new CpuQuantity(exact.longValueExact());
  }

  /**
   * Parses a CPU quantity as Kubernetes writes it: cores as a decimal ({@code 0.5}, {@code 2}, {@code 1.25}),
   * optionally with an exponent ({@code 5e-1}), or whole millicores with {@code m} ({@code 500m}). Docker's
   * {@code --cpus} values are the decimal form. Surrounding whitespace is ignored, an optional leading {@code +}
   * accepted, {@code -0} read as zero.
   *
   * <p>Precision is one millicore, as in Kubernetes; finer values ({@code 0.0001}, {@code 1.5m}) are rejected,
   * never rounded. Kubernetes' other suffixes ({@code k}, {@code M}, {@code Ki}, …, {@code u}, {@code n}) and an
   * exponent together with {@code m} are rejected.
   *
   * @throws IllegalArgumentException if {@code text} is null, malformed, negative, finer than a millicore or too
   *     large for a {@code long} of millicores; the message quotes the text and lists the accepted forms
   */
  public static CpuQuantity parse(String text) {
    return new CpuQuantity(PARSER.parseWhole(text));
  }

  /** Returns the number of millicores (thousandths of a core). */
  public long millicores() {
    return millicores;
  }

  /** Returns the number of cores, the nearest double to {@code millicores() / 1000}. */
  public double cores() {
    return millicores / (double) MILLICORES_PER_CORE;
  }

  /**
   * Returns the quantity in billionths of a core, the unit of Docker's {@code NanoCPUs}.
   *
   * @throws ArithmeticException if that exceeds {@code Long.MAX_VALUE}, above about 9.2 billion cores
   */
  public long nanoCpus() {
    return Math.multiplyExact(millicores, NANO_CPUS_PER_MILLICORE);
  }

  /**
   * Returns the sum of this quantity and {@code other}.
   *
   * @throws IllegalArgumentException if the sum exceeds {@code Long.MAX_VALUE} millicores
   */
  public CpuQuantity plus(CpuQuantity other) {
    Objects.requireNonNull(other, "other");
    if (millicores > Long.MAX_VALUE - other.millicores) {
      throw new IllegalArgumentException("CPU quantity " + this + " plus " + other + " is too large: at most "
          + Long.MAX_VALUE + " millicores fit");
    }
    return new CpuQuantity(millicores + other.millicores);
  }

  /**
   * Returns this quantity less {@code other}.
   *
   * @throws IllegalArgumentException if {@code other} is larger than this quantity
   */
  public CpuQuantity minus(CpuQuantity other) {
    Objects.requireNonNull(other, "other");
    if (other.millicores > millicores) {
      throw new IllegalArgumentException("CPU quantity " + this + " minus " + other + " would be negative");
    }
    return new CpuQuantity(millicores - other.millicores);
  }

  /** Orders quantities by their number of millicores. */
  @Override
  public int compareTo(CpuQuantity other) {
    return Long.compare(millicores, other.millicores);
  }

  /** Returns whether {@code other} is a {@code CpuQuantity} of the same number of millicores. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CpuQuantity && ((CpuQuantity) other).millicores == millicores;
  }

  /** Returns a hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Long.hashCode(millicores);
  }

  /**
   * Returns the Kubernetes form, which {@link #parse} reads back exactly: whole cores as a plain number
   * ({@code 2}, {@code 0}), anything else in millicores ({@code 500m}, {@code 1250m}).
   */
  @Override
  public String toString() {
    return millicores % MILLICORES_PER_CORE == 0
        ? Long.toString(millicores / MILLICORES_PER_CORE)
        : millicores + "m";
  }
}
