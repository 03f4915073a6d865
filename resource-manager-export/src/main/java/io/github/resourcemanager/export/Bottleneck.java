package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A resource that stayed above its threshold for at least the minimum duration, once or more, within a window.
 *
 * <p>A <em>run</em> is a maximal sequence of consecutive samples whose value is above the threshold (strictly);
 * a sample at or below it, or one in which the metric was not measured, ends the run. Its duration is the
 * ticker time from its first sample to its last, so a run of one sample lasts zero; this is how Prometheus
 * measures an alert's {@code for} clause. Only runs lasting at least the minimum duration are kept.
 *
 * @param metric the metric
 * @param agent for an {@code agent.*} metric, the agent; {@code null} for machine, process and JVM metrics
 * @param threshold the threshold, in the metric's unit
 * @param timeAbove the total duration of the kept runs
 * @param longestRun the duration of the longest kept run
 * @param peak the highest value within the kept runs
 * @param peakTime when that value was first measured
 * @param severity how far the peak went above the threshold, relative to it: {@code (peak - threshold) / threshold}
 *     (0.25 means 25 % above)
 * @param runs the kept runs, oldest first
 */
public record Bottleneck(Metric metric, @Nullable String agent, double threshold, Duration timeAbove, Duration longestRun,
    double peak, Instant peakTime, double severity, List<Run> runs) {

  /** Validates presence and copies the runs. */
  public Bottleneck {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(timeAbove, "timeAbove");
    Objects.requireNonNull(longestRun, "longestRun");
    Objects.requireNonNull(peakTime, "peakTime");
    runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
    if (metric.isAgentMetric() != (agent != null)) {
      throw new IllegalArgumentException("agent must be given exactly for agent metrics; metric " + metric
          + ", agent " + agent);
    }
  }

  /**
   * One run of consecutive samples above the threshold.
   *
   * @param start the time of its first sample
   * @param end the time of its last sample
   * @param duration the ticker time from the first sample to the last
   * @param peak the highest value in the run
   */
  public record Run(Instant start, Instant end, Duration duration, double peak) {
    /** Validates presence. */
    public Run {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(duration, "duration");
    }
  }
}
