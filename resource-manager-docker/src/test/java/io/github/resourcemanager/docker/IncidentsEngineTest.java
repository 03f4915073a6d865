package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real OOM kill reaches the manager's alert pipeline and its vertical recommender through attach(). */
@DockerTest
class IncidentsEngineTest {

  @Test
  void oomKillOfAnAttachedAgentContainerBecomesACriticalAlertAndRaisesTheMemoryRecommendation(TestEngine engine) {
    try (DockerResources docker = DockerResources.custom()
             .store(LimitStore.jdbc("jdbc:h2:mem:incidents-" + engine.runId))
             .policy(TestPolicies.small()).access(AccessPolicy.allowAll()).build();
         ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
             .verticalRecommender(VerticalRecommenderConfig.ofDefaults()).build()) {
      docker.attach(rm);
      await().atMost(Duration.ofSeconds(10)).until(docker.events()::isSubscribed);
      String agent = engine.agent("hog");
      docker.limits().set(agent, ContainerLimits.parse("32m", "1"), "test");
      // dd's 64 MiB block buffer cannot fit in 32 MiB.
      engine.start(docker.limits().prepareCreate(agent,
          engine.create(engine.name("hog"), "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1")));

      await().atMost(Duration.ofSeconds(30)).until(() -> !rm.alerts().activeAlerts().isEmpty());
      Alert alert = rm.alerts().activeAlerts().get(0);
      assertThat(alert.name()).isEqualTo(ContainerIncidents.OOM_ALERT);
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.agent()).contains(agent);
      assertThat(alert.labels()).containsEntry("container", engine.name("hog"));
      assertThat(alert.value()).isEqualTo(32L << 20);
      // The exit that follows the kill is the same incident: still one alert.
      await().atMost(Duration.ofSeconds(30)).until(() -> docker.events().oomKills(agent) == 1);
      assertThat(rm.alerts().activeAlerts()).hasSize(1);
      // max(32 Mi x 1.2, 32 Mi + 100 Mi) = 132 Mi recorded; the target adds its 15 % margin.
      ByteSize target = rm.verticalRecommender().orElseThrow().recommendation(agent).orElseThrow().memory().target();
      assertThat(target.bytes()).isGreaterThanOrEqualTo((long) ((32L << 20) + (100L << 20)));
    }
  }
}
