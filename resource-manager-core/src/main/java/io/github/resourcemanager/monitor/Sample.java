package io.github.resourcemanager.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The values of one monitor tick: machine, process and JVM metrics, and per-agent metrics. A metric that was not
 * measured reads as {@code NaN}.
 *
 * <p>The sample a {@link SampleListener} receives is reused for the next tick and confined to the monitor thread:
 * read it during the call and do not keep it; {@link #snapshot()} gives an immutable copy, safe to keep and share.
 */
public interface Sample {

  /** The ticker reading, in nanoseconds, at which this sample was taken. */
  long tickNanos();

  /** The wall-clock time of this sample, from the manager's {@link java.time.Clock}, in epoch milliseconds. */
  long epochMillis();

  /** The wall-clock time of this sample. Allocates; prefer {@link #epochMillis()} on hot paths. */
  default Instant time() {
    return Instant.ofEpochMilli(epochMillis());
  }

  /** The number of this tick since the monitor was created, starting at 1. */
  long sequence();

  /** The value of a machine, process or JVM metric in this sample, or {@code NaN} if it was not measured. */
  double value(Metric metric);

  /** Whether {@code metric} was measured in this sample. */
  default boolean has(Metric metric) {
    return !Double.isNaN(value(metric));
  }

  /** The agents in this sample, in registration order. In a listener's sample the list is a reused view. */
  List<Agent> agents();

  /** The value of a per-agent metric for {@code agent} in this sample, or {@code NaN} if it was not measured. */
  double value(Agent agent, Metric metric);

  /** The value of a per-agent metric for the agent {@code agentId}, or {@code NaN} if it was not measured. */
  double value(String agentId, Metric metric);

  /** The measured machine, process and JVM values, in metric order. Allocates. */
  Map<Metric, Double> values();

  /** The measured values of each agent, by agent id in registration order. Allocates. */
  Map<String, Map<Metric, Double>> agentValues();

  /** An immutable copy of this sample, safe to keep and to share between threads. */
  Sample snapshot();
}
