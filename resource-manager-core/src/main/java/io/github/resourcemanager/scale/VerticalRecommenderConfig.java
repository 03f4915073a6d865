package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.scale.ExponentialBuckets;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link VerticalRecommender}, with the VPA recommender's defaults
 * (kubernetes/autoscaler {@code vertical-pod-autoscaler/pkg/recommender}). Build with {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>cpuMetric</td><td>{@code agent.cpu.usage}</td><td>per-agent CPU in % of all CPUs, read from samples</td></tr>
 *   <tr><td>memoryMetric</td><td>none</td><td>per-agent memory in bytes, read from samples (for example a
 *       container's working set written by a Docker source)</td></tr>
 *   <tr><td>sampleInterval</td><td>1 min</td><td>at most one sample per agent per interval, as the VPA fetches
 *       metrics once a minute (the confidence formula assumes it)</td></tr>
 *   <tr><td>cpuHistogram</td><td>first bucket 0.01 cores, ratio 1.05, max 1000 cores</td><td>bucketing of CPU samples</td></tr>
 *   <tr><td>memoryHistogram</td><td>first bucket 10^7 bytes, ratio 1.05, max 10^12 bytes</td><td>bucketing of memory peaks</td></tr>
 *   <tr><td>cpuHalfLife / memoryHalfLife</td><td>24 h</td><td>a sample loses half its weight per half-life</td></tr>
 *   <tr><td>memoryAggregationInterval</td><td>24 h</td><td>one memory peak per interval</td></tr>
 *   <tr><td>memoryAggregationIntervalCount</td><td>8</td><td>state unused for this many intervals is dropped</td></tr>
 *   <tr><td>oomBumpUpRatio / oomMinBumpUp</td><td>1.2 / 100 MiB</td><td>an OOM kill records max(memory × 1.2,
 *       memory + 100 MiB)</td></tr>
 *   <tr><td>safetyMarginFraction</td><td>0.15</td><td>added to every estimate</td></tr>
 *   <tr><td>target / lowerBound / upperBound percentiles</td><td>0.9 / 0.5 / 0.95</td><td>for CPU and memory</td></tr>
 *   <tr><td>cpu / memory confidenceInterval</td><td>24 h</td><td>the "day" of the confidence formula</td></tr>
 *   <tr><td>minCpu / minMemory</td><td>25m / 250 MiB</td><td>the smallest recommendation</td></tr>
 *   <tr><td>minAllowed / maxAllowed</td><td>none</td><td>bounds applied to target and bounds (the uncapped target
 *       is kept)</td></tr>
 *   <tr><td>maxAgents</td><td>10,000</td><td>agents tracked at once</td></tr>
 * </table>
 */
public final class VerticalRecommenderConfig {

  private final Metric cpuMetric;
  private final @Nullable Metric memoryMetric;
  private final Duration sampleInterval;
  private final double cpuFirstBucketCores;
  private final double cpuMaxCores;
  private final double memoryFirstBucketBytes;
  private final double memoryMaxBytes;
  private final double bucketGrowth;
  private final Duration cpuHalfLife;
  private final Duration memoryHalfLife;
  private final Duration memoryAggregationInterval;
  private final int memoryAggregationIntervalCount;
  private final double oomBumpUpRatio;
  private final ByteSize oomMinBumpUp;
  private final double safetyMarginFraction;
  private final double targetCpuPercentile;
  private final double lowerBoundCpuPercentile;
  private final double upperBoundCpuPercentile;
  private final double targetMemoryPercentile;
  private final double lowerBoundMemoryPercentile;
  private final double upperBoundMemoryPercentile;
  private final Duration cpuConfidenceInterval;
  private final Duration memoryConfidenceInterval;
  private final CpuQuantity minCpu;
  private final ByteSize minMemory;
  private final @Nullable CpuQuantity minAllowedCpu;
  private final @Nullable CpuQuantity maxAllowedCpu;
  private final @Nullable ByteSize minAllowedMemory;
  private final @Nullable ByteSize maxAllowedMemory;
  private final int maxAgents;

  private VerticalRecommenderConfig(Builder b) {
    this.cpuMetric = requireAgentMetric("cpuMetric", b.cpuMetric, Unit.PERCENT);
    Metric memory = b.memoryMetric;
    this.memoryMetric = memory == null ? null : requireAgentMetric("memoryMetric", memory, Unit.BYTES);
    this.sampleInterval = b.sampleInterval;
    Durations.nonNegativeNanos("sampleInterval", b.sampleInterval);
    checkBuckets("cpuHistogram", b.cpuMaxCores, b.cpuFirstBucketCores, b.bucketGrowth);
    checkBuckets("memoryHistogram", b.memoryMaxBytes, b.memoryFirstBucketBytes, b.bucketGrowth);
    this.cpuFirstBucketCores = b.cpuFirstBucketCores;
    this.cpuMaxCores = b.cpuMaxCores;
    this.memoryFirstBucketBytes = b.memoryFirstBucketBytes;
    this.memoryMaxBytes = b.memoryMaxBytes;
    this.bucketGrowth = b.bucketGrowth;
    this.cpuHalfLife = positiveMillis("cpuHalfLife", b.cpuHalfLife);
    this.memoryHalfLife = positiveMillis("memoryHalfLife", b.memoryHalfLife);
    this.memoryAggregationInterval = positiveMillis("memoryAggregationInterval", b.memoryAggregationInterval);
    if (b.memoryAggregationIntervalCount < 1) {
      throw new IllegalArgumentException("memoryAggregationIntervalCount must be at least 1, was "
          + b.memoryAggregationIntervalCount);
    }
    this.memoryAggregationIntervalCount = b.memoryAggregationIntervalCount;
    // The recommender keeps an agent's state for interval x count: that product must be a duration it can count.
    long intervalMillis = memoryAggregationInterval.toMillis();
    if (intervalMillis > Long.MAX_VALUE / memoryAggregationIntervalCount) {
      throw new IllegalArgumentException("memoryAggregationInterval " + memoryAggregationInterval + " x "
          + "memoryAggregationIntervalCount " + memoryAggregationIntervalCount + " is longer than " + Long.MAX_VALUE
          + " ms; lower one of them");
    }
    if (!(b.oomBumpUpRatio >= 1.0) || !Double.isFinite(b.oomBumpUpRatio)) {
      throw new IllegalArgumentException("oomBumpUpRatio must be a finite number >= 1, was " + b.oomBumpUpRatio);
    }
    this.oomBumpUpRatio = b.oomBumpUpRatio;
    this.oomMinBumpUp = require("oomMinBumpUp", b.oomMinBumpUp);
    if (!(b.safetyMarginFraction >= 0) || !Double.isFinite(b.safetyMarginFraction)) {
      throw new IllegalArgumentException("safetyMarginFraction must be a finite number >= 0, was " + b.safetyMarginFraction);
    }
    this.safetyMarginFraction = b.safetyMarginFraction;
    this.targetCpuPercentile = percentile("targetCpuPercentile", b.targetCpuPercentile);
    this.lowerBoundCpuPercentile = percentile("lowerBoundCpuPercentile", b.lowerBoundCpuPercentile);
    this.upperBoundCpuPercentile = percentile("upperBoundCpuPercentile", b.upperBoundCpuPercentile);
    this.targetMemoryPercentile = percentile("targetMemoryPercentile", b.targetMemoryPercentile);
    this.lowerBoundMemoryPercentile = percentile("lowerBoundMemoryPercentile", b.lowerBoundMemoryPercentile);
    this.upperBoundMemoryPercentile = percentile("upperBoundMemoryPercentile", b.upperBoundMemoryPercentile);
    this.cpuConfidenceInterval = positiveMillis("cpuConfidenceInterval", b.cpuConfidenceInterval);
    this.memoryConfidenceInterval = positiveMillis("memoryConfidenceInterval", b.memoryConfidenceInterval);
    this.minCpu = require("minCpu", b.minCpu);
    this.minMemory = require("minMemory", b.minMemory);
    CpuQuantity minCpuAllowed = b.minAllowedCpu;
    CpuQuantity maxCpuAllowed = b.maxAllowedCpu;
    if (minCpuAllowed != null && maxCpuAllowed != null && minCpuAllowed.compareTo(maxCpuAllowed) > 0) {
      throw new IllegalArgumentException("minAllowedCpu " + minCpuAllowed + " must not exceed maxAllowedCpu "
          + maxCpuAllowed);
    }
    this.minAllowedCpu = minCpuAllowed;
    this.maxAllowedCpu = maxCpuAllowed;
    ByteSize minMemoryAllowed = b.minAllowedMemory;
    ByteSize maxMemoryAllowed = b.maxAllowedMemory;
    if (minMemoryAllowed != null && maxMemoryAllowed != null && minMemoryAllowed.compareTo(maxMemoryAllowed) > 0) {
      throw new IllegalArgumentException("minAllowedMemory " + minMemoryAllowed + " must not exceed maxAllowedMemory "
          + maxMemoryAllowed);
    }
    this.minAllowedMemory = minMemoryAllowed;
    this.maxAllowedMemory = maxMemoryAllowed;
    if (b.maxAgents < 1) {
      throw new IllegalArgumentException("maxAgents must be at least 1, was " + b.maxAgents);
    }
    this.maxAgents = b.maxAgents;
  }

  private static Metric requireAgentMetric(String field, Metric metric, Unit unit) {
    Objects.requireNonNull(metric, field);
    if (!metric.isAgentMetric() || metric.unit() != unit) {
      throw new IllegalArgumentException(field + " must be a per-agent metric (named agent.*) in " + unit + ", was "
          + metric.name() + " in " + metric.unit());
    }
    return metric;
  }

  private static void checkBuckets(String field, double max, double first, double growth) {
    if (!(max > 0) || !(first > 0) || !(growth > 0) || !Double.isFinite(max) || !Double.isFinite(first)
        || !Double.isFinite(growth) || first > max) {
      throw new IllegalArgumentException(field + " needs 0 < firstBucketSize <= maxValue and bucketGrowth > 0, was "
          + "firstBucketSize " + first + ", maxValue " + max + ", bucketGrowth " + growth);
    }
    try {
      ExponentialBuckets.ofVpa(max, first, growth); // the recommender's own checks, so that creating it cannot fail
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " (firstBucketSize " + first + ", maxValue " + max + ") with "
          + "bucketGrowth " + growth + " is not allowed: " + e.getMessage(), e);
    }
  }

  private static Duration positiveMillis(String field, Duration value) {
    Durations.positiveNanos(field, value);
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(field + " must be at least 1 ms, was " + value);
    }
    return value;
  }

  private static double percentile(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be between 0 and 1 (0.9 is the 90th percentile), was " + value);
    }
    return value;
  }

  /** {@code value}; a null one, which a setter let through, is a NullPointerException naming the setting. */
  private static <T> T require(String field, @Nullable T value) {
    return Objects.requireNonNull(value, field);
  }

  /** A builder with the VPA's defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The VPA's defaults. */
  public static VerticalRecommenderConfig ofDefaults() {
    return custom().build();
  }

  /** The per-agent CPU metric, in percent of all CPUs. */
  public Metric cpuMetric() {
    return cpuMetric;
  }

  /** The per-agent memory metric in bytes, if samples carry one. */
  public Optional<Metric> memoryMetric() {
    return Optional.ofNullable(memoryMetric);
  }

  /** At most one sample per agent per this interval is taken from the monitor. */
  public Duration sampleInterval() {
    return sampleInterval;
  }

  /** The size of the first bucket of the CPU histogram, in cores. */
  public double cpuFirstBucketCores() {
    return cpuFirstBucketCores;
  }

  /** The largest CPU value the histogram tells apart, in cores: larger samples go into its last bucket. */
  public double cpuMaxCores() {
    return cpuMaxCores;
  }

  /** The size of the first bucket of the memory histogram, in bytes. */
  public double memoryFirstBucketBytes() {
    return memoryFirstBucketBytes;
  }

  /** The largest memory value the histogram tells apart, in bytes: larger peaks go into its last bucket. */
  public double memoryMaxBytes() {
    return memoryMaxBytes;
  }

  /** How much larger each histogram bucket is than the previous one (0.05: 5 % larger). */
  public double bucketGrowth() {
    return bucketGrowth;
  }

  /** The half-life of CPU samples. */
  public Duration cpuHalfLife() {
    return cpuHalfLife;
  }

  /** The half-life of memory peaks. */
  public Duration memoryHalfLife() {
    return memoryHalfLife;
  }

  /** One memory peak is recorded per interval. */
  public Duration memoryAggregationInterval() {
    return memoryAggregationInterval;
  }

  /** State unused for this many aggregation intervals is dropped. */
  public int memoryAggregationIntervalCount() {
    return memoryAggregationIntervalCount;
  }

  /** An OOM kill records at least the memory at the kill times this. */
  public double oomBumpUpRatio() {
    return oomBumpUpRatio;
  }

  /** An OOM kill records at least the memory at the kill plus this. */
  public ByteSize oomMinBumpUp() {
    return oomMinBumpUp;
  }

  /** Added to every estimate, as a fraction of it. */
  public double safetyMarginFraction() {
    return safetyMarginFraction;
  }

  /** The CPU target's percentile, 0 to 1. */
  public double targetCpuPercentile() {
    return targetCpuPercentile;
  }

  /** The CPU lower bound's percentile. */
  public double lowerBoundCpuPercentile() {
    return lowerBoundCpuPercentile;
  }

  /** The CPU upper bound's percentile. */
  public double upperBoundCpuPercentile() {
    return upperBoundCpuPercentile;
  }

  /** The memory target's percentile. */
  public double targetMemoryPercentile() {
    return targetMemoryPercentile;
  }

  /** The memory lower bound's percentile. */
  public double lowerBoundMemoryPercentile() {
    return lowerBoundMemoryPercentile;
  }

  /** The memory upper bound's percentile. */
  public double upperBoundMemoryPercentile() {
    return upperBoundMemoryPercentile;
  }

  /** The "day" of the CPU confidence formula. */
  public Duration cpuConfidenceInterval() {
    return cpuConfidenceInterval;
  }

  /** The "day" of the memory confidence formula. */
  public Duration memoryConfidenceInterval() {
    return memoryConfidenceInterval;
  }

  /** The smallest CPU recommendation. */
  public CpuQuantity minCpu() {
    return minCpu;
  }

  /** The smallest memory recommendation. */
  public ByteSize minMemory() {
    return minMemory;
  }

  /** The lowest CPU recommended after capping, if bounded. */
  public Optional<CpuQuantity> minAllowedCpu() {
    return Optional.ofNullable(minAllowedCpu);
  }

  /** The highest CPU recommended after capping, if bounded. */
  public Optional<CpuQuantity> maxAllowedCpu() {
    return Optional.ofNullable(maxAllowedCpu);
  }

  /** The lowest memory recommended after capping, if bounded. */
  public Optional<ByteSize> minAllowedMemory() {
    return Optional.ofNullable(minAllowedMemory);
  }

  /** The highest memory recommended after capping, if bounded. */
  public Optional<ByteSize> maxAllowedMemory() {
    return Optional.ofNullable(maxAllowedMemory);
  }

  /** Agents tracked at once. */
  public int maxAgents() {
    return maxAgents;
  }

  @Override
  public String toString() {
    return "VerticalRecommenderConfig{cpu " + cpuMetric + (memoryMetric == null ? "" : ", memory " + memoryMetric)
        + ", target p" + targetCpuPercentile + "/p" + targetMemoryPercentile + " + " + safetyMarginFraction
        + ", half-life " + cpuHalfLife + "/" + memoryHalfLife + "}";
  }

  /** Builds a {@link VerticalRecommenderConfig}. Not thread-safe. */
  public static final class Builder {
    private Metric cpuMetric = Metric.AGENT_CPU_USAGE;
    private @Nullable Metric memoryMetric;
    private Duration sampleInterval = Duration.ofMinutes(1);
    private double cpuFirstBucketCores = 0.01;
    private double cpuMaxCores = 1000.0;
    private double memoryFirstBucketBytes = 1e7;
    private double memoryMaxBytes = 1e12;
    private double bucketGrowth = 0.05;
    private Duration cpuHalfLife = Duration.ofHours(24);
    private Duration memoryHalfLife = Duration.ofHours(24);
    private Duration memoryAggregationInterval = Duration.ofHours(24);
    private int memoryAggregationIntervalCount = 8;
    private double oomBumpUpRatio = 1.2;
    private ByteSize oomMinBumpUp = ByteSize.ofMebibytes(100);
    private double safetyMarginFraction = 0.15;
    private double targetCpuPercentile = 0.9;
    private double lowerBoundCpuPercentile = 0.5;
    private double upperBoundCpuPercentile = 0.95;
    private double targetMemoryPercentile = 0.9;
    private double lowerBoundMemoryPercentile = 0.5;
    private double upperBoundMemoryPercentile = 0.95;
    private Duration cpuConfidenceInterval = Duration.ofHours(24);
    private Duration memoryConfidenceInterval = Duration.ofHours(24);
    private CpuQuantity minCpu = CpuQuantity.ofMillicores(25);
    private ByteSize minMemory = ByteSize.ofMebibytes(250);
    private @Nullable CpuQuantity minAllowedCpu;
    private @Nullable CpuQuantity maxAllowedCpu;
    private @Nullable ByteSize minAllowedMemory;
    private @Nullable ByteSize maxAllowedMemory;
    private int maxAgents = 10_000;

    private Builder() {}

    /** The per-agent CPU metric in percent of all CPUs; default {@link Metric#AGENT_CPU_USAGE}. */
    public Builder cpuMetric(Metric metric) {
      this.cpuMetric = metric;
      return this;
    }

    /** The per-agent memory metric in bytes; default none, which null restores. */
    public Builder memoryMetric(@Nullable Metric metric) {
      this.memoryMetric = metric;
      return this;
    }

    /** At most one sample per agent per interval is taken from the monitor; default 1 min, 0 takes every sample. */
    public Builder sampleInterval(Duration interval) {
      this.sampleInterval = interval;
      return this;
    }

    /** CPU buckets: the first bucket's size and the largest value, in cores; default 0.01 and 1000. */
    public Builder cpuHistogram(double firstBucketCores, double maxCores) {
      this.cpuFirstBucketCores = firstBucketCores;
      this.cpuMaxCores = maxCores;
      return this;
    }

    /** Memory buckets: the first bucket's size and the largest value, in bytes; default 10^7 and 10^12. */
    public Builder memoryHistogram(double firstBucketBytes, double maxBytes) {
      this.memoryFirstBucketBytes = firstBucketBytes;
      this.memoryMaxBytes = maxBytes;
      return this;
    }

    /**
     * How much larger each bucket is than the previous one; default 0.05 (ratio 1.05). Validated by {@link #build()}
     * with the histograms' ranges: each histogram may need at most 10,000 buckets (each agent keeps one weight per
     * bucket).
     */
    public Builder bucketGrowth(double growth) {
      this.bucketGrowth = growth;
      return this;
    }

    /** The half-life of CPU samples; default 24 h. */
    public Builder cpuHalfLife(Duration halfLife) {
      this.cpuHalfLife = halfLife;
      return this;
    }

    /** The half-life of memory peaks; default 24 h. */
    public Builder memoryHalfLife(Duration halfLife) {
      this.memoryHalfLife = halfLife;
      return this;
    }

    /** One memory peak per interval; default 24 h. */
    public Builder memoryAggregationInterval(Duration interval) {
      this.memoryAggregationInterval = interval;
      return this;
    }

    /** State unused for this many intervals is dropped; default 8. */
    public Builder memoryAggregationIntervalCount(int count) {
      this.memoryAggregationIntervalCount = count;
      return this;
    }

    /** An OOM kill records at least the memory times this; default 1.2. */
    public Builder oomBumpUpRatio(double ratio) {
      this.oomBumpUpRatio = ratio;
      return this;
    }

    /** An OOM kill records at least the memory plus this; default 100 MiB. */
    public Builder oomMinBumpUp(ByteSize bump) {
      this.oomMinBumpUp = bump;
      return this;
    }

    /** Added to every estimate, as a fraction; default 0.15. */
    public Builder safetyMarginFraction(double fraction) {
      this.safetyMarginFraction = fraction;
      return this;
    }

    /** Percentiles (0 to 1) of the CPU target, lower and upper bound; default 0.9, 0.5, 0.95. */
    public Builder cpuPercentiles(double target, double lowerBound, double upperBound) {
      this.targetCpuPercentile = target;
      this.lowerBoundCpuPercentile = lowerBound;
      this.upperBoundCpuPercentile = upperBound;
      return this;
    }

    /** Percentiles (0 to 1) of the memory target, lower and upper bound; default 0.9, 0.5, 0.95. */
    public Builder memoryPercentiles(double target, double lowerBound, double upperBound) {
      this.targetMemoryPercentile = target;
      this.lowerBoundMemoryPercentile = lowerBound;
      this.upperBoundMemoryPercentile = upperBound;
      return this;
    }

    /** The "day" of the confidence formula, for CPU and memory; default 24 h each. */
    public Builder confidenceIntervals(Duration cpu, Duration memory) {
      this.cpuConfidenceInterval = cpu;
      this.memoryConfidenceInterval = memory;
      return this;
    }

    /** The smallest recommendations; default 25m and 250 MiB. */
    public Builder minimumRecommendation(CpuQuantity cpu, ByteSize memory) {
      this.minCpu = cpu;
      this.minMemory = memory;
      return this;
    }

    /** Bounds the CPU recommendation (null for none); default none. */
    public Builder allowedCpu(@Nullable CpuQuantity min, @Nullable CpuQuantity max) {
      this.minAllowedCpu = min;
      this.maxAllowedCpu = max;
      return this;
    }

    /** Bounds the memory recommendation (null for none); default none. */
    public Builder allowedMemory(@Nullable ByteSize min, @Nullable ByteSize max) {
      this.minAllowedMemory = min;
      this.maxAllowedMemory = max;
      return this;
    }

    /** Agents tracked at once; default 10,000. */
    public Builder maxAgents(int maxAgents) {
      this.maxAgents = maxAgents;
      return this;
    }

    /**
     * Validates and builds the configuration.
     *
     * @throws NullPointerException naming the setting if a setting other than those where null means "none" was
     *     given null
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public VerticalRecommenderConfig build() {
      return new VerticalRecommenderConfig(this);
    }
  }
}
