package io.github.resourcemanager.internal.scale;

/**
 * The three functions of Go's {@code math} package that the VPA recommender's histograms and estimators call, computed
 * operation for operation as Go computes them on amd64 (the recommender's main platform): {@code Log} (the assembly
 * of {@code log_amd64.s}), {@code Exp2} ({@code exp2} and {@code expmulti} in {@code exp.go}, pure Go on amd64) and
 * {@code Pow} for whole exponents ({@code pow.go}: repeated squaring of the mantissa). Java's {@link StrictMath}
 * implements fdlibm, which rounds some results one bit differently, and a bucket boundary or a sample's weight one
 * bit off can move a sample into the neighbouring bucket or change a truncated amount by one unit. Java evaluates
 * every operation separately rounded, as Go's amd64 compiler does by default (no fused multiply-add).
 *
 * <p>Allocates nothing.
 */
// The constants are Go's literals digit for digit, so that they can be checked against its source; Java rounds them
// to the same doubles Go's compiler does.
@SuppressWarnings("FloatingPointLiteralPrecision")
final class GoMath {
  // log_amd64.s and log.go (from FreeBSD's e_log.c).
  private static final double HALF_SQRT2 = 7.07106781186547524401e-01;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double L1 = 6.666666666666735130e-01;
  private static final double L2 = 3.999999999940941908e-01;
  private static final double L3 = 2.857142874366239149e-01;
  private static final double L4 = 2.222219843214978396e-01;
  private static final double L5 = 1.818357216161805012e-01;
  private static final double L6 = 1.531383769920937332e-01;
  private static final double L7 = 1.479819860511658591e-01;
  // exp.go: exp2 and expmulti.
  private static final double EXP2_OVERFLOW = 1.0239999999999999e+03;
  private static final double EXP2_UNDERFLOW = -1.0740e+03;
  private static final double P1 = 1.66666666666666657415e-01;
  private static final double P2 = -2.77777777770155933842e-03;
  private static final double P3 = 6.61375632143793436117e-05;
  private static final double P4 = -1.65339022054652515390e-06;
  private static final double P5 = 4.13813679705723846039e-08;

  private GoMath() {}

  /** Go's {@code math.Log} on amd64 ({@code archLog} in {@code log_amd64.s}). */
  static double log(double x) {
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x < 0) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY || Double.isNaN(x)) {
      return x;
    }
    // f1, ki := Frexp(x), done on the bits: the mantissa with the exponent of 0.5, and the exponent plus one
    long bits = Double.doubleToRawLongBits(x);
    double f1 = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FE0000000000000L);
    double k = (int) ((bits >>> 52) & 0x7FF) - 0x3FE;
    // CMPSD ..., 5 (not less than): f1 <= sqrt(2)/2 halves the exponent's step; log.go writes f1 < Sqrt2/2, which
    // differs only for a mantissa of exactly sqrt(2)/2
    if (!(HALF_SQRT2 < f1)) {
      k -= 1.0;
      f1 *= 2.0;
    }
    double f = f1 - 1.0;
    double s = f / (2.0 + f);
    double s2 = s * s;
    double s4 = s2 * s2;
    double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
    double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
    double r = t1 + t2;
    double hfsq = 0.5 * f * f;
    return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }

  /** Go's {@code math.Exp2} on amd64 ({@code exp2} in {@code exp.go}). */
  static double exp2(double x) {
    if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
      return x;
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    if (x > EXP2_OVERFLOW) {
      return Double.POSITIVE_INFINITY;
    }
    if (x < EXP2_UNDERFLOW) {
      return 0;
    }
    // argument reduction; x = r×lg(e) + k with |r| ≤ ln(2)/2, Go's int(...) truncating toward zero
    int k = 0;
    if (x > 0) {
      k = (int) (x + 0.5);
    } else if (x < 0) {
      k = (int) (x - 0.5);
    }
    double t = x - k;
    double hi = t * LN2_HI;
    double lo = -t * LN2_LO;
    return expmulti(hi, lo, k);
  }

  /** e**r × 2**k where r = hi - lo and |r| ≤ ln(2)/2 ({@code expmulti} in {@code exp.go}). */
  private static double expmulti(double hi, double lo, int k) {
    double r = hi - lo;
    double t = r * r;
    double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
    return ldexp(y, k);
  }

  /**
   * Go's {@code math.Pow(x, y)} for a whole {@code y} ({@code pow.go}): the special cases in Go's order, then
   * {@code x}'s mantissa squared repeatedly and multiplied in for each bit of {@code |y|}, the powers of two
   * collected apart, and the reciprocal taken for a negative {@code y}.
   *
   * @throws IllegalArgumentException if {@code y} is not a whole number (the recommender never asks for one)
   */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (y == 1) {
      return x;
    }
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.NaN;
    }
    if (Double.isInfinite(y)) {
      if (x == -1) {
        return 1;
      }
      return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (y != Math.rint(y)) {
      throw new IllegalArgumentException("only whole exponents are supported, was " + y);
    }
    boolean oddY = Math.abs(y) < 0x1p63 && (((long) y) & 1) == 1;
    if (x == 0) {
      if (y < 0) {
        return oddY ? Math.copySign(Double.POSITIVE_INFINITY, x) : Double.POSITIVE_INFINITY;
      }
      return oddY ? x : 0;
    }
    if (Double.isInfinite(x)) {
      if (x < 0) {
        return pow(1 / x, -y); // Pow(-0, -y)
      }
      return y < 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    double yi = Math.abs(y);
    if (yi >= 0x1p63) {
      // a large even number that overflows (or underflows to 0) for every x but -1 (x == 1 was handled above)
      if (x == -1) {
        return 1;
      }
      return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
    }
    double a1 = 1.0;
    long ae = 0;
    // x1, xe := Frexp(x)
    int xe0 = Math.getExponent(x);
    long xe;
    double x1;
    if (xe0 == Double.MIN_EXPONENT - 1) { // subnormal: normalize first, as Go's frexp does
      double normal = x * 0x1p52;
      xe = (long) Math.getExponent(normal) + 1 - 52;
      x1 = normal / Math.scalb(1.0, Math.getExponent(normal) + 1);
    } else {
      xe = (long) xe0 + 1;
      x1 = Math.scalb(x, -(xe0 + 1));
    }
    for (long i = (long) yi; i != 0; i >>= 1) {
      if (xe < -(1 << 12) || (1 << 12) < xe) {
        // the exponent is past any double's: the final Ldexp under- or overflows
        ae += xe;
        break;
      }
      if ((i & 1) == 1) {
        a1 *= x1;
        ae += xe;
      }
      x1 *= x1;
      xe <<= 1;
      if (x1 < 0.5) {
        x1 += x1;
        xe--;
      }
    }
    if (y < 0) {
      a1 = 1 / a1;
      ae = -ae;
    }
    return ldexp(a1, ae);
  }

  /** frac × 2**exp, rounded once ({@code Ldexp}). */
  private static double ldexp(double frac, long exp) {
    int clamped = (int) Math.max(-4000, Math.min(4000, exp)); // past ±2100 the result is 0 or infinite anyway
    return Math.scalb(frac, clamped);
  }
}
