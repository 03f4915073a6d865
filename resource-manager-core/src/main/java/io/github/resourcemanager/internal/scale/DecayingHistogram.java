package io.github.resourcemanager.internal.scale;

/**
 * The VPA's decaying histogram (util/histogram.go and util/decaying_histogram.go): each bucket holds the total
 * weight of its samples, and a sample's weight is multiplied by {@code 2^((time − reference) / halfLife)}, so an
 * older sample counts half as much per half-life. The reference time is a whole number of half-lives since the
 * zero time of Go's {@code time.Time} (as the VPA rounds it), moved forward (rescaling every weight) when the
 * exponent would exceed 100. Percentiles return the end of the bucket in which the cumulative weight reaches
 * the fraction; there is no interpolation within a bucket.
 *
 * <p>Times are epoch milliseconds. Adding and subtracting allocate nothing. Not thread-safe.
 */
final class DecayingHistogram {
  /** Go's zero time, 0001-01-01T00:00:00Z, in epoch milliseconds: the VPA's initial reference time. */
  static final long GO_ZERO_TIME_MILLIS = -62_135_596_800_000L;
  private static final int MAX_DECAY_EXPONENT = 100;
  private static final long MAX_NANOS_AS_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private final HistogramBuckets buckets;
  private final double epsilon;
  private final int numBuckets;
  private final double[] weights;
  private final long halfLifeMillis;
  private double totalWeight;
  private int minBucket;
  private int maxBucket;
  private long referenceMillis = GO_ZERO_TIME_MILLIS;

  DecayingHistogram(HistogramBuckets buckets, long halfLifeMillis) {
    this.buckets = buckets;
    this.epsilon = buckets.epsilon();
    this.numBuckets = buckets.numBuckets();
    this.weights = new double[numBuckets];
    this.halfLifeMillis = halfLifeMillis;
    this.minBucket = numBuckets - 1;
    this.maxBucket = 0;
  }

  void addSample(double value, double weight, long timeMillis) {
    if (weight < 0) {
      throw new IllegalArgumentException("sample weight must not be negative, was " + weight);
    }
    double w = weight * decayFactor(timeMillis);
    int bucket = buckets.findBucket(value);
    weights[bucket] += w;
    totalWeight += w;
    if (bucket < minBucket && weights[bucket] >= epsilon) {
      minBucket = bucket;
    }
    if (bucket > maxBucket && weights[bucket] >= epsilon) {
      maxBucket = bucket;
    }
  }

  void subtractSample(double value, double weight, long timeMillis) {
    if (weight < 0) {
      throw new IllegalArgumentException("sample weight must not be negative, was " + weight);
    }
    double w = weight * decayFactor(timeMillis);
    int bucket = buckets.findBucket(value);
    totalWeight = safeSubtract(totalWeight, w, epsilon);
    weights[bucket] = safeSubtract(weights[bucket], w, epsilon);
    updateMinAndMaxBucket();
  }

  private static double safeSubtract(double value, double sub, double epsilon) {
    double result = value - sub;
    return result < epsilon ? 0.0 : result;
  }

  /** The end of the bucket where the cumulative weight reaches {@code percentile} (0 to 1); 0 when empty. */
  double percentile(double percentile) {
    if (isEmpty()) {
      return 0.0;
    }
    double partialSum = 0.0;
    double threshold = percentile * totalWeight;
    int bucket = minBucket;
    for (; bucket < maxBucket; bucket++) {
      partialSum += weights[bucket];
      if (partialSum >= threshold) {
        break;
      }
    }
    if (bucket < numBuckets - 1) {
      return buckets.bucketStart(bucket + 1);
    }
    return buckets.bucketStart(bucket); // the last bucket has no end
  }

  boolean isEmpty() {
    return weights[minBucket] < epsilon;
  }

  double totalWeight() {
    return totalWeight;
  }

  double weight(int bucket) {
    return weights[bucket];
  }

  long referenceMillis() {
    return referenceMillis;
  }

  private double decayFactor(long timeMillis) {
    long maxAllowed = referenceMillis + halfLifeMillis * MAX_DECAY_EXPONENT;
    if (timeMillis > maxAllowed) {
      shiftReference(timeMillis);
    }
    // math.Exp2(float64(timestamp.Sub(h.referenceTimestamp)) / float64(h.halfLife)): Go divides nanoseconds, and
    // a double of nanoseconds is not always the double of milliseconds times 10^6, so the division is done the same way
    long elapsed = timeMillis - referenceMillis;
    double exponent = Math.abs(elapsed) <= MAX_NANOS_AS_MILLIS && halfLifeMillis <= MAX_NANOS_AS_MILLIS
        ? (double) (elapsed * 1_000_000L) / (double) (halfLifeMillis * 1_000_000L)
        : (double) elapsed / halfLifeMillis; // beyond Go's Duration (292 years), which would saturate
    return GoMath.exp2(exponent);
  }

  private void shiftReference(long newReferenceMillis) {
    long rounded = roundToHalfLife(newReferenceMillis);
    int exponent = (int) Math.floor((double) (referenceMillis - rounded) / halfLifeMillis + 0.5);
    scale(Math.scalb(1.0, exponent));
    referenceMillis = rounded;
  }

  /** Go's {@code Time.Round(halfLife)}: the nearest multiple of the half-life since the zero time, halves up. */
  private long roundToHalfLife(long timeMillis) {
    long sinceZero = timeMillis - GO_ZERO_TIME_MILLIS;
    long remainder = Math.floorMod(sinceZero, halfLifeMillis);
    long down = sinceZero - remainder;
    long nearest = remainder + remainder < halfLifeMillis ? down : down + halfLifeMillis;
    return GO_ZERO_TIME_MILLIS + nearest;
  }

  private void scale(double factor) {
    for (int bucket = minBucket; bucket <= maxBucket; bucket++) {
      weights[bucket] *= factor;
    }
    totalWeight *= factor;
    updateMinAndMaxBucket();
  }

  private void updateMinAndMaxBucket() {
    int last = numBuckets - 1;
    while (weights[minBucket] < epsilon && minBucket < last) {
      minBucket++;
    }
    while (weights[maxBucket] < epsilon && maxBucket > 0) {
      maxBucket--;
    }
  }
}
