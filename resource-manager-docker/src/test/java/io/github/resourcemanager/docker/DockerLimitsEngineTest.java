package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@DockerTest
class DockerLimitsEngineTest {
  private static final long MIB = 1L << 20;

  private DockerConnection connection;
  private LimitStore store;

  private DockerLimits limits(TestEngine engine, AccessPolicy access) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:limits-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), access);
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

  private String startAgentContainer(TestEngine engine, DockerLimits limits, String agent) {
    return engine.start(limits.prepareCreate(agent, engine.create(engine.name("c"))));
  }

  @Test
  void limitsArePutOnAContainerAtCreateAndReachItsCgroup(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    limits.set(agent, ContainerLimits.parse("128m", "0.5").withPids(64), "alice");

    String id = startAgentContainer(engine, limits, agent);

    InspectContainerResponse inspect = engine.client.inspectContainerCmd(id).exec();
    HostConfig h = inspect.getHostConfig();
    assertThat(h.getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(h.getMemory()).isEqualTo(128 * MIB);
    assertThat(h.getMemorySwap()).isEqualTo(128 * MIB);
    assertThat(h.getPidsLimit()).isEqualTo(64L);
    assertThat(inspect.getConfig().getLabels()).containsEntry(DockerLabels.AGENT, agent)
        .containsEntry(DockerLabels.MEMORY, "128m").containsEntry(DockerLabels.CPUS, "0.5")
        .containsEntry(DockerLabels.PIDS, "64");
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(500);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(128 * MIB);
  }

  @Test
  void setAppliesNewLimitsLiveWithoutRestart(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    String id = startAgentContainer(engine, limits, agent);
    String startedAt = engine.client.inspectContainerCmd(id).exec().getState().getStartedAt();

    ApplyResult r = limits.set(agent, ContainerLimits.parse("256m", "2"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(r.describe()).isEqualTo("applied live");
    assertThat(r.restarted()).isFalse();
    assertThat(r.containerId()).contains(id);
    InspectContainerResponse after = engine.client.inspectContainerCmd(id).exec();
    assertThat(after.getState().getStartedAt()).isEqualTo(startedAt);
    assertThat(after.getHostConfig().getNanoCPUs()).isEqualTo(2_000_000_000L);
    assertThat(after.getHostConfig().getMemory()).isEqualTo(256 * MIB);
    assertThat(after.getHostConfig().getMemorySwap()).isEqualTo(256 * MIB);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(2000);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(256 * MIB);
    LimitState state = limits.get(agent);
    assertThat(state.source()).isEqualTo(LimitSource.CUSTOM);
    assertThat(state.differs()).isFalse();
    assertThat(state.pending()).isEmpty();
    assertThat(state.actual().orElseThrow().memory()).contains(ByteSize.parse("256m"));
    assertThat(state.actual().orElseThrow().cpus()).contains(CpuQuantity.ofCores(2));
  }

  @Test
  void resetToDefaultsIsDetectedAsAMismatchAndReverted(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    limits.set(agent, ContainerLimits.parse("256m", "2"), "alice");
    String id = startAgentContainer(engine, limits, agent);

    ApplyResult r = limits.reset(agent, "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(r.desired()).isEqualTo(TestPolicies.DEFAULTS);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(1000);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(64 * MIB);
    LimitState state = limits.get(agent);
    assertThat(state.source()).isEqualTo(LimitSource.DEFAULT);
    assertThat(state.desired()).isEqualTo(TestPolicies.DEFAULTS);
    assertThat(state.differs()).isFalse();
    assertThat(store.find(agent).orElseThrow().custom()).isEmpty();
  }

  @Test
  void aContainerChangedBehindOurBackIsSeenAsDifferingAndReconciled(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    String id = startAgentContainer(engine, limits, agent);
    engine.client.updateContainerCmd(id).withMemory(200 * MIB).withMemorySwap(200 * MIB).exec();

    assertThat(limits.get(agent).differs()).isTrue();
    ApplyResult r = limits.reconcile(agent);

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(64 * MIB);
    assertThat(limits.reconcile(agent).outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
  }

  @Test
  void aDeniedActorChangesNothingStoredOrLive(TestEngine engine) throws Exception {
    AccessPolicy ownerOnly = AccessPolicy.ownerOrAdmin(a -> Optional.of("alice"), Set.of("root"));
    DockerLimits limits = limits(engine, ownerOnly);
    String agent = engine.agent("a");
    limits.set(agent, ContainerLimits.parse("128m", "0.5"), "alice");
    String id = startAgentContainer(engine, limits, agent);
    StoredLimits before = store.find(agent).orElseThrow();

    assertThatThrownBy(() -> limits.set(agent, ContainerLimits.parse("256m", "2"), "mallory"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("actor \"mallory\" may not change the limits of agent \"" + agent + "\": only the owner of agent \""
            + agent + "\" or an admin may change its limits; nothing was changed");
    assertThatThrownBy(() -> limits.reset(agent, "mallory")).isInstanceOf(AccessDeniedException.class);

    assertThat(store.find(agent)).contains(before);
    HostConfig h = engine.client.inspectContainerCmd(id).exec().getHostConfig();
    assertThat(h.getMemory()).isEqualTo(128 * MIB);
    assertThat(h.getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(128 * MIB);
  }

  @Test
  void aSpoofedOwnerLabelGrantsNothing(TestEngine engine) throws Exception {
    AccessPolicy ownerOnly = AccessPolicy.ownerOrAdmin(a -> Optional.of("alice"), Set.of());
    DockerLimits limits = limits(engine, ownerOnly);
    String agent = engine.agent("a");
    engine.start(limits.prepareCreate(agent, engine.create(engine.name("c"))
        .withLabels(Map.of("io.github.resourcemanager.owner", "mallory", "owner", "mallory"))));

    assertThatThrownBy(() -> limits.set(agent, ContainerLimits.parse("256m", "2"), "mallory"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(store.find(agent)).isEmpty();
  }

  @Test
  void valuesOutsideTheAllowlistAreRejectedWithTheAllowedValues(TestEngine engine) {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");

    assertThatThrownBy(() -> limits.set(agent, ContainerLimits.parse("100m", "1"), "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory 100m is not allowed; allowed: 32m, 64m, 128m, 256m");
    assertThat(store.find(agent)).isEmpty();
  }

  @Test
  void aStoppedContainerIsUpdatedInPlaceAndStartsWithItsNewLimits(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    String id = limits.prepareCreate(agent, engine.create(engine.name("c"))
        .withLabels(Map.of(DockerEngineExtension.TEST_LABEL, engine.runId))).exec().getId();

    ApplyResult r = limits.set(agent, ContainerLimits.parse("32m", "0.5"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(r.restarted()).isFalse();
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getRunning()).isFalse();
    engine.client.startContainerCmd(id).exec();
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(32 * MIB);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(500);
  }

  @Test
  void anExplicitRecreateRefreshesTheLimitLabelsThatALiveUpdateLeavesBehind(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    String id = startAgentContainer(engine, limits, agent);
    limits.set(agent, ContainerLimits.parse("128m", "0.5"), "alice");
    assertThat(engine.client.inspectContainerCmd(id).exec().getConfig().getLabels())
        .containsEntry(DockerLabels.MEMORY, "64m");

    ApplyResult r = limits.recreate(agent, "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
    assertThat(r.restarted()).isTrue();
    String newId = r.containerId().orElseThrow();
    assertThat(engine.client.inspectContainerCmd(newId).exec().getConfig().getLabels())
        .containsEntry(DockerLabels.MEMORY, "128m").containsEntry(DockerLabels.CPUS, "0.5");
    assertThat(engine.cgroupMemoryBytes(newId)).isEqualTo(128 * MIB);
  }
}
