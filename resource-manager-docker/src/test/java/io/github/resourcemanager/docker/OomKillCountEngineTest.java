package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.docker.DockerEngineExtension.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container events count what happened, not notifications. The oracle for OOM kills is the container cgroup's own
 * {@code oom_kill} counter, read inside the container ({@code memory.oom_control} on cgroup v1,
 * {@code memory.events} on v2); the notifications are counted by the test's own subscription to the engine's
 * events.
 */
@DockerTest
class OomKillCountEngineTest {
  private static final Logger log = LoggerFactory.getLogger(OomKillCountEngineTest.class);

  private DockerConnection connection;
  private LimitStore store;
  private ContainerEvents events;
  private ResultCallback.Adapter<Event> rawSubscription;

  @AfterEach
  void closeAll() throws Exception {
    if (rawSubscription != null) {
      rawSubscription.close();
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

  private DockerLimits limits(TestEngine engine) {
    connection = DockerConnection.open(DockerEngineExtension.testConfig());
    store = LimitStore.jdbc("jdbc:h2:mem:oomcount-" + engine.runId);
    return new DockerLimits(connection, store, TestPolicies.small(), AccessPolicy.allowAll());
  }

  private List<ContainerEvent> watch() {
    events = new ContainerEvents(connection);
    List<ContainerEvent> seen = new CopyOnWriteArrayList<>();
    events.addListener(seen::add);
    events.start();
    await().atMost(Duration.ofSeconds(10)).until(events::isSubscribed);
    return seen;
  }

  /** The engine's raw oom notifications of the agent's containers, counted by the test's own subscription. */
  private AtomicLong countNotifications(String agent) {
    AtomicLong notifications = new AtomicLong();
    rawSubscription = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Event e) {
        notifications.incrementAndGet();
      }
    };
    connection.streamingClient().eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("oom")
        .withLabelFilter(java.util.Map.of(DockerLabels.AGENT, agent)).exec(rawSubscription);
    return notifications;
  }

  @Test
  void severalKillsAmongManyNotificationsCountAsTheKillsTheCgroupCounted(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    List<ContainerEvent> seen = watch();
    String agent = engine.agent("many");
    AtomicLong notifications = countNotifications(agent);
    limits.set(agent, ContainerLimits.parse("32m", "1"), "test");
    // Six 20 MiB allocations at once in 32 MiB: some are killed, the shell (PID 1) survives to let us look.
    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("many"), "sh", "-c",
        "for i in 1 2 3 4 5 6; do dd if=/dev/zero of=/dev/null bs=20M count=1 & done; wait; sleep 3600")));
    await().atMost(Duration.ofSeconds(30)).until(() -> engine.exec(id, "sh", "-c", "pidof dd || echo none")
        .equals("none"));

    long cgroupKills = engine.cgroupOomKills(id);
    assertThat(cgroupKills).isGreaterThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.oomKills(agent) == cgroupKills);
    log.info("{} OOM kill(s) counted by the cgroup, {} oom notification(s) sent by the engine", cgroupKills,
        notifications.get());
    assertThat(seen).filteredOn(e -> e instanceof OomKilled).hasSize((int) cgroupKills)
        .allSatisfy(e -> assertThat(e.containerId()).isEqualTo(id));
    // the engine relays the cgroup's notifications, more than one per kill on cgroup v1
    assertThat(notifications.get()).isGreaterThan(cgroupKills);
    // and the count holds: notifications still arriving late add no kill
    await().during(Duration.ofMillis(ContainerEvents.OOM_SETTLE_MILLIS * 2)).atMost(Duration.ofSeconds(5))
        .until(() -> events.oomKills(agent) == cgroupKills);
    assertThat(engine.cgroupOomKills(id)).isEqualTo(cgroupKills);
  }

  @Test
  void aKillOfTheOnlyProcessIsOneKillAndStaysCountedAfterTheContainerIsGone(TestEngine engine) throws Exception {
    DockerLimits limits = limits(engine);
    List<ContainerEvent> seen = watch();
    String agent = engine.agent("one");
    limits.set(agent, ContainerLimits.parse("32m", "1"), "test");
    // dd is the container's only process: its 64 MiB buffer cannot fit, and one process can be killed once.
    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("one"), "dd", "if=/dev/zero",
        "of=/dev/null", "bs=64M", "count=1")));

    await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(e -> e instanceof UnexpectedExit));
    assertThat(engine.client.inspectContainerCmd(id).exec().getState().getOOMKilled()).isTrue();
    assertThat(events.oomKills(agent)).isEqualTo(1);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isInstanceOf(OomKilled.class);
    assertThat(seen.get(1)).isInstanceOfSatisfying(UnexpectedExit.class, e -> {
      assertThat(e.exitCode()).isEqualTo(137);
      assertThat(e.afterOom()).isTrue();
    });

    engine.client.removeContainerCmd(id).exec();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.mine().isEmpty());
    assertThat(events.oomKills(agent)).isEqualTo(1);
  }

  @Test
  void aNonZeroExitIsReportedWithItsCode(TestEngine engine) {
    DockerLimits limits = limits(engine);
    List<ContainerEvent> seen = watch();
    String agent = engine.agent("exit");

    String id = engine.start(limits.prepareCreate(agent, engine.create(engine.name("exit"), "sh", "-c", "exit 3")));

    await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).isInstanceOfSatisfying(UnexpectedExit.class, e -> {
      assertThat(e.containerId()).isEqualTo(id);
      assertThat(e.exitCode()).isEqualTo(3);
      assertThat(e.afterOom()).isFalse();
    });
    assertThat(events.oomKills(agent)).isZero();
  }

  @Test
  void anAttachedAgentContainerExitingNonZeroRaisesTheExitedAlertByDefault(TestEngine engine) {
    try (DockerResources docker = DockerResources.custom()
             .store(LimitStore.jdbc("jdbc:h2:mem:exit-alert-" + engine.runId))
             .policy(TestPolicies.small()).access(AccessPolicy.allowAll()).build();
         ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).build()) {
      docker.attach(rm);
      await().atMost(Duration.ofSeconds(10)).until(docker.events()::isSubscribed);
      String agent = engine.agent("crash");

      engine.start(docker.limits().prepareCreate(agent, engine.create(engine.name("crash"), "sh", "-c", "exit 3")));

      await().atMost(Duration.ofSeconds(20)).until(() -> !rm.alerts().activeAlerts().isEmpty());
      Alert alert = rm.alerts().activeAlerts().get(0);
      assertThat(alert.name()).isEqualTo(ContainerIncidents.EXITED_ALERT);
      assertThat(alert.severity()).isEqualTo(Severity.WARNING);
      assertThat(alert.agent()).contains(agent);
      assertThat(alert.value()).isEqualTo(3);
      assertThat(alert.labels()).containsEntry("exit_code", "3").containsEntry("container", engine.name("crash"));
    }
  }
}
