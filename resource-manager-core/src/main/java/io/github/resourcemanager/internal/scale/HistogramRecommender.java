package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.ResourceRecommendation;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VerticalRecommender} of a resource manager: per agent, a decaying histogram of CPU samples and one of
 * memory peaks ({@link AgentState}), from which the VPA's estimators compute each recommendation. As a
 * {@link SampleListener} it takes each agent's CPU (and memory, if configured) from the monitor's samples.
 *
 * <p>Samples are timestamped with the clock of the samples (epoch milliseconds). Adding a sample allocates
 * nothing once the agent is known. Thread-safe.
 */
public final class HistogramRecommender implements VerticalRecommender, SampleListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HistogramRecommender.class);
  private static final long GC_INTERVAL_MILLIS = 3_600_000L;

  private final VerticalRecommenderConfig config;
  private final int cpuCount;
  private final Metric cpuMetric;
  private final @Nullable Metric memoryMetric;
  private final long sampleIntervalMillis;
  private final long cpuHalfLifeMillis;
  private final long memoryHalfLifeMillis;
  private final long memoryIntervalMillis;
  private final long expiryMillis;
  private final long cpuConfidenceMillis;
  private final long memoryConfidenceMillis;
  private final long minCpuMillicores;
  private final long minMemoryBytes;
  private final ExponentialBuckets cpuBuckets;
  private final ExponentialBuckets memoryBuckets;

  // Guarded by this.
  private final LinkedHashMap<String, AgentState> states = new LinkedHashMap<>(); // in order of first sample
  private long lastGcMillis = AgentState.UNSET;
  private long droppedSamples;
  private volatile boolean closed;

  /** Created by {@link Scalers#verticalRecommender}, which checks the arguments. */
  HistogramRecommender(VerticalRecommenderConfig config, int cpuCount) {
    this.config = config;
    this.cpuCount = cpuCount;
    this.cpuMetric = config.cpuMetric();
    this.memoryMetric = config.memoryMetric().orElse(null);
    this.cpuBuckets = cpuBuckets(config);
    this.memoryBuckets = memoryBuckets(config);
    this.sampleIntervalMillis = config.sampleInterval().toMillis();
    this.cpuHalfLifeMillis = config.cpuHalfLife().toMillis();
    this.memoryHalfLifeMillis = config.memoryHalfLife().toMillis();
    this.memoryIntervalMillis = config.memoryAggregationInterval().toMillis();
    this.expiryMillis = Math.multiplyExact(memoryIntervalMillis, (long) config.memoryAggregationIntervalCount());
    this.cpuConfidenceMillis = config.cpuConfidenceInterval().toMillis();
    this.memoryConfidenceMillis = config.memoryConfidenceInterval().toMillis();
    // The VPA splits the minimum over a pod's containers (an agent is a pod of one) and passes it through
    // floating-point cores, which can lose a millicore (290m becomes 289m); the configured amount is taken as is.
    this.minCpuMillicores = config.minCpu().millicores();
    this.minMemoryBytes = config.minMemory().bytes();
  }

  /** The buckets of the CPU histograms: cores, from the configured first bucket, growth and maximum. */
  static ExponentialBuckets cpuBuckets(VerticalRecommenderConfig config) {
    return ExponentialBuckets.ofVpa(config.cpuMaxCores(), config.cpuFirstBucketCores(), config.bucketGrowth());
  }

  /** The buckets of the memory peaks' histograms: bytes, from the configured first bucket, growth and maximum. */
  static ExponentialBuckets memoryBuckets(VerticalRecommenderConfig config) {
    return ExponentialBuckets.ofVpa(config.memoryMaxBytes(), config.memoryFirstBucketBytes(), config.bucketGrowth());
  }

  @Override
  public VerticalRecommenderConfig config() {
    return config;
  }

  /**
   * Takes each agent's CPU (and memory, if configured) from the sample, at most once per agent per sample
   * interval.
   */
  @Override
  public void onSample(Sample sample) {
    if (closed) {
      return;
    }
    long time = sample.epochMillis();
    List<Agent> agents = sample.agents();
    synchronized (this) {
      for (int i = 0; i < agents.size(); i++) {
        Agent agent = agents.get(i);
        double cpu = sample.value(agent, cpuMetric);
        double memory = memoryMetric == null ? Double.NaN : sample.value(agent, memoryMetric);
        if (Double.isNaN(cpu) && Double.isNaN(memory)) {
          continue;
        }
        AgentState state = state(agent.id(), time);
        if (state == null) {
          continue;
        }
        if (state.lastFedMillis != AgentState.UNSET && time - state.lastFedMillis < sampleIntervalMillis) {
          continue;
        }
        state.lastFedMillis = time;
        if (!Double.isNaN(cpu)) {
          state.addCpuSample(time, cpu / 100.0 * cpuCount);
        }
        if (!Double.isNaN(memory)) {
          state.addMemorySample(time, (long) memory);
        }
      }
      if (lastGcMillis == AgentState.UNSET) {
        lastGcMillis = time;
      } else if (time - lastGcMillis >= GC_INTERVAL_MILLIS) {
        lastGcMillis = time;
        dropExpired(time);
      }
    }
  }

  @Override
  public synchronized boolean addCpuSample(String agentId, long epochMillis, double cores) {
    requireOpen("add a CPU sample");
    AgentState state = state(requireId(agentId), epochMillis);
    return state != null && state.addCpuSample(epochMillis, cores);
  }

  @Override
  public synchronized boolean addMemorySample(String agentId, long epochMillis, long bytes) {
    requireOpen("add a memory sample");
    AgentState state = state(requireId(agentId), epochMillis);
    return state != null && state.addMemorySample(epochMillis, bytes);
  }

  @Override
  public synchronized boolean recordOom(String agentId, Instant time, ByteSize memoryAtOom) {
    requireOpen("record an OOM");
    requireId(agentId);
    Checks.required("time", time);
    Checks.required("memoryAtOom", memoryAtOom);
    AgentState state = state(agentId, time.toEpochMilli());
    if (state == null) {
      return false;
    }
    boolean recorded = state.recordOom(time.toEpochMilli(), memoryAtOom.bytes());
    if (!recorded) {
      log.debug("OOM of {} at {} discarded: older than the last memory sample by more than {}", agentId, time,
          config.memoryAggregationInterval());
    }
    return recorded;
  }

  @Override
  public void addHistory(Agent agent, Duration window) {
    Checks.required("agent", agent);
    Checks.required("window", window);
    requireOpen("add history");
    String agentId = requireId(agent.id());
    Series cpu = agent.history(cpuMetric, window);
    Series memory = memoryMetric == null ? null : agent.history(memoryMetric, window);
    synchronized (this) {
      long lastFed = AgentState.UNSET;
      for (int i = 0; i < cpu.size(); i++) {
        long time = cpu.epochMillis(i);
        if (lastFed != AgentState.UNSET && time - lastFed < sampleIntervalMillis) {
          continue;
        }
        AgentState state = state(agentId, time);
        if (state == null) {
          return;
        }
        lastFed = time;
        state.lastFedMillis = time;
        if (!Double.isNaN(cpu.value(i))) {
          state.addCpuSample(time, cpu.value(i) / 100.0 * cpuCount);
        }
        if (memory != null && !Double.isNaN(memory.value(i))) {
          state.addMemorySample(time, (long) memory.value(i));
        }
      }
    }
  }

  @Override
  public synchronized Optional<Recommendation> recommendation(String agentId) {
    AgentState state = states.get(Checks.required("agentId", agentId));
    return state == null || state.isEmpty() ? Optional.empty() : Optional.of(recommend(agentId, state));
  }

  @Override
  public synchronized Map<String, Recommendation> recommendations() {
    Map<String, Recommendation> result = new LinkedHashMap<>();
    for (Map.Entry<String, AgentState> e : states.entrySet()) {
      if (!e.getValue().isEmpty()) {
        result.put(e.getKey(), recommend(e.getKey(), e.getValue()));
      }
    }
    return result;
  }

  @Override
  public synchronized boolean forget(String agentId) {
    requireOpen("forget an agent");
    return states.remove(Checks.required("agentId", agentId)) != null;
  }

  @Override
  public synchronized int size() {
    return states.size();
  }

  @Override
  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  /** Stops taking samples; every later change is refused. Recommendations stay readable. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new IllegalStateException("the vertical recommender is closed (its resource manager was closed); cannot "
          + what);
    }
  }

  private static String requireId(String agentId) {
    if (Checks.required("agentId", agentId).isEmpty()) {
      throw new IllegalArgumentException("agentId must not be empty");
    }
    return agentId;
  }

  /** The agent's state, created if new; null if it is new and {@code maxAgents} agents are tracked already. */
  private @Nullable AgentState state(String agentId, long nowMillis) {
    AgentState state = states.get(agentId);
    if (state == null) {
      if (states.size() >= config.maxAgents()) {
        if (droppedSamples++ == 0) {
          log.warn("vertical recommender tracks {} agents already (maxAgents); samples of new agents such as {} "
              + "are dropped", config.maxAgents(), agentId);
        }
        return null;
      }
      state = new AgentState(cpuBuckets, cpuHalfLifeMillis, memoryBuckets, memoryHalfLifeMillis,
          memoryIntervalMillis, config.oomBumpUpRatio(), config.oomMinBumpUp().bytes(), nowMillis);
      states.put(agentId, state);
    }
    return state;
  }

  private void dropExpired(long nowMillis) {
    for (Iterator<Map.Entry<String, AgentState>> it = states.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, AgentState> e = it.next();
      if (e.getValue().isExpired(nowMillis, expiryMillis)) {
        log.debug("vertical recommender drops {}: no samples for {}", e.getKey(), Duration.ofMillis(expiryMillis));
        it.remove();
      }
    }
  }

  private Recommendation recommend(String agentId, AgentState s) {
    double cpuConfidence = Estimator.confidence(s.firstSampleStart, s.lastSampleStart, s.totalSamples, cpuConfidenceMillis);
    double memoryConfidence = Estimator.confidence(s.firstSampleStart, s.lastSampleStart, s.totalSamples,
        memoryConfidenceMillis);
    double margin = config.safetyMarginFraction();

    long cpuTarget = Math.max(Estimator.withMargin(cpuPercentile(s, config.targetCpuPercentile()), margin), minCpuMillicores);
    long cpuLower = Math.max(Estimator.withConfidence(
        Estimator.withMargin(cpuPercentile(s, config.lowerBoundCpuPercentile()), margin), 0.001, -2.0, cpuConfidence),
        minCpuMillicores);
    long cpuUpper = Math.max(Estimator.withConfidence(
        Estimator.withMargin(cpuPercentile(s, config.upperBoundCpuPercentile()), margin), 1.0, 1.0, cpuConfidence),
        minCpuMillicores);

    long memTarget = Math.max(Estimator.withMargin(memoryPercentile(s, config.targetMemoryPercentile()), margin),
        minMemoryBytes);
    long memLower = Math.max(Estimator.withConfidence(
        Estimator.withMargin(memoryPercentile(s, config.lowerBoundMemoryPercentile()), margin), 0.001, -2.0,
        memoryConfidence), minMemoryBytes);
    long memUpper = Math.max(Estimator.withConfidence(
        Estimator.withMargin(memoryPercentile(s, config.upperBoundMemoryPercentile()), margin), 1.0, 1.0,
        memoryConfidence), minMemoryBytes);

    long cpuMin = config.minAllowedCpu().map(CpuQuantity::millicores).orElse(0L);
    long cpuMax = config.maxAllowedCpu().map(CpuQuantity::millicores).orElse(0L);
    long memMin = config.minAllowedMemory().map(ByteSize::bytes).orElse(0L);
    long memMax = config.maxAllowedMemory().map(ByteSize::bytes).orElse(0L);
    ResourceRecommendation<CpuQuantity> cpu = new ResourceRecommendation<>(
        CpuQuantity.ofMillicores(cap(cpuTarget, cpuMin, cpuMax)),
        CpuQuantity.ofMillicores(cap(cpuLower, cpuMin, cpuMax)),
        CpuQuantity.ofMillicores(cap(cpuUpper, cpuMin, cpuMax)),
        CpuQuantity.ofMillicores(cpuTarget));
    ResourceRecommendation<ByteSize> memory = new ResourceRecommendation<>(
        ByteSize.ofBytes(cap(memTarget, memMin, memMax)),
        ByteSize.ofBytes(cap(memLower, memMin, memMax)),
        ByteSize.ofBytes(cap(memUpper, memMin, memMax)),
        ByteSize.ofBytes(memTarget));
    long history = s.totalSamples == 0 ? 0 : s.lastSampleStart - s.firstSampleStart;
    return new Recommendation(agentId, cpu, memory, s.totalSamples, Duration.ofMillis(history));
  }

  private static long cpuPercentile(AgentState s, double percentile) {
    return Estimator.cpuAmountFromCores(s.cpu.percentile(percentile));
  }

  private static long memoryPercentile(AgentState s, double percentile) {
    return Estimator.amountFromFloat(s.memoryPeaks.percentile(percentile));
  }

  /** applyVPAPolicy: raise to the minimum, then lower to the maximum; 0 means "not set", as in the VPA. */
  private static long cap(long value, long min, long max) {
    long capped = min != 0 && value < min ? min : value;
    return max != 0 && capped > max ? max : capped;
  }

  @Override
  public synchronized String toString() {
    return "HistogramRecommender{" + states.size() + " agents, " + config + "}";
  }
}
