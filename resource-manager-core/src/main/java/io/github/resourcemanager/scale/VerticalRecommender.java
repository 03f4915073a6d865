package io.github.resourcemanager.scale;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The estimation of the Kubernetes vertical pod autoscaler's recommender (kubernetes/autoscaler
 * {@code vertical-pod-autoscaler/pkg/recommender}), per agent or container: how much CPU and memory each should
 * get, as a {@link Recommendation}.
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
 * <p>A resource manager configured with
 * {@link io.github.resourcemanager.ResourceManager.Builder#verticalRecommender} feeds its recommender with every
 * agent's samples, at most one per agent per {@linkplain VerticalRecommenderConfig#sampleInterval() sample
 * interval}; the methods below add samples from elsewhere. Samples are timestamped in epoch milliseconds, as the
 * VPA timestamps its samples, so that OOM events reported with a wall-clock time (by Docker, say) fall on the same
 * time line. Adding a sample allocates nothing once the agent is known. Thread-safe.
 */
public interface VerticalRecommender {

  /** The configuration. */
  VerticalRecommenderConfig config();

  /**
   * The recommendation for an agent or container, if it has samples.
   *
   * @throws NullPointerException if {@code agentId} is null
   */
  Optional<Recommendation> recommendation(String agentId);

  /** The recommendations of every agent with samples, in order of first sample. */
  Map<String, Recommendation> recommendations();

  /**
   * Adds a CPU usage sample of {@code cores} cores measured at {@code epochMillis}. Allocates nothing once the
   * agent is known.
   *
   * @return whether the sample was aggregated: negative, NaN, infinite, duplicate and out-of-order samples are
   *     discarded, and samples of new agents beyond {@code maxAgents}
   * @throws NullPointerException if {@code agentId} is null
   * @throws IllegalArgumentException if {@code agentId} is empty
   * @throws IllegalStateException if its resource manager is closed
   */
  boolean addCpuSample(String agentId, long epochMillis, double cores);

  /**
   * Adds a memory usage sample of {@code bytes} measured at {@code epochMillis}; only the peak of each
   * aggregation interval counts. Allocates nothing once the agent is known.
   *
   * @return whether the sample was aggregated: negative and outdated samples are discarded
   * @throws NullPointerException if {@code agentId} is null
   * @throws IllegalArgumentException if {@code agentId} is empty
   * @throws IllegalStateException if its resource manager is closed
   */
  boolean addMemorySample(String agentId, long epochMillis, long bytes);

  /**
   * Records that the agent or container was killed for lack of memory at {@code time}, when it was allowed
   * {@code memoryAtOom} (its limit or request). The next memory recommendation then covers at least
   * max(memory × 1.2, memory + 100 MiB).
   *
   * @return whether the event was recorded; an OOM older than the last memory sample by more than one
   *     aggregation interval is discarded as stale
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the agent id is empty
   * @throws IllegalStateException if its resource manager is closed
   */
  boolean recordOom(String agentId, Instant time, ByteSize memoryAtOom);

  /**
   * Adds the CPU (and memory, if configured) values of the last {@code window} that the monitor recorded in
   * {@code agent}'s history, as if they had arrived one by one, so that a recommender that starts late learns
   * from the history already there.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the window is negative
   * @throws IllegalStateException if its resource manager is closed
   */
  void addHistory(Agent agent, Duration window);

  /**
   * Forgets an agent's samples; returns whether there were any.
   *
   * @throws NullPointerException if {@code agentId} is null
   * @throws IllegalStateException if its resource manager is closed
   */
  boolean forget(String agentId);

  /** The number of agents with state. */
  int size();

  /** Samples of new agents dropped because {@code maxAgents} agents were tracked. */
  long droppedSamples();
}
