package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HistoryExporter} writes. Immutable; build with {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>metrics</td><td>every metric with a measured value in the window</td><td>the columns; machine
 *       metrics are read from the machine history, {@code agent.*} metrics from each agent's history</td></tr>
 *   <tr><td>agents</td><td>every registered agent</td><td>whose histories are written; an empty list writes
 *       none</td></tr>
 *   <tr><td>window</td><td>all retained history</td><td>only samples taken within this long of now (the
 *       ticker's reading when the export starts)</td></tr>
 *   <tr><td>step</td><td>none: every sample</td><td>downsampling: one row per step-aligned bucket holding
 *       the mean of the values measured in it</td></tr>
 * </table>
 */
public final class ExportOptions {
  private static final ExportOptions DEFAULTS = custom().build();

  private final List<Metric> metrics;
  private final @Nullable List<String> agents; // null: all
  private final @Nullable Duration window; // null: all
  private final @Nullable Duration step; // null: none

  private ExportOptions(Builder b) {
    if (b.window != null) {
      Durations.positiveNanos("window", b.window);
    }
    if (b.step != null) {
      Durations.positiveNanos("step", b.step);
      if (!b.step.truncatedTo(ChronoUnit.MILLIS).equals(b.step)) {
        throw new IllegalArgumentException("step must be a whole number of milliseconds, was " + b.step);
      }
    }
    this.metrics = List.copyOf(b.metrics);
    this.agents = b.agents == null ? null : List.copyOf(b.agents);
    this.window = b.window;
    this.step = b.step;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every metric with data, every agent, all retained history, every sample. */
  public static ExportOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The metrics asked for, in order; empty means every metric with a measured value in the window. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** The agents asked for, in order; empty Optional means every registered agent. */
  public Optional<List<String>> agents() {
    return Optional.ofNullable(agents);
  }

  /** How far back from now to export; empty means all retained history. */
  public Optional<Duration> window() {
    return Optional.ofNullable(window);
  }

  /** The downsampling step; empty means every sample is written. */
  public Optional<Duration> step() {
    return Optional.ofNullable(step);
  }

  @Override
  public String toString() {
    return "ExportOptions{metrics=" + (metrics.isEmpty() ? "all with data" : metrics)
        + ", agents=" + (agents == null ? "all" : agents)
        + ", window=" + (window == null ? "all" : window)
        + ", step=" + (step == null ? "none" : step) + "}";
  }

  /** Builds {@link ExportOptions}. Not thread-safe. */
  public static final class Builder {
    private final LinkedHashSet<Metric> metrics = new LinkedHashSet<>();
    private @Nullable List<String> agents;
    private @Nullable Duration window;
    private @Nullable Duration step;

    private Builder() {}

    /** Exports these metrics (duplicates ignored), in this order, whether or not they have data. */
    public Builder metrics(Metric... metrics) {
      return metrics(Arrays.asList(Objects.requireNonNull(metrics, "metrics")));
    }

    /** Exports these metrics (duplicates ignored), in this order, whether or not they have data. */
    public Builder metrics(Collection<Metric> metrics) {
      Objects.requireNonNull(metrics, "metrics");
      int i = 0;
      for (Metric m : metrics) {
        Objects.requireNonNull(m, "metrics[" + i + "]");
        i++;
      }
      this.metrics.addAll(metrics);
      return this;
    }

    /** Exports the histories of these agents, in this order; no ids exports no agent. */
    public Builder agents(String... ids) {
      return agents(Arrays.asList(Objects.requireNonNull(ids, "ids")));
    }

    /**
     * Exports the histories of these agents, in this order (duplicates ignored); an empty collection exports no
     * agent. Unknown ids are rejected when exporting.
     */
    public Builder agents(Collection<String> ids) {
      Objects.requireNonNull(ids, "ids");
      List<String> copy = new ArrayList<>();
      int i = 0;
      for (String id : ids) {
        Objects.requireNonNull(id, "ids[" + i + "]");
        if (!copy.contains(id)) {
          copy.add(id);
        }
        i++;
      }
      this.agents = copy;
      return this;
    }

    /** Exports only samples taken within {@code window} of now; must be positive. Default: all retained. */
    public Builder window(Duration window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * Downsamples to one row per {@code step}: positive, whole milliseconds. Buckets are aligned to multiples of
     * the step since the epoch (a 1 min step gives rows at whole minutes, UTC). Default: every sample.
     */
    public Builder step(Duration step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /**
     * Validates and builds the options.
     *
     * @throws IllegalArgumentException if the window or step is not positive, or the step is not whole milliseconds
     */
    public ExportOptions build() {
      return new ExportOptions(this);
    }
  }
}
