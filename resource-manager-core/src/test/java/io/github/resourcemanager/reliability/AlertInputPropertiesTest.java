package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;


import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.alert.AlertPipelineConfig;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Alert rules, event alerts, handler options, pipeline settings and label matchers with hostile input, each judged
 * by a model of the documented rules ({@link Models}): valid input is kept exactly, invalid input rejected with an
 * {@link IllegalArgumentException} naming the field and what is allowed; never another exception, never a silently
 * changed threshold.
 */
class AlertInputPropertiesTest {

  private static final Severity[] SEVERITIES = Severity.values();

  /** A rule's thresholds as given: a value or none per severity, a direction (or null), a clear threshold or none. */
  private record Thresholds(List<Optional<Double>> bySeverity, Direction direction, Optional<Double> clear) {}

  private static Gen<Thresholds> thresholds() {
    Gen<Optional<Double>> one = Hostile.hostileDoubles().toOptionals(40);
    Gen<Direction> direction = Generate.enumValues(Direction.class).toOptionals(5).map(o -> o.orElse(null));
    return lists().of(one).ofSize(SEVERITIES.length).zip(direction, one, Thresholds::new);
  }

  /**
   * AlertRule's rules: a direction; at least one threshold; each finite; not decreasing with severity for ABOVE (not
   * increasing for BELOW); a clear threshold finite and strictly beyond the lowest severity's threshold.
   */
  private static boolean valid(Thresholds t) {
    if (t.direction() == null) {
      return false;
    }
    boolean above = t.direction() == Direction.ABOVE;
    Double previous = null;
    Double lowest = null;
    for (Optional<Double> given : t.bySeverity()) { // severity order, lowest first
      if (given.isEmpty()) {
        continue;
      }
      double v = given.get();
      if (!Double.isFinite(v) || (previous != null && (above ? v < previous : v > previous))) {
        return false;
      }
      if (lowest == null) {
        lowest = v;
      }
      previous = v;
    }
    if (lowest == null) {
      return false;
    }
    double low = lowest;
    return t.clear().map(c -> Double.isFinite(c) && (above ? c < low : c > low)).orElse(true);
  }

  private static AlertRule.Builder rule() {
    return AlertRule.custom().name("t").metric(Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void thresholdsAreKeptExactlyOrRejectedNamingTheRule() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(2_000).forAll(thresholds()).checkAssert(t -> {
      AlertRule.Builder b = rule();
      Map<Severity, Double> given = new EnumMap<>(Severity.class);
      for (int s = 0; s < SEVERITIES.length; s++) {
        if (t.bySeverity().get(s).isPresent()) {
          b.threshold(SEVERITIES[s], t.bySeverity().get(s).get());
          given.put(SEVERITIES[s], t.bySeverity().get(s).get());
        }
      }
      t.clear().ifPresent(b::clearThreshold);
      Optional<List<Object>> expected = valid(t)
          ? Optional.of(List.of(given, t.clear().map(c -> (Object) c).orElse("none"))) : Optional.empty();
      Oracle.asTheModelSays(t, Oracle.firstNull("direction", t.direction()), expected, () -> {
        AlertRule built = b.direction(t.direction()).build();
        return List.of(built.thresholds(), built.clearThreshold().isPresent()
            ? (Object) built.clearThreshold().getAsDouble() : "none");
      }, outcomes, "rule \"t\"");
    });
    Oracle.sawBoth(outcomes, 100);
  }

  @Test
  void ruleNamesAreKeptOrRejectedWithTheAllowedCharacters() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(Hostile.names()).checkAssert(name ->
        Oracle.asTheModelSays(name, Oracle.firstNull("name", name), Models.alertName(name) ? Optional.of(name)
            : Optional.empty(),
            () -> AlertRule.custom().name(name).metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.WARNING, 1).build()
                .name(), outcomes, "alert rule name", "letters, digits and _ . : -"));
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void ruleLabelsAndAnnotationsAreKeptOrRejectedNamingWhich() {
    Gen<String> annotations = Generate.oneOf(Hostile.nameLike(), Generate.pick(List.of("{{value}}", "{{ value }}",
        "at {{value}} % ({{severity}})", "{{values}}", "{{value", "{{agent}} on {{metric}}", "{}", "}}{{")));
    AtomicIntegerArray labels = Oracle.outcomes();
    AtomicIntegerArray notes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(Hostile.names(), Hostile.anyString(), annotations)
        .checkAssert((labelName, labelValue, annotation) -> {
          Oracle.asTheModelSays("label " + labelName + "=" + labelValue,
              Oracle.firstNull("name", labelName, "value", labelValue), Models.userLabel(labelName, labelValue)
              ? Optional.of(labelValue) : Optional.empty(),
              () -> rule().threshold(Severity.WARNING, 1).label(labelName, labelValue).build().labels().get(labelName),
              labels, "label");
          Oracle.asTheModelSays("annotation " + annotation, Oracle.firstNull("text", annotation),
              annotation != null && Models.template(annotation)
              ? Optional.of(annotation) : Optional.empty(),
              () -> rule().threshold(Severity.WARNING, 1).annotation("summary", annotation).build().annotations()
                  .get("summary"), notes, "annotation");
        });
    Oracle.sawBoth(labels, 20);
    Oracle.sawBoth(notes, 50);
  }

