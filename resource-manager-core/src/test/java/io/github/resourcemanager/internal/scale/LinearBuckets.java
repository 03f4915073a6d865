package io.github.resourcemanager.internal.scale;

/**
 * The VPA's linear buckets (util/histogram_options.go, NewLinearHistogramOptions and linearHistogramOptions), on which
 * the upstream histogram tests run: {@code ceil(maxValue / bucketSize) + 1} buckets of {@code bucketSize} from 0.
 */
final class LinearBuckets implements HistogramBuckets {
  private final int numBuckets;
  private final double bucketSize;
  private final double epsilon;

  LinearBuckets(double maxValue, double bucketSize, double epsilon) {
    this.numBuckets = (int) Math.ceil(maxValue / bucketSize) + 1;
    this.bucketSize = bucketSize;
    this.epsilon = epsilon;
  }

  @Override
  public int numBuckets() {
    return numBuckets;
  }

  @Override
  public int findBucket(double value) {
    int bucket = (int) (value / bucketSize);
    if (bucket < 0) {
      return 0;
    }
    return Math.min(bucket, numBuckets - 1);
  }

  @Override
  public double bucketStart(int bucket) {
    return bucket * bucketSize;
  }

  @Override
  public double epsilon() {
    return epsilon;
  }
}
