package io.github.resourcemanager.units;

import io.github.resourcemanager.units.QuantityParser.Exponents;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An amount of CPU: a whole, non-negative number of millicores (thousandths of a core), at most
 * {@link Long#MAX_VALUE}. One core is what Kubernetes calls {@code 1} CPU and Docker {@code --cpus=1}.
 *
 * <p>Immutable and thread-safe; equal when the millicore counts are equal.
 *
 * <h2>Parsing</h2>
 *
 * <ul>
 *   <li>{@link #parseKubernetes(String)}: a Kubernetes {@code resource.Quantity} exactly as Kubernetes reads it
 *       ({@code ParseQuantity}, then {@code MilliValue()}): {@code 500m}, {@code 0.5}, {@code 5e-1}, even
 *       {@code 1Ki}; finer than a millicore rounds up ({@code 0.1m} is {@code 1m}).
 *   <li>{@link #parseDocker(String)}: what {@code docker run --cpus} reads (docker/cli {@code ParseCPUs}):
 *       {@code 0.5}, {@code 2}, {@code 1.25}, {@code 3/2}; no {@code m} suffix; never rounded.
 *   <li>{@link #parse(String)}: this library's own strict form, cores or {@code m} millicores, never rounded.
 * </ul>
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

  private static final String KUBERNETES_NAME = "Kubernetes CPU quantity";
  private static final String KUBERNETES_DIALECT = "a Kubernetes quantity of cores: 0.5, 2, 5e-1, or thousandths "
      + "with m (500m), no spaces; finer than 1m rounds up";

  private static final String DOCKER_NAME = "Docker CPU quantity";
  private static final String DOCKER_DIALECT = "what docker run --cpus takes: a number of cores (0.5, 2, 1.25, "
      + "5e-1) or a fraction (3/2), no suffix, no spaces, at most 3 decimal places";

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
   * Parses a CPU quantity in this library's strict form: cores as a decimal ({@code 0.5}, {@code 2},
   * {@code 1.25}), optionally with an exponent ({@code 5e-1}), or whole millicores with {@code m}
   * ({@code 500m}). Surrounding whitespace is ignored, an optional leading {@code +} accepted, {@code -0} read as
   * zero.
   *
   * <p>Precision is one millicore; finer values ({@code 0.0001}, {@code 1.5m}) are rejected, never rounded (where
   * {@link #parseKubernetes} rounds up). Kubernetes' other suffixes ({@code k}, {@code M}, {@code Ki}, …,
   * {@code u}, {@code n}) and an exponent together with {@code m} are rejected.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is malformed, negative, finer than a millicore or too
   *     large for a {@code long} of millicores; the message quotes the text and lists the accepted forms
   */
  public static CpuQuantity parse(String text) {
    return new CpuQuantity(PARSER.parseWhole(text));
  }

  /**
   * Reads a Kubernetes {@code resource.Quantity} of CPU exactly as Kubernetes does: the text is read by
   * {@code ParseQuantity} (apimachinery {@code pkg/api/resource/quantity.go}) and the millicores are what
   * {@code Quantity.MilliValue()} returns.
   *
   * <p>Every Kubernetes quantity form is read, with the meaning Kubernetes gives it: {@code 500m}, {@code 0.5},
   * {@code 2}, {@code 5e-1}, {@code 1k} (1000 cores), {@code 1Ki} (1024 cores), {@code 250000u}. No whitespace.
   * Finer than a millicore rounds up, as {@code MilliValue()} does: {@code 0.1m} and {@code 1n} are {@code 1m},
   * {@code 1.0001} is {@code 1001m}. Kubernetes' oddities stay: {@code "."} and a bare {@code "m"} are zero.
   *
   * <p>Refused although Kubernetes accepts them: negative quantities ({@code -0} is zero); quantities whose
   * {@code MilliValue()} does not fit an int64 (Kubernetes returns a meaningless number); exponents beyond the int32
   * range (Kubernetes truncates them to 32 bits); texts longer than 1000 characters.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is refused as above; the message quotes the text and
   *     Kubernetes' reason and lists the accepted forms
   */
  public static CpuQuantity parseKubernetes(String text) {
    BigDecimal quantity = KubernetesQuantity.parseNonNegative(KUBERNETES_NAME, text, KUBERNETES_DIALECT);
    BigInteger millicores = KubernetesQuantity.ceilToMilli(quantity);
    if (millicores.bitLength() > 63) {
      throw QuantityParser.rejected(KUBERNETES_NAME, text, "is too large: at most " + Long.MAX_VALUE
          + " millicores fit (Kubernetes' MilliValue() overflows int64)", KUBERNETES_DIALECT);
    }
    return new CpuQuantity(millicores.longValueExact());
  }

  /**
   * Reads what {@code docker run --cpus} reads, exactly as docker/cli's {@code opts.ParseCPUs} does: the text is a
   * rational number read by Go's {@code (*big.Rat).SetString}, and the CPUs are that number times 10⁹ nano CPUs,
   * which must come out whole.
   *
   * <p>So: a decimal number of cores with optional sign, radix point and exponent ({@code 2}, {@code 0.5},
   * {@code .5}, {@code 1.25}, {@code 5e-1}), underscores between digits ({@code 1_000}), a fraction
   * ({@code 3/2}), even Go's prefixed forms ({@code 0x1p-1} is 0.5, {@code 0b10} is 2). No suffix (not even
   * {@code m}), no whitespace. More than nine decimal places is refused, as Docker refuses it ("value is too
   * precise").
   *
   * <p>Refused although Docker's parser returns a number: a value finer than a millicore, the precision of this
   * type ({@code 1.0005}, which Docker would read as 1000500000 nano CPUs); negative values ({@code -0} is zero;
   * the Docker engine refuses negative CPUs); values above {@link Long#MAX_VALUE} nano CPUs, which Docker's
   * {@code Int64()} turns into meaningless numbers; texts longer than 1000 characters.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is refused as above; the message quotes the text and
   *     Docker's reason and lists the accepted forms
   */
  public static CpuQuantity parseDocker(String text) {
    QuantityParser.requireText(DOCKER_NAME, text, DOCKER_DIALECT);
    BigInteger nano;
    try {
      nano = DockerQuantities.nanoCpus(text);
    } catch (DockerQuantities.Refused e) {
      throw QuantityParser.rejected(DOCKER_NAME, text, "is not valid: " + e.reason(), DOCKER_DIALECT);
    }
    if (nano.signum() < 0) {
      throw QuantityParser.rejected(DOCKER_NAME, text, "must not be negative", DOCKER_DIALECT);
    }
    if (nano.bitLength() > 63) {
      throw QuantityParser.rejected(DOCKER_NAME, text, "is too large: at most " + Long.MAX_VALUE
          + " nano CPUs fit (Docker's NanoCPUs is an int64)", DOCKER_DIALECT);
    }
    BigInteger[] millicores = nano.divideAndRemainder(BigInteger.valueOf(NANO_CPUS_PER_MILLICORE));
    if (millicores[1].signum() != 0) {
      throw QuantityParser.rejected(DOCKER_NAME, text, "is finer than 1 millicore (" + nano + " nano CPUs); the "
          + "precision is 1 millicore and values are never rounded", DOCKER_DIALECT);
    }
    return new CpuQuantity(millicores[0].longValueExact());
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
  public boolean equals(@Nullable Object other) {
    return other instanceof CpuQuantity quantity && quantity.millicores == millicores;
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
