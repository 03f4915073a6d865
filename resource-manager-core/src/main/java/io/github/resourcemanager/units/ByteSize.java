package io.github.resourcemanager.units;

import io.github.resourcemanager.units.QuantityParser.Exponents;
import io.github.resourcemanager.units.QuantityParser.Suffix;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An amount of memory or storage: a whole, non-negative number of bytes, at most {@link Long#MAX_VALUE}.
 *
 * <p>Immutable and thread-safe; equal when the byte counts are equal.
 *
 * <h2>Parsing</h2>
 *
 * <p>Sizes come from Kubernetes manifests, Docker flags and hand-written configuration, which disagree on what
 * a suffix means. Three parsers cover them; all ignore leading and trailing whitespace, accept an optional
 * leading {@code +}, accept a fraction only when the result is a whole number of bytes (it is never rounded:
 * {@code 1.0001k} is rejected, where Kubernetes would round up and Docker would truncate), accept {@code -0} as
 * zero and reject any other negative value.
 *
 * <ul>
 *   <li>{@link #parse(String)}, the one to use for configuration: a suffix that Kubernetes defines for quantities
 *       means what Kubernetes says, any other suffix means what Docker says. So {@code k M G T P E} are decimal
 *       ({@code 129M} = 129,000,000), {@code Ki Mi Gi Ti Pi Ei} binary ({@code 123Mi}), and Docker's
 *       {@code b K m g t p} and {@code kb mb gb tb pb}, {@code kib mib gib tib pib} in any case are binary
 *       ({@code 4g}, {@code 512m}, {@code 2GB} = 2,147,483,648). Kubernetes' own lower-case {@code m} (milli) is
 *       meaningless for bytes, so Docker's mebibyte wins; Kubernetes' {@code u} and {@code n} are rejected.
 *   <li>{@link #parseKubernetes(String)}: Kubernetes quantity semantics only.
 *   <li>{@link #parseDocker(String)}: what {@code docker run --memory} accepts, every suffix binary.
 * </ul>
 *
 * <p>Beware {@code k}: {@code parse("1024k")} is 1,024,000 bytes (Kubernetes' kilo) while
 * {@code parseDocker("1024k")} is 1,048,576.
 */
public final class ByteSize implements Comparable<ByteSize> {

  private static final long KIB = 1L << 10;
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** Kubernetes' suffixes for quantities, which {@link #parse} also honours, exactly as written. */
  private static final Map<String, Suffix> KUBERNETES_BYTE_SUFFIXES = Map.ofEntries(
      Map.entry("", QuantityParser.power(10, 0)),
      Map.entry("k", QuantityParser.power(10, 3)),
      Map.entry("M", QuantityParser.power(10, 6)),
      Map.entry("G", QuantityParser.power(10, 9)),
      Map.entry("T", QuantityParser.power(10, 12)),
      Map.entry("P", QuantityParser.power(10, 15)),
      Map.entry("E", QuantityParser.power(10, 18)),
      Map.entry("Ki", QuantityParser.power(2, 10)),
      Map.entry("Mi", QuantityParser.power(2, 20)),
      Map.entry("Gi", QuantityParser.power(2, 30)),
      Map.entry("Ti", QuantityParser.power(2, 40)),
      Map.entry("Pi", QuantityParser.power(2, 50)),
      Map.entry("Ei", QuantityParser.power(2, 60)));

  /** Kubernetes' sub-unit suffixes: real Kubernetes semantics, but only {@link #parseKubernetes} reads them. */
  private static final Map<String, Suffix> KUBERNETES_SUB_UNIT_SUFFIXES = Map.of(
      "m", new Suffix(BigDecimal.ONE.movePointLeft(3),
          "in Kubernetes quantities m means milli (1/1000); write Mi for mebibytes"),
      "u", new Suffix(BigDecimal.ONE.movePointLeft(6)),
      "n", new Suffix(BigDecimal.ONE.movePointLeft(9)));

  /** go-units' RAMInBytes suffixes, lower case: b, then k m g t p alone or followed by b or ib. */
  private static final Map<String, Suffix> DOCKER_SUFFIXES = dockerSuffixes();

  private static final String KUBERNETES_FORMS = "plain bytes (1048576), exponent (129e6), "
      + "decimal suffixes k M G T P E (129M), binary suffixes Ki Mi Gi Ti Pi Ei (123Mi)";

  private static final String NOT_ROUNDED = "fractions must come to whole bytes and are never rounded";

  private static final QuantityParser UNIFIED = new QuantityParser(
      "byte size",
      "bytes",
      KUBERNETES_FORMS + ", Docker/seed sizes b K m g t p and kb mb gb tb pb, kib mib gib tib pib"
          + " in any case (binary: 512m, 2GB)",
      QuantityParser.firstOf(
          QuantityParser.caseSensitive(KUBERNETES_BYTE_SUFFIXES), QuantityParser.caseInsensitive(DOCKER_SUFFIXES)),
      Exponents.WITH_SUFFIX,
      false,
      NOT_ROUNDED);

  private static final QuantityParser KUBERNETES = new QuantityParser(
      "Kubernetes byte size",
      "bytes",
      KUBERNETES_FORMS,
      QuantityParser.firstOf(
          QuantityParser.caseSensitive(KUBERNETES_BYTE_SUFFIXES),
          QuantityParser.caseSensitive(KUBERNETES_SUB_UNIT_SUFFIXES)),
      Exponents.WITHOUT_SUFFIX,
      false,
      NOT_ROUNDED);

  private static final QuantityParser DOCKER = new QuantityParser(
      "Docker byte size",
      "bytes",
      "a number (1048576, 1.5e3) with an optional suffix b k m g t p, each but b optionally followed by"
          + " b or ib, in any case, optionally after one space (all binary: 512m, 1024k, 2GB, 1 GiB)",
      QuantityParser.caseInsensitive(DOCKER_SUFFIXES),
      Exponents.WITH_SUFFIX,
      true,
      NOT_ROUNDED);

  /**
   * Kubernetes suffixes by multiplier, largest first: {@link #toString()} uses the first that divides exactly.
   * Binary and decimal interleave ({@code k < Ki < M < Mi ...}) because "binary first" would print 2G as
   * 1953125Ki: every multiple of 10^10 is also a multiple of 1024.
   */
  private static final String[] KUBERNETES_FORMAT_SUFFIXES = {
      "Ei", "E", "Pi", "P", "Ti", "T", "Gi", "G", "Mi", "M", "Ki", "k"};

  private static final long[] KUBERNETES_FORMAT_MULTIPLIERS = {
      1L << 60, 1_000_000_000_000_000_000L, 1L << 50, 1_000_000_000_000_000L, 1L << 40, 1_000_000_000_000L,
      GIB, 1_000_000_000L, MIB, 1_000_000L, KIB, 1_000L};

  private final long bytes;

  private ByteSize(long bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a size of {@code bytes} bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static ByteSize ofBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("byte size must not be negative, was " + bytes + " bytes");
    }
    return new ByteSize(bytes);
  }

  /**
   * Returns a size of {@code kibibytes} × 1024 bytes.
   *
   * @throws IllegalArgumentException if {@code kibibytes} is negative or the size exceeds {@code Long.MAX_VALUE} bytes
   */
  public static ByteSize ofKibibytes(long kibibytes) {
    return ofUnits(kibibytes, KIB, "KiB");
  }

  /**
   * Returns a size of {@code mebibytes} × 1024² bytes.
   *
   * @throws IllegalArgumentException if {@code mebibytes} is negative or the size exceeds {@code Long.MAX_VALUE} bytes
   */
  public static ByteSize ofMebibytes(long mebibytes) {
    return ofUnits(mebibytes, MIB, "MiB");
  }

  /**
   * Returns a size of {@code gibibytes} × 1024³ bytes.
   *
   * @throws IllegalArgumentException if {@code gibibytes} is negative or the size exceeds {@code Long.MAX_VALUE} bytes
   */
  public static ByteSize ofGibibytes(long gibibytes) {
    return ofUnits(gibibytes, GIB, "GiB");
  }

  private static ByteSize ofUnits(long count, long unit, String unitName) {
    if (count < 0) {
      throw new IllegalArgumentException("byte size must not be negative, was " + count + " " + unitName);
    }
    if (count > Long.MAX_VALUE / unit) {
      throw new IllegalArgumentException(
          "byte size " + count + " " + unitName + " is too large: at most " + Long.MAX_VALUE + " bytes fit");
    }
    return new ByteSize(count * unit);
  }

  /**
   * Parses a byte size written the Kubernetes way or the Docker way; where the two disagree on a suffix,
   * Kubernetes wins, except that {@code m} is Docker's mebibyte.
   *
   * <table>
   *   <caption>Accepted forms</caption>
   *   <tr><th>form</th><th>meaning</th><th>examples</th></tr>
   *   <tr><td>number</td><td>bytes</td><td>{@code 128974848}, {@code 0}</td></tr>
   *   <tr><td>number with exponent {@code e}/{@code E}</td><td>bytes</td><td>{@code 129e6}, {@code 1.5E3}</td></tr>
   *   <tr><td>{@code k M G T P E}</td><td>10³ … 10¹⁸ (Kubernetes)</td>
   *       <td>{@code 500k}, {@code 129M}, {@code 1.5G}</td></tr>
   *   <tr><td>{@code Ki Mi Gi Ti Pi Ei}</td><td>2¹⁰ … 2⁶⁰ (Kubernetes)</td>
   *       <td>{@code 123Mi}, {@code 4Gi}</td></tr>
   *   <tr><td>{@code b B}</td><td>bytes (Docker)</td><td>{@code 100b}</td></tr>
   *   <tr><td>{@code K m g t p}</td><td>2¹⁰ … 2⁵⁰ (Docker)</td>
   *       <td>{@code 512m}, {@code 4g}, {@code 0.5g}</td></tr>
   *   <tr><td>{@code kb mb gb tb pb} in any case</td><td>2¹⁰ … 2⁵⁰ (Docker, seed documents)</td>
   *       <td>{@code 2GB}, {@code 512MB}, {@code 750mb}</td></tr>
   *   <tr><td>{@code kib mib gib tib pib} in any case</td><td>2¹⁰ … 2⁵⁰ (Docker)</td>
   *       <td>{@code 1KiB}, {@code 512MiB}</td></tr>
   * </table>
   *
   * <p>The number is ASCII digits with an optional decimal point and optional leading {@code +}; an exponent may
   * also precede a suffix ({@code 1e3Ki}). Whitespace around the text is ignored, inside it is not
   * ({@code "4 g"} is rejected). A fraction is accepted only if the result is a whole number of bytes
   * ({@code 1.5G}, {@code 0.5g}, {@code 0.1k}), never rounded ({@code 1.0001k} is rejected).
   *
   * @throws IllegalArgumentException if {@code text} is null, malformed, negative, not a whole number of bytes or
   *     above {@code Long.MAX_VALUE} bytes; the message quotes the text and lists the accepted forms
   */
  public static ByteSize parse(String text) {
    return new ByteSize(UNIFIED.parseWhole(text));
  }

  /**
   * Parses a Kubernetes resource quantity as bytes: a number with an optional exponent ({@code 129e6}) or an
   * optional suffix, decimal {@code k M G T P E} ({@code 129M}) or binary {@code Ki Mi Gi Ti Pi Ei}
   * ({@code 123Mi}), case-sensitive. Kubernetes' sub-unit suffixes {@code m u n} (milli, micro, nano) are
   * honoured too, so {@code 1000m} is one byte and {@code 512m} is rejected as 0.512 bytes. Docker forms such as
   * {@code 4g} or {@code 2GB} are rejected.
   *
   * <p>Unlike Kubernetes, which rounds a fractional byte count up, this rejects it; it also ignores surrounding
   * whitespace, which Kubernetes does not.
   *
   * @throws IllegalArgumentException if {@code text} is null, not a Kubernetes quantity, negative, not a whole
   *     number of bytes or above {@code Long.MAX_VALUE} bytes; the message quotes the text and lists the accepted
   *     forms
   */
  public static ByteSize parseKubernetes(String text) {
    return new ByteSize(KUBERNETES.parseWhole(text));
  }

  /**
   * Parses a size the way Docker's {@code --memory} does (go-units' {@code RAMInBytes}): a number, then
   * optionally one space, then an optional suffix, case-insensitive: {@code b} (bytes), or {@code k m g t p}
   * (2¹⁰ … 2⁵⁰) alone or followed by {@code b} or {@code ib}. Every suffix is binary: {@code 1024k} is
   * 1,048,576 bytes, {@code 2GB} and {@code 2GiB} are 2,147,483,648.
   *
   * <p>The number is ASCII digits with an optional decimal point, optional leading {@code +} and optional
   * exponent ({@code 1.5e3k}). Docker differs in what it accepts beyond that, and this rejects it: Go's
   * hexadecimal floats ({@code 0x1p4}); fractional byte counts, which Docker truncates ({@code 32.5b},
   * {@code 0.3mb}); sizes above {@code Long.MAX_VALUE}, where Docker's float arithmetic breaks down. Unlike
   * Docker, whitespace around the text is ignored.
   *
   * @throws IllegalArgumentException if {@code text} is null, not a Docker size, negative, not a whole number of
   *     bytes or above {@code Long.MAX_VALUE} bytes; the message quotes the text and lists the accepted forms
   */
  public static ByteSize parseDocker(String text) {
    return new ByteSize(DOCKER.parseWhole(text));
  }

  /** Returns the number of bytes. */
  public long bytes() {
    return bytes;
  }

  /**
   * Returns the sum of this size and {@code other}.
   *
   * @throws IllegalArgumentException if the sum exceeds {@code Long.MAX_VALUE} bytes
   */
  public ByteSize plus(ByteSize other) {
    Objects.requireNonNull(other, "other");
    if (bytes > Long.MAX_VALUE - other.bytes) {
      throw new IllegalArgumentException(
          "byte size " + this + " plus " + other + " is too large: at most " + Long.MAX_VALUE + " bytes fit");
    }
    return new ByteSize(bytes + other.bytes);
  }

  /**
   * Returns this size less {@code other}.
   *
   * @throws IllegalArgumentException if {@code other} is larger than this size
   */
  public ByteSize minus(ByteSize other) {
    Objects.requireNonNull(other, "other");
    if (other.bytes > bytes) {
      throw new IllegalArgumentException("byte size " + this + " minus " + other + " would be negative");
    }
    return new ByteSize(bytes - other.bytes);
  }

  /**
   * Returns this size times {@code factor}.
   *
   * @throws IllegalArgumentException if {@code factor} is negative or the product exceeds {@code Long.MAX_VALUE}
   *     bytes
   */
  public ByteSize multipliedBy(long factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("byte size factor must not be negative, was " + factor);
    }
    if (factor != 0 && bytes > Long.MAX_VALUE / factor) {
      throw new IllegalArgumentException(
          "byte size " + this + " times " + factor + " is too large: at most " + Long.MAX_VALUE + " bytes fit");
    }
    return new ByteSize(bytes * factor);
  }

  /**
   * Returns this size divided by {@code divisor}, rounded down to a whole byte.
   *
   * @throws IllegalArgumentException if {@code divisor} is not positive
   */
  public ByteSize dividedBy(long divisor) {
    if (divisor <= 0) {
      throw new IllegalArgumentException("byte size divisor must be positive, was " + divisor);
    }
    return new ByteSize(bytes / divisor);
  }

  /** Orders sizes by their number of bytes. */
  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** Returns whether {@code other} is a {@code ByteSize} of the same number of bytes. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ByteSize && ((ByteSize) other).bytes == bytes;
  }

  /** Returns a hash code consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  /**
   * Returns the canonical Kubernetes form, which {@link #parse} and {@link #parseKubernetes} read back exactly:
   * the size with the largest suffix of {@code k Ki M Mi G Gi T Ti P Pi E Ei} that divides it exactly, else plain
   * bytes. So the number is as small as it can be written: {@code 4Gi}, {@code 1536Ki}, {@code 2G} (not
   * {@code 1953125Ki}), {@code 1000Ki}, {@code 129M}, {@code 128974849}, {@code 0}.
   */
  @Override
  public String toString() {
    if (bytes == 0) {
      return "0";
    }
    for (int i = 0; i < KUBERNETES_FORMAT_SUFFIXES.length; i++) {
      if (bytes % KUBERNETES_FORMAT_MULTIPLIERS[i] == 0) {
        return bytes / KUBERNETES_FORMAT_MULTIPLIERS[i] + KUBERNETES_FORMAT_SUFFIXES[i];
      }
    }
    return Long.toString(bytes);
  }

  /**
   * Returns the form Docker's {@code --memory} takes, which {@link #parseDocker} reads back exactly: the largest
   * of {@code g m k} (binary) that divides the size, else bytes with a {@code b} suffix. Examples: {@code 4g},
   * {@code 512m}, {@code 1536k}, {@code 100b}, {@code 0b}.
   *
   * <p>Do not feed it to {@link #parse}, which reads {@code k} as Kubernetes' 1000.
   */
  public String toDockerString() {
    if (bytes != 0) {
      if (bytes % GIB == 0) {
        return bytes / GIB + "g";
      }
      if (bytes % MIB == 0) {
        return bytes / MIB + "m";
      }
      if (bytes % KIB == 0) {
        return bytes / KIB + "k";
      }
    }
    return bytes + "b";
  }

  private static Map<String, Suffix> dockerSuffixes() {
    Map<String, Suffix> suffixes = new HashMap<>();
    suffixes.put("", QuantityParser.power(2, 0));
    suffixes.put("b", QuantityParser.power(2, 0));
    String prefixes = "kmgtp";
    for (int i = 0; i < prefixes.length(); i++) {
      Suffix suffix = QuantityParser.power(2, 10 * (i + 1));
      String prefix = prefixes.substring(i, i + 1);
      suffixes.put(prefix, suffix);
      suffixes.put(prefix + "b", suffix);
      suffixes.put(prefix + "ib", suffix);
    }
    return Map.copyOf(suffixes);
  }
}
