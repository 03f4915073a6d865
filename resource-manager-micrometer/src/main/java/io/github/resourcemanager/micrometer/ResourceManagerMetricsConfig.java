package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a {@link ResourceManagerMetrics} binder exposes and how it names it. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>prefix</td><td>{@code resource}</td><td>the first words of every meter name, e.g.
 *       {@code resource.system.cpu.usage}</td></tr>
 *   <tr><td>tags</td><td>none</td><td>tags added to every meter, e.g. {@code application=api}</td></tr>
 *   <tr><td>metricFilter</td><td>every metric</td><td>which monitored metrics (machine, process, JVM and per agent)
 *       become gauges</td></tr>
 *   <tr><td>agentFilter</td><td>every agent</td><td>which agents get per-agent meters; asked once per agent, when
 *       the binder first sees it</td></tr>
 *   <tr><td>agentLabels</td><td>{@code project}</td><td>the agents' registration labels that become tags of the
 *       per-agent meters (an agent without the label gets the empty value)</td></tr>
 * </table>
 *
 * <pre>{@code
 * ResourceManagerMetricsConfig config = ResourceManagerMetricsConfig.custom()
 *     .tags("application", "api")
 *     .agentFilter(agent -> !agent.id().startsWith("tmp-"))
 *     .build();
 * }</pre>
 */
public final class ResourceManagerMetricsConfig {

  /** The default prefix of every meter name. */
  public static final String DEFAULT_PREFIX = "resource";

  /** Tag keys the binder sets itself; common tags and agent labels must not use them ({@code project} may be a label). */
  static final Set<String> RESERVED_TAG_KEYS = Set.of("agent", "project", "state", "severity", "handler", "outcome",
      "scaler", "direction", "resource", "bound");

  /**
   * Cumulative metrics (totals since the JVM started or the agent registered): exposed as function counters, so
   * Prometheus' {@code rate()} and {@code increase()} apply.
   */
  static final Set<Metric> TOTALS = Set.of(Metric.JVM_GC_TIME, Metric.AGENT_CPU_TIME);

  /** Rates whose bytes the binder adds up into counters named {@code <metric>.bytes}, beside their gauges. */
  static final List<Metric> COUNTED_RATES = List.of(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE,
      Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT);

  /** The name, under the prefix, of the process CPU time counter. */
  static final String PROCESS_CPU_TIME = "process.cpu.time";

  private static final ResourceManagerMetricsConfig DEFAULTS = custom().build();

  private final String prefix;
  private final Tags tags;
  private final Predicate<Metric> metricFilter;
  private final Predicate<Agent> agentFilter;
  private final List<String> agentLabels;

  private ResourceManagerMetricsConfig(Builder b) {
    this.prefix = b.prefix;
    this.tags = b.tags;
    this.metricFilter = b.metricFilter;
    this.agentFilter = b.agentFilter;
    this.agentLabels = Collections.unmodifiableList(new ArrayList<>(b.agentLabels));
  }

  /** Every setting at its default. */
  public static ResourceManagerMetricsConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The first words of every meter name, without a trailing dot. */
  public String prefix() {
    return prefix;
  }

  /** The tags added to every meter. */
  public Tags tags() {
    return tags;
  }

  /** Which monitored metrics become gauges. */
  public Predicate<Metric> metricFilter() {
    return metricFilter;
  }

  /** Which agents get per-agent meters. */
  public Predicate<Agent> agentFilter() {
    return agentFilter;
  }

  /** The agent registration labels exposed as tags of per-agent meters, in order. */
  public List<String> agentLabels() {
    return agentLabels;
  }

  /**
   * The identity of the meter a binder with this configuration registers for {@code metric}: its name under the
   * prefix, the common tags, the metric's base unit ({@code ratio}, {@code bytes}, {@code bytes.per.second},
   * {@code seconds} or none) and its type: {@link Meter.Type#COUNTER} for the cumulative metrics
   * ({@code jvm.gc.time}, {@code agent.cpu.time}), {@link Meter.Type#GAUGE} for every other. A per-agent metric's
   * meters also carry the {@code agent} tag and one tag per agent label; the id returned has the common tags only.
   * Tools that refer to the binder's meters from outside (Prometheus rules, dashboards) derive their names from it.
   */
  public Meter.Id meterId(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    Meter.Type type = TOTALS.contains(metric) ? Meter.Type.COUNTER : Meter.Type.GAUGE;
    return new Meter.Id(prefix + "." + metric.name(), tags, Readings.baseUnit(metric.unit()), metric.description(),
        type);
  }

  /**
   * A value of {@code metric}, in the library's unit, converted to the base unit of its meter: percentages are divided
   * by 100 (a correctly rounded division: 75 % is exactly 0.75), everything else is unchanged. The binder converts
   * every reading this way, so a threshold converted with it compares with the meter's values as the library's
   * threshold compares with the library's values.
   */
  public double toBaseUnit(Metric metric, double value) {
    Objects.requireNonNull(metric, "metric");
    return Readings.toBaseUnit(metric.unit(), value);
  }

  @Override
  public String toString() {
    return "ResourceManagerMetricsConfig{prefix=" + prefix + ", tags=" + tags + ", agentLabels=" + agentLabels + "}";
  }

