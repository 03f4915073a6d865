package io.github.resourcemanager.internal.scale;

/** Values as whole thousandths, the way Kubernetes compares quantities (by their milli-value). */
public final class Thousandths {
  private Thousandths() {}

  /**
   * Thousandths of {@code value}, rounded up as a Kubernetes quantity's {@code MilliValue()} is, ignoring binary
   * noise below a millionth of a thousandth (0.7 × 1000 is 700, not 701); {@code Long.MAX_VALUE} for values
   * beyond, 0 for {@code NaN}.
   */
  public static long roundedUp(double value) {
    double m = value * 1000.0;
    double nearest = Math.rint(m);
    double milli = Math.abs(m - nearest) < 1e-6 ? nearest : Math.ceil(m);
    if (milli >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return (long) milli;
  }
}
