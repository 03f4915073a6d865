package io.github.resourcemanager.prometheus;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Translates one {@link AlertRule} into Prometheus alerting rules with the same firing behaviour, on the meters of a
 * {@code ResourceManagerMetrics} binder configured by {@link ResourceManagerMetricsConfig}.
 *
 * <p>The library keeps one alert per identity (rule plus agent) whose severity may change while it is active, and
 * counts {@code for} from the first breach of any threshold. Prometheus identifies an alert by its label set, so a
 * {@code severity} label that changes would start a new alert (and a new {@code for}). The construction:
 * <ul>
 *   <li>One severity: one rule, {@code expr} the breach of its threshold, with the rule's {@code for} and
 *       {@code keep_firing_for}.
 *   <li>Several severities, {@code for} and {@code keep_firing_for} 0: one rule per severity, each firing while the
 *       value is in its band (at or past its threshold, short of the next one); equal thresholds leave the lower
 *       severity's band empty, as the more serious one wins in the library.
 *   <li>Several severities with {@code for} or {@code keep_firing_for}: a gate rule {@code <name>:active} without
 *       severity carries {@code for} and {@code keep_firing_for} (it is pending and firing exactly when the library's
 *       alert is), and one rule per severity fires while the gate fires and the value is in its band; while the gate
 *       is kept firing by {@code keep_firing_for} without a breach, the severity that fired at the previous evaluation
 *       keeps firing (read from its own {@code ALERTS} series), as the library keeps the last severity.
 *   <li>Hysteresis (the clear threshold): the firing alert's own {@code ALERTS{alertstate="firing"}} series, written by
 *       the previous evaluation, holds the lowest severity's condition down to the clear threshold:
 *       {@code value >= t or (value > clear and ignoring(...) ALERTS{alertname="x",alertstate="firing"})}.
 * </ul>
 * Rules of one library rule must be evaluated in the order given, in one group.
 */
final class RuleTranslator {

  /** The name suffix of the gate rule of a rule with several severities and a {@code for} or {@code keep_firing_for}. */
  static final String GATE_SUFFIX = ":active";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern LEGACY_NAME_ESCAPE = Pattern.compile("[^a-zA-Z0-9_:]");

  private final ResourceManagerMetricsConfig metrics;
  private final Map<String, Meter.Id> gaugeMeters;
  private final PrometheusNamingConvention naming = new PrometheusNamingConvention();

  RuleTranslator(ResourceManagerMetricsConfig metrics, Map<String, Meter.Id> gaugeMeters) {
    this.metrics = metrics;
    this.gaugeMeters = gaugeMeters;
  }

  /** A rule that cannot be expressed, with the reason. */
  static final class NotExpressible extends Exception {
    private final String reason;

    NotExpressible(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    /** Why the rule cannot be expressed (the exception's message). */
    String reason() {
      return reason;
    }
  }