  /** Builds a {@link ResourceManagerMetricsConfig}. Not thread-safe. */
  public static final class Builder {
    private String prefix = DEFAULT_PREFIX;
    private Tags tags = Tags.empty();
    private Predicate<Metric> metricFilter = metric -> true;
    private Predicate<Agent> agentFilter = agent -> true;
    private List<String> agentLabels = List.of("project");

    private Builder() {}

    /**
     * The first words of every meter name; default {@code resource}. It must not be empty, so that the binder's
     * meters never collide with Micrometer's own ({@code system.cpu.usage} of {@code ProcessorMetrics}, say).
     *
     * @param prefix lowercase words of letters, digits, {@code _} and {@code -}, separated by single dots
     * @throws IllegalArgumentException if the prefix is malformed; nothing is changed
     */
    public Builder prefix(String prefix) {
      this.prefix = validPrefix(prefix);
      return this;
    }

    /**
     * Tags added to every meter, replacing those set before.
     *
     * @throws IllegalArgumentException if a tag uses a key the binder sets itself (agent, project, state, severity,
     *     handler, outcome, scaler, direction, resource, bound); nothing is changed
     */
    public Builder tags(Iterable<Tag> tags) {
      Objects.requireNonNull(tags, "tags");
      Tags copy = Tags.of(tags);
      for (Tag tag : copy) {
        if (RESERVED_TAG_KEYS.contains(tag.getKey())) {
          throw new IllegalArgumentException("tag key \"" + tag.getKey() + "\" is set by the binder itself; "
              + "common tags must use other keys than " + sorted(RESERVED_TAG_KEYS));
        }
      }
      this.tags = copy;
      return this;
    }

    /**
     * Tags added to every meter, as key-value pairs: {@code tags("application", "api", "region", "eu")}.
     *
     * @throws IllegalArgumentException if the number of strings is odd, or as {@link #tags(Iterable)}
     */
    public Builder tags(String... keyValues) {
      Objects.requireNonNull(keyValues, "keyValues");
      for (int i = 0; i < keyValues.length; i++) {
        Objects.requireNonNull(keyValues[i], "keyValues[" + i + "]");
      }
      if (keyValues.length % 2 != 0) {
        throw new IllegalArgumentException("tags must be given as key-value pairs, got " + keyValues.length + " strings");
      }
      return tags(Tags.of(keyValues));
    }

    /**
     * Which monitored metrics become gauges, for the machine, the process, the JVM and the agents; default every one.
     * Meters of alerts, scalers and allocation are not affected (deny them with a Micrometer {@code MeterFilter}).
     */
    public Builder metricFilter(Predicate<Metric> filter) {
      this.metricFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Which agents get per-agent meters; default every one. Asked once per agent, when the binder first sees it,
     * on the thread that refreshes the binder's meters (usually the monitor thread), so it must be quick.
     */
    public Builder agentFilter(Predicate<Agent> filter) {
      this.agentFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * The agent registration labels that become tags of the per-agent meters, in order; default {@code project}.
     * Give none to tag per-agent meters with {@code agent} only. Every label is a tag of every agent's meters (an
     * agent without it gets the empty value), because Prometheus needs the same tag keys on every series of a
     * meter.
     *
     * @throws IllegalArgumentException if a label is blank, repeated, or a key the binder sets itself other than
     *     {@code project}; nothing is changed
     */
    public Builder agentLabels(String... labels) {
      Objects.requireNonNull(labels, "labels");
      for (int i = 0; i < labels.length; i++) {
        Objects.requireNonNull(labels[i], "labels[" + i + "]");
      }
      List<String> list = new ArrayList<>();
      for (String label : labels) {
        if (label.isBlank()) {
          throw new IllegalArgumentException("agent label \"" + label + "\" is not allowed; use a non-blank label key "
              + "such as project");
        }
        if (!label.equals("project") && RESERVED_TAG_KEYS.contains(label)) {
          throw new IllegalArgumentException("agent label \"" + label + "\" is a tag key the binder sets itself; "
              + "agent labels must use other keys than " + sorted(RESERVED_TAG_KEYS) + " (project is allowed)");
        }
        if (list.contains(label)) {
          throw new IllegalArgumentException("agent label \"" + label + "\" is given twice; give each label once");
        }
        list.add(label);
      }
      this.agentLabels = list;
      return this;
    }

    /** The configuration. */
    public ResourceManagerMetricsConfig build() {
      return new ResourceManagerMetricsConfig(this);
    }

    private static String validPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      String allowed = "; use lowercase words of letters, digits, '_' and '-' separated by single dots, e.g. resource";
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("prefix must not be empty" + allowed);
      }
      boolean dotAllowed = false;
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
          dotAllowed = true;
        } else if (c == '.' && dotAllowed) {
          dotAllowed = false;
        } else {
          throw new IllegalArgumentException("prefix \"" + prefix + "\" is not allowed" + allowed);
        }
      }
      if (!dotAllowed) {
        throw new IllegalArgumentException("prefix \"" + prefix + "\" must not end with a dot" + allowed);
      }
      return prefix;
    }

    private static List<String> sorted(Set<String> keys) {
      List<String> list = new ArrayList<>(keys);
      Collections.sort(list);
      return list;
    }
  }
}
