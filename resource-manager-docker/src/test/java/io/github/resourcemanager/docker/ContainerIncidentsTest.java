package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Container incidents become alerts and VPA input; no engine needed, the events are made by hand. */
class ContainerIncidentsTest {
  private static final Instant T0 = ResourceManagerExtension.START;

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .defaultAlertRules(false).verticalRecommender(VerticalRecommenderConfig.ofDefaults()));

  @Test
  void oomKillRaisesACriticalAlertForTheAgentWithItsMemoryLimit(ResourceManager rm) {
    ContainerIncidents incidents = ContainerIncidents.custom(rm.alerts())
        .memoryLimits(agent -> Optional.of(ByteSize.parse("32Mi"))).build();
    incidents.onEvent(new OomKilled("hog", "c0ffee", "rm-hog", T0));

    assertThat(rm.alerts().activeAlerts()).hasSize(1);
    Alert alert = rm.alerts().activeAlerts().get(0);
    assertThat(alert.name()).isEqualTo(ContainerIncidents.OOM_ALERT);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.state()).isEqualTo(AlertState.FIRING);
    assertThat(alert.agent()).contains("hog");
    assertThat(alert.labels()).containsEntry("container", "rm-hog");
    assertThat(alert.value()).isEqualTo(32 * 1024 * 1024);
    assertThat(alert.annotations()).containsEntry("summary",
        "the OOM killer killed a process in container rm-hog of agent hog at its memory limit of 32Mi");
  }

  @Test
  void exitAfterAnOomIsTheSameIncidentNotASecondAlert(ResourceManager rm) {
    ContainerIncidents incidents = ContainerIncidents.custom(rm.alerts()).build();
    incidents.onEvent(new OomKilled("hog", "c0ffee", "rm-hog", T0));
    incidents.onEvent(new UnexpectedExit("hog", "c0ffee", "rm-hog", 137, true, T0));

    assertThat(rm.alerts().activeAlerts()).extracting(Alert::name).containsExactly(ContainerIncidents.OOM_ALERT);
  }

  @Test
  void killWithoutOomRaisesTheKilledAlertWithTheExitCode(ResourceManager rm) {
    ContainerIncidents.custom(rm.alerts()).build()
        .onEvent(new UnexpectedExit("worker", "beef", "rm-worker", 137, false, T0));

    Alert alert = rm.alerts().activeAlerts().get(0);
    assertThat(alert.name()).isEqualTo(ContainerIncidents.KILLED_ALERT);
    assertThat(alert.value()).isEqualTo(137);
    assertThat(alert.annotations()).containsEntry("summary",
        "container rm-worker of agent worker was killed (exit code 137) without a stop request");
  }

  @Test
  void aNonZeroExitRaisesTheExitedWarningWithTheExitCode(ResourceManager rm) {
    ContainerIncidents.custom(rm.alerts()).build()
        .onEvent(new UnexpectedExit("worker", "beef", "rm-worker", 3, false, T0));

    Alert alert = rm.alerts().activeAlerts().get(0);
    assertThat(alert.name()).isEqualTo(ContainerIncidents.EXITED_ALERT);
    assertThat(alert.severity()).isEqualTo(Severity.WARNING);
    assertThat(alert.value()).isEqualTo(3);
    assertThat(alert.labels()).containsEntry("container", "rm-worker").containsEntry("exit_code", "3");
    assertThat(alert.annotations()).containsEntry("summary",
        "container rm-worker of agent worker exited with code 3 without a stop request");
  }

  @Test
  void exitAlertsCanBeTurnedOffWhileOomAlertsStay(ResourceManager rm) {
    ContainerIncidents incidents = ContainerIncidents.custom(rm.alerts()).exitAlerts(false).build();
    incidents.onEvent(new UnexpectedExit("worker", "beef", "rm-worker", 3, false, T0));
    incidents.onEvent(new UnexpectedExit("worker", "beef", "rm-worker", 137, false, T0));
    assertThat(rm.alerts().activeAlerts()).isEmpty();

    incidents.onEvent(new OomKilled("worker", "beef", "rm-worker", T0));
    assertThat(rm.alerts().activeAlerts()).extracting(Alert::name).containsExactly(ContainerIncidents.OOM_ALERT);
  }

  @Test
  void incidentAlertResolvesAfterTheConfiguredQuietTime(ResourceManager rm, ManualTicker ticker) {
    rm.start();
    ticker.advance(Duration.ZERO);
    ContainerIncidents.custom(rm.alerts()).resolveAfter(Duration.ofSeconds(30)).build()
        .onEvent(new OomKilled("hog", "c0ffee", "rm-hog", T0));
    ticker.advance(Duration.ofSeconds(25)); // samples every 5 s: the one at 25 s is within the quiet time
    assertThat(rm.alerts().activeAlerts()).hasSize(1);
    ticker.advance(Duration.ofSeconds(5)); // the sample at 30 s resolves it
    assertThat(rm.alerts().activeAlerts()).isEmpty();
    assertThat(rm.alerts().resolvedAlerts()).extracting(Alert::name).containsExactly(ContainerIncidents.OOM_ALERT);
  }

  @Test
  void oomKillRaisesTheRecommendersMemoryEstimateAboveTheLimitThatWasHit(ResourceManager rm) {
    ByteSize limit = ByteSize.parse("512Mi");
    ContainerIncidents.custom(rm.alerts()).recommender(rm.verticalRecommender().orElseThrow(), agent -> Optional.of(limit))
        .build().onEvent(new OomKilled("hog", "c0ffee", "rm-hog", T0));

    // The VPA's OOM rule records max(512 Mi x 1.2, 512 Mi + 100 Mi) = 614.4 Mi as a peak; the target adds the
    // 15 % safety margin on top of the bucket holding it.
    long target = rm.verticalRecommender().orElseThrow().recommendation("hog").orElseThrow().memory().target().bytes();
    assertThat(target).isGreaterThanOrEqualTo((long) (limit.bytes() * 1.2 * 1.15));
  }
}
