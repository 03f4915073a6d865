package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Metric names, agent ids and agent labels with hostile input: a valid object or an
 * {@link IllegalArgumentException} naming the field and the characters allowed.
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
        ".rel", "rel.\u00e9", "rel.a.b.c.d")).zip(integers().between(0, 50), (prefix, n) -> prefix + (n % 7 == 0 ? "" : n));
    return Generate.oneOf(shaped, Rejections.nameLike(), Rejections.anyString());
  }

  @Test
  void metricNamesAreValidOrRejectedWithTheAllowedForm() {
    qt().withExamples(1_000).forAll(metricNames()).checkAssert(name -> {
      Metric m = Rejections.validOrRejected(name, () -> Metric.of(name, Unit.COUNT, "reliability test"), "metric name",
          "lowercase");
      if (m != null) {
        assertThat(m.name()).isEqualTo(name);
        assertThat(Metric.of(name, Unit.COUNT, "again")).isSameAs(m);
      }
    });
  }

  @Test
  void aMetricWithoutAUnitOrWithAnotherUnitIsRejectedNamingTheUnit() {
    Rejections.validOrRejected("null unit", () -> Metric.of("rel.unitless", null, "x"), "unit");
    assertThat(Metric.find("rel.unitless")).isEmpty();
    Metric.of("rel.counted", Unit.COUNT, "x");
    assertThat(Rejections.validOrRejected("other unit", () -> Metric.of("rel.counted", Unit.BYTES, "x"), "unit COUNT",
        "BYTES")).isNull();
  }

  @Test
  void agentIdsAreRegisteredOrRejectedWithTheAllowedCharacters() {
    AgentTracker tracker = manager.tracker();
    qt().withExamples(2_000).forAll(Rejections.nameLike()).checkAssert(id -> {
      Agent agent = Rejections.validOrRejected(id, () -> tracker.register(id), "agent id", "1 to 128 characters");
      if (agent != null) {
        assertThat(agent.id()).isEqualTo(id);
        assertThat(tracker.unregister(id)).isTrue();
      }
    });
    assertThat(tracker.size()).isZero();
  }

  @Test
  void agentLabelsMustBeAMapWithoutNulls() {
    AgentTracker tracker = manager.tracker();
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("project", null);
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    for (Map<String, String> labels : java.util.Arrays.<Map<String, String>>asList(null, nullValue, nullKey)) {
      assertThat(Rejections.validOrRejected(labels, () -> tracker.register("labelled", labels), "labels")).isNull();
    }
    assertThat(tracker.find("labelled")).isEmpty();
  }

  @Test
  void maxAgentsIsValidOrRejectedWithItsRange() {
    qt().withExamples(500).forAll(Generate.oneOf(integers().all(), integers().between(-3, 1_000_003)))
        .checkAssert(n -> {
          MonitorConfig c = Rejections.validOrRejected(n, () -> MonitorConfig.custom().maxAgents(n).build(), "maxAgents",
              "between 1 and " + MonitorConfig.MAX_AGENTS_LIMIT);
          if (c != null) {
            assertThat(c.maxAgents()).isEqualTo(n);
          }
        });
  }
}
