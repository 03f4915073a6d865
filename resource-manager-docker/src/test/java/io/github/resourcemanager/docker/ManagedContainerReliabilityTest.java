package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.test.StderrCapture;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second container carrying an agent's label (whoever can create containers can write any label, even a copy of
 * the claim label) can neither block the owner's changes nor take them over: the module records which container it
 * manages. And every path that changes a container goes through the {@link AccessPolicy} with an actor, the
 * enforcer's included.
 */
@DockerTest
class ManagedContainerReliabilityTest {
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

  private DockerLimits limits(TestEngine engine, AccessPolicy access) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:managed-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), access);
  }

  /** An intruder: a container made by someone else, with the agent's label (and, if given, a copied claim). */
  private static String intruder(TestEngine engine, String agent, String claim) {
    CreateContainerCmd create = engine.create(engine.name("intruder"));
    create.getHostConfig().withMemory(32 * MIB).withMemorySwap(32 * MIB).withNanoCPUs(500_000_000L);
    Map<String, String> labels = new HashMap<>(create.getLabels());
    labels.put(DockerLabels.AGENT, agent);
    if (claim != null) {
      labels.put(DockerLabels.CLAIM, claim);
    }
    return engine.start(create.withLabels(labels));
  }

  private static void assertUntouched(TestEngine engine, String intruderId) throws InterruptedException {
    HostConfig h = engine.client.inspectContainerCmd(intruderId).exec().getHostConfig();
    assertThat(h.getMemory()).isEqualTo(32 * MIB);
    assertThat(h.getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(engine.cgroupMemoryBytes(intruderId)).isEqualTo(32 * MIB);
    assertThat(engine.client.inspectContainerCmd(intruderId).exec().getState().getPaused()).isFalse();
  }

  @Test
  void aSecondContainerWithTheAgentsLabelNeitherBlocksNorReceivesTheOwnersChanges(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("a");
    String ownerId = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner"))));
    String claim = engine.client.inspectContainerCmd(ownerId).exec().getConfig().getLabels().get(DockerLabels.CLAIM);
    assertThat(limits.set(agent, ContainerLimits.parse("64m", "1"), "alice").containerId()).contains(ownerId);
    String intruderId = intruder(engine, agent, claim); // even the claim label copied

    ApplyResult r = limits.set(agent, ContainerLimits.parse("256m", "2"), "alice");

    assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(r.containerId()).contains(ownerId);
    assertThat(engine.cgroupMemoryBytes(ownerId)).isEqualTo(256 * MIB);
    assertUntouched(engine, intruderId);
    assertThat(limits.get(agent).actual().orElseThrow().containerId()).isEqualTo(ownerId);
    assertThat(limits.managedContainerId(agent)).contains(ownerId);
  }

  @Test
  void theEnforcerActsOnlyOnTheManagedContainer(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    DockerEnforcer enforcer = new DockerEnforcer(connection, limits, DockerEnforcer.ALLOCATION_ACTOR);
    String agent = engine.agent("e");
    String ownerId = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner"))));
    limits.reconcile(agent); // the owner's container is seen and recorded
    String intruderId = intruder(engine, agent, null);

    enforcer.pause(agent, "over budget");
    enforcer.throttle(agent, 0.5, "cpu pressure");

    assertThat(engine.client.inspectContainerCmd(ownerId).exec().getState().getPaused()).isTrue();
    assertThat(engine.client.inspectContainerCmd(ownerId).exec().getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertUntouched(engine, intruderId);
    enforcer.resume(agent);
  }

  @Test
  void whenTheManagedContainerIsGoneAnIntruderIsNotAdoptedButANewlyPreparedContainerIs(TestEngine engine)
      throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.allowAll());
    String agent = engine.agent("g");
    String ownerId = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner"))));
    String claim = engine.client.inspectContainerCmd(ownerId).exec().getConfig().getLabels().get(DockerLabels.CLAIM);
    limits.reconcile(agent);
    String intruderId = intruder(engine, agent, claim);
    engine.client.removeContainerCmd(ownerId).withForce(true).exec();

    ApplyResult blocked = limits.set(agent, ContainerLimits.parse("256m", "2"), "alice");

    assertThat(blocked.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(blocked.cause().orElseThrow()).isEqualTo("the container managed for agent " + agent + " ("
        + ownerId.substring(0, 12) + ") is gone; 1 container carries the label " + DockerLabels.AGENT + "=" + agent
        + " (" + engine.name("intruder") + ") but it is not adopted automatically: create the agent's container with "
        + "prepareCreate, or adopt one");
    assertUntouched(engine, intruderId);

    // The application creates the agent's new container: it is adopted, and the pending change applies to it.
    String newId = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner2"))));
    ApplyResult later = limits.reconcile(agent);
    assertThat(later.containerId()).contains(newId);
    assertThat(engine.cgroupMemoryBytes(newId)).isEqualTo(256 * MIB);
    assertUntouched(engine, intruderId);
  }

  @Test
  void adoptingAContainerIsAChangeTheAccessPolicyDecides(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine, AccessPolicy.ownerOrAdmin(a -> Optional.of("alice"), Set.of()));
    String agent = engine.agent("d");
    String first = intruder(engine, agent, null);
    CreateContainerCmd second = engine.create(engine.name("second"));
    String secondId = engine.start(second.withLabels(TestEngine.with(second.getLabels(), DockerLabels.AGENT, agent)));

    assertThat(limits.reconcile(agent, "alice").cause().orElseThrow()).endsWith("none is managed yet: adopt one");
    assertThatThrownBy(() -> limits.adopt(agent, first, "mallory")).isInstanceOf(AccessDeniedException.class);
    limits.adopt(agent, secondId, "alice");

    assertThat(limits.managedContainerId(agent)).contains(secondId);
    assertThat(limits.reconcile(agent, "alice").containerId()).contains(secondId);
    assertUntouched(engine, first);
  }

  @Test
  void theEnforcerIsRefusedWhenThePolicyDoesNotAllowItsActorAndChangesNothing(TestEngine engine) throws Exception {
    AccessPolicy owners = AccessPolicy.ownerOrAdmin(a -> Optional.of("alice"), Set.of("root"));
    DockerLimits limits = limits(engine, owners);
    String agent = engine.agent("p");
    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner"))));
    DockerEnforcer allocation = new DockerEnforcer(connection, limits, DockerEnforcer.ALLOCATION_ACTOR);
    DockerEnforcer mallory = new DockerEnforcer(connection, limits, "mallory");

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> allocation.pause(agent, "over budget")).isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(AccessDeniedException.class)
          .hasMessage("could not pause agent " + agent + ": actor \"system:allocation\" may not change the limits of "
              + "agent \"" + agent + "\": only the owner of agent \"" + agent + "\" or an admin may change its limits; "
              + "nothing was changed");
      assertThatThrownBy(() -> mallory.throttle(agent, 0.5, "because")).isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(AccessDeniedException.class);
      assertThat(log.linesContaining("access denied: actor system:allocation tried to pause the container for agent "
          + agent)).hasSize(1);
      assertThat(log.linesContaining("access denied: actor mallory tried to throttle to 0.5 the container for agent "
          + agent)).hasSize(1);
    }
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getPaused()).isFalse();
    assertThat(limits.get(agent).throttle()).isEmpty(); // a refused throttle is not remembered either

    // Allowing the module's system actors lets the allocation layer enforce; mallory stays refused.
    DockerLimits allowed = new DockerLimits(connection, store, TestPolicies.small(),
        owners.allowing(DockerResources.SYSTEM_ACTORS));
    new DockerEnforcer(connection, allowed, DockerEnforcer.ALLOCATION_ACTOR).pause(agent, "over budget");
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getPaused()).isTrue();
    assertThatThrownBy(() -> new DockerEnforcer(connection, allowed, "mallory").resume(agent))
        .isInstanceOf(IllegalStateException.class);
    new DockerEnforcer(connection, allowed, "alice").resume(agent);
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getPaused()).isFalse();
  }

  @Test
  void reconcileActsAsItsSystemActorAndIsPendingWhenThePolicyRefusesIt(TestEngine engine) throws Exception {
    AccessPolicy owners = AccessPolicy.ownerOrAdmin(a -> Optional.of("alice"), Set.of());
    DockerLimits limits = limits(engine, owners);
    String agent = engine.agent("r");
    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("owner"))));
    engine.client.updateContainerCmd(id).withMemory(200 * MIB).withMemorySwap(200 * MIB).exec();

    ApplyResult refused = limits.reconcile(agent);

    assertThat(refused.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
    assertThat(refused.cause().orElseThrow()).isEqualTo("access denied to actor system:reconcile: only the owner of "
        + "agent \"" + agent + "\" or an admin may change its limits");
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(200 * MIB);
    assertThat(limits.reconcile(agent, "alice").outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(64 * MIB);
  }
}
