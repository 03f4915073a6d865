package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Statistics;
import io.github.resourcemanager.monitor.Metric;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One slow container must not stall the tick: the time budget, with an engine stand-in. */
class DockerStatsSourceBudgetTest {
  private static final long BUDGET = TimeUnit.MILLISECONDS.toNanos(300);

  private static Statistics fixture() throws Exception {
    try (InputStream in = DockerStatsSourceBudgetTest.class.getResourceAsStream("/stats/cgroup-v1.json")) {
      return RawApi.JSON.readValue(in, Statistics.class);
    }
  }

  /** Three agents; the stats of "slow" hang until released. */
  private static final class FakeEngine implements DockerStatsSource.StatsClient {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger slowCalls = new AtomicInteger();
    final Statistics stats;

    FakeEngine() throws Exception {
      stats = fixture();
    }

    @Override
    public List<DockerStatsSource.AgentContainer> list() {
      return List.of(new DockerStatsSource.AgentContainer("id-a", "a", "agent-a"),
          new DockerStatsSource.AgentContainer("id-slow", "slow", "agent-slow"),
          new DockerStatsSource.AgentContainer("id-b", "b", "agent-b"),
          new DockerStatsSource.AgentContainer("id-bad", "bad", "not valid!"));
    }

    @Override
    public Statistics stats(String containerId) {
      if (containerId.equals("id-slow")) {
        slowCalls.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return stats;
    }
  }

  @Test
  void aSlowContainerIsLeftOutWhileTheOthersAreWrittenWithinTheBudget() throws Exception {
    FakeEngine engine = new FakeEngine();
    try (DockerStatsSource source = new DockerStatsSource(engine, null, BUDGET, 4)) {
      RecordingWriter out = new RecordingWriter(1);
      long start = System.nanoTime();

      source.sample(out);

      long took = System.nanoTime() - start;
      assertThat(took).isBetween(BUDGET, BUDGET + TimeUnit.MILLISECONDS.toNanos(1000));
      assertThat(out.agents).containsOnlyKeys("agent-a", "agent-b");
      assertThat(out.get("agent-a", DockerMetrics.PIDS)).isEqualTo(3.0);
      assertThat(source.lateReadings()).isEqualTo(1);
      engine.release.countDown();
    }
  }

  @Test
  void aContainerStillBusyIsNotAskedAgainUntilItsRequestReturns() throws Exception {
    FakeEngine engine = new FakeEngine();
    try (DockerStatsSource source = new DockerStatsSource(engine, null, BUDGET, 4)) {
      source.sample(new RecordingWriter(1));
      source.sample(new RecordingWriter(2));
      assertThat(engine.slowCalls.get()).isEqualTo(1);

      engine.release.countDown();
      RecordingWriter third = new RecordingWriter(3);
      source.sample(third);

      // The late answer belonged to an old tick: asked afresh, and this time it answers at once.
      assertThat(engine.slowCalls.get()).isEqualTo(2);
      assertThat(third.agents).containsOnlyKeys("agent-a", "agent-b", "agent-slow");
      assertThat(third.get("agent-slow", Metric.AGENT_CPU_USAGE)).isNaN();
      assertThat(third.get("agent-a", DockerMetrics.MEMORY_LIMIT)).isEqualTo(67108864.0);
    }
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
      public Statistics stats(String containerId) {
        throw new AssertionError("not reached");
      }
    };
    try (DockerStatsSource source = new DockerStatsSource(hanging, null, BUDGET, 2)) {
      assertThatThrownBy(() -> source.sample(new RecordingWriter(1)))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("listing agent containers took longer than the stats budget of 300 ms");
    }
  }
}
