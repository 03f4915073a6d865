package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.alert.Names;
import io.github.resourcemanager.internal.alert.SeverityIndex;
import io.github.resourcemanager.internal.alert.Templates;
import io.github.resourcemanager.monitor.Metric;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A threshold rule: watches one value and raises an alert while it breaches a threshold.
 *
 * <pre>{@code
 * AlertRule cpu = AlertRule.custom()
 *     .name("cpu-high")
 *     .metric(Metric.SYSTEM_CPU_USAGE)
 *     .threshold(Severity.WARNING, 75)
 *     .threshold(Severity.CRITICAL, 80)
 *     .forDuration(Duration.ofMinutes(1))      // Prometheus' "for"
 *     .keepFiringFor(Duration.ofSeconds(30))   // Prometheus' "keep_firing_for"
 *     .clearThreshold(70)                      // hysteresis: a firing alert resolves at 70 %, not at 74.9 %
 *     .label("team", "platform")
 *     .annotation("summary", "CPU {{humanValue}} ({{severity}}, {{state}})") // CPU 81.5 % (CRITICAL, firing)
 *     .build();
 * }</pre>
 *
 * <p>The watched value is one of: a machine, process or JVM {@link Metric} read from each sample; an agent
 * metric (name starting with {@code agent.}), evaluated for every agent in the sample, one alert per agent; the
 * sum of several metrics of one kind and unit ({@link Builder#sumOf}); or a user gauge ({@link DoubleSupplier})
 * read on the monitor thread at each evaluation. {@code NaN} means "no data" and never breaches.
 *
 * <p>Thresholds are given per {@link Severity}, any subset of the four, and are inclusive: with
 * {@link Direction#ABOVE}, a value breaches a threshold when it is {@code >=} it, and the alert's severity is
 * that of the highest threshold breached. Thresholds must be ordered consistently with the direction (for
 * ABOVE, INFO &lt;= WARNING &lt;= CRITICAL &lt;= EMERGENCY). Immutable and thread-safe (the gauge must be safe to
 * call from the monitor thread).
 */
public final class AlertRule {

  /** Name of the default CPU rule. */
  public static final String CPU_HIGH = "cpu-high";
  /** Name of the default memory rule. */
  public static final String MEMORY_HIGH = "memory-high";
  /** Name of the default disk throughput rule. */
  public static final String DISK_IO_HIGH = "disk-io-high";
  /** Name of the default network throughput rule. */
  public static final String NETWORK_IO_HIGH = "network-io-high";
  /** Name of the default open file descriptors rule. */
  public static final String OPEN_FILES_HIGH = "open-files-high";

  /** The mebibyte (MiB) of the default throughput thresholds: 2<sup>20</sup> bytes, what {@code ByteSize} reads as "MB". */
  public static final long MEGABYTE = 1L << 20;

  private static final Severity[] SEVERITIES = Severity.values();

  private final String name;
  private final Metric[] metrics;
  private final boolean perAgent;
  private final @Nullable DoubleSupplier gauge;
  private final String input;
  private final Direction direction;
  private final double[] thresholds;
  private final double clearThreshold;
  private final Duration forDuration;
  private final Duration keepFiringFor;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;

  // The thresholds present, most serious first, for validation and toString.
  private final int[] severitiesDesc;
  private final double[] thresholdsDesc;
  private final boolean hasClear;

  private AlertRule(Builder b) {
    this.name = Names.requireAlertName("alert rule name", b.name);
    String owner = "rule " + Names.quote(name);
    Metric[] watched = b.metrics;
    if (watched == null && b.gauge == null) {
      throw new IllegalArgumentException(owner + " has nothing to watch; give metric(...), sumOf(...) or gauge(...)");
    }
    if (watched == null) {
      this.metrics = new Metric[0];
      this.perAgent = false;
      this.gauge = b.gauge;
      this.input = Names.requireText("gauge name of " + owner, b.gaugeName);
    } else {
      this.metrics = watched.clone();
      this.gauge = null;
      this.perAgent = metrics[0].isAgentMetric();
      StringBuilder in = new StringBuilder();
      for (Metric m : metrics) {
        if (m.isAgentMetric() != perAgent) {
          throw new IllegalArgumentException("metrics of " + owner + " mix per-agent and machine metrics ("
              + metrics[0] + ", " + m + "); sum metrics of one kind");
        }
        if (m.unit() != metrics[0].unit()) {
          throw new IllegalArgumentException("metrics of " + owner + " have different units (" + metrics[0] + " in "
              + metrics[0].unit() + ", " + m + " in " + m.unit() + "); sum metrics of one unit");
        }
        in.append(in.length() == 0 ? "" : " + ").append(m.name());
      }
      this.input = in.toString();
    }
    this.direction = Names.requireNonNull("direction of " + owner, b.direction);
    boolean above = direction == Direction.ABOVE;
    this.thresholds = b.thresholds.clone();
    int present = 0;
    int previous = -1;
    for (int s = 0; s < SEVERITIES.length; s++) {
      double t = thresholds[s];
      if (Double.isNaN(t) && !b.given[s]) {
        continue;
      }
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("threshold " + SEVERITIES[s] + " of " + owner + " must be a finite number, was " + t);
      }
      if (previous >= 0 && (above ? t < thresholds[previous] : t > thresholds[previous])) {
        throw new IllegalArgumentException("thresholds of " + owner + " must " + (above ? "not decrease" : "not increase")
            + " with severity for direction " + direction + " (INFO " + (above ? "<=" : ">=") + " WARNING "
            + (above ? "<=" : ">=") + " CRITICAL " + (above ? "<=" : ">=") + " EMERGENCY), but " + SEVERITIES[previous]
            + " is " + Templates.formatValue(thresholds[previous]) + " and " + SEVERITIES[s] + " is "
            + Templates.formatValue(t));
      }
      previous = s;
      present++;
    }
    if (present == 0) {
      throw new IllegalArgumentException(owner + " needs at least one threshold; give threshold(Severity, value)");
    }
    this.severitiesDesc = new int[present];
    this.thresholdsDesc = new double[present];
    int k = 0;
    for (int s = SEVERITIES.length - 1; s >= 0; s--) {
      if (!Double.isNaN(thresholds[s])) {
        severitiesDesc[k] = s;
        thresholdsDesc[k] = thresholds[s];
        k++;
      }
    }
    this.clearThreshold = b.clearThreshold;
    this.hasClear = b.clearGiven;
    if (hasClear) {
      int lowest = severitiesDesc[present - 1];
      double lowestThreshold = thresholdsDesc[present - 1];
      if (!Double.isFinite(clearThreshold)) {
        throw new IllegalArgumentException("clearThreshold of " + owner + " must be a finite number, was " + clearThreshold);
      }
      if (above ? clearThreshold >= lowestThreshold : clearThreshold <= lowestThreshold) {
        throw new IllegalArgumentException("clearThreshold " + Templates.formatValue(clearThreshold) + " of " + owner
            + " must be " + (above ? "below" : "above") + " its lowest threshold (" + SEVERITIES[lowest] + " "
            + Templates.formatValue(lowestThreshold) + ") for direction " + direction
            + ", so that a firing alert clears only past it");
      }
    }
    Durations.nonNegativeNanos("forDuration of " + owner, b.forDuration);
    this.forDuration = b.forDuration;
    Durations.nonNegativeNanos("keepFiringFor of " + owner, b.keepFiringFor);
    this.keepFiringFor = b.keepFiringFor;
    b.labels.forEach((k2, v) -> Names.requireUserLabel(owner, k2, v));
    this.labels = Names.freeze(b.labels);
    b.annotations.forEach((k2, v) -> {
      Names.requireText("annotation name of " + owner, k2);
      Names.requireNonNull("annotation " + Names.quote(k2) + " of " + owner, v);
      Templates.validate(owner, k2, v);
    });
    this.annotations = Names.freeze(b.annotations);
  }

  /**
   * The default threshold rules, evaluated unless {@code ResourceManager.Builder.defaultAlertRules(false)}. They follow
   * the node alerts of Prometheus' node_exporter mixin (NodeCPUHighUsage, NodeMemoryHighUtilization,
   * NodeFileDescriptorLimit: 90 %, 90 %, 70/90 % of the limit, held for 15 minutes), adapted to samples read one
   * interval apart rather than rates over minutes, so that they report sustained conditions, not single spikes:
   *
   * <table>
   *   <caption>Default rules</caption>
   *   <tr><th>name</th><th>watches</th><th>thresholds</th><th>for</th><th>clears at</th><th>keepFiringFor</th></tr>
   *   <tr><td>{@value #CPU_HIGH}</td><td>system.cpu.usage</td><td>WARNING &gt;= 90 %</td><td>10 min</td>
   *       <td>75 %</td><td>2 min</td></tr>
   *   <tr><td>{@value #MEMORY_HIGH}</td><td>system.memory.usage</td><td>WARNING &gt;= 90 %</td><td>15 min</td>
   *       <td>85 %</td><td>0</td></tr>
   *   <tr><td>{@value #DISK_IO_HIGH}</td><td>system.disk.read + system.disk.write</td><td>INFO &gt;= 100 MiB/s</td>
   *       <td>10 min</td><td>50 MiB/s</td><td>2 min</td></tr>
   *   <tr><td>{@value #NETWORK_IO_HIGH}</td><td>system.network.receive + system.network.transmit</td>
   *       <td>INFO &gt;= 100 MiB/s</td><td>10 min</td><td>50 MiB/s</td><td>2 min</td></tr>
   *   <tr><td>{@value #OPEN_FILES_HIGH}</td><td>process.files.open</td><td>WARNING above 70 %, CRITICAL above 90 % of
   *       the process's file descriptor limit</td><td>15 min</td><td>60 % of the limit</td><td>0</td></tr>
   * </table>
   *
   * <p>The file descriptor limit is the one the JVM reports for this process when this class initializes
   * ({@code com.sun.management.UnixOperatingSystemMXBean.getMaxFileDescriptorCount()}), or 1,024 where it reports
   * none; "above 70 %" of a limit {@code L} is the threshold {@code 70 * L / 100 + 1} (integer division), since the
   * count is a whole number. A MiB is 2<sup>20</sup> bytes ({@link #MEGABYTE}); the throughput limits are single
   * figures for both directions, hence the sums. Every rule carries a {@code summary} annotation that prints the value
   * in its unit and the alert's state, e.g. {@code CPU usage 93.5 % (WARNING, firing)}.
   *
   * <p>To change a default, give a rule of the same name (for example {@code AlertRule.defaultRules().get(0).toBuilder()
   * .threshold(Severity.CRITICAL, 98).build()}): it replaces the default.
   *
   * @return the default rules, in the order of the table above; immutable
   */
  public static List<AlertRule> defaultRules() {
    return Defaults.RULES;
  }

  /** Built on first use, after the class's own constants. */
  private static final class Defaults {
    static final long FILE_DESCRIPTOR_LIMIT = fileDescriptorLimit();

    static final List<AlertRule> RULES = List.of(
        custom().name(CPU_HIGH).metric(Metric.SYSTEM_CPU_USAGE)
            .threshold(Severity.WARNING, 90).clearThreshold(75)
            .forDuration(Duration.ofMinutes(10)).keepFiringFor(Duration.ofMinutes(2))
            .annotation("summary", "CPU usage {{humanValue}} ({{severity}}, {{state}})").build(),
        custom().name(MEMORY_HIGH).metric(Metric.SYSTEM_MEMORY_USAGE)
            .threshold(Severity.WARNING, 90).clearThreshold(85)
            .forDuration(Duration.ofMinutes(15))
            .annotation("summary", "memory usage {{humanValue}} ({{severity}}, {{state}})").build(),
        custom().name(DISK_IO_HIGH).sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
            .threshold(Severity.INFO, 100 * MEGABYTE).clearThreshold(50 * MEGABYTE)
            .forDuration(Duration.ofMinutes(10)).keepFiringFor(Duration.ofMinutes(2))
            .annotation("summary", "disk throughput {{humanValue}} ({{severity}}, {{state}})").build(),
        custom().name(NETWORK_IO_HIGH).sumOf(Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT)
            .threshold(Severity.INFO, 100 * MEGABYTE).clearThreshold(50 * MEGABYTE)
            .forDuration(Duration.ofMinutes(10)).keepFiringFor(Duration.ofMinutes(2))
            .annotation("summary", "network throughput {{humanValue}} ({{severity}}, {{state}})").build(),
        custom().name(OPEN_FILES_HIGH).metric(Metric.PROCESS_OPEN_FILES)
            .threshold(Severity.WARNING, (double) countAbove(70))
            .threshold(Severity.CRITICAL, (double) countAbove(90))
            .clearThreshold((double) Math.floorDiv(60 * FILE_DESCRIPTOR_LIMIT, 100))
            .forDuration(Duration.ofMinutes(15))
            .annotation("summary", "{{humanValue}} open file descriptors in this process, limit " + FILE_DESCRIPTOR_LIMIT
                + " ({{severity}}, {{state}})").build());

    private Defaults() {}

    /** The least whole count that is above {@code percent} % of the limit: {@code count * 100 / limit > percent}. */
    private static long countAbove(long percent) {
      return Math.floorDiv(percent * FILE_DESCRIPTOR_LIMIT, 100) + 1;
    }

    /** This process's file descriptor limit as the JVM reports it; 1,024 (the usual soft limit) if it reports none. */
    private static long fileDescriptorLimit() {
      try {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
          long max = unix.getMaxFileDescriptorCount();
          if (max > 0 && max <= Integer.MAX_VALUE) {
            return max;
          }
        }
      } catch (RuntimeException | LinkageError unavailable) {
        // no management beans here: use the usual soft limit
      }
      return 1024;
    }
  }

  /** A builder with no name, no input, direction {@link Direction#ABOVE}, {@code for} 0 and {@code keepFiringFor} 0. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding this rule's settings, to derive a changed rule (e.g. a default rule with other thresholds). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    if (gauge != null) {
      b.gauge = gauge;
      b.gaugeName = input;
    } else {
      b.metrics = metrics.clone();
    }
    b.direction = direction;
    System.arraycopy(thresholds, 0, b.thresholds, 0, thresholds.length);
    for (int s = 0; s < SEVERITIES.length; s++) {
      b.given[s] = !Double.isNaN(thresholds[s]);
    }
    b.clearThreshold = clearThreshold;
    b.clearGiven = hasClear;
    b.forDuration = forDuration;
    b.keepFiringFor = keepFiringFor;
    b.labels.putAll(labels);
    b.annotations.putAll(annotations);
    return b;
  }

  /** The rule's name; the {@code alertname} label of its alerts. */
  public String name() {
    return name;
  }

  /** The watched metrics (several for a sum); empty for a gauge rule. */
  public List<Metric> metrics() {
    return List.of(metrics);
  }

  /** The gauge of a gauge rule. */
  public Optional<DoubleSupplier> gauge() {
    return Optional.ofNullable(gauge);
  }

  /** What the rule watches, for people and for the {@code {{metric}}} placeholder: a metric name, a sum, or the gauge's name. */
  public String input() {
    return input;
  }

  /** Whether the rule is evaluated for every agent (it watches agent metrics). */
  public boolean isPerAgent() {
    return perAgent;
  }

  /** Which side of the thresholds breaches. */
  public Direction direction() {
    return direction;
  }

  /** The thresholds given, by severity. */
  public Map<Severity, Double> thresholds() {
    Map<Severity, Double> map = new EnumMap<>(Severity.class);
    for (int s = 0; s < SEVERITIES.length; s++) {
      if (!Double.isNaN(thresholds[s])) {
        map.put(SEVERITIES[s], thresholds[s]);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** The threshold of {@code severity}, if given. */
  public OptionalDouble threshold(Severity severity) {
    double t = thresholds[SeverityIndex.of(severity)];
    return Double.isNaN(t) ? OptionalDouble.empty() : OptionalDouble.of(t);
  }

  /** The clear threshold (hysteresis), if given. */
  public OptionalDouble clearThreshold() {
    return hasClear ? OptionalDouble.of(clearThreshold) : OptionalDouble.empty();
  }

  /** How long the condition must hold before a pending alert fires (Prometheus' {@code for}). */
  public Duration forDuration() {
    return forDuration;
  }

  /** How long a firing alert keeps firing after its condition stops holding (Prometheus' {@code keep_firing_for}). */
  public Duration keepFiringFor() {
    return keepFiringFor;
  }

  /** The rule's labels, added to its alerts' labels. */
  public Map<String, String> labels() {
    return labels;
  }

  /** The rule's annotations, with placeholders unexpanded. */
  public Map<String, String> annotations() {
    return annotations;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AlertRule{").append(name).append(": ").append(input).append(perAgent ? " per agent" : "")
        .append(' ').append(direction);
    for (int i = severitiesDesc.length - 1; i >= 0; i--) {
      sb.append(' ').append(SEVERITIES[severitiesDesc[i]]).append(' ').append(Templates.formatValue(thresholdsDesc[i]));
    }
    if (hasClear) {
      sb.append(" clear ").append(Templates.formatValue(clearThreshold));
    }
    return sb.append(" for ").append(forDuration).append(" keepFiringFor ").append(keepFiringFor).append('}').toString();
  }

  /** Builds an {@link AlertRule}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private Metric @Nullable [] metrics;
    private @Nullable DoubleSupplier gauge;
    private String gaugeName = ""; // set with the gauge
    private Direction direction = Direction.ABOVE;
    private final double[] thresholds = new double[SEVERITIES.length];
    private final boolean[] given = new boolean[SEVERITIES.length];
    private double clearThreshold = Double.NaN;
    private boolean clearGiven;
    private Duration forDuration = Duration.ZERO;
    private Duration keepFiringFor = Duration.ZERO;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();

    private Builder() {
      Arrays.fill(thresholds, Double.NaN);
    }

    /** The rule's name: 1 to 128 letters, digits and {@code _ . : -}, starting with a letter. Unique within a pipeline. */
    public Builder name(String name) {
      this.name = Names.requireNonNull("name", name);
      return this;
    }

    /** Watches {@code metric}; an agent metric makes the rule per agent. Replaces any earlier input. */
    public Builder metric(Metric metric) {
      this.metrics = new Metric[] {Names.requireNonNull("metric", metric)};
      this.gauge = null;
      this.gaugeName = "";
      return this;
    }

    /**
     * Watches the sum of several metrics of one kind and unit, e.g. disk read + write; {@code NaN} if any of
     * them is {@code NaN}. Replaces any earlier input.
     */
    public Builder sumOf(Metric first, Metric... more) {
      Names.requireNonNull("more", more);
      Metric[] all = new Metric[more.length + 1];
      all[0] = Names.requireNonNull("first", first);
      for (int i = 0; i < more.length; i++) {
        all[i + 1] = Names.requireNonNull("more[" + i + "]", more[i]);
      }
      this.metrics = all;
      this.gauge = null;
      this.gaugeName = "";
      return this;
    }

    /**
     * Watches a user gauge, read on the monitor's worker at each evaluation, before the rules are evaluated and
     * outside the pipeline's lock; it should return quickly. A gauge that throws (anything but a fatal JVM error)
     * counts as "no data" for that evaluation and is counted and logged once per run of failures; one that has not
     * returned within the manager's callback timeout counts as "no data" and is not read again until the call
     * returns. The other rules are evaluated either way. Replaces any earlier input.
     *
     * @param name what the gauge measures, for people and the {@code {{metric}}} placeholder
     */
    public Builder gauge(String name, DoubleSupplier gauge) {
      this.gauge = Names.requireNonNull("gauge", gauge);
      this.gaugeName = Names.requireNonNull("name", name);
      this.metrics = null;
      return this;
    }

    /** Which side of the thresholds breaches; default {@link Direction#ABOVE}. */
    public Builder direction(Direction direction) {
      this.direction = Names.requireNonNull("direction", direction);
      return this;
    }

    /** Sets the threshold of {@code severity} (inclusive). */
    public Builder threshold(Severity severity, double threshold) {
      int s = SeverityIndex.of(Names.requireNonNull("severity", severity));
      thresholds[s] = threshold;
      given[s] = true;
      return this;
    }

    /** Removes the threshold of {@code severity}, if set. */
    public Builder withoutThreshold(Severity severity) {
      int s = SeverityIndex.of(Names.requireNonNull("severity", severity));
      thresholds[s] = Double.NaN;
      given[s] = false;
      return this;
    }

    /**
     * Hysteresis: a firing alert resolves only once the value crosses this (below the lowest threshold for
     * ABOVE, above it for BELOW). Pending alerts are not held by it.
     */
    public Builder clearThreshold(double clearThreshold) {
      this.clearThreshold = clearThreshold;
      this.clearGiven = true;
      return this;
    }

    /** How long the condition must hold before the alert fires (Prometheus' {@code for}); default 0: fire at once. */
    public Builder forDuration(Duration forDuration) {
      this.forDuration = Names.requireNonNull("forDuration", forDuration);
      return this;
    }

    /**
     * How long a firing alert keeps firing once its condition stops holding (Prometheus' {@code keep_firing_for}),
     * counted from the first evaluation at which it no longer held; default 0. While held, the alert keeps the value
     * (and so the annotations) of the last evaluation at which the condition held.
     */
    public Builder keepFiringFor(Duration keepFiringFor) {
      this.keepFiringFor = Names.requireNonNull("keepFiringFor", keepFiringFor);
      return this;
    }

    /** Adds a label to the rule's alerts (part of their identity). {@code alertname}, {@code agent}, {@code severity} are reserved. */
    public Builder label(String name, String value) {
      labels.put(Names.requireNonNull("name", name), Names.requireNonNull("value", value));
      return this;
    }

    /**
     * Adds an annotation. Its text may use {@code {{value}}} (the value as a plain number), {@code {{humanValue}}} (in
     * the metric's unit: {@code 81 %}, {@code 3.2 GiB}, {@code 50.2 MiB/s}; {@code no data} for NaN),
     * {@code {{metric}}}, {@code {{agent}}}, {@code {{severity}}}, {@code {{state}}} ({@code pending},
     * {@code firing} or {@code resolved}) and {@code {{$labels.NAME}}}: a label of the watched series, as in
     * Prometheus templates (for a per-agent rule {@code agent} and the agent's registration labels; empty if absent).
     * A resolved alert's annotations print the value at the evaluation that resolved it.
     */
    public Builder annotation(String name, String text) {
      annotations.put(Names.requireNonNull("name", name), Names.requireNonNull("text", text));
      return this;
    }

    /**
     * Validates the settings and builds the rule.
     *
     * @throws IllegalArgumentException naming the rule and the first invalid setting
     */
    public AlertRule build() {
      return new AlertRule(this);
    }
  }
}
