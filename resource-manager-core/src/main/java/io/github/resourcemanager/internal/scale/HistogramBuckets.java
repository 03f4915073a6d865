package io.github.resourcemanager.internal.scale;

/**
 * How a histogram's values map to buckets: the VPA's {@code HistogramOptions} (util/histogram_options.go). The
 * recommender uses {@link ExponentialBuckets}; the interface lets the histogram be tested on the upstream tests'
 * linear buckets as well.
 */
interface HistogramBuckets {

  /** The number of buckets. */
  int numBuckets();

  /** The bucket of {@code value}: the first or the last one for values outside the range covered. */
  int findBucket(double value);

  /** Where bucket {@code bucket} starts; {@code bucket} must be within 0 to {@code numBuckets() - 1}. */
  double bucketStart(int bucket);

  /** The least weight of a bucket that counts as non-empty. */
  double epsilon();
}
