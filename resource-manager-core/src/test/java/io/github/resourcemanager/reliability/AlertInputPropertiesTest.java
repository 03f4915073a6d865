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
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Alert rules, event alerts, handler options, pipeline settings and label matchers with hostile input: a valid
 * object holding exactly what was given, or an {@link IllegalArgumentException} naming the field and what is
 * allowed; never another exception, never a silently changed threshold.
 */
class AlertInputPropertiesTest {

  private static final Severity[] SEVERITIES = Severity.values();

  /** A rule's thresholds as given: a value or none per severity, a direction (or null), a clear threshold or none. */
  private record Thresholds(List<Optional<Double>> bySeverity, Direction direction, Optional<Double> clear) {}

  private static Gen<Thresholds> thresholds() {
    Gen<Optional<Double>> one = Rejections.hostileDoubles().toOptionals(40);
    Gen<Direction> direction = Generate.enumValues(Direction.class).toOptionals(5).map(o -> o.orElse(null));
    return lists().of(one).ofSize(SEVERITIES.length).zip(direction, one, Thresholds::new);
  }

  private static AlertRule.Builder rule() {
    return AlertRule.custom().name("t").metric(Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void thresholdsAreKeptExactlyAndOrderedOrRejectedNamingTheRule() {
    qt().withExamples(2_000).forAll(thresholds()).checkAssert(t -> {
      AlertRule.Builder b = rule().direction(t.direction());
      Map<Severity, Double> given = new EnumMap<>(Severity.class);
      for (int s = 0; s < SEVERITIES.length; s++) {
        if (t.bySeverity().get(s).isPresent()) {
          b.threshold(SEVERITIES[s], t.bySeverity().get(s).get());
          given.put(SEVERITIES[s], t.bySeverity().get(s).get());
        }
      }
      t.clear().ifPresent(b::clearThreshold);
      AlertRule built = Rejections.validOrRejected(t, b::build, "rule \"t\"");
      if (built == null) {
        return;
      }
      assertThat(built.thresholds()).isEqualTo(given);
      boolean above = t.direction() == Direction.ABOVE;
      Double previous = null;
      for (double v : built.thresholds().values()) { // severity order
        assertThat(Double.isFinite(v)).isTrue();
        if (previous != null) {
          assertThat(above ? v >= previous : v <= previous).as("ordered for %s", t.direction()).isTrue();
        }
        previous = v;
      }
      double lowest = built.thresholds().values().iterator().next();
      t.clear().ifPresent(c -> {
        assertThat(built.clearThreshold().getAsDouble()).isEqualTo(c);
        assertThat(above ? c < lowest : c > lowest).as("clear beyond the lowest threshold").isTrue();
      });
    });
  }

  @Test
  void ruleNamesAreValidOrRejectedWithTheAllowedCharacters() {
    qt().withExamples(1_000).forAll(Rejections.nameLike()).checkAssert(name -> {
      AlertRule rule = Rejections.validOrRejected(name, () -> AlertRule.custom().name(name).metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 1).build(), "alert rule name", "letters, digits and _ . : -");
      if (rule != null) {
        assertThat(rule.name()).isEqualTo(name);
      }
    });
  }

  @Test
  void ruleLabelsAndAnnotationsAreValidOrRejectedNamingWhich() {
    qt().withExamples(1_000).forAll(Rejections.nameLike(), Rejections.anyString(), Rejections.nameLike())
        .checkAssert((labelName, labelValue, annotation) -> {
          Rejections.validOrRejected("label " + labelName + "=" + labelValue,
              () -> rule().threshold(Severity.WARNING, 1).label(labelName, labelValue).build(), "label");
          Rejections.validOrRejected("annotation " + annotation,
              () -> rule().threshold(Severity.WARNING, 1).annotation("summary", annotation).build(), "annotation");
        });
  }

  @Test
  void eventAlertsAreValidOrRejectedNamingTheField() {
    Gen<Severity> severity = Generate.enumValues(Severity.class).toOptionals(10).map(o -> o.orElse(null));
    qt().withExamples(1_000).forAll(Rejections.nameLike(), severity, Rejections.hostileDoubles(), Rejections.nameLike())
        .checkAssert((name, sev, value, agent) -> {
          EventAlert e = Rejections.validOrRejected(name + " " + sev + " " + value + " " + agent,
              () -> EventAlert.of(name, sev).withValue(value).withAgent(agent), "event alert");
          if (e != null) {
            assertThat(e.name()).isEqualTo(name);
            assertThat(e.severity()).isEqualTo(sev);
            assertThat(Double.valueOf(e.value())).isEqualTo(value);
          }
        });
  }

  @Test
  void countsOfPipelinesAndHandlersAreValidOrRejectedWithTheirRange() {
    Gen<Integer> anyInt = Generate.oneOf(integers().all(), integers().between(-5, 2_000));
    qt().withExamples(1_000).forAll(anyInt).checkAssert(n -> {
      Rejections.validOrRejected("resolvedHistorySize " + n,
          () -> AlertPipelineConfig.custom().resolvedHistorySize(n).build(), "resolvedAlertHistorySize", "between");
      Rejections.validOrRejected("maxHandlers " + n, () -> AlertPipelineConfig.custom().maxHandlers(n).build(),
          "maxAlertHandlers", "between");
      Rejections.validOrRejected("queueCapacity " + n, () -> HandlerOptions.ofDefaults().withQueueCapacity(n),
          "queueCapacity", "between");
      Rejections.validOrRejected("rate limit " + n, () -> HandlerOptions.ofDefaults().withRateLimit(n, Duration.ofSeconds(1)),
          "rate limit", "at least 1");
    });
  }

  /** Matcher texts: mutations of valid ones (dropped, doubled or swapped characters) and arbitrary strings. */
  private static Gen<String> matcherTexts() {
    List<String> valid = List.of("alertname=\"cpu-high\"", "agent=~\"worker-.*\"", "team!=ops", "team!~\"db|ops\"",
        "note=\"say \\\"hi\\\"\"", "severity=~\"crit.*\"", "a=", "x=~\"(\"");
    Gen<String> mutated = Generate.pick(valid).zip(integers().between(0, 40), integers().between(0, 3),
        Generate.pick(List.of('=', '!', '~', '"', '\\', '(', '[', ' ', 'a', '\u00e9', '\u0000')), (text, at, how, c) -> {
          int i = Math.min(at, text.length());
          return switch (how) {
            case 0 -> text.substring(0, i) + text.substring(Math.min(i + 1, text.length()));
            case 1 -> text.substring(0, i) + c + text.substring(i);
            case 2 -> text.substring(0, i) + c + c + text.substring(i);
            default -> text.substring(i) + text.substring(0, i);
          };
        });
    return Generate.oneOf(mutated, mutated, Rejections.anyString());
  }

  @Test
  void labelMatcherTextsParseToAMatcherThatPrintsBackOrAreRejected() {
    qt().withExamples(3_000).forAll(matcherTexts()).checkAssert(text -> {
      LabelMatcher m = Rejections.validOrRejected(text, () -> LabelMatcher.parse(text), "label matcher");
      if (m != null) {
        assertThat(LabelMatcher.parse(m.toString())).isEqualTo(m);
        m.matches(Map.of("agent", "worker-1", "team", "ops")); // evaluating never throws either
      }
    });
  }
}
