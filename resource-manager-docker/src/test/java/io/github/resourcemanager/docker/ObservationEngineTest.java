package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stats source, the engine's events and the enforcer, on real containers. */
@DockerTest
class ObservationEngineTest {
  private static final long MIB = 1L << 20;

  private DockerConnection connection;
  private LimitStore store;
  private ContainerEvents events;
  private DockerStatsSource source;

  private DockerLimits limits(TestEngine engine) {
    // A generous stats budget: the first reading also pays for class loading. The budget itself is tested apart.
    connection = DockerConnection.open(DockerConfig.custom().statsTimeout(Duration.ofSeconds(5)).build());
    store = LimitStore.jdbc("jdbc:h2:mem:observe-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
  }

  @AfterEach
  void closeAll() {
    if (source != null) {
      source.close();
    }
    if (events != null) {
      events.close();
    }
    if (store != null) {
      store.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void statsSourceWritesValuesInRangeForEachAgentContainer(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    String busy = engine.agent("busy");
    String idle = engine.agent("idle");
    limits.set(busy, ContainerLimits.parse("64m", "0.5"), "test");
    engine.start(limits.prepareCreate(busy, engine.create(engine.name("busy"), "sh", "-c", "while :; do :; done")));
    engine.start(limits.prepareCreate(idle, engine.create(engine.name("idle"))));
    source = new DockerStatsSource(connection, null);
    source.sample(new RecordingWriter(0)); // opens the streams; the engine's frames come about once a second

    // Each container's first reading has no previous one: rates and CPU are NaN. Readings arrive per container.
    java.util.Map<String, RecordingWriter> firstOf = new java.util.HashMap<>();
    long[] tick = {0};
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      tick[0] += 1_000_000_000L;
      RecordingWriter w = new RecordingWriter(tick[0]);
      source.sample(w);
      w.agents.keySet().forEach(agent -> firstOf.putIfAbsent(agent, w));
      return firstOf.size() == 2;
    });
    for (String agent : List.of(busy, idle)) {
      assertThat(firstOf.get(agent).get(agent, Metric.AGENT_CPU_USAGE)).isNaN();
      assertThat(firstOf.get(agent).get(agent, DockerMetrics.NETWORK_RECEIVE)).isNaN();
      assertThat(firstOf.get(agent).get(agent, DockerMetrics.DISK_WRITE)).isNaN();
    }
    RecordingWriter[] next = new RecordingWriter[1];
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      tick[0] += 1_000_000_000L;
      next[0] = new RecordingWriter(tick[0]);
      source.sample(next[0]);
      return next[0].agents.size() == 2 && !Double.isNaN(next[0].get(busy, Metric.AGENT_CPU_USAGE))
          && !Double.isNaN(next[0].get(idle, Metric.AGENT_CPU_USAGE));
    });
    RecordingWriter second = next[0];

