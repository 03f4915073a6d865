package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Metric names, agent ids, agent labels and {@code maxAgents} with hostile input. Each input is judged by
 * {@link Models}: valid ones are accepted and kept exactly, invalid ones rejected with an
 * {@link IllegalArgumentException} naming the field and the characters (or range) allowed.
 */
class NamesPropertiesTest {

  private static ResourceManager manager;

  @BeforeAll
  static void manager() {
    ManualTicker ticker = new ManualTicker();
    manager = ResourceManager.custom().platformSources(false).ticker(ticker).scheduler(new ManualScheduler(ticker))
        .build();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Names in the metric alphabet, so some are valid; prefixed so that the metrics they create are recognisable. */
  private static Gen<String> metricNames() {
    Gen<String> shaped = Generate.pick(java.util.List.of("rel.", "rel..x", "rel.x.", "rel.X", "rel.a-b_c.9", "rel. x",
        ".rel", "rel.\u00e9", "rel.a.b.c.d", "rel.<x>")).zip(integers().between(0, 50),
        (prefix, n) -> prefix + (n % 7 == 0 ? "" : n));
    return Generate.oneOf(shaped, shaped, Hostile.nameLike(), Hostile.anyString());
  }

  @Test
  void metricNamesAreKeptOrRejectedWithTheAllowedForm() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(1_000).forAll(metricNames()).checkAssert(name -> {
      // A valid name already defined with another unit is refused too (naming the units); none here has one.
      boolean valid = Models.metricName(name) && Metric.find(name).map(m -> m.unit() == Unit.COUNT).orElse(true);
      Oracle.asTheModelSays(name, Oracle.firstNull("name", name), valid ? Optional.of(name) : Optional.empty(),
          () -> Metric.of(name, Unit.COUNT, "reliability test").name(), outcomes, "metric name");
      if (valid) {
        assertThat(Metric.of(name, Unit.COUNT, "again")).isSameAs(Metric.named(name));
      }
    });
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void aMetricWithoutAUnitOrWithAnotherUnitIsRejectedNamingTheUnit() {
    Oracle.nullRejected("null unit", () -> Metric.of("rel.unitless", null, "x"), "unit");
    assertThat(Metric.find("rel.unitless")).isEmpty();
    Metric.of("rel.counted", Unit.COUNT, "x");
    Oracle.rejected("other unit", () -> Metric.of("rel.counted", Unit.BYTES, "x"), "unit COUNT", "BYTES");
  }

  @Test
  void agentIdsAreRegisteredExactlyOrRejectedWithTheAllowedCharacters() {
    AgentTracker tracker = manager.tracker();
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(2_000).forAll(Hostile.names()).checkAssert(id -> {
          Oracle.asTheModelSays(id, Oracle.firstNull("id", id), Models.agentId(id) ? Optional.of(id) : Optional.empty(),
              () -> tracker.register(id).id(), outcomes, "agent id", "1 to 128 characters");
          if (Models.agentId(id)) {
            assertThat(tracker.unregister(id)).isTrue();
          }
        });
    assertThat(tracker.size()).isZero();
    Oracle.sawBoth(outcomes, 50);
  }

  @Test
  void anAgentIdWithAnAngleBracketIsRejected() {
    Oracle.rejected("a<b", () -> manager.tracker().register("a<b"), "agent id \"a<b\" is not allowed");
    assertThat(manager.tracker().find("a<b")).isEmpty();
  }

  @Test
  void agentLabelsMustBeAMapWithoutNulls() {
    AgentTracker tracker = manager.tracker();
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("project", null);
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    for (Map<String, String> labels : java.util.Arrays.<Map<String, String>>asList(null, nullValue, nullKey)) {
      Oracle.nullRejected(labels, () -> tracker.register("labelled", labels), "labels");
    }
    assertThat(tracker.find("labelled")).isEmpty();
  }

  @Test
  void maxAgentsIsKeptExactlyOrRejectedWithItsRange() {
    AtomicIntegerArray outcomes = Oracle.outcomes();
    qt().withExamples(500).forAll(Generate.oneOf(integers().all(), integers().between(-3, 1_000_003),
        integers().between(-3, 3), integers().between(999_997, 1_000_003))).checkAssert(n -> {
          // MonitorConfig.MAX_AGENTS_LIMIT: 1,000,000
          boolean valid = n >= 1 && n <= 1_000_000;
          Oracle.asTheModelSays(n, valid ? Optional.of(n) : Optional.empty(),
              () -> MonitorConfig.custom().maxAgents(n).build().maxAgents(), outcomes, "maxAgents",
              "between 1 and 1000000");
        });
    Oracle.sawBoth(outcomes, 50);
  }
}
