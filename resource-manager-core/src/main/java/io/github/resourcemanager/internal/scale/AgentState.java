package io.github.resourcemanager.internal.scale;

/**
 * What the VPA keeps about one container, merged from model/container.go (ContainerState: the current memory
 * aggregation window and its peak) and model/aggregate_container_state.go (AggregateContainerState: the CPU
 * histogram, the histogram of memory peaks and the CPU sample counts). Times are epoch milliseconds;
 * {@link #UNSET} is Go's zero time. Not thread-safe.
 */
final class AgentState {
  static final long UNSET = Long.MIN_VALUE;
  /** Every CPU sample weighs the same (the VPA's minSampleWeight). */
  static final double CPU_SAMPLE_WEIGHT = 0.1;
  static final double MEMORY_SAMPLE_WEIGHT = 1.0;
  /** The VPA's epsilon: the smallest weight a histogram bucket holds to count (0.001 × the CPU sample weight). */
  static final double EPSILON = 0.001 * CPU_SAMPLE_WEIGHT;

  final DecayingHistogram cpu;
  final DecayingHistogram memoryPeaks;
  final long createdMillis;
  private final long memoryIntervalMillis;
  private final long oomMinBumpBytes;
  private final double oomBumpRatio;

  long firstSampleStart = UNSET;
  long lastSampleStart = UNSET;
  long totalSamples;
  private long lastCpuSampleStart = UNSET;
  private long memoryPeak;
  private long oomPeak;
  private long windowEnd = UNSET;
  private long lastMemorySampleStart = UNSET;
  long lastFedMillis = UNSET;

  AgentState(ExponentialBuckets cpuBuckets, long cpuHalfLifeMillis, ExponentialBuckets memoryBuckets,
      long memoryHalfLifeMillis, long memoryIntervalMillis, double oomBumpRatio, long oomMinBumpBytes, long createdMillis) {
    this.cpu = new DecayingHistogram(cpuBuckets, cpuHalfLifeMillis);
    this.memoryPeaks = new DecayingHistogram(memoryBuckets, memoryHalfLifeMillis);
    this.memoryIntervalMillis = memoryIntervalMillis;
    this.oomBumpRatio = oomBumpRatio;
    this.oomMinBumpBytes = oomMinBumpBytes;
    this.createdMillis = createdMillis;
  }

  /** Adds a CPU sample; discards negative, NaN, infinite, duplicate and out-of-order ones. */
  boolean addCpuSample(long timeMillis, double cores) {
    // An infinite sample would land in the histogram's last bucket and drag the recommendation to the maximum.
    if (!(cores >= 0) || cores == Double.POSITIVE_INFINITY || timeMillis <= lastCpuSampleStart) {
      return false;
    }
    cpu.addSample(cores, CPU_SAMPLE_WEIGHT, timeMillis);
    if (timeMillis > lastSampleStart) {
      lastSampleStart = timeMillis;
    }
    if (firstSampleStart == UNSET || timeMillis < firstSampleStart) {
      firstSampleStart = timeMillis;
    }
    totalSamples++;
    lastCpuSampleStart = timeMillis;
    return true;
  }

  /** Adds a memory sample to the peak of its aggregation interval; discards negative and outdated ones. */
  boolean addMemorySample(long timeMillis, long bytes) {
    return addMemory(timeMillis, bytes, false);
  }

  /**
   * Records an OOM kill as a memory sample of the larger of {@code memory × ratio} and {@code memory + minimum
   * bump}, where {@code memory} is the larger of the memory at the OOM and the interval's peak. Discards OOMs older
   * than the last memory sample by more than one aggregation interval.
   */
  boolean recordOom(long timeMillis, long memoryAtOom) {
    if (lastMemorySampleStart != UNSET && timeMillis < lastMemorySampleStart - memoryIntervalMillis) {
      return false;
    }
    // The OOM peak is left out of the base so that repeated OOMs do not compound.
    long memoryUsed = Math.max(memoryAtOom, memoryPeak);
    long needed = Math.max(memoryUsed + Estimator.amountFromFloat((double) oomMinBumpBytes),
        Estimator.scale(memoryUsed, oomBumpRatio));
    return addMemory(timeMillis, needed, true);
  }

  private boolean addMemory(long timeMillis, long bytes, boolean isOom) {
    if (bytes < 0 || (!isOom && timeMillis < lastMemorySampleStart)) {
      return false;
    }
    lastMemorySampleStart = timeMillis;
    if (windowEnd == UNSET) {
      windowEnd = timeMillis;
    }
    boolean addNewPeak = false;
    if (timeMillis < windowEnd) {
      long oldMax = Math.max(memoryPeak, oomPeak);
      if (oldMax != 0 && bytes > oldMax) {
        memoryPeaks.subtractSample((double) oldMax, MEMORY_SAMPLE_WEIGHT, windowEnd);
        addNewPeak = true;
      }
    } else {
      // Move to the interval that contains the sample; its peak is recorded at the interval's end.
      long shift = (timeMillis - windowEnd) / memoryIntervalMillis * memoryIntervalMillis + memoryIntervalMillis;
      windowEnd += shift;
      memoryPeak = 0;
      oomPeak = 0;
      addNewPeak = true;
    }
    if (addNewPeak) {
      memoryPeaks.addSample((double) bytes, MEMORY_SAMPLE_WEIGHT, windowEnd);
      if (isOom) {
        oomPeak = bytes;
      } else {
        memoryPeak = bytes;
      }
    }
    return true;
  }

  boolean isEmpty() {
    return totalSamples == 0 && windowEnd == UNSET;
  }

  /** Whether nothing was added for {@code windowMillis} (isExpired, judged on CPU samples as the VPA does). */
  boolean isExpired(long nowMillis, long windowMillis) {
    long since = totalSamples == 0 ? createdMillis : lastSampleStart;
    return nowMillis - since >= windowMillis;
  }

  long windowEnd() {
    return windowEnd;
  }
}
