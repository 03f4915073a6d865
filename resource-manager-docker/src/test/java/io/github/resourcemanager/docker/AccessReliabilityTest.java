package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.test.StderrCapture;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limit changes go through the {@link AccessPolicy}: a non-owner, a caller without an actor and one relying on a
 * spoofed owner label change nothing (neither the stored limits nor the container), and every refusal is logged
 * with the actor. Ownership comes from the application ({@code ownerOf}: alice owns every agent), never from labels.
 */
@DockerTest
class AccessReliabilityTest {
  private static final long MIB = 1L << 20;
  private static final ContainerLimits WANTED = ContainerLimits.parse("256m", "2");

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

  private DockerLimits ownedByAlice(TestEngine engine) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:access-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(),
        AccessPolicy.ownerOrAdmin(agent -> Optional.of("alice"), Set.of("root")));
  }

  /** An agent container that claims, in every label an attacker might try, to belong to mallory. */
  private String spoofedContainer(TestEngine engine, DockerLimits limits, String agent) {
    return engine.start(limits.prepareCreate(agent, engine.create(engine.name("c"))
        .withLabels(Map.of("owner", "mallory", "io.github.resourcemanager.owner", "mallory",
            "com.docker.compose.project", "mallory"))));
  }

  private void assertNothingChanged(TestEngine engine, String agent, String containerId) {
    assertThat(store.find(agent)).isEmpty();
    HostConfig h = engine.client.inspectContainerCmd(containerId).exec().getHostConfig();
    assertThat(h.getMemory()).isEqualTo(64 * MIB); // the policy's defaults, put there at create
    assertThat(h.getNanoCPUs()).isEqualTo(1_000_000_000L);
  }

  @Test
  void aNonOwnerIsRefusedEveryChangeAndEachRefusalIsLoggedWithTheActor(TestEngine engine) {
    DockerLimits limits = ownedByAlice(engine);
    String agent = engine.agent("a");
    String id = spoofedContainer(engine, limits, agent);

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> limits.set(agent, WANTED, "mallory")).isInstanceOf(AccessDeniedException.class)
          .hasMessage("actor \"mallory\" may not change the limits of agent \"" + agent + "\": only the owner of agent \""
              + agent + "\" or an admin may change its limits; nothing was changed");
      assertThatThrownBy(() -> limits.reset(agent, "mallory")).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> limits.recreate(agent, "mallory")).isInstanceOf(AccessDeniedException.class);

      assertThat(log.linesContaining("access denied: actor mallory tried to")).hasSize(3)
          .anyMatch(l -> l.contains("WARN") && l.endsWith("tried to set limits to memory 256m, cpus 2 for agent " + agent
              + ": only the owner of agent \"" + agent + "\" or an admin may change its limits"))
          .anyMatch(l -> l.contains("tried to reset limits to the defaults for agent " + agent))
          .anyMatch(l -> l.contains("tried to recreate the container for agent " + agent));
    }
    assertNothingChanged(engine, agent, id);
  }

  @Test
  void aSpoofedOwnerLabelGrantsNothingWhileTheRealOwnerMayChange(TestEngine engine) throws Exception {
    DockerLimits limits = ownedByAlice(engine);
    String agent = engine.agent("s");
    String id = spoofedContainer(engine, limits, agent);

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> limits.set(agent, WANTED, "mallory")).isInstanceOf(AccessDeniedException.class);
      assertThat(log.linesContaining("access denied: actor mallory tried to set limits to memory 256m, cpus 2 for agent "
          + agent)).hasSize(1);
    }
    assertNothingChanged(engine, agent, id);

    assertThat(limits.set(agent, WANTED, "alice").outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(256 * MIB);
  }

  @Test
  void aChangeWithoutAnActorIsRefusedAndLoggedAsADenial(TestEngine engine) {
    DockerLimits limits = ownedByAlice(engine);
    String agent = engine.agent("b");
    String id = spoofedContainer(engine, limits, agent);

    try (StderrCapture log = new StderrCapture()) {
      for (String nobody : new String[] {null, "", "   "}) {
        assertThatThrownBy(() -> limits.set(agent, WANTED, nobody)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageEndingWith("is not allowed; name who makes the change (a user name or a system component)");
        assertThatThrownBy(() -> limits.reset(agent, nobody)).isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(log.linesContaining("access denied: a caller without an actor")).hasSize(6)
          .anyMatch(l -> l.endsWith("a caller without an actor (null) tried to set limits to memory 256m, cpus 2 for "
              + "agent " + agent))
          .anyMatch(l -> l.endsWith("a caller without an actor (\"   \") tried to reset limits to the defaults for agent "
              + agent));
    }
    assertNothingChanged(engine, agent, id);
  }
}