    // 0.5 CPU of a machine with n CPUs is at most 50/n % of the machine: the quota is enforced. How much of it the
    // spinning container gets depends on what else the (shared) machine runs, so below the quota the claim is only
    // that it clearly spins (1 %, 20 ms of CPU a second) and spins more than the idle one.
    int cpus = engine.client.infoCmd().exec().getNCPU();
    assertThat(second.get(busy, Metric.AGENT_CPU_USAGE)).isBetween(1.0, 50.0 / cpus * 1.1)
        .isGreaterThan(second.get(idle, Metric.AGENT_CPU_USAGE));
    assertThat(second.get(idle, Metric.AGENT_CPU_USAGE)).isBetween(0.0, 2.0);
    for (String agent : List.of(busy, idle)) {
      assertThat(second.get(agent, DockerMetrics.MEMORY_LIMIT)).isEqualTo(64.0 * MIB);
      assertThat(second.get(agent, DockerMetrics.MEMORY_USED)).isBetween(1.0, 64.0 * MIB);
      assertThat(second.get(agent, DockerMetrics.MEMORY_USAGE)).isBetween(0.0, 100.0);
      assertThat(second.get(agent, DockerMetrics.PIDS)).isEqualTo(1.0);
      // --network none: no interface, so nothing moves.
      assertThat(second.get(agent, DockerMetrics.NETWORK_RECEIVE)).isEqualTo(0.0);
      assertThat(second.get(agent, DockerMetrics.NETWORK_TRANSMIT)).isEqualTo(0.0);
      assertThat(second.get(agent, DockerMetrics.DISK_READ)).isGreaterThanOrEqualTo(0.0);
      assertThat(second.get(agent, DockerMetrics.DISK_WRITE)).isGreaterThanOrEqualTo(0.0);
    }
  }

  @Test
  void aContainerAllocatingPastItsMemoryLimitIsKilledAndReportedAsOom(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    events = new ContainerEvents(connection);
    List<ContainerEvent> seen = new CopyOnWriteArrayList<>();
    events.addListener(seen::add);
    events.start();
    await().atMost(Duration.ofSeconds(10)).until(events::isSubscribed);
    String agent = engine.agent("hog");
    limits.set(agent, ContainerLimits.parse("32m", "1"), "test");
    String name = engine.name("hog");
    // dd's 64 MiB block buffer cannot fit in 32 MiB.
    String id = engine.start(limits.prepareCreate(agent,
        engine.create(name, "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1")));

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 2);
    assertThat(seen.get(0)).isInstanceOfSatisfying(OomKilled.class, e -> {
      assertThat(e.agentId()).isEqualTo(agent);
      assertThat(e.containerId()).isEqualTo(id);
      assertThat(e.containerName()).isEqualTo(name);
    });
    assertThat(seen.get(1)).isInstanceOfSatisfying(UnexpectedExit.class, e -> {
      assertThat(e.agentId()).isEqualTo(agent);
      assertThat(e.exitCode()).isEqualTo(137);
      assertThat(e.afterOom()).isTrue();
    });
    assertThat(events.oomKills(agent)).isEqualTo(1);
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getOOMKilled()).isTrue();
  }

  @Test
  void stoppingOrRemovingAContainerThroughTheEngineIsNotAnUnexpectedExit(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    events = new ContainerEvents(connection);
    List<ContainerEvent> seen = new CopyOnWriteArrayList<>();
    events.addListener(seen::add);
    events.start();
    await().atMost(Duration.ofSeconds(10)).until(events::isSubscribed);
    String agent = engine.agent("quiet");
    String stopped = engine.start(limits.prepareCreate(agent, engine.create(engine.name("stopped"))));
    String killed = engine.start(limits.prepareCreate(engine.agent("killed"), engine.create(engine.name("killed"))));
    // With an init process (tini) as PID 1, a SIGKILL to the workload ends the container with 137.
    var outsideCreate = engine.create(engine.name("outside"));
    outsideCreate.getHostConfig().withInit(true);
    String outside = engine.start(limits.prepareCreate(engine.agent("outside"), outsideCreate));

    engine.client.stopContainerCmd(stopped).withTimeout(1).exec(); // sleep ignores SIGTERM: killed after 1 s, 137
    engine.client.killContainerCmd(killed).exec();
    // A SIGKILL that did not come through the engine: unexpected.
    engine.execAs("0", outside, "sh", "-c", "kill -9 $(pidof sleep)");

    // The engine reports events in order and the watcher handles them one by one: the stop and the kill returned
    // before the outside kill was sent, so by the time its exit is seen, theirs have been classified too.
    await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).isInstanceOfSatisfying(UnexpectedExit.class, e -> {
      assertThat(e.containerId()).isEqualTo(outside);
      assertThat(e.afterOom()).isFalse();
    });
    assertThat(engine.client.inspectContainerCmd(stopped).exec().getState().getExitCodeLong()).isEqualTo(137L);
  }

  @Test
  void enforcerPausesResumesThrottlesAndUnthrottlesLive(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    DockerEnforcer enforcer = new DockerEnforcer(connection, limits, DockerEnforcer.ALLOCATION_ACTOR);
    String agent = engine.agent("e");
    limits.set(agent, ContainerLimits.parse("64m", "1"), "test");
    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("e"))));

    enforcer.pause(agent, "over budget");
    enforcer.pause(agent, "again");
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getPaused()).isTrue();
    enforcer.resume(agent);
    enforcer.resume(agent);
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getPaused()).isFalse();

    enforcer.throttle(agent, 0.25, "cpu pressure");
    assertThat(engine.client.inspectContainerCmd(id).exec().getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(250);
    assertThat(limits.get(agent).throttle()).hasValue(0.25);
    assertThat(limits.get(agent).differs()).isFalse();
    assertThat(limits.reconcile(agent).outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);

    enforcer.unthrottle(agent);
    assertThat(engine.cgroupCpuMillicores(id)).isEqualTo(1000);
    assertThat(limits.get(agent).throttle()).isEmpty();
    assertThat(engine.cgroupMemoryBytes(id)).isEqualTo(64 * MIB);
  }

  @Test
  void enforcerFailsWithTheAgentNamedWhenItHasNoContainer(TestEngine engine) {
    DockerLimits limits = limits(engine);
    DockerEnforcer enforcer = new DockerEnforcer(connection, limits, DockerEnforcer.ALLOCATION_ACTOR);
    String agent = engine.agent("none");

    assertThatThrownBy(() -> enforcer.pause(agent, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("could not pause agent " + agent + ": no container carries the label "
            + DockerLabels.AGENT + "=" + agent);
    assertThatThrownBy(() -> enforcer.throttle(agent, 1.5, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in (0, 1], was 1.5");
  }
}
