package io.github.resourcemanager.scale;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.internal.monitor.History;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimation of the Kubernetes vertical pod autoscaler's recommender (kubernetes/autoscaler
 * {@code vertical-pod-autoscaler/pkg/recommender}), per agent or container.
 *
 * <ul>
 *   <li>CPU samples go into an exponentially bucketed histogram whose samples decay with a 24 h half-life;
 *       every sample has the same weight, as in the current VPA.</li>
 *   <li>Memory goes in as one peak per aggregation interval (24 h): within an interval only the largest sample
 *       counts, recorded at the interval's end, in a decaying histogram of its own.</li>
 *   <li>An OOM kill ({@link #recordOom}) records max(memory × 1.2, memory + 100 MiB) as a peak, where memory is
 *       the larger of the memory at the kill and the interval's peak.</li>
 *   <li>target = the 90th percentile plus a 15 % safety margin; lower bound = the 50th percentile plus margin,
 *       times {@code (1 + 0.001 / confidence)^-2}; upper bound = the 95th percentile plus margin, times
 *       {@code 1 + 1 / confidence}, where confidence is the history's length in days, capped by its samples per
 *       minute of a day; each at least the minimum (25m, 250 MiB); then bounded by the configured minAllowed /
 *       maxAllowed, except the uncapped target.</li>
 * </ul>
 *
 * <p>Samples are timestamped with the clock of the samples (epoch milliseconds), as the VPA timestamps its
 * samples, so that OOM events reported with a wall-clock time (by Docker, say) fall on the same time line.
 * Adding a sample allocates nothing once the agent is known. Thread-safe.
 */
public final class VerticalRecommender implements SampleListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VerticalRecommender.class);
  private static final long GC_INTERVAL_MILLIS = 3_600_000L;

  private final VerticalRecommenderConfig config;
  private final int cpuCount;
  private final Metric cpuMetric;
  private final Metric memoryMetric;
  private final long sampleIntervalMillis;
  private final long cpuHalfLifeMillis;
  private final long memoryHalfLifeMillis;
  private final long memoryIntervalMillis;
  private final long expiryMillis;
  private final long cpuConfidenceMillis;
  private final long memoryConfidenceMillis;
  private final long minCpuMillicores;
  private final long minMemoryBytes;

  // Guarded by this.
  private final LinkedHashMap<String, AgentState> states = new LinkedHashMap<>(); // in order of first sample
  private long lastGcMillis = AgentState.UNSET;
  private long droppedSamples;
  private volatile boolean closed;

  private VerticalRecommender(VerticalRecommenderConfig config, ScaleContext context) {
    this.config = config;
    this.cpuCount = context.cpuCount();
    this.cpuMetric = config.cpuMetric();
    this.memoryMetric = config.memoryMetricOrNull();
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

  /**
   * Creates a recommender.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static VerticalRecommender create(VerticalRecommenderConfig config, ScaleContext context) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (context == null) {
      throw new IllegalArgumentException("context must not be null");
    }
    return new VerticalRecommender(config, context);
  }

  /** The configuration. */
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

  /**
   * Adds a CPU usage sample of {@code cores} cores measured at {@code epochMillis}. Allocates nothing once the
   * agent is known.
   *
   * @return whether the sample was aggregated: negative, NaN, infinite, duplicate and out-of-order samples are
   *     discarded, and samples of new agents beyond {@code maxAgents}
   * @throws IllegalArgumentException if {@code agentId} is null or empty
   */
  public synchronized boolean addCpuSample(String agentId, long epochMillis, double cores) {
    AgentState state = state(requireId(agentId), epochMillis);
    return state != null && state.addCpuSample(epochMillis, cores);
  }

  /**
   * Adds a memory usage sample of {@code bytes} measured at {@code epochMillis}; only the peak of each
   * aggregation interval counts. Allocates nothing once the agent is known.
   *
   * @return whether the sample was aggregated: negative and outdated samples are discarded
   * @throws IllegalArgumentException if {@code agentId} is null or empty
   */
  public synchronized boolean addMemorySample(String agentId, long epochMillis, long bytes) {
    AgentState state = state(requireId(agentId), epochMillis);
    return state != null && state.addMemorySample(epochMillis, bytes);
  }

  /**
   * Records that the agent or container was killed for lack of memory at {@code time}, when it was allowed
   * {@code memoryAtOom} (its limit or request). The next memory recommendation then covers at least
   * max(memory × 1.2, memory + 100 MiB).
   *
   * @return whether the event was recorded; an OOM older than the last memory sample by more than one
   *     aggregation interval is discarded as stale
   * @throws IllegalArgumentException if an argument is null or the agent id is empty
   */
  public synchronized boolean recordOom(String agentId, Instant time, ByteSize memoryAtOom) {
    requireId(agentId);
    if (time == null || memoryAtOom == null) {
      throw new IllegalArgumentException("time and memoryAtOom must not be null, were " + time + " and " + memoryAtOom);
    }
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

  /**
   * Adds an agent's recorded CPU (and memory, if configured) samples of the last {@code window}, as if they had
   * arrived one by one, so that a recommender created late starts from the history the monitor already has.
   *
   * @throws IllegalArgumentException if an argument is null or the window negative
   */
  public void addHistory(String agentId, History history, Duration window) {
    requireId(agentId);
    if (history == null) {
      throw new IllegalArgumentException("history must not be null");
    }
    Series cpu = history.series(cpuMetric, window);
    Series memory = memoryMetric == null ? null : history.series(memoryMetric, window);
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

  /** The recommendation for an agent or container, if it has samples. */
  public synchronized Optional<Recommendation> recommendation(String agentId) {
    AgentState state = agentId == null ? null : states.get(agentId);
    return state == null || state.isEmpty() ? Optional.empty() : Optional.of(recommend(agentId, state));
  }

  /** The recommendations of every agent with samples, in order of first sample. */
  public synchronized Map<String, Recommendation> recommendations() {
    Map<String, Recommendation> result = new LinkedHashMap<>();
    for (Map.Entry<String, AgentState> e : states.entrySet()) {
      if (!e.getValue().isEmpty()) {
        result.put(e.getKey(), recommend(e.getKey(), e.getValue()));
      }
    }
    return result;
  }

  /** Forgets an agent's samples; returns whether there were any. */
  public synchronized boolean forget(String agentId) {
    return states.remove(agentId) != null;
  }

  /** The number of agents with state. */
  public synchronized int size() {
    return states.size();
  }

  /** Samples of new agents dropped because {@code maxAgents} agents were tracked. */
  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  /** Stops taking samples from the monitor. Recommendations stay readable. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  private static String requireId(String agentId) {
    if (agentId == null || agentId.isEmpty()) {
      throw new IllegalArgumentException("agentId must not be null or empty, was " + (agentId == null ? "null" : "\"\""));
    }
    return agentId;
  }

  private AgentState state(String agentId, long nowMillis) {
    AgentState state = states.get(agentId);
    if (state == null) {
      if (states.size() >= config.maxAgents()) {
        if (droppedSamples++ == 0) {
          log.warn("vertical recommender tracks {} agents already (maxAgents); samples of new agents such as {} "
              + "are dropped", config.maxAgents(), agentId);
        }
        return null;
      }
      state = new AgentState(config.cpuBuckets(), cpuHalfLifeMillis, config.memoryBuckets(), memoryHalfLifeMillis,
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
    return "VerticalRecommender{" + states.size() + " agents, " + config + "}";
  }
}
