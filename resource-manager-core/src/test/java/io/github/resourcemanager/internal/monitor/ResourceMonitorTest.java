package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.SourceStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.test.StderrCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceMonitorTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(5))
      .sourceTimeout(Duration.ofMillis(200)));

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void samplesOnceAtStartAndThenEveryInterval(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 20, 30, 40);
    rm.start();
    ticker.advance(Duration.ofSeconds(15));
    Series cpu = rm.history(Metric.SYSTEM_CPU_USAGE, HOUR);
    assertThat(cpu.values()).containsExactly(10, 20, 30, 40);
    assertThat(cpu.time(0)).isEqualTo(ResourceManagerExtension.START);
    assertThat(cpu.time(3)).isEqualTo(ResourceManagerExtension.START.plusSeconds(15));
    assertThat(rm.stats().ticks()).isEqualTo(4);
  }

  @Test
  void startingTwiceSchedulesOneTask(ResourceManager rm, ScriptedSource source, ManualTicker ticker, ManualScheduler scheduler) {
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    rm.start();
    rm.start();
    assertThat(scheduler.activeTasks()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void stopThenStartResumesSampling(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3, 4, 5);
    rm.start();
    ticker.advance(Duration.ofSeconds(5)); // samples 1, 2
    rm.stop();
    assertThat(rm.isRunning()).isFalse();
    ticker.advance(Duration.ofSeconds(20)); // nothing
    assertThat(source.calls()).isEqualTo(2);
    rm.start();
    ticker.advance(Duration.ofSeconds(5)); // samples 3, 4
    assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(1, 2, 3, 4);
    assertThat(rm.isRunning()).isTrue();
  }

  @Test
  void closedMonitorRefusesToStart(ResourceManager rm, ScriptedSource source) {
    rm.close();
    assertThat(source.isClosed()).isTrue();
    assertThatThrownBy(rm::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this monitor is closed and cannot be started again; create a new one");
  }

  @Test
  void throwingSourceIsSkippedForThatTickAndOthersStillRecord(ManualTicker ticker) {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource healthy = ScriptedSource.named("healthy").values(Metric.SYSTEM_MEMORY_USED, 100, 200, 300);
    ScriptedSource faulty = ScriptedSource.named("faulty").values(Metric.SYSTEM_CPU_USAGE, 1, 2, 3)
        .failOnCall(2, new IllegalStateException("disk on fire"));
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).ticker(ticker).scheduler(scheduler)
        .source(faulty).source(healthy).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(10));
      assertThat(rm.history(Metric.SYSTEM_MEMORY_USED, HOUR).values()).containsExactly(100, 200, 300);
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(1, Double.NaN, 3);
      SourceStats stats = rm.stats().source("faulty");
      assertThat(stats.failures()).isEqualTo(1);
      assertThat(stats.samples()).isEqualTo(2);
      assertThat(stats.lastError()).isEqualTo("java.lang.IllegalStateException: disk on fire");
      assertThat(rm.stats().ticks()).isEqualTo(3);
    }
  }

  @Test
  void sourceThatThrowsHalfwayContributesNothing(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 1, 2).values(Metric.SYSTEM_MEMORY_USED, 10, 20).failEvery(2);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(1, Double.NaN);
    assertThat(rm.history(Metric.SYSTEM_MEMORY_USED, HOUR).values()).containsExactly(10, Double.NaN);
  }

  @Test
  void hangingSourceIsSkippedUntilItReturnsWhileOthersKeepSampling(ManualTicker ticker) {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource healthy = ScriptedSource.named("healthy").values(Metric.SYSTEM_MEMORY_USED, 1, 2, 3, 4, 5);
    ScriptedSource hanging = ScriptedSource.named("hanging").blocking().values(Metric.SYSTEM_CPU_USAGE, 50).hangOnCall(2);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).ticker(ticker).scheduler(scheduler)
        // A generous real-time budget: under a loaded CI machine the worker of a healthy call must still make it.
        .sourceTimeout(Duration.ofSeconds(1)).source(hanging).source(healthy).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(10)); // ticks 1-3: call 2 hangs at tick 2, tick 3 finds it still busy
      assertThat(rm.history(Metric.SYSTEM_MEMORY_USED, HOUR).values()).containsExactly(1, 2, 3);
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(50, Double.NaN, Double.NaN);
      assertThat(hanging.calls()).isEqualTo(2);
      assertThat(rm.stats().source("hanging").timeouts()).isEqualTo(2);

      hanging.release();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hanging.completedCalls() == 2);
      ticker.advance(Duration.ofSeconds(5)); // tick 4: the source is free again and delivers
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(50, Double.NaN, Double.NaN, 50);
      assertThat(rm.stats().source("hanging").timeouts()).isEqualTo(2);
      assertThat(rm.history(Metric.SYSTEM_MEMORY_USED, HOUR).values()).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void listenersRunInOrderAndAThrowingOneDoesNotStopTheOthers(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 42);
    List<String> calls = new ArrayList<>();
    rm.addListener(s -> calls.add("first " + s.value(Metric.SYSTEM_CPU_USAGE)));
    rm.addListener(s -> {
      throw new IllegalStateException("listener bug");
    });
    rm.addListener(s -> calls.add("third " + s.sequence()));
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(calls).containsExactly("first 42.0", "third 1", "first 42.0", "third 2");
    assertThat(rm.stats().listenerFailures()).isEqualTo(2);
  }

  @Test
  void aListenerFailingOnEveryTickIsLoggedOnceAtWarnThenAgainOnlyAfterItRecovers(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    SampleListener flaky = new SampleListener() {
      @Override
      public void onSample(Sample sample) {
        long n = sample.sequence();
        if (n <= 3 || n >= 5) { // fails on samples 1-3, succeeds on 4, fails again from 5
          throw new IllegalStateException("flaky-listener-bug");
        }
      }

      @Override
      public String toString() {
        return "flaky-listener-7";
      }
    };
    rm.addListener(flaky);
    try (StderrCapture log = new StderrCapture()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(25)); // samples 1 to 6

      assertThat(rm.stats().listenerFailures()).isEqualTo(5);
      assertThat(log.linesContaining("WARN").stream().filter(l -> l.contains("flaky-listener-7")))
          .hasSize(2)
          .allMatch(l -> l.contains("further failures are logged at debug"));
      assertThat(log.linesContaining("flaky-listener-7 succeeded again after 3 failed samples")).hasSize(1);
      assertThat(log.linesContaining("flaky-listener-bug")).hasSize(2); // a stack trace only with each warn
    }
  }

  @Test
  void sampleCarriesTickTimeAndClockTime(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    List<Instant> times = new ArrayList<>();
    List<Long> ticks = new ArrayList<>();
    rm.addListener(s -> {
      times.add(s.time());
      ticks.add(s.tickNanos());
    });
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(ticks).containsExactly(0L, 5_000_000_000L);
    assertThat(times).containsExactly(ResourceManagerExtension.START, ResourceManagerExtension.START.plusSeconds(5));
  }

  @Test
  void agentValuesWrittenBySourceRegisterTheAgentAndLandInItsHistory(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("container-1", Metric.AGENT_CPU_USAGE, 12.5, 25);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(rm.tracker().find("container-1")).isPresent();
    assertThat(rm.history("container-1", Metric.AGENT_CPU_USAGE, HOUR).values()).containsExactly(12.5, 25);
  }

  @Test
  void listenersSeeTheAgentsOfTheSample(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("a", Metric.AGENT_CPU_USAGE, 7);
    List<String> seen = new ArrayList<>();
    rm.addListener(s -> {
      for (Agent agent : s.agents()) {
        seen.add(agent.id() + "=" + s.value(agent, Metric.AGENT_CPU_USAGE));
      }
    });
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(seen).containsExactly("a=7.0");
  }

  @Test
  void currentUsageHoldsTheLatestValues(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    assertThat(rm.currentUsage()).isEmpty();
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 20).values(Metric.SYSTEM_MEMORY_USED, 1024);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    Sample now = rm.currentUsage().orElseThrow();
    assertThat(now.value(Metric.SYSTEM_CPU_USAGE)).isEqualTo(20);
    assertThat(now.value(Metric.SYSTEM_MEMORY_USED)).isEqualTo(1024);
    assertThat(now.value(Metric.SYSTEM_SWAP_USED)).isNaN();
    assertThat(now.time()).isEqualTo(ResourceManagerExtension.START.plusSeconds(5));
  }

  @Test
  void infiniteValuesAreRecordedAsNotMeasured(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, Double.POSITIVE_INFINITY, 5);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, HOUR).values()).containsExactly(Double.NaN, 5);
  }

  @Test
  void sourcesMustHaveUniqueNames() {
    assertThatThrownBy(() -> ResourceManager.custom().platformSources(false)
        .source(ScriptedSource.named("x")).source(ScriptedSource.named("x")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two sources are named \"x\"; source names must be unique: [x]");
  }

  @Test
  void sourceWritingAnAgentMetricAsMachineMetricIsAFailureOfThatSource(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.AGENT_CPU_USAGE, 5);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(rm.stats().source("scripted").lastError())
        .isEqualTo("java.lang.IllegalArgumentException: metric agent.cpu.usage is per agent; "
            + "write it with setAgent(agentId, metric, value)");
  }
}
