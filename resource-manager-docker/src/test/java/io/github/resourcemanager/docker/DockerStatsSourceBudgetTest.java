package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Statistics;
import io.github.resourcemanager.monitor.Metric;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** One slow container must not stall the tick: the stats source with an engine stand-in that streams on demand. */
class DockerStatsSourceBudgetTest {
  private static final long BUDGET = TimeUnit.MILLISECONDS.toNanos(300);
  private static final long SECOND = 1_000_000_000L;

  private static Statistics fixture(String name) throws Exception {
    try (InputStream in = DockerStatsSourceBudgetTest.class.getResourceAsStream("/stats/" + name)) {
      return RawApi.JSON.readValue(in, Statistics.class);
    }
  }

  /** Containers a, b, slow and one with an invalid agent id; the test pushes frames into their streams. */
  private static final class FakeEngine implements DockerStatsSource.StatsClient {
    List<DockerStatsSource.AgentContainer> running = new ArrayList<>(List.of(
        new DockerStatsSource.AgentContainer("id-a", "a", "agent-a"),
        new DockerStatsSource.AgentContainer("id-b", "b", "agent-b"),
        new DockerStatsSource.AgentContainer("id-slow", "slow", "agent-slow"),
        new DockerStatsSource.AgentContainer("id-bad", "bad", "not valid!")));
    final Map<String, DockerStatsSource.StatsSink> sinks = new HashMap<>();
    final Map<String, Integer> opened = new HashMap<>();
    final List<String> closed = new ArrayList<>();

    @Override
    public List<DockerStatsSource.AgentContainer> list() {
      return running;
    }

    @Override
    public AutoCloseable stream(String containerId, DockerStatsSource.StatsSink sink) {
      sinks.put(containerId, sink);
      opened.merge(containerId, 1, Integer::sum);
      return () -> closed.add(containerId);
    }
  }

  @Test
  void aTickWritesTheContainersWithNewStatsAndNeverWaitsForTheOthers() throws Exception {
    FakeEngine engine = new FakeEngine();
    try (DockerStatsSource source = new DockerStatsSource(engine, null, BUDGET)) {
      RecordingWriter first = new RecordingWriter(SECOND);
      source.sample(first);
      assertThat(first.agents).isEmpty();
      assertThat(engine.opened).containsOnlyKeys("id-a", "id-b", "id-slow");

      engine.sinks.get("id-a").frame(fixture("cgroup-v1.json"));
      engine.sinks.get("id-b").frame(fixture("cgroup-v1.json"));
      RecordingWriter second = new RecordingWriter(2 * SECOND);
      long start = System.nanoTime();
      source.sample(second);
      long took = System.nanoTime() - start;

      assertThat(took).isLessThan(BUDGET);
      assertThat(second.agents).containsOnlyKeys("agent-a", "agent-b");
      assertThat(second.get("agent-a", DockerMetrics.PIDS)).isEqualTo(3.0);
      assertThat(second.get("agent-a", Metric.AGENT_CPU_USAGE)).isNaN();

      engine.sinks.get("id-a").frame(fixture("cgroup-v2.json"));
      RecordingWriter third = new RecordingWriter(4 * SECOND);
      source.sample(third);

      assertThat(third.agents).containsOnlyKeys("agent-a");
      // 1 s of container CPU over 4 s of machine CPU time.
      assertThat(third.get("agent-a", Metric.AGENT_CPU_USAGE)).isEqualTo(25.0);
      assertThat(third.get("agent-a", DockerMetrics.NETWORK_RECEIVE)).isEqualTo((3024 - 1024) / 2.0);
      assertThat(source.lateReadings()).isEqualTo(1); // b had no new frame
      assertThat(source.openStreams()).isEqualTo(3);
    }
  }

  @Test
  void anEndedStreamOfARunningContainerIsOpenedAgain() throws Exception {
    FakeEngine engine = new FakeEngine();
    try (DockerStatsSource source = new DockerStatsSource(engine, null, BUDGET)) {
      source.sample(new RecordingWriter(SECOND));
      engine.sinks.get("id-a").ended(new java.io.IOException("engine restarted"));

      source.sample(new RecordingWriter(2 * SECOND));

      assertThat(engine.opened.get("id-a")).isEqualTo(2);
      assertThat(engine.closed).containsExactly("id-a");
      assertThat(source.restartedStreams()).isEqualTo(1);
    }
  }

  @Test
  void theStreamOfAContainerThatIsGoneIsClosed() throws Exception {
    FakeEngine engine = new FakeEngine();
    try (DockerStatsSource source = new DockerStatsSource(engine, null, BUDGET)) {
      source.sample(new RecordingWriter(SECOND));
      engine.running.remove(0);

      source.sample(new RecordingWriter(2 * SECOND));

      assertThat(engine.closed).containsExactly("id-a");
      assertThat(source.openStreams()).isEqualTo(2);
    }
    assertThat(engine.closed).containsExactlyInAnyOrder("id-a", "id-b", "id-slow");
  }

  @Test
  void aListingThatHangsFailsTheTickAfterTheBudget() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    DockerStatsSource.StatsClient hanging = new DockerStatsSource.StatsClient() {
      @Override
      public List<DockerStatsSource.AgentContainer> list() {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }

      @Override
      public AutoCloseable stream(String containerId, DockerStatsSource.StatsSink sink) {
        throw new AssertionError("not reached");
      }
    };
    try (DockerStatsSource source = new DockerStatsSource(hanging, null, BUDGET)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> source.sample(new RecordingWriter(1)))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("listing agent containers took longer than the stats budget of 300 ms");
      assertThat(System.nanoTime() - start).isLessThan(BUDGET + TimeUnit.SECONDS.toNanos(1));
    }
  }
}
