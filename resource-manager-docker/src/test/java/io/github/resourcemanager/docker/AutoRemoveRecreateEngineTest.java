package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recreating a container started with {@code --rm} ({@code HostConfig.AutoRemove}): the engine removes the old
 * container itself once it stops (moby's daemon removes an AutoRemove container when it exits), which counts as the
 * recreate's last step done; the replacement, which inherits {@code --rm}, keeps running, and exactly one container
 * of the agent remains.
 */
@DockerTest
class AutoRemoveRecreateEngineTest {
  private static final long MIB = 1L << 20;

  private DockerConnection connection;
  private LimitStore store;

  @AfterEach
  void closeAll() {
    if (store != null) {
      store.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private DockerLimits limits(TestEngine engine) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:autoremove-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
  }

  private static CreateContainerCmd autoRemoved(TestEngine engine, String name, String agent) {
    CreateContainerCmd create = engine.create(name);
    create.getHostConfig().withAutoRemove(true).withMemory(64 * MIB).withMemorySwap(64 * MIB)
        .withNanoCPUs(1_000_000_000L);
    return create.withLabels(TestEngine.with(create.getLabels(), DockerLabels.AGENT, agent));
  }

  private static void assertOnlyTheReplacementRemainsRunning(TestEngine engine, String name, String newId) {
    // The engine removes the old container asynchronously after it stopped.
    await().atMost(Duration.ofSeconds(20)).until(() -> engine.mine().size() == 1);
    assertThat(engine.mine()).extracting(Container::getId).containsExactly(newId);
    InspectContainerResponse n = engine.client.inspectContainerCmd(newId).exec();
    assertThat(n.getName()).isEqualTo("/" + name);
    assertThat(n.getState().getRunning()).isTrue();
    assertThat(n.getHostConfig().getAutoRemove()).isTrue();
  }

  @Test
  void anExplicitRecreateOfARmContainerSucceedsAndTheReplacementKeepsRunning(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("rm");
    String name = engine.name("rm");
    String oldId = engine.start(autoRemoved(engine, name, agent));

    ApplyResult r = limits.recreate(agent, "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
    assertThat(r.restarted()).isTrue();
    String newId = r.containerId().orElseThrow();
    assertThat(newId).isNotEqualTo(oldId);
    assertOnlyTheReplacementRemainsRunning(engine, name, newId);
    assertThat(engine.cgroupMemoryBytes(newId)).isEqualTo(64 * MIB);
    assertThat(limits.managedContainerId(agent)).contains(newId);
  }

  @Test
  void aRefusedLiveUpdateOfARmContainerRecreatesItWithTheNewLimits(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("rq");
    String name = engine.name("rq");
    // A CPU quota makes the engine refuse a live NanoCPUs update, so the change takes the recreate path.
    CreateContainerCmd create = autoRemoved(engine, name, agent);
    create.getHostConfig().withNanoCPUs(null).withCpuQuota(50_000L).withCpuPeriod(100_000L);
    engine.start(create);

    ApplyResult r = limits.set(agent, ContainerLimits.parse("128m", "1"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
    String newId = r.containerId().orElseThrow();
    assertOnlyTheReplacementRemainsRunning(engine, name, newId);
    assertThat(engine.cgroupMemoryBytes(newId)).isEqualTo(128 * MIB);
    assertThat(engine.cgroupCpuMillicores(newId)).isEqualTo(1000);
    assertThat(store.find(agent).orElseThrow().pendingCause()).isEmpty();
  }
}
