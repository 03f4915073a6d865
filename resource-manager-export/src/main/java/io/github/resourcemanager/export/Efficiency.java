package io.github.resourcemanager.export;

import io.github.resourcemanager.allocate.Resource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How much of one allocated resource one claimant (an agent, a project, or all admitted agents together) used over a
 * window: see {@link Analytics#efficiency(java.time.Duration)}.
 *
 * <p>Amounts are in the resource's base unit, given by {@link #unit()}: millicores for CPU, bytes for memory, bytes
 * per second for the allocation rate, a count for threads and open files.
 *
 * @param scope whose usage this is
 * @param name the agent's id, the project's name, or {@code global}
 * @param project the agent's project; for a project its own name; {@code null} for {@link Scope#GLOBAL}
 * @param resource the resource
 * @param unit the unit of the amounts: {@code millicores}, {@code bytes}, {@code bytes/s} or {@code count}
 * @param allocated the share allocated to the claimant (its share in force when the report was made)
 * @param samples the samples in the window with a measured usage
 * @param meanUsed the mean usage over those samples
 * @param p95Used the 95th percentile of the usage (linear interpolation between ranks, as {@code Summary})
 * @param peakUsed the highest usage
 * @param efficiency {@code meanUsed / allocated}: 1 means the share was used in full on average, above 1 that usage
 *     went beyond the share; {@code NaN} when nothing is allocated
 * @param idleShare the mean, over the samples, of the share of the allocation left unused,
 *     {@code max(0, allocated - used) / allocated}: 0.25 means a quarter of the share sat idle on average; samples
 *     above the share count as 0, so this is not always {@code 1 - efficiency}; {@code NaN} when nothing is allocated
 */
public record Efficiency(Scope scope, String name, @Nullable String project, Resource resource, String unit, long allocated,
    int samples, double meanUsed, double p95Used, double peakUsed, double efficiency, double idleShare) {

  /** Whose usage an {@link Efficiency} describes. */
  public enum Scope {
    /** One admitted agent against its own share. */
    AGENT,
    /** The agents of one project, summed sample by sample, against the project's share. */
    PROJECT,
    /** Every admitted agent, summed sample by sample, against the global limits in force. */
    GLOBAL;

    /** The lowercase name used in JSON, e.g. {@code agent}. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Validates presence and ranges. */
  public Efficiency {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(unit, "unit");
    if (allocated < 0) {
      throw new IllegalArgumentException("allocated must not be negative, was " + allocated);
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, was " + samples);
    }
  }
}
