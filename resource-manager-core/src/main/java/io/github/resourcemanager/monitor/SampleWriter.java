package io.github.resourcemanager.monitor;

/**
 * Where a {@link ResourceSource} writes the values of one sample.
 *
 * <p>A writer is reused from tick to tick; a source must not keep a reference to it after
 * {@link ResourceSource#sample} returns. Values written by a source that then throws or overruns its time
 * budget are discarded as a whole, so a sample never holds half of a source's values.
 */
public interface SampleWriter {

  /** The {@link io.github.resourcemanager.Ticker} reading, in nanoseconds, at which this sample is taken. */
  long tickNanos();

  /**
   * Records a value of a machine, process or JVM metric.
   *
   * <p>{@code NaN} means "not measured this time" (for example the first rate after start, which needs two
   * readings). Infinite values are recorded as {@code NaN}, since no resource is infinitely used.
   *
   * @throws IllegalArgumentException if {@code metric} is an agent metric (use {@link #setAgent})
   */
  void set(Metric metric, double value);

  /**
   * Records a value of a per-agent metric for the agent with this id. An agent the tracker does not know yet
   * is registered, within the tracker's agent limit; beyond it, the value is counted as dropped.
   *
   * @throws IllegalArgumentException if {@code metric} is not an agent metric or {@code agentId} is malformed
   */
  void setAgent(String agentId, Metric metric, double value);
}
