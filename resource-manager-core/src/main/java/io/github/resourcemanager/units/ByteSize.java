package io.github.resourcemanager.units;

import io.github.resourcemanager.units.QuantityParser.Exponents;
import io.github.resourcemanager.units.QuantityParser.Suffix;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An amount of memory or storage: a whole, non-negative number of bytes, at most {@link Long#MAX_VALUE}.
 *
 * <p>Immutable and thread-safe; equal when the byte counts are equal.
 *
 * <h2>Parsing</h2>
 *
 * <p>Sizes come from Kubernetes manifests, Docker flags and hand-written configuration, which disagree on what
 * a suffix means, on whitespace and on rounding. Three parsers cover them:
 *
 * <ul>
 *   <li>{@link #parseKubernetes(String)} reads a Kubernetes {@code resource.Quantity} exactly as Kubernetes'
 *       {@code ParseQuantity} does and returns what its {@code Value()} returns: decimal {@code k M G T P E}
 *       ({@code 129M}), binary {@code Ki} ... {@code Ei} ({@code 123Mi}), exponents ({@code 129e6}), sub-units
 *       {@code m u n}; fractions of a byte round up ({@code 1.5} is 2 bytes, {@code 512m} is 1 byte), no
 *       whitespace.
 *   <li>{@link #parseDocker(String)} reads what {@code docker run --memory} reads, exactly as go-units'
 *       {@code RAMInBytes} does: every suffix binary and case-insensitive ({@code 1024k}, {@code 2GB},
 *       {@code 1 GiB}), fractions of a byte dropped ({@code 32.5b} is 32 bytes).
 *   <li>{@link #parse(String)}, the one to use for this library's own configuration: a suffix that Kubernetes
 *       defines for quantities means what Kubernetes says, any other suffix means what Docker says, and nothing is
 *       ever rounded. Its exact rules are on the method.
 * </ul>
 *
 * <p>Beware {@code k}: {@code parse("1024k")} and {@code parseKubernetes("1024k")} are 1,024,000 bytes (Kubernetes'
 * kilo) while {@code parseDocker("1024k")} is 1,048,576. Every failure is an {@link IllegalArgumentException} whose
 * message quotes the text as given and lists the accepted forms; a null text is a {@link NullPointerException}
 * naming the parameter, {@code text}.
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

  /** go-units' RAMInBytes suffixes, lower case: b, then k m g t p alone or followed by b or ib. */
  private static final Map<String, Suffix> DOCKER_SUFFIXES = dockerSuffixes();

  private static final String KUBERNETES_FORMS = "plain bytes (1048576), exponent (129e6), "
      + "decimal suffixes k M G T P E (129M), binary suffixes Ki Mi Gi Ti Pi Ei (123Mi)";

  private static final String NOT_ROUNDED = "fractions must come to whole bytes and are never rounded";

  private static final QuantityParser UNIFIED = new QuantityParser(
      "byte size",
      "bytes",
      KUBERNETES_FORMS + ", Docker sizes b K m g t p and kb mb gb tb pb, kib mib gib tib pib"
          + " in any case (binary: 512m, 2GB)",
      QuantityParser.firstOf(
          QuantityParser.caseSensitive(KUBERNETES_BYTE_SUFFIXES), QuantityParser.caseInsensitive(DOCKER_SUFFIXES)),
      Exponents.WITH_SUFFIX,
      false,
      NOT_ROUNDED);

  private static final String KUBERNETES_NAME = "Kubernetes byte size";
  private static final String KUBERNETES_DIALECT = "a Kubernetes quantity: a number (1048576, 1.5, 129e6) with an "
      + "optional suffix, decimal k M G T P E (129M), binary Ki Mi Gi Ti Pi Ei (123Mi) or m u n (below one), no "
      + "spaces; a fraction of a byte rounds up";

  private static final String DOCKER_NAME = "Docker byte size";
  private static final String DOCKER_DIALECT = "what docker run --memory takes: a number (512, 1.5, 1e3), then "
      + "optionally one space and a suffix b, or k m g t p alone or followed by b or ib, in any case (all binary: "
      + "512m, 1024k, 2GB, 1 GiB); a fraction of a byte is dropped";

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
   *   <tr><td>{@code kb mb gb tb pb} in any case</td><td>2¹⁰ … 2⁵⁰ (Docker, as often written)</td>
   *       <td>{@code 2GB}, {@code 512MB}, {@code 750mb}</td></tr>
   *   <tr><td>{@code kib mib gib tib pib} in any case</td><td>2¹⁰ … 2⁵⁰ (Docker)</td>
   *       <td>{@code 1KiB}, {@code 512MiB}</td></tr>
   * </table>
   *
   * <p>Exactly these rules, neither Kubernetes' nor Docker's in full:
   *
   * <ul>
   *   <li>Whitespace around the text (any Unicode whitespace) is ignored; inside it, none is allowed
   *       ({@code "4 g"} is refused, where Docker accepts it).
   *   <li>The number is ASCII digits with an optional decimal point ({@code 12}, {@code 1.5}, {@code .5},
   *       {@code 2.}), an optional leading {@code +}, and an optional exponent {@code e}/{@code E} with an optional
   *       sign, which may also precede a suffix ({@code 1e3Ki}, which Kubernetes refuses). No underscores, no
   *       hexadecimal, no {@code NaN} or {@code Inf}.
   *   <li>The suffix is looked up exactly as written among Kubernetes' {@code k M G T P E Ki Mi Gi Ti Pi Ei}
   *       first, then in any case among Docker's. So {@code M} is 10⁶ but {@code m} is 2²⁰ (Kubernetes' milli
   *       means nothing for bytes), {@code K} is 2¹⁰, {@code E} alone is exa; Kubernetes' {@code u} and {@code n}
   *       are refused.
   *   <li>Nothing is rounded: a fraction is accepted only if the result is a whole number of bytes ({@code 1.5G},
   *       {@code 0.5g}, {@code 0.1k}); {@code 1.0001k} is refused, where Kubernetes rounds up and Docker truncates.
   *   <li>{@code -0} is zero; any other negative value is refused; so is anything above {@link Long#MAX_VALUE}
   *       bytes (no cap, unlike Kubernetes' binary suffixes) and any text longer than 1000 characters.
   * </ul>
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is malformed, negative, not a whole number of bytes or
   *     above {@code Long.MAX_VALUE} bytes; the message quotes the text and lists the accepted forms
   */
  public static ByteSize parse(String text) {
    return new ByteSize(UNIFIED.parseWhole(text));
  }

  /**
   * Reads a Kubernetes {@code resource.Quantity} as a number of bytes, exactly as Kubernetes does: the text is
   * read by {@code ParseQuantity} (apimachinery {@code pkg/api/resource/quantity.go}) and the bytes are what
   * {@code Quantity.Value()} returns.
   *
   * <ul>
   *   <li>A signed decimal number ({@code 1048576}, {@code 1.5}, {@code .5}, {@code 1.}) with an optional suffix,
   *       case-sensitive: decimal {@code k M G T P E} (10³ ... 10¹⁸), binary {@code Ki Mi Gi Ti Pi Ei}
   *       (2¹⁰ ... 2⁶⁰), sub-units {@code m u n} (10⁻³ ... 10⁻⁹), or an exponent {@code e}/{@code E} with an
   *       optional sign ({@code 129e6}, {@code 1E-3}).
   *   <li>No whitespace anywhere. (Kubernetes' JSON decoding trims it before parsing; this does not.)
   *   <li>Rounding as Kubernetes rounds: the value is first rounded up to a multiple of 10⁻⁹, then
   *       {@code Value()} rounds it up to a whole byte: {@code 1.5} is 2 bytes, {@code 512m} is 1, {@code 1n} is 1.
   *   <li>A binary-suffixed value above 2⁶³−1 is capped there, as Kubernetes caps it: {@code 8Ei} and {@code 9Ei}
   *       are {@link Long#MAX_VALUE} bytes.
   *   <li>Kubernetes' own oddities are kept: {@code "."}, {@code "+"}, {@code "-"} and a bare suffix such as
   *       {@code "Ki"} or {@code "m"} are zero; {@code "Pi"}, {@code "Ei"} and {@code "e-10"} are refused.
   * </ul>
   *
   * <p>Refused although Kubernetes accepts them: negative quantities ({@code -0} is zero), which no size can be;
   * values whose {@code Value()} does not fit an int64 (Kubernetes then returns a meaningless number: 0 for
   * {@code 10E}); exponents beyond the int32 range (Kubernetes truncates them to 32 bits); texts longer than 1000
   * characters.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is refused as above; the message quotes the text and
   *     Kubernetes' reason and lists the accepted forms
   */
  public static ByteSize parseKubernetes(String text) {
    BigDecimal quantity = KubernetesQuantity.parseNonNegative(KUBERNETES_NAME, text, KUBERNETES_DIALECT);
    BigInteger bytes = KubernetesQuantity.ceilToWhole(quantity);
    if (bytes.bitLength() > 63) {
      throw QuantityParser.rejected(KUBERNETES_NAME, text, "is too large: at most " + Long.MAX_VALUE + " bytes fit "
          + "(Kubernetes' Value() overflows int64)", KUBERNETES_DIALECT);
    }
    return new ByteSize(bytes.longValueExact());
  }

  /**
   * Reads a size the way {@code docker run --memory} does: exactly as go-units' {@code RAMInBytes}
   * ({@code size.go}, {@code parseSize}) reads it.
   *
   * <ul>
   *   <li>If the text has a space, the number is what comes before the first space and the suffix what comes
   *       after it ({@code "1 GiB"}; {@code "32 "} is 32 bytes); otherwise the suffix is what follows the last digit
   *       or {@code .} ({@code "32k"}). Leading spaces, two spaces, trailing spaces after a suffix are refused.
   *   <li>The number is read by Go's {@code strconv.ParseFloat}: optional sign, decimal digits with optional
   *       {@code .} and exponent ({@code 1.5e3}), underscores between digits ({@code 1_000}), hexadecimal with a
   *       {@code p} exponent ({@code 0x1p10}); then rounded to the nearest double, as Go does (so above 2⁵³
   *       not every byte count can be written).
   *   <li>The suffix, in any case (Go's Unicode lower-casing, so even the Kelvin sign K counts as {@code k}):
   *       {@code b} (bytes), or {@code k m g t p} (2¹⁰ ... 2⁵⁰) alone or followed by {@code b} or {@code ib}.
   *       Every unit is binary: {@code 1024k} is 1,048,576 bytes, {@code 2GB} and {@code 2GiB} are
   *       2,147,483,648.
   *   <li>The size is the double times the unit, truncated to whole bytes: {@code 32.5b} is 32,
   *       {@code 0.3MB} is 314,572.
   *   <li>Negative sizes are refused; {@code -0} is zero.
   * </ul>
   *
   * <p>Refused although Docker's parser returns a number: {@code NaN}, infinities and sizes of 2⁶³ bytes or more,
   * which Go's {@code int64()} conversion turns into meaningless values; texts longer than 1000 characters.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is refused as above; the message quotes the text and
   *     Docker's reason and lists the accepted forms
   */
  public static ByteSize parseDocker(String text) {
    QuantityParser.requireText(DOCKER_NAME, text, DOCKER_DIALECT);
    try {
      return new ByteSize(DockerQuantities.ramInBytes(text));
    } catch (DockerQuantities.Refused e) {
      throw QuantityParser.rejected(DOCKER_NAME, text, "is not valid: " + e.reason(), DOCKER_DIALECT);
    }
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
  public boolean equals(@Nullable Object other) {
    return other instanceof ByteSize size && size.bytes == bytes;
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
   * Returns the form Docker's {@code --memory} takes: the largest of {@code g m k} (binary) that divides the size,
   * else bytes with a {@code b} suffix. Examples: {@code 4g}, {@code 512m}, {@code 1536k}, {@code 100b}, {@code 0b}.
   * {@link #parseDocker} (and Docker) read it back exactly when the number written is below 2⁵³: Docker reads the
   * number through a double, so {@code 9007199254740993b} comes back one byte smaller.
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
