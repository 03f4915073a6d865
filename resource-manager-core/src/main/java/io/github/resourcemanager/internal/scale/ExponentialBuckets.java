package io.github.resourcemanager.internal.scale;

/**
 * The VPA's exponential histogram buckets (util/histogram_options.go): bucket {@code n} has size
 * {@code firstBucketSize × ratio^n}, so bucket {@code n ≥ 1} starts at
 * {@code firstBucketSize × (ratio^n − 1) / (ratio − 1)}, and the last bucket starts at or above {@code maxValue}.
 * A bucket whose weight is below {@code epsilon} counts as empty. Logarithms and powers are Go's, as the recommender
 * computes them ({@link GoMath}), so that bucket boundaries and the bucket of every value are the recommender's to the
 * last bit, on every JVM. Immutable.
 */
public final class ExponentialBuckets implements HistogramBuckets {
  /**
   * The most buckets a histogram may have: each agent keeps one array of this many weights per histogram, so the
   * count must fit an array and stay affordable for every tracked agent (the VPA's defaults need 176 and 176).
   */
  public static final int MAX_BUCKETS = 10_000;

  final int numBuckets;
  final double firstBucketSize;
  final double ratio;
  final double epsilon;
  private final double logRatio;

  /**
   * The buckets of the VPA recommender's histograms: each {@code growth} larger than the previous one (0.05 for
   * 5 %), with the VPA's epsilon.
   *
   * @throws IllegalArgumentException if {@code maxValue} or {@code firstBucketSize} is not a positive finite
   *     number, {@code 1 + growth} is not above 1, or more than {@value #MAX_BUCKETS} buckets would be needed
   */
  public static ExponentialBuckets ofVpa(double maxValue, double firstBucketSize, double growth) {
    return new ExponentialBuckets(maxValue, firstBucketSize, 1.0 + growth, AgentState.EPSILON);
  }

  ExponentialBuckets(double maxValue, double firstBucketSize, double ratio, double epsilon) {
    if (!(maxValue > 0) || !(firstBucketSize > 0) || !(ratio > 1) || !(epsilon > 0)
        || !Double.isFinite(maxValue) || !Double.isFinite(firstBucketSize) || !Double.isFinite(ratio)) {
      throw new IllegalArgumentException("histogram maxValue, firstBucketSize and epsilon must be > 0 and ratio > 1, was "
          + maxValue + ", " + firstBucketSize + ", " + epsilon + " and " + ratio);
    }
    this.firstBucketSize = firstBucketSize;
    this.ratio = ratio;
    this.epsilon = epsilon;
    this.logRatio = GoMath.log(ratio);
    // NewExponentialHistogramOptions: int(math.Ceil(log(ratio, maxValue*(ratio-1)/firstBucketSize+1))) + 1, where
    // log(base, x) is math.Log(x) / math.Log(base). Counted as a double first: a tiny growth over a wide range needs
    // more buckets than an int holds.
    double count = Math.ceil(GoMath.log(maxValue * (ratio - 1) / firstBucketSize + 1) / logRatio) + 1;
    if (!(count <= MAX_BUCKETS)) {
      throw new IllegalArgumentException("a histogram from " + firstBucketSize + " to " + maxValue + " growing by "
          + (ratio - 1) + " per bucket needs " + (Double.isFinite(count) ? String.format(java.util.Locale.ROOT, "%.0f",
          count) : "infinitely many") + " buckets; at most " + MAX_BUCKETS + " are allowed: raise the bucket growth or "
          + "the first bucket size, or lower the largest value");
    }
    this.numBuckets = (int) count;
  }

  @Override
  public int numBuckets() {
    return numBuckets;
  }

  @Override
  public double epsilon() {
    return epsilon;
  }

  /** The bucket of {@code value}: the first for values below the first bucket's end, the last for large ones. */
  @Override
  public int findBucket(double value) {
    if (value < firstBucketSize) {
      return 0;
    }
    int bucket = (int) (GoMath.log(value * (ratio - 1) / firstBucketSize + 1) / logRatio);
    return Math.min(bucket, numBuckets - 1);
  }

  /** Where bucket {@code bucket} starts. */
  @Override
  public double bucketStart(int bucket) {
    if (bucket < 0 || bucket >= numBuckets) {
      throw new IndexOutOfBoundsException("bucket " + bucket + " is outside 0.." + (numBuckets - 1));
    }
    if (bucket == 0) {
      return 0.0;
    }
    return firstBucketSize * (GoMath.pow(ratio, bucket) - 1) / (ratio - 1);
  }
}