  @Test
  void eventAlertsAreKeptExactlyOrRejectedNamingTheField() {
    Gen<Severity> severity = Generate.enumValues(Severity.class).toOptionals(10).map(o -> o.orElse(null));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(Hostile.names(), severity, Hostile.hostileDoubles(), Hostile.names())
        .checkAssert((name, sev, value, agent) -> {
          // EventAlert: an alert name, a severity, a finite value or NaN, a non-blank agent.
          boolean valid = Models.alertName(name) && sev != null && !Double.isInfinite(value) && agent != null
              && !agent.isBlank();
          Oracle.asTheModelSays(name + " " + sev + " " + value + " " + agent,
              // of(name, sev) checks its arguments first, then withValue and withAgent theirs, in call order
              name == null || sev == null ? Oracle.firstNull("name", name, "severity", sev)
                  : Models.alertName(name) && !Double.isInfinite(value) && agent == null ? "agentId" : null, valid ? Optional.of(List.of(name, sev, value, agent)) : Optional.empty(), () -> {
                EventAlert e = EventAlert.of(name, sev).withValue(value).withAgent(agent);
                return List.of(e.name(), e.severity(), e.value(), e.labels().get("agent"));
              }, outcomes, "event alert");
        });
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void countsOfPipelinesAndHandlersAreKeptOrRejectedWithTheirRange() {
    Gen<Integer> anyInt = Generate.oneOf(integers().all(), integers().between(-5, 2_000),
        integers().between(999_995, 1_000_005));
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(anyInt).checkAssert(n -> {
      // AlertPipelineConfig: resolved history 0..1,000,000, handlers 1..256; HandlerOptions: queue 1..1,000,000,
      // rate limit at least 1.
      Oracle.asTheModelSays("resolvedHistorySize " + n, n >= 0 && n <= 1_000_000 ? Optional.of(n) : Optional.empty(),
          () -> AlertPipelineConfig.custom().resolvedHistorySize(n).build().resolvedHistorySize(), outcomes,
          "resolvedAlertHistorySize", "between");
      Oracle.asTheModelSays("maxHandlers " + n, n >= 1 && n <= 256 ? Optional.of(n) : Optional.empty(),
          () -> AlertPipelineConfig.custom().maxHandlers(n).build().maxHandlers(), outcomes, "maxAlertHandlers",
          "between");
      Oracle.asTheModelSays("queueCapacity " + n, n >= 1 && n <= 1_000_000 ? Optional.of(n) : Optional.empty(),
          () -> HandlerOptions.ofDefaults().withQueueCapacity(n).queueCapacity(), outcomes, "queueCapacity", "between");
      Oracle.asTheModelSays("rate limit " + n, n >= 1 ? Optional.of(n) : Optional.empty(),
          () -> HandlerOptions.ofDefaults().withRateLimit(n, Duration.ofSeconds(1)).rateLimit(), outcomes,
          "rate limit", "at least 1");
    });
    Oracle.sawBoth(outcomes, 100);
  }

  /** Matcher texts: mutations of valid ones (dropped, doubled or swapped characters) and arbitrary strings. */
  private static Gen<String> matcherTexts() {
    List<String> valid = List.of("alertname=\"cpu-high\"", "agent=~\"worker-.*\"", "team!=ops", "team!~\"db|ops\"",
        "note=\"say \\\"hi\\\"\"", "severity=~\"crit.*\"", "a=", "x=~\"(\"", "a=\"1\\n2\"", "a = b ");
    Gen<String> mutated = Generate.pick(valid).zip(integers().between(0, 40), integers().between(0, 3),
        Generate.pick(List.of('=', '!', '~', '"', '\\', '(', '[', ' ', 'a', '\u00e9', '\u0000', 'n')),
        (text, at, how, c) -> {
          int i = Math.min(at, text.length());
          return switch (how) {
            case 0 -> text.substring(0, i) + text.substring(Math.min(i + 1, text.length()));
            case 1 -> text.substring(0, i) + c + text.substring(i);
            case 2 -> text.substring(0, i) + c + c + text.substring(i);
            default -> text.substring(i) + text.substring(0, i);
          };
        });
    return Generate.oneOf(mutated, mutated, Generate.pick(valid), Hostile.anyString());
  }

  @Test
  void labelMatcherTextsAreReadExactlyOrRejected() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(3_000).forAll(matcherTexts()).checkAssert(text -> {
      Optional<Models.MatcherParts> expected = Models.labelMatcher(text);
      Oracle.asTheModelSays(text, Oracle.firstNull("text", text), expected, () -> {
        LabelMatcher m = LabelMatcher.parse(text);
        return new Models.MatcherParts(m.name(), m.operator(), m.value());
      }, outcomes, "label matcher");
      if (expected.isPresent()) {
        LabelMatcher m = LabelMatcher.parse(text);
        assertThat(LabelMatcher.parse(m.toString())).isEqualTo(m);
        m.matches(Map.of("agent", "worker-1", "team", "ops")); // evaluating never throws either
      }
    });
    Oracle.sawBoth(outcomes, 200);
  }
}
