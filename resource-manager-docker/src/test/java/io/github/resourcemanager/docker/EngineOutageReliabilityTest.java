package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.SourceStats;
import io.github.resourcemanager.test.ManualTicker;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The engine stops at the worst moments: right after a change was stored and before it is applied, in the middle
 * of a recreate (the replacement created, the old container not yet removed), and while the stats and event
 * streams are open. Afterwards the old container is still there, the desired limits are stored as pending, and
 * once the engine is back a reconcile applies them and the streams recover. Each test stops the local dockerd
 * itself and always starts it again ({@link LocalEngine}; the same machinery as {@link EngineRestartTest}).
 */
@DockerTest
class EngineOutageReliabilityTest {
  private static final long MIB = 1L << 20;

  /** A data source whose connections run {@code afterCommit}'s action (once) right after a commit. */
  private static DataSource runningAfterCommit(JdbcDataSource h2, AtomicReference<Runnable> afterCommit) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (ds, method, args) -> {
          Object result = method.invoke(h2, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection c = (Connection) result;
          return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
              (proxy, m, a) -> {
                Object r = m.invoke(c, a);
                if (m.getName().equals("commit")) {
                  Runnable action = afterCommit.getAndSet(null);
                  if (action != null) {
                    action.run();
                  }
                }
                return r;
              });
        });
  }

  private static JdbcDataSource memoryDatabase(TestEngine engine, String name) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + "-" + engine.runId + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Test
  void theEngineStoppingAfterAChangeIsStoredLeavesItPendingAndTheContainerInPlaceUntilAReconcile(TestEngine engine)
      throws Exception {
    ProcessHandle dockerd = LocalEngine.dockerd();
    AtomicReference<Runnable> afterCommit = new AtomicReference<>();
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.of(runningAfterCommit(memoryDatabase(engine, "change"), afterCommit))) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      String agent = engine.agent("c");
      String name = engine.name("c");
      String id = engine.start(limits.prepareCreate(agent, engine.create(name))); // the policy's defaults: 64m, 1
      ContainerLimits wanted = ContainerLimits.parse("128m", "0.5");

      ApplyResult during;
      afterCommit.set(() -> LocalEngine.stop(dockerd)); // the first commit stores the desired limits
      try {
        during = limits.set(agent, wanted, "alice");
      } finally {
        afterCommit.set(null);
        LocalEngine.start();
      }

      assertThat(during.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
      assertThat(during.cause().orElseThrow()).startsWith("Docker engine unreachable while trying to ");
      StoredLimits row = store.find(agent).orElseThrow();
      assertThat(row.custom()).contains(wanted);
      assertThat(row.pendingCause()).isEqualTo(during.cause());
      // The old container is still there with its old limits (the engine stopped it when it shut down).
      InspectContainerResponse old = engine.client.inspectContainerCmd(id).exec();
      assertThat(old.getName()).isEqualTo("/" + name);
      assertThat(old.getHostConfig().getMemory()).isEqualTo(64 * MIB);
      assertThat(old.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);

      ApplyResult later = limits.reconcile(agent);
      assertThat(later.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED_LIVE);
      assertThat(store.find(agent).orElseThrow().pendingCause()).isEmpty();
      connection.engine().run("start the test container", () -> engine.client.startContainerCmd(id).exec());
      assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(128 * MIB);
      assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(500);
    } finally {
      LocalEngine.start();
    }
  }

  @Test
  void theEngineStoppingBetweenCreatingTheReplacementAndRemovingTheOldContainerLeavesTheOldOneAndAPendingChange(
      TestEngine engine) throws Exception {
    ProcessHandle dockerd = LocalEngine.dockerd();
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.jdbc("jdbc:h2:mem:recreate-outage-" + engine.runId)) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      String agent = engine.agent("r");
      String name = engine.name("r");
      // A CPU quota makes the engine refuse a live NanoCPUs update: the change takes the recreate path.
      CreateContainerCmd create = engine.create(name);
      create.getHostConfig().withCpuQuota(50_000L).withCpuPeriod(100_000L).withMemory(64 * MIB).withMemorySwap(64 * MIB);
      String oldId = engine.start(create.withLabels(TestEngine.with(create.getLabels(), DockerLabels.AGENT, agent)));
      ContainerLimits wanted = ContainerLimits.parse("128m", "1");
      List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
      limits.onRecreateStep(step -> {
        steps.add(step);
        if (step.equals("stop old container") && steps.size() == 2) {
          LocalEngine.stop(dockerd); // the replacement exists; nothing else has happened yet
        }
      });

      ApplyResult during;
      try {
        during = limits.set(agent, wanted, "alice");
      } finally {
        LocalEngine.start();
      }

      assertThat(steps).containsExactly("create replacement", "stop old container");
      assertThat(during.outcome()).isEqualTo(ApplyResult.Outcome.PENDING);
      assertThat(during.cause().orElseThrow())
          .contains("recreate failed at step 'stop old container': Docker engine unreachable")
          .contains("rolling back also failed (step 'remove replacement': Docker engine unreachable");
      StoredLimits row = store.find(agent).orElseThrow();
      assertThat(row.custom()).contains(wanted);
      assertThat(row.pendingCause()).isEqualTo(during.cause());
      // The old container is still there, under its name, with its configuration and limits.
      InspectContainerResponse old = engine.client.inspectContainerCmd(oldId).exec();
      assertThat(old.getName()).isEqualTo("/" + name);
      assertThat(old.getHostConfig().getCpuQuota()).isEqualTo(50_000L);
      assertThat(old.getHostConfig().getMemory()).isEqualTo(64 * MIB);
      assertThat(engine.mine()).extracting(c -> c.getNames()[0]).contains("/" + name)
          .anyMatch(n -> n.startsWith("/" + name + "-rm-new-")); // the replacement the rollback could not remove

      steps.clear();
      ApplyResult later = limits.reconcile(agent);
      assertThat(later.outcome()).isEqualTo(ApplyResult.Outcome.RECREATED);
      assertThat(store.find(agent).orElseThrow().pendingCause()).isEmpty();
      // The leftover replacement was cleared away: one container remains, the new one, under the old name.
      String newId = later.containerId().orElseThrow();
      assertThat(engine.mine()).extracting(Container::getId).containsExactly(newId);
      InspectContainerResponse replaced = engine.client.inspectContainerCmd(newId).exec();
      assertThat(replaced.getName()).isEqualTo("/" + name);
      assertThat(replaced.getHostConfig().getMemory()).isEqualTo(128 * MIB);
      assertThat(replaced.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
    } finally {
      LocalEngine.start();
    }
  }

  @Test
  void theStatsSourceAndTheEventStreamRecoverWhenTheEngineComesBack(TestEngine engine) throws Exception {
    ProcessHandle dockerd = LocalEngine.dockerd();
    ManualTicker ticker = new ManualTicker();
    try (DockerConnection connection = DockerConnection.open(DockerEngineExtension.testConfig());
        LimitStore store = LimitStore.jdbc("jdbc:h2:mem:stream-outage-" + engine.runId);
        ContainerEvents events = new ContainerEvents(connection);
        DockerStatsSource stats = new DockerStatsSource(connection, events);
        ResourceManager monitor = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
            .source(stats).ticker(ticker).clock(ticker.clock(Instant.EPOCH)).interval(Duration.ofSeconds(5))
            .sourceTimeout(Duration.ofSeconds(5)).build()) {
      DockerLimits limits = new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
      events.start();
      await().atMost(Duration.ofSeconds(10)).until(events::isSubscribed);
      String agent = engine.agent("s");
      String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("s"))));
      awaitMemoryReading(monitor, ticker, agent);

      SourceStats before = monitor.stats().source("docker-stats");
      try {
        LocalEngine.stop(dockerd);
        ticker.advance(Duration.ofSeconds(5));
        monitor.sampleNow(); // the engine is gone: the source fails this tick, the monitor goes on
      } finally {
        LocalEngine.start();
      }
      SourceStats outage = monitor.stats().source("docker-stats");
      assertThat(outage.failures()).isEqualTo(before.failures() + 1);
      assertThat(outage.lastError()).contains("Docker engine unreachable while trying to list agent containers");
      assertThat(monitor.stats().ticks()).isEqualTo(before.samples() + before.failures() + before.timeouts() + 1);

      connection.engine().run("start the test container", () -> engine.client.startContainerCmd(id).exec());
      awaitMemoryReading(monitor, ticker, agent); // the source opened a new stream and reads the container again
      assertThat(stats.openStreams()).isEqualTo(1);
      assertThat(monitor.stats().source("docker-stats").samples()).isGreaterThan(outage.samples());
      await().atMost(Duration.ofSeconds(20)).until(() -> events.subscriptions() >= 2 && events.isSubscribed());
    } finally {
      LocalEngine.start();
    }
  }

  /** Samples until the agent's memory reading arrives (the engine pushes a frame about once a second). */
  private static void awaitMemoryReading(ResourceManager monitor, ManualTicker ticker, String agent) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
      ticker.advance(Duration.ofSeconds(5));
      monitor.sampleNow();
      return monitor.tracker().find(agent).map(a -> a.latest(Metric.AGENT_MEMORY_USED))
          .filter(v -> !Double.isNaN(v) && v > 0).isPresent();
    });
  }
}
