package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The decisions and shares a manager with a scaler and allocation shows on the dashboard. */
class DashboardScalingAndAllocationTest {

  private static final AtomicInteger WORKERS = new AtomicInteger();

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .defaultAlertRules(false)
      .dynamicScaler("workers", ScaleTarget.of("workers", WORKERS::get, WORKERS::set), DynamicScalerConfig.custom()
          .cpu().scaleUpThreshold(75).scaleDownThreshold(25).minSize(1).maxSize(10).cooldown(Duration.ZERO).build())
      .allocation(AllocationConfig.custom()
          .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "1Gi"))
          .strategy(SharingStrategy.weighted())
          .project(ProjectConfig.custom("alpha").weight(3).build())
          .project(ProjectConfig.custom("beta").weight(1).build())
          .build())
      .interval(Duration.ofSeconds(1))); // after allocation, whose check interval would otherwise set it

  @BeforeEach
  void twoWorkers() {
    WORKERS.set(2);
  }

  @Test
  void decisionsEndpointListsTheChangesAndTheLatestEvaluationNewestFirst(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 50, 10);
    rm.start();
    ticker.advance(Duration.ofSeconds(2)); // three decisions: up, hold, down; the scaler keeps the up and the down
    List<ScaleDecision> made = rm.scaler("workers").decisions();
    assertThat(made).hasSize(2);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      JsonNode decisions = Http.json(Http.get(dashboard, "/api/decisions")).get("decisions");
      assertThat(decisions).hasSize(2); // the hold changed nothing and is not the latest: no row
      for (int i = 0; i < 2; i++) {
        JsonNode shown = decisions.get(i);
        ScaleDecision d = made.get(1 - i); // the down (latest), then the up
        assertThat(shown.get("scaler").asText()).isEqualTo("workers");
        assertThat(shown.get("time").asText()).isEqualTo(d.time().toString());
        assertThat(shown.get("current").asInt()).isEqualTo(d.current());
        assertThat(shown.get("applied").asInt()).isEqualTo(d.applied());
        assertThat(shown.get("desired").asInt()).isEqualTo(d.desired());
        assertThat(shown.get("outcome").asText()).isEqualTo(d.outcome().name());
        assertThat(shown.get("direction").asText())
            .isEqualTo(d.desired() > d.current() ? "UP" : d.desired() < d.current() ? "DOWN" : "NONE");
        assertThat(shown.get("reason").asText()).isEqualTo(d.reason());
      }
      assertThat(decisions.get(1).get("time").asText()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(decisions.get(1).get("current").asInt()).isEqualTo(2);
      assertThat(decisions.get(1).get("applied").asInt()).isEqualTo(3);
      assertThat(decisions.get(1).get("outcome").asText()).isEqualTo("SCALED");
      assertThat(decisions.get(1).get("latest").asBoolean()).isFalse();
      assertThat(decisions.get(0).get("time").asText()).isEqualTo("2026-01-01T00:00:02Z");
      assertThat(decisions.get(0).get("current").asInt()).isEqualTo(3);
      assertThat(decisions.get(0).get("applied").asInt()).isEqualTo(2);
      assertThat(decisions.get(0).get("latest").asBoolean()).isTrue();
      assertThat(decisions.get(0).get("unchangedRun").asInt()).isZero();
    }
  }

  @Test
  void aScalerThatHoldsItsSizeIsOneRowCountingItsUnchangedEvaluations(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    rm.start();
    ticker.advance(Duration.ofSeconds(9)); // ten evaluations, all within the thresholds: nothing changes
    assertThat(rm.scaler("workers").decisions()).isEmpty();
    assertThat(rm.scaler("workers").unchangedEvaluations()).isEqualTo(10);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      JsonNode decisions = Http.json(Http.get(dashboard, "/api/decisions")).get("decisions");
      assertThat(decisions).hasSize(1);
      assertThat(decisions.get(0).get("time").asText()).isEqualTo("2026-01-01T00:00:09Z");
      assertThat(decisions.get(0).get("outcome").asText()).isEqualTo("UNCHANGED");
      assertThat(decisions.get(0).get("latest").asBoolean()).isTrue();
      assertThat(decisions.get(0).get("unchangedRun").asInt()).isEqualTo(10);
    }
  }

  @Test
  void changesAreLimitedToTheConfiguredNumberOfRows(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    // up, down, up, down ... with no cooldown: every evaluation changes something
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 10, 90, 10, 90, 10, 90, 10, 90, 10);
    rm.start();
    ticker.advance(Duration.ofSeconds(9)); // ten decisions, each a change
    assertThat(rm.scaler("workers").decisions()).allMatch(ScaleDecision::scaled);
    try (Dashboard dashboard = Dashboard.start(rm, DashboardConfig.custom().decisions(4).build())) {
      JsonNode decisions = Http.json(Http.get(dashboard, "/api/decisions")).get("decisions");
      assertThat(decisions).hasSize(4);
      assertThat(decisions.get(0).get("time").asText()).isEqualTo("2026-01-01T00:00:09Z");
      assertThat(decisions.get(0).get("latest").asBoolean()).isTrue();
      assertThat(decisions.get(3).get("time").asText()).isEqualTo("2026-01-01T00:00:06Z");
      assertThat(decisions.get(3).get("latest").asBoolean()).isFalse();
    }
  }

  @Test
  void allocationEndpointListsTheSharesOfEveryLevel(ResourceManager rm) {
    rm.allocation().admit(AgentSpec.custom("indexer").project("alpha").build());
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      JsonNode allocation = Http.json(Http.get(dashboard, "/api/allocation"));
      assertThat(allocation.get("configured").asBoolean()).isTrue();
      assertThat(allocation.get("strategy").asText()).isEqualTo(rm.allocation().shares().strategy());
      assertThat(allocation.get("profile").isNull()).isTrue();
      assertThat(allocation.get("resources").toString()).isEqualTo("[\"cpu\",\"memory\"]");
      JsonNode rows = allocation.get("rows");
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0).toString()).isEqualTo("{\"level\":\"global\",\"name\":\"global\","
          + "\"share\":{\"cpu\":\"2\",\"memory\":\"1Gi\"}}");
      assertThat(rows.get(1).toString()).isEqualTo("{\"level\":\"project\",\"name\":\"alpha\","
          + "\"share\":{\"cpu\":\"1500m\",\"memory\":\"768Mi\"}}");
      assertThat(rows.get(2).toString()).isEqualTo("{\"level\":\"project\",\"name\":\"beta\","
          + "\"share\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"}}");
      assertThat(rows.get(3).toString()).isEqualTo("{\"level\":\"agent\",\"name\":\"indexer\",\"project\":\"alpha\","
          + "\"state\":\"RUNNING\",\"share\":{\"cpu\":\"1500m\",\"memory\":\"768Mi\"}}");
    }
  }
}
