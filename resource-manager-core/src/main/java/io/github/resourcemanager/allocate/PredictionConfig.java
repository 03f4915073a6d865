package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.Percent;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResourcePool#predict} predicts: a high percentile of the agent's measured usage over a window, with
 * defaults when there is too little history, capped by a headroom share of what is available.
 *
 * @param window how far back an agent's history is read
 * @param percentile the percentile of the history used as the prediction (95 by default), in (0, 100]
 * @param minSamples the fewest measured values that count as history; with fewer the defaults apply
 * @param defaultCpu the CPU predicted without history, as a share of the machine (default 50 %)
 * @param defaultMemory the memory predicted without history (default 256 MB)
 * @param defaultDuration the run time predicted without recorded runs (default 60 s)
 * @param headroom the fraction of what is available an allocation may take at most (default 0.8), in (0, 1]
 */
public record PredictionConfig(Duration window, double percentile, int minSamples, Percent defaultCpu,
                               ByteSize defaultMemory, Duration defaultDuration, double headroom) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public PredictionConfig {
    Durations.positiveNanos("window", window);
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be > 0 and <= 100, was " + percentile);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
    }
    Objects.requireNonNull(defaultCpu, "defaultCpu");
    Objects.requireNonNull(defaultMemory, "defaultMemory");
    Durations.positiveNanos("defaultDuration", defaultDuration);
    if (!(headroom > 0 && headroom <= 1)) {
      throw new IllegalArgumentException("headroom must be > 0 and <= 1, was " + headroom);
    }
  }

  /** p95 over 10 minutes from 3 samples; defaults 50 % CPU, 256 MB, 60 s; headroom 0.8. */
  public static PredictionConfig ofDefaults() {
    return new PredictionConfig(Duration.ofMinutes(10), 95, 3, Percent.of(50), ByteSize.parse("256MB"),
        Duration.ofSeconds(60), 0.8);
  }

  /** This configuration with another window. */
  public PredictionConfig withWindow(Duration window) {
    return new PredictionConfig(window, percentile, minSamples, defaultCpu, defaultMemory, defaultDuration, headroom);
  }

  /** This configuration with another minimum number of samples. */
  public PredictionConfig withMinSamples(int minSamples) {
    return new PredictionConfig(window, percentile, minSamples, defaultCpu, defaultMemory, defaultDuration, headroom);
  }
}
