package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The highest measured value of a metric over a window.
 *
 * @param metric the metric
 * @param agent for an {@code agent.*} metric, the id of the agent that reached the peak; {@code null} for a
 *     machine, process or JVM metric
 * @param value the highest measured value, in the metric's unit
 * @param time when it was measured; the first such time if the peak was reached more than once
 */
public record Peak(Metric metric, @Nullable String agent, double value, Instant time) {

  /** Validates that the metric and time are present and the value is a number. */
  public Peak {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(time, "time");
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("value must be a number, was NaN");
    }
    if (metric.isAgentMetric() != (agent != null)) {
      throw new IllegalArgumentException("agent must be given exactly for agent metrics; metric " + metric
          + ", agent " + agent);
    }
  }

  @Override
  public String toString() {
    return metric + (agent == null ? "" : "{agent=" + agent + "}") + " peak " + value
        + (metric.unit().symbol().isEmpty() ? "" : " " + metric.unit().symbol()) + " at " + time;
  }
}
