package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recreate path. A container created with a CPU quota makes the engine refuse a live NanoCPUs update
 * ("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set"), which is a real case: the
 * applications created containers that way.
 */
@DockerTest
class RecreateEngineTest {
  private static final long MIB = 1L << 20;

  private DockerConnection connection;
  private LimitStore store;

  private DockerLimits limits(TestEngine engine) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:recreate-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
  }

  @AfterEach
  void closeAll() {
    if (store != null) {
      store.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private static CreateContainerCmd withCpuQuota(CreateContainerCmd create, String agent) {
    create.getHostConfig().withCpuQuota(50_000L).withCpuPeriod(100_000L).withMemory(64 * MIB).withMemorySwap(64 * MIB);
    return create.withLabels(TestEngine.with(create.getLabels(), DockerLabels.AGENT, agent));
  }

  @Test
  void aRefusedLiveUpdateRecreatesTheContainerWithTheSameConfiguration(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("a");
    String name = engine.name("c");
    CreateContainerCmd create = withCpuQuota(engine.create(name), agent)
        .withEnv("GREETING=hello", "PATH=/bin")
        .withUser("65534")
        .withWorkingDir("/tmp")
        .withVolumes(new Volume("/data"))
        .withLabels(TestEngine.with(TestEngine.with(null, DockerLabels.AGENT, agent), "team", "blue"));
    create.getHostConfig().withReadonlyRootfs(true).withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges")).withRestartPolicy(RestartPolicy.onFailureRestart(3))
        .withTmpFs(Map.of("/run", "size=1m"));
    String oldId = engine.start(create);
    // The anonymous volume at /data must come along with its contents.
    engine.execAs("0", oldId, "sh", "-c", "echo kept > /data/file");
    assertThat(engine.exec(oldId, "cat", "/data/file")).isEqualTo("kept");

    ApplyResult r = limits.set(agent, ContainerLimits.parse("128m", "1"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
    assertThat(r.describe()).isEqualTo("recreated, restarted");
    assertThat(r.restarted()).isTrue();
    String newId = r.containerId().orElseThrow();
    assertThat(newId).isNotEqualTo(oldId);
    List<Container> all = engine.mine();
    assertThat(all).extracting(Container::getId).containsExactly(newId);
    InspectContainerResponse n = engine.client.inspectContainerCmd(newId).exec();
    assertThat(n.getName()).isEqualTo("/" + name);
    assertThat(n.getState().getRunning()).isTrue();
    assertThat(n.getConfig().getImage()).isEqualTo(DockerEngineExtension.IMAGE);
    assertThat(n.getConfig().getCmd()).containsExactly("sleep", "3600");
    assertThat(n.getConfig().getEnv()).contains("GREETING=hello");
    assertThat(n.getConfig().getUser()).isEqualTo("65534");
    assertThat(n.getConfig().getWorkingDir()).isEqualTo("/tmp");
    assertThat(n.getConfig().getLabels()).containsEntry("team", "blue").containsEntry(DockerLabels.AGENT, agent)
        .containsEntry(DockerLabels.MEMORY, "128m").containsEntry(DockerLabels.CPUS, "1");
    HostConfig h = n.getHostConfig();
    assertThat(h.getReadonlyRootfs()).isTrue();
    assertThat(h.getCapDrop()).containsExactly(Capability.ALL);
    assertThat(h.getSecurityOpts()).containsExactly("no-new-privileges");
    assertThat(h.getRestartPolicy()).isEqualTo(RestartPolicy.onFailureRestart(3));
    assertThat(h.getNetworkMode()).isEqualTo("none");
    assertThat(h.getTmpFs()).containsEntry("/run", "size=1m");
    assertThat(h.getNanoCPUs()).isEqualTo(1_000_000_000L);
    assertThat(h.getCpuQuota()).isZero();
    assertThat(h.getMemory()).isEqualTo(128 * MIB);
    assertThat(h.getMemorySwap()).isEqualTo(128 * MIB);
    assertThat(engine.exec(newId, "cat", "/data/file")).isEqualTo("kept");
    assertThat(engine.cgroupCpuMillicores(newId)).isEqualTo(1000);
    assertThat(engine.cgroupMemoryBytes(newId)).isEqualTo(128 * MIB);
    assertThat(limits.get(agent).differs()).isFalse();
    assertThat(store.find(agent).orElseThrow().pendingCause()).isEmpty();
  }

  @Test
  void aFailedRecreateLeavesTheOldContainerRunningAndTheLimitsPending(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("a");
    String name = engine.name("c");
    String doomedTag = "rmt-gone-" + engine.runId;
    engine.client.tagImageCmd(DockerEngineExtension.IMAGE, doomedTag, "1").exec();
    String oldId;
    try {
      CreateContainerCmd create = withCpuQuota(engine.create(name), agent);
      create.withImage(doomedTag + ":1");
      oldId = engine.start(create);
    } finally {
      // Only the tag goes (the image keeps its other name): the replacement's image reference no longer resolves.
      engine.client.removeImageCmd(doomedTag + ":1").exec();
    }
    String startedAt = engine.client.inspectContainerCmd(oldId).exec().getState().getStartedAt();

    ApplyResult r = limits.set(agent, ContainerLimits.parse("128m", "1"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(r.restarted()).isFalse();
    assertThat(r.cause().orElseThrow())
        .startsWith("the engine refused the live update (HTTP ")
        .contains("Cannot update container " + oldId + ": Conflicting options: Nano CPUs cannot be updated")
        .endsWith(", and recreate failed at step 'create replacement': image " + doomedTag + ":1 no longer exists; "
            + "the old container " + name + " was left in place and is running");
    InspectContainerResponse old = engine.client.inspectContainerCmd(oldId).exec();
    assertThat(old.getState().getRunning()).isTrue();
    assertThat(old.getState().getStartedAt()).isEqualTo(startedAt);
    assertThat(old.getName()).isEqualTo("/" + name);
    assertThat(old.getHostConfig().getCpuQuota()).isEqualTo(50_000L);
    assertThat(engine.mine()).extracting(Container::getId).containsExactly(oldId);
    StoredLimits row = store.find(agent).orElseThrow();
    assertThat(row.custom()).contains(ContainerLimits.parse("128m", "1"));
    assertThat(row.pendingCause()).isEqualTo(r.cause());
    assertThat(limits.get(agent).pending()).isEqualTo(r.cause());
  }

  @Test
  void aRecreateOfAStoppedContainerDoesNotStartIt(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("a");
    CreateContainerCmd create = withCpuQuota(engine.create(engine.name("c")), agent);
    create.withLabels(TestEngine.with(create.getLabels(), DockerEngineExtension.TEST_LABEL, engine.runId));
    String oldId = create.exec().getId();

    ApplyResult r = limits.set(agent, ContainerLimits.parse("32m", "0.5"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
    assertThat(r.restarted()).isFalse();
    InspectContainerResponse n = engine.client.inspectContainerCmd(r.containerId().orElseThrow()).exec();
    assertThat(n.getState().getStatus()).isEqualTo("created");
    assertThat(n.getHostConfig().getMemory()).isEqualTo(32 * MIB);
    assertThat(engine.mine()).extracting(Container::getId).doesNotContain(oldId).hasSize(1);
  }

  @Test
  void aPausedContainerIsNotRecreatedAndItsChangeStaysPending(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String agent = engine.agent("a");
    // A CPU quota makes the engine refuse the live update; a recreate would then be next, but it would resume it.
    String oldId = engine.start(withCpuQuota(engine.create(engine.name("c")), agent));
    engine.client.pauseContainerCmd(oldId).exec();

    ApplyResult r = limits.set(agent, ContainerLimits.parse("128m", "1"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(r.restarted()).isFalse();
    assertThat(r.cause().orElseThrow()).startsWith("the engine refused the live update (HTTP ")
        .endsWith(") and the container is paused; a recreate would resume it");
    assertThat(engine.mine()).extracting(Container::getId).containsExactly(oldId);
    InspectContainerResponse old = engine.client.inspectContainerCmd(oldId).exec();
    assertThat(old.getState().getPaused()).isTrue();
    assertThat(old.getHostConfig().getCpuQuota()).isEqualTo(50_000L);
    assertThat(store.find(agent).orElseThrow().pendingCause()).isEqualTo(r.cause());
    engine.client.unpauseContainerCmd(oldId).exec();
  }
}
