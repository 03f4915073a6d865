package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Metric;

/**
 * The values a scaler sees at one instant. A scaler wired into a resource manager observes each monitor sample
 * through this view; code that drives a scaler itself implements it (see {@link AbstractScaler#evaluate}).
 *
 * <p>An observation is read during the call only; implementations may reuse one instance.
 */
public interface Observation {

  /** The {@link io.github.resourcemanager.Ticker} reading, in nanoseconds, at which the values were taken. */
  long tickNanos();

  /** The value of a machine, process, JVM or custom metric, or {@code NaN} if it was not measured. */
  double value(Metric metric);

  /** The value of a per-agent metric for the agent {@code agentId}, or {@code NaN} if it was not measured. */
  double agentValue(String agentId, Metric metric);
}
