package io.github.resourcemanager.internal.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Go's math functions as the recommender computes them. Expected values are Go's own test vectors (src/math/all_test.go:
 * TestLog, TestExp2, which Go asserts exactly) or the operations of pow.go written out.
 */
class GoMathTest {

  // src/math/all_test.go: the inputs vf and the expected log, computed to 26 digits.
  private static final double[] VF = {
      4.9790119248836735e+00, 7.7388724745781045e+00, -2.7688005719200159e-01, -5.0106036182710749e+00,
      9.6362937071984173e+00, 2.9263772392439646e+00, 5.2290834314593066e+00, 2.7279399104360102e+00,
      1.8253080916808550e+00, -8.6859247685756013e+00};
  private static final double[] LOG = {
      1.605231462693062999102599e+00, 2.0462560018708770653153909e+00, -1.2841708730962657801275038e+00,
      1.6115563905281545116286206e+00, 2.2655365644872016636317461e+00, 1.0737652208918379856272735e+00,
      1.6542360106073546632707956e+00, 1.0035467127723465801264487e+00, 6.0174879014578057187016475e-01,
      2.161703872847352815363655e+00};
  private static final double LN10 = 2.30258509299404568401799145468436420760110148862877297603332790; // math.Ln10

  @Test
  void logGivesGosTestVectorsExactly() { // all_test.go, TestLog: log[i] != Log(Abs(vf[i])) is an error
    for (int i = 0; i < VF.length; i++) {
      assertThat(GoMath.log(Math.abs(VF[i]))).as("Log(%s)", Math.abs(VF[i])).isEqualTo(LOG[i]);
    }
    assertThat(GoMath.log(10)).isEqualTo(LN10);
  }

  @Test
  void logSpecialCases() { // log.go, Log: Log(+Inf) = +Inf, Log(0) = -Inf, Log(x < 0) = NaN, Log(NaN) = NaN
    assertThat(GoMath.log(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoMath.log(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoMath.log(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoMath.log(-1)).isNaN();
    assertThat(GoMath.log(Double.NaN)).isNaN();
    assertThat(GoMath.log(1)).isEqualTo(0.0); // f = 0 and k = 0: every term is 0
  }

  @Test
  void exp2OfEveryWholeNumberIsThePowerOfTwo() { // all_test.go, testExp2: Exp2(float64(n)) == Ldexp(1, n)
    for (int n = -1074; n < 1024; n++) {
      assertThat(GoMath.exp2(n)).as("Exp2(%d)", n).isEqualTo(Math.scalb(1.0, n));
    }
  }

  @Test
  void exp2SpecialCases() { // exp.go, Exp2 (special cases as Exp): +Inf, NaN, -Inf gives 0, overflow, underflow
    assertThat(GoMath.exp2(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoMath.exp2(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(GoMath.exp2(Double.NaN)).isNaN();
    assertThat(GoMath.exp2(1024)).isEqualTo(Double.POSITIVE_INFINITY); // above Overflow = 1.0239999999999999e+03
    assertThat(GoMath.exp2(-1075)).isEqualTo(0.0); // below Underflow = -1.0740e+03
  }

  @Test
  void exp2IsWithinOneUlpOfTheExactPower() { // exp.go: "the error is always less than 1 ulp"
    for (double x = -60; x <= 60; x += 0.01) {
      double exact = StrictMath.pow(2, x);
      assertThat(Math.abs(GoMath.exp2(x) - exact)).as("Exp2(%s)", x).isLessThanOrEqualTo(Math.ulp(exact));
    }
  }

  @Test
  void powOfAWholeExponentSquaresTheMantissaAndMultipliesItInPerBit() {
    // pow.go: x1 := frexp(x); for i := yi; i != 0; i >>= 1 { if i&1 == 1 { a1 *= x1 }; x1 *= x1 } (doubling x1 back
    // into [0.5, 1) changes only the exponent, so every rounding is that of the same products of x itself)
    double x = 1.05;
    double x2 = x * x;
    double x4 = x2 * x2;
    double x8 = x4 * x4;
    double x16 = x8 * x8;
    assertThat(GoMath.pow(x, 4)).isEqualTo(x4); // 4 = 0b100
    assertThat(GoMath.pow(x, 26)).isEqualTo((x2 * x8) * x16); // 26 = 0b11010
    assertThat(GoMath.pow(x, 175)).isEqualTo(powBySquaring(x, 175));
    // a negative exponent: the reciprocal of the mantissa's power (pow.go: a1 = 1 / a1; ae = -ae)
    assertThat(GoMath.pow(1.5, -2)).isEqualTo(1 / (1.5 * 1.5));
    // fdlibm (StrictMath) rounds 1.05^4 up instead: the bucket boundaries would differ in the last bit
    assertThat(StrictMath.pow(x, 4)).isNotEqualTo(x4);
  }

  /** pow.go's loop on the value itself (exact scaling by 2 aside, the same products are rounded). */
  private static double powBySquaring(double x, int n) {
    double result = 1;
    double square = x;
    for (int i = n; i != 0; i >>= 1) {
      if ((i & 1) == 1) {
        result *= square;
      }
      square *= square;
    }
    return result;
  }

  @Test
  void powSpecialCases() { // pow.go, Pow: the special cases in order
    assertThat(GoMath.pow(7, 0)).isEqualTo(1.0); // Pow(x, ±0) = 1 for any x
    assertThat(GoMath.pow(1, 9)).isEqualTo(1.0); // Pow(1, y) = 1 for any y
    assertThat(GoMath.pow(3.25, 1)).isEqualTo(3.25); // Pow(x, 1) = x for any x
    assertThat(GoMath.pow(Double.NaN, 2)).isNaN(); // Pow(NaN, y) = NaN
    assertThat(GoMath.pow(0.0, -3)).isEqualTo(Double.POSITIVE_INFINITY); // Pow(±0, y) = ±Inf for y an odd integer < 0
    assertThat(GoMath.pow(-0.0, -3)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoMath.pow(0.0, -2)).isEqualTo(Double.POSITIVE_INFINITY); // +Inf for y < 0 and not an odd integer
    assertThat(GoMath.pow(-0.0, 3)).isEqualTo(-0.0); // ±0 for y an odd integer > 0
    assertThat(GoMath.pow(-0.0, 2)).isEqualTo(0.0); // +0 for y > 0 and not an odd integer
    assertThat(GoMath.pow(Double.POSITIVE_INFINITY, 2)).isEqualTo(Double.POSITIVE_INFINITY); // Pow(+Inf, y) = +Inf for y > 0
    assertThat(GoMath.pow(Double.POSITIVE_INFINITY, -2)).isEqualTo(0.0); // Pow(+Inf, y) = +0 for y < 0
    assertThat(GoMath.pow(2, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY); // |x| > 1
    assertThat(GoMath.pow(0.5, Double.POSITIVE_INFINITY)).isEqualTo(0.0); // |x| < 1
  }
}
