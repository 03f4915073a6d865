package io.github.resourcemanager.units;

import io.github.resourcemanager.units.GoNumbers.NotANumber;
import io.github.resourcemanager.units.GoNumbers.Rational;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * What {@code docker run --memory} and {@code --cpus} make of their text: go-units' {@code RAMInBytes}
 * ({@code size.go}, {@code parseSize} with the binary map) and docker/cli's {@code opts.ParseCPUs}.
 */
final class DockerQuantities {

  private static final double TWO_TO_63 = 0x1p63;
  private static final BigInteger NANO_PER_CPU = BigInteger.valueOf(1_000_000_000L);

  private DockerQuantities() {}

  /** Why Docker refuses a text, in Docker's (and Go's) words. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    Refused(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    /** The reason, as given. */
    String reason() {
      return reason;
    }
  }

  /**
   * {@code units.RAMInBytes(size)}: the number of bytes, fractions dropped ({@code int64(size)} truncates).
   *
   * <p>{@code parseSize} splits at the first space; without one, the suffix is what follows the last digit or
   * {@code .}. The number is Go's {@code strconv.ParseFloat}; negative numbers are refused; the suffix, lower-cased
   * the way Go's {@code strings.ToLower} does, is {@code b}, or {@code k m g t p} alone or followed by {@code b} or
   * {@code ib}, at most three bytes of UTF-8.
   *
   * @throws Refused with go-units' or Go's error text; also for NaN, infinities and sizes from 2⁶³ bytes up, which
   *     Go's {@code int64()} conversion turns into meaningless numbers
   */
  static long ramInBytes(String sizeStr) throws Refused {
    String num;
    String sfx;
    int space = sizeStr.indexOf(' ');
    if (space >= 0) {
      num = sizeStr.substring(0, space);
      sfx = sizeStr.substring(space + 1);
    } else {
      int sep = lastDigitOrDot(sizeStr);
      if (sep < 0) {
        throw new Refused("invalid size: '" + sizeStr + "'");
      }
      num = sizeStr.substring(0, sep + 1);
      sfx = sizeStr.substring(sep + 1);
    }
    double size;
    try {
      size = GoNumbers.parseFloat(num);
    } catch (NotANumber e) {
      throw new Refused(e.reason());
    }
    if (size < 0) {
      throw new Refused("invalid size: '" + sizeStr + "'");
    }
    if (sfx.isEmpty()) {
      return toInt64(size, sizeStr);
    }
    byte[] raw = sfx.getBytes(StandardCharsets.UTF_8);
    if (raw.length > 3) {
      throw badSuffix(sfx);
    }
    String lowered = goToLower(sfx);
    byte[] b = lowered.getBytes(StandardCharsets.UTF_8);
    if (b[0] == 'b') {
      if (b.length > 1) {
        throw badSuffix(lowered);
      }
      return toInt64(size, sizeStr);
    }
    long multiplier = binaryMultiplier(b[0]);
    if (multiplier == 0) {
      throw badSuffix(lowered);
    }
    size *= multiplier;
    if ((b.length == 2 && b[1] != 'b') || (b.length == 3 && !(b[1] == 'i' && b[2] == 'b'))) {
      throw badSuffix(lowered);
    }
    return toInt64(size, sizeStr);
  }

  /**
   * {@code opts.ParseCPUs(value)}: the number of nano CPUs, {@code value} × 10⁹, read with Go's
   * {@code (*big.Rat).SetString}. Exact; the caller decides what fits.
   *
   * @throws Refused as docker/cli: {@code failed to parse ... as a rational number}, {@code value is too precise}
   */
  static BigInteger nanoCpus(String value) throws Refused {
    Rational cpus;
    try {
      cpus = GoNumbers.parseRational(value);
    } catch (NotANumber e) {
      throw new Refused(e.reason());
    }
    BigInteger[] nano = cpus.numerator().multiply(NANO_PER_CPU).divideAndRemainder(cpus.denominator());
    if (nano[1].signum() != 0) {
      throw new Refused("value is too precise");
    }
    return nano[0];
  }

  private static long toInt64(double size, String sizeStr) throws Refused {
    if (Double.isNaN(size) || size >= TWO_TO_63) {
      // Go's int64() of these is undefined (on amd64 it is -9223372036854775808); Docker would pass that on.
      throw new Refused("size '" + sizeStr + "' is not a number of bytes that fits an int64");
    }
    return (long) size;
  }

  private static long binaryMultiplier(byte unit) {
    return switch (unit) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      case 'p' -> 1L << 50;
      default -> 0;
    };
  }

  /** {@code strings.LastIndexAny(s, "01234567890.")}. */
  private static int lastDigitOrDot(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || c == '.') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Go's {@code strings.ToLower}: every code point to its simple lower case ({@code unicode.ToLower}), which is what
   * {@link Character#toLowerCase(int)} gives. (Not {@link String#toLowerCase}, which maps U+0130 to two chars.)
   */
  private static String goToLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
    return b.toString();
  }

  private static Refused badSuffix(String sfx) {
    return new Refused("invalid suffix: '" + sfx + "'");
  }
}
