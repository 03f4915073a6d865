package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The policy's defaults are clamped to the CPUs of the engine's host on the very first call of a fresh instance.
 * The host's CPU count is what the engine's own {@code info} says (the oracle, read by the test directly); the
 * defaults ask for 64 CPUs, more than any test machine has.
 */
@DockerTest
class DefaultLimitsEngineTest {
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

  private static LimitPolicy sixtyFourCpusByDefault() {
    return LimitPolicy.custom()
        .allowedMemory(ByteSize.ofMebibytes(64))
        .allowedCpus(CpuQuantity.ofCores(1), CpuQuantity.ofCores(2), CpuQuantity.ofCores(64))
        .defaults(ContainerLimits.parse("64m", "64"))
        .build(); // hostCpuRule REJECT: a requested 64 would be refused, the defaults never are
  }

  /** A fresh instance, whose first call is the one under test: nothing has read the host facts before. */
  private DockerLimits fresh(TestEngine engine) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:defaults-" + engine.runId);
    return new DockerLimits(connection, store, sixtyFourCpusByDefault(), AccessPolicy.allowAll());
  }

  private static int hostCpus(TestEngine engine) {
    int cpus = engine.client.infoCmd().exec().getNCPU();
    Assumptions.assumeTrue(cpus < 64, "the engine's host has fewer than 64 CPUs");
    return cpus;
  }

  @Test
  void theFirstReconcileOfADefaultAgentAppliesTheDefaultsClampedToTheHost(TestEngine engine) throws Exception {
    int hostCpus = hostCpus(engine);
    String agent = engine.agent("d");
    // A container an earlier run made: the agent's label, 64m and one CPU.
    CreateContainerCmd create = engine.create(engine.name("d"));
    create.getHostConfig().withMemory(64 * MIB).withMemorySwap(64 * MIB).withNanoCPUs(1_000_000_000L);
    String id = engine.start(create.withLabels(TestEngine.with(create.getLabels(), DockerLabels.AGENT, agent)));
    DockerLimits limits = fresh(engine);

    ApplyResult r = limits.reconcile(agent);

    assertThat(r.outcome()).isEqualTo(hostCpus == 1 ? ApplyResult.Outcome.UNCHANGED : ApplyResult.Outcome.APPLIED_LIVE);
    assertThat(r.desired()).isEqualTo(ContainerLimits.of(ByteSize.ofMebibytes(64), CpuQuantity.ofCores(hostCpus)));
    HostConfig h = engine.client.inspectContainerCmd(id).exec().getHostConfig();
    assertThat(h.getNanoCPUs()).isEqualTo(hostCpus * 1_000_000_000L);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(hostCpus * 1000L);
  }

  @Test
  void theFirstReadOfADefaultAgentShowsTheDefaultsClampedToTheHost(TestEngine engine) {
    int hostCpus = hostCpus(engine);
    DockerLimits limits = fresh(engine);

    LimitState state = limits.get(engine.agent("g"));

    assertThat(state.source()).isEqualTo(LimitSource.DEFAULT);
    assertThat(state.desired().cpus()).isEqualTo(CpuQuantity.ofCores(hostCpus));
  }

  @Test
  void theFirstResetAppliesTheDefaultsClampedToTheHost(TestEngine engine) throws Exception {
    int hostCpus = hostCpus(engine);
    String agent = engine.agent("r");
    CreateContainerCmd create = engine.create(engine.name("r"));
    create.getHostConfig().withMemory(64 * MIB).withMemorySwap(64 * MIB).withNanoCPUs(1_000_000_000L);
    String id = engine.start(create.withLabels(TestEngine.with(create.getLabels(), DockerLabels.AGENT, agent)));
    DockerLimits limits = fresh(engine);

    ApplyResult r = limits.reset(agent, "alice");

    assertThat(r.inForce()).isTrue();
    assertThat(r.desired().cpus()).isEqualTo(CpuQuantity.ofCores(hostCpus));
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(hostCpus * 1000L);
  }
}