  /** The Prometheus rules of {@code rule}, in evaluation order; each a map of the rule file's fields. */
  List<Map<String, Object>> translate(AlertRule rule, Set<String> allNames) throws NotExpressible {
    String name = rule.name();
    for (String key : rule.annotations().keySet()) {
      if (!LABEL_NAME.matcher(key).matches()) {
        throw new NotExpressible("annotation name \"" + key + "\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      }
    }
    String forText = rule.forDuration().isZero() ? null : duration("forDuration", rule.forDuration());
    String keepText = rule.keepFiringFor().isZero() ? null : duration("keepFiringFor", rule.keepFiringFor());
    Input input = input(rule);
    boolean above = rule.direction() == Direction.ABOVE;
    String breach = above ? ">=" : "<=";
    String shortOf = above ? "<" : ">";
    String beyondClear = above ? ">" : "<";

    List<Severity> severities = new ArrayList<>(); // ascending seriousness
    List<String> thresholds = new ArrayList<>();
    for (Map.Entry<Severity, Double> threshold : rule.thresholds().entrySet()) {
      severities.add(threshold.getKey());
      thresholds.add(number(input.toBase(threshold.getValue())));
    }
    OptionalDouble clearThreshold = rule.clearThreshold();
    String clear = clearThreshold.isPresent() ? number(input.toBase(clearThreshold.getAsDouble())) : null;

    Set<String> ignored = new TreeSet<>(List.of("alertname", "alertstate", "severity"));
    ignored.addAll(rule.labels().keySet());
    String ignoring = "ignoring(" + String.join(", ", ignored) + ")";
    String v = input.expr;
    int k = severities.size() - 1;

    List<Map<String, Object>> out = new ArrayList<>();
    if (k == 0 || (rule.forDuration().isZero() && rule.keepFiringFor().isZero())) {
      // One rule per severity; with one severity it carries for and keep_firing_for itself.
      for (int i = 0; i <= k; i++) {
        String band = band(v, breach, shortOf, thresholds, i);
        String expr = band;
        if (i == 0 && clear != null) {
          String held = v + " " + beyondClear + " " + clear + (k > 0 ? " " + shortOf + " " + thresholds.get(1) : "");
          expr = band + " or (" + held + " and " + ignoring + " " + alerts(name, null) + ")";
        }
        out.add(rule(name, expr, k == 0 ? forText : null, k == 0 ? keepText : null, rule.labels(), severities.get(i),
            annotations(rule, input, severities.get(i))));
      }
      return out;
    }
    String gate = name + GATE_SUFFIX;
    if (allNames.contains(gate)) {
      throw new NotExpressible("its gate rule would be named \"" + gate + "\", the name of another rule; rename one");
    }
    String breachAny = v + " " + breach + " " + thresholds.get(0);
    String gateExpr = clear == null ? breachAny
        : breachAny + " or (" + v + " " + beyondClear + " " + clear + " and " + ignoring + " " + alerts(gate, null) + ")";
    out.add(rule(gate, gateExpr, forText, keepText, rule.labels(), null, Map.of()));
    String gateFiring = alerts(gate, null);
    String metNow = clear == null ? breachAny : v + " " + beyondClear + " " + clear;
    for (int i = 0; i <= k; i++) {
      String band = i == 0 && clear != null
          ? v + " " + beyondClear + " " + clear + (k > 0 ? " " + shortOf + " " + thresholds.get(1) : "")
          : band(v, breach, shortOf, thresholds, i);
      String severity = tagValue(severities.get(i));
      String previous = "max without(" + String.join(", ", ignored) + ") (" + alerts(name, severity) + ")";
      String kept = "(" + previous + " and " + ignoring + " " + gateFiring + " unless " + ignoring + " (" + metNow + "))";
      String expr = "(" + band + " and " + ignoring + " " + gateFiring + ") or (" + v + " and " + ignoring + " " + kept
          + ") or " + kept;
      out.add(rule(name, expr, null, null, rule.labels(), severities.get(i), annotations(rule, input, severities.get(i))));
    }
    return out;
  }

  private static String band(String v, String breach, String shortOf, List<String> thresholds, int i) {
    return v + " " + breach + " " + thresholds.get(i)
        + (i + 1 < thresholds.size() ? " " + shortOf + " " + thresholds.get(i + 1) : "");
  }

  private static String alerts(String alertname, @Nullable String severity) {
    return "ALERTS{alertname=\"" + escape(alertname) + "\",alertstate=\"firing\""
        + (severity == null ? "" : ",severity=\"" + severity + "\"") + "}";
  }

  private static Map<String, Object> rule(String alert, String expr, @Nullable String forText,
      @Nullable String keepText, Map<String, String> ruleLabels, @Nullable Severity severity,
      Map<String, String> annotations) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("alert", alert);
    r.put("expr", expr);
    if (forText != null) {
      r.put("for", forText);
    }
    if (keepText != null) {
      r.put("keep_firing_for", keepText);
    }
    Map<String, String> labels = new LinkedHashMap<>(ruleLabels);
    if (severity != null) {
      labels.put("severity", tagValue(severity));
    }
    if (!labels.isEmpty()) {
      r.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      r.put("annotations", annotations);
    }
    return r;
  }

  /** The severity as a label value: lowercase, as the binder's tags. */
  static String tagValue(Severity severity) {
    return severity.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- input

  /** The PromQL of a rule's input, and how its thresholds convert to the meters' base unit. */
  private static final class Input {
    final String expr;
    final @Nullable Metric metric; // null for a gauge
    final @Nullable Unit unit;
    final ResourceManagerMetricsConfig metrics;

    Input(String expr, @Nullable Metric metric, ResourceManagerMetricsConfig metrics) {
      this.expr = expr;
      this.metric = metric;
      this.unit = metric == null ? null : metric.unit();
      this.metrics = metrics;
    }

    double toBase(double threshold) {
      return metric == null ? threshold : metrics.toBaseUnit(metric, threshold);
    }
  }

  private Input input(AlertRule rule) throws NotExpressible {
    if (rule.gauge().isPresent()) {
      Meter.Id id = gaugeMeters.get(rule.input());
      if (id == null) {
        throw new NotExpressible("it watches the user gauge \"" + rule.input() + "\", which no meter is known to "
            + "expose; expose it as a Micrometer meter and map it with gaugeMeter(\"" + rule.input() + "\", meterId)");
      }
      return new Input(selector(id), null, metrics);
    }
    List<Metric> parts = rule.metrics();
    List<String> selectors = new ArrayList<>();
    for (Metric m : parts) {
      if (!metrics.metricFilter().test(m)) {
        throw new NotExpressible("its metric " + m.name() + " is left out by the binder's metricFilter, so no meter "
            + "exposes it");
      }
      selectors.add(selector(metrics.meterId(m)));
    }
    String expr = selectors.size() == 1 ? selectors.get(0) : "(" + String.join(" + ", selectors) + ")";
    return new Input(expr, parts.get(0), metrics);
  }

  /** The series selector of a meter as the Prometheus registry names it, matching its tags. */
  String selector(Meter.Id id) {
    // The registry's text formats escape what legacy Prometheus names cannot hold ('.' of bytes.per.second) to '_'.
    String name = LEGACY_NAME_ESCAPE.matcher(naming.name(id.getName(), id.getType(), id.getBaseUnit())).replaceAll("_");
    if (id.getType() == Meter.Type.COUNTER) {
      name += "_total";
    }
    List<String> matchers = new ArrayList<>();
    for (Tag tag : id.getTagsAsIterable()) {
      matchers.add(LEGACY_NAME_ESCAPE.matcher(naming.tagKey(tag.getKey())).replaceAll("_") + "=\"" + escape(tag.getValue())
          + "\"");
    }
    return matchers.isEmpty() ? name : name + "{" + String.join(",", matchers) + "}";
  }

  /** A PromQL string literal's content. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A threshold as PromQL: the shortest decimal that reads back as the same double, without an exponent. */
  static String number(double value) {
    BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** A duration in Prometheus' syntax ({@code 1h2m3s4ms}); sub-millisecond parts cannot be expressed. */
  static String duration(String field, Duration d) throws NotExpressible {
    if (d.toNanosPart() % 1_000_000 != 0) {
      throw new NotExpressible("its " + field + " " + d + " has a part below a millisecond, the smallest unit of "
          + "Prometheus durations");
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long[] units = {3_600_000, 60_000, 1000, 1};
    String[] names = {"h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        sb.append(ms / units[i]).append(names[i]);
        ms %= units[i];
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- annotations

  private Map<String, String> annotations(AlertRule rule, Input input, Severity severity) {
    Map<String, String> out = new LinkedHashMap<>();
    rule.annotations().forEach((key, text) -> out.put(key, template(text, input.unit, rule.input(), severity)));
    return out;
  }

  /**
   * {@code {{humanValue}}} in Prometheus' template functions (template/template.go): a percentage, held as a ratio,
   * {@code humanizePercentage} ("92%"); bytes {@code humanize1024} and "B" ("3.2GiB"), byte rates the same and
   * "B/s"; seconds {@code humanizeDuration} ("1m 30s"); other values as they are.
   */
  private static String human(@Nullable Unit unit) {
    if (unit == null) {
      return "{{ $value }}";
    }
    return switch (unit) {
      case PERCENT -> "{{ $value | humanizePercentage }}";
      case BYTES -> "{{ $value | humanize1024 }}B";
      case BYTES_PER_SECOND -> "{{ $value | humanize1024 }}B/s";
      case SECONDS -> "{{ $value | humanizeDuration }}";
      default -> "{{ $value }}";
    };
  }

  /**
   * The library's placeholders as Prometheus templates: {@code {{value}}} becomes {@code {{ $value }}} (a percentage,
   * which the meter holds as a ratio, {@code {{ $value | humanizePercentage }}}, which prints its own % sign; bytes and
   * byte rates {@code {{ $value | humanize1024 }}}), {@code {{humanValue}}} the value humanized in its unit,
   * {@code {{agent}}} {@code {{ $labels.agent }}}, {@code {{$labels.NAME}}} itself, {@code {{metric}}} the rule's
   * input, {@code {{severity}}} the rule's severity, as the library prints them, and {@code {{state}}} "firing":
   * Prometheus expands annotations without the alert's state, and sends Alertmanager only firing alerts (a resolved
   * one keeps the annotations of its last evaluation).
   */
  static String template(String text, @Nullable Unit unit, String input, Severity severity) {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    while (true) {
      int open = text.indexOf("{{", from);
      if (open < 0) {
        sb.append(text, from, text.length());
        return sb.toString();
      }
      int close = text.indexOf("}}", open + 2);
      sb.append(text, from, open);
      String name = text.substring(open + 2, close).strip();
      from = close + 2;
      switch (name) {
        case "value" -> {
          if (unit == Unit.PERCENT) {
            sb.append("{{ $value | humanizePercentage }}");
            if (text.startsWith(" %", from)) {
              from += 2;
            } else if (text.startsWith("%", from)) {
              from += 1;
            }
          } else if (unit == Unit.BYTES || unit == Unit.BYTES_PER_SECOND) {
            sb.append("{{ $value | humanize1024 }}");
          } else {
            sb.append("{{ $value }}");
          }
        }
        case "humanValue" -> sb.append(human(unit));
        case "agent" -> sb.append("{{ $labels.agent }}");
        case "metric" -> sb.append(input);
        case "severity" -> sb.append(severity.name());
        // Prometheus' templates do not see the alert's state; what it sends to Alertmanager while active fires.
        case "state" -> sb.append("firing");
        // {{$labels.NAME}}: the same label of the same series in Prometheus (validated as a label name by the rule)
        default -> sb.append("{{ ").append(name).append(" }}");
      }
    }
  }
}
