package io.github.resourcemanager.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig;
import io.micrometer.core.instrument.Meter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Exports the library's alert rules as a Prometheus rule file whose alerts fire when the library's do, evaluated on
 * the meters a {@code ResourceManagerMetrics} binder exposes. Immutable and thread-safe.
 *
 * <pre>{@code
 * PrometheusRuleFile file = PrometheusRules.custom()
 *     .metrics(metricsConfig)                        // the binder's configuration: prefix, common tags, filters
 *     .evaluationInterval(Duration.ofSeconds(5))     // the library's sampling interval
 *     .build()
 *     .export(rm.alerts().rules());
 * file.writeTo(Path.of("resource-manager.rules.yml"));
 * file.notExported().forEach((rule, why) -> log.warn("rule {} not exported: {}", rule, why));
 * }</pre>
 *
 * <p>Each rule becomes one or more Prometheus alerting rules (see {@code docs/scale-out.md} for the construction):
 * the same {@code for} and {@code keep_firing_for}, the severity as the {@code severity} label (lowercase), the rule's
 * labels, the annotations with their placeholders translated, and the clear threshold expressed through the alert's own
 * {@code ALERTS} series. The alerts' labels are the series' labels (the common tags, and for a per-agent rule
 * {@code agent} and the binder's agent labels) plus the rule's labels, {@code alertname} and {@code severity}.
 * A rule that cannot be expressed is listed in {@link PrometheusRuleFile#notExported()} with the reason, and named in a
 * comment at the top of the file; it is never left out silently.
 */
public final class PrometheusRules {

  private static final Pattern GROUP_NAME = Pattern.compile("\\S(.*\\S)?");

  private final ResourceManagerMetricsConfig metrics;
  private final String groupName;
  private final @Nullable Duration evaluationInterval;
  private final Map<String, Meter.Id> gaugeMeters;

  private PrometheusRules(Builder b) {
    this.metrics = b.metrics;
    this.groupName = b.groupName;
    this.evaluationInterval = b.evaluationInterval;
    this.gaugeMeters = Map.copyOf(b.gaugeMeters);
  }

  /** An exporter for a binder with the default configuration, group {@code resource-manager}, no group interval. */
  public static PrometheusRules ofDefaults() {
    return custom().build();
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The binder configuration whose meters the rules refer to. */
  public ResourceManagerMetricsConfig metrics() {
    return metrics;
  }

  /** The name of the rule group. */
  public String groupName() {
    return groupName;
  }

  /**
   * Exports {@code rules} (in order) into one rule group.
   *
   */
  public PrometheusRuleFile export(List<AlertRule> rules) {
    Objects.requireNonNull(rules, "rules");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      names.add(Objects.requireNonNull(rules.get(i), "rules[" + i + "]").name());
    }
    RuleTranslator translator = new RuleTranslator(metrics, gaugeMeters);
    List<Map<String, Object>> prometheusRules = new ArrayList<>();
    List<String> exported = new ArrayList<>();
    Map<String, String> notExported = new LinkedHashMap<>();
    for (AlertRule r : rules) {
      try {
        prometheusRules.addAll(translator.translate(r, names));
        exported.add(r.name());
      } catch (RuleTranslator.NotExpressible e) {
        notExported.put(r.name(), e.reason());
      }
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", groupName);
    if (evaluationInterval != null) {
      group.put("interval", durationText(evaluationInterval));
    }
    group.put("rules", prometheusRules);
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Prometheus alerting rules exported from resource-manager alert rules.\n");
    if (!notExported.isEmpty()) {
      yaml.append("# Not exported:\n");
      notExported.forEach((name, why) -> yaml.append("#   ").append(name).append(": ")
          .append(why.replace('\n', ' ')).append('\n'));
    }
    yaml.append(toYaml(Map.of("groups", List.of(group))));
    return new PrometheusRuleFile(yaml.toString(), exported, notExported);
  }

  /** Exports the rules of {@code manager}'s alert pipeline, the defaults included if they are on. */
  public PrometheusRuleFile export(ResourceManager manager) {
    Objects.requireNonNull(manager, "manager");
    return export(manager.alerts().rules());
  }

  private static String toYaml(Object document) {
    YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .build());
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the rule file as YAML", e);
    }
  }

  private static String durationText(Duration d) {
    try {
      return RuleTranslator.duration("evaluationInterval", d);
    } catch (RuleTranslator.NotExpressible e) {
      throw new IllegalStateException(e.getMessage(), e); // validated by the builder
    }
  }

  @Override
  public String toString() {
    return "PrometheusRules{group=" + groupName + ", interval=" + evaluationInterval + ", metrics=" + metrics
        + ", gaugeMeters=" + gaugeMeters.keySet() + "}";
  }

  /** Builds {@link PrometheusRules}. Not thread-safe. */
  public static final class Builder {
    private ResourceManagerMetricsConfig metrics = ResourceManagerMetricsConfig.ofDefaults();
    private String groupName = "resource-manager";
    private @Nullable Duration evaluationInterval;
    private final Map<String, Meter.Id> gaugeMeters = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The configuration of the binder whose meters the rules read (prefix, common tags, metric filter); default
     * {@link ResourceManagerMetricsConfig#ofDefaults()}. Give the one the application binds with.
     */
    public Builder metrics(ResourceManagerMetricsConfig metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The rule group's name; default {@code resource-manager}.
     *
     * @throws IllegalArgumentException if it is blank or starts or ends with white space
     */
    public Builder groupName(String groupName) {
      Objects.requireNonNull(groupName, "groupName");
      if (!GROUP_NAME.matcher(groupName).matches()) {
        throw new IllegalArgumentException("groupName \"" + groupName + "\" is not allowed; give a non-blank name "
            + "without leading or trailing white space, e.g. resource-manager");
      }
      this.groupName = groupName;
      return this;
    }

    /**
     * The group's evaluation interval (its {@code interval}); default none, so Prometheus' global
     * {@code evaluation_interval} applies. Set it to the library's sampling interval for alerts timed as in-process.
     * It must stay below Prometheus' lookback delta (5 minutes by default), since the hysteresis and the severity
     * kept by {@code keep_firing_for} read the previous evaluation's {@code ALERTS} series.
     *
     * @throws IllegalArgumentException if it is not positive, not whole milliseconds, or 5 minutes or more
     */
    public Builder evaluationInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero() || interval.toNanosPart() % 1_000_000 != 0
          || interval.compareTo(Duration.ofMinutes(5)) >= 0) {
        throw new IllegalArgumentException("evaluationInterval " + interval + " is not allowed; give whole "
            + "milliseconds above 0 and below 5m (Prometheus' default lookback delta), e.g. 5s");
      }
      this.evaluationInterval = interval;
      return this;
    }

    /**
     * Maps the user gauge named {@code gaugeName} (the name given to {@code AlertRule.Builder.gauge}) to the Micrometer
     * meter that exposes the same value, so that rules on that gauge can be exported. A gauge rule without a mapping
     * is reported as not exported.
     *
     * @throws IllegalArgumentException if the meter is not a gauge
     */
    public Builder gaugeMeter(String gaugeName, Meter.Id meter) {
      Objects.requireNonNull(gaugeName, "gaugeName");
      Objects.requireNonNull(meter, "meter");
      if (meter.getType() != Meter.Type.GAUGE) {
        throw new IllegalArgumentException("meter " + meter.getName() + " of gauge \"" + gaugeName + "\" is a "
            + meter.getType() + "; map a gauge's value to a GAUGE meter");
      }
      gaugeMeters.put(gaugeName, meter);
      return this;
    }

    /** The exporter. */
    public PrometheusRules build() {
      return new PrometheusRules(this);
    }
  }
}
