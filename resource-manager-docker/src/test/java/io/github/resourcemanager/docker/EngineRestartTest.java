package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The engine goes away in the middle of things: a change is stored as pending with the cause, nothing is lost,
 * and once the engine is back a reconcile applies it and the event stream recovers. The test stops the local
 * dockerd itself and always starts it again, whatever happens.
 */
@DockerTest
class EngineRestartTest {
  private static final long MIB = 1L << 20;

  @Test
  void aChangeWhileTheEngineIsDownIsPendingAndAppliedByALaterReconcile(TestEngine engine) throws Exception {
    ProcessHandle dockerd = LocalEngine.dockerd();
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.jdbc("jdbc:h2:mem:restart-" + engine.runId);
        ContainerEvents events = new ContainerEvents(connection)) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      List<ContainerEvent> seen = new CopyOnWriteArrayList<>();
      events.addListener(seen::add);
      events.start();
      await().atMost(Duration.ofSeconds(10)).until(events::isSubscribed);
      String agent = engine.agent("r");
      String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("r"))));
      ContainerLimits wanted = ContainerLimits.parse("128m", "0.5");

      ApplyResult whileDown;
      try {
        LocalEngine.stop(dockerd);
        whileDown = limits.set(agent, wanted, "alice");
        assertThat(limits.get(agent).actual()).isEmpty();
        assertThat(limits.get(agent).actualUnknownBecause().orElseThrow()).startsWith("Docker engine unreachable");
      } finally {
        LocalEngine.start();
      }

      assertThat(whileDown.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
      assertThat(whileDown.restarted()).isFalse();
      assertThat(whileDown.cause().orElseThrow()).startsWith("Docker engine unreachable while trying to ");
      StoredLimits row = store.find(agent).orElseThrow();
      assertThat(row.custom()).contains(wanted);
      assertThat(row.pendingCause()).isEqualTo(whileDown.cause());

      ApplyResult later = limits.reconcileAll().stream().filter(r -> r.agentId().equals(agent)).findFirst().orElseThrow();
      assertThat(later.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
      assertThat(store.find(agent).orElseThrow().pendingCause()).isEmpty();
      // The engine stopped the container when it shut down; it starts with the limits applied meanwhile.
      connection.engine().run("start the test container", () -> engine.client.startContainerCmd(id).exec());
      assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(128 * MIB);
      assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(500);

      // The event stream came back by itself: an OOM now is still reported.
      await().atMost(Duration.ofSeconds(20)).until(() -> events.subscriptions() >= 2 && events.isSubscribed());
      limits.set(engine.agent("hog"), ContainerLimits.parse("32m", "1"), "alice");
      engine.start(limits.prepareCreate(engine.agent("hog"),
          engine.create(engine.name("hog"), "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1")));
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(e -> e instanceof OomKilled));
      assertThat(events.oomKills(engine.agent("hog"))).isEqualTo(1);
    } finally {
      LocalEngine.start();
    }
  }
}
