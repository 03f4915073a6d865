package io.github.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ResourceManagerTest {

  private static boolean monitorThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(ResourceMonitor.THREAD_NAME) && t.isAlive());
  }

  @Test
  void defaultsFollowTheSeed() {
    MonitorConfig config = MonitorConfig.ofDefaults();
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
    // the default tiers "raw 10m, 1m for 6h, 5m for 24h": raw samples for 10 min, the history reaching 24 h back
    assertThat(config.historyRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(config.historyCapacity()).isEqualTo(121); // 10 min of raw samples at 5 s, both ends included
    assertThat(config.sourceTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxAgents()).isEqualTo(10_000);
  }

  @Test
  void rejectsNonPositiveInterval() {
    assertThatThrownBy(() -> ResourceManager.custom().interval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be positive, was PT0S");
    assertThatThrownBy(() -> ResourceManager.custom().interval(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interval");
  }

  @Test
  void rejectsRetentionShorterThanTheInterval() {
    assertThatThrownBy(() -> ResourceManager.custom().interval(Duration.ofSeconds(5))
        .historyRetention(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyRetention PT1S must be at least the interval (PT5S)");
  }

  @Test
  void rejectsRetentionNeedingTooManySamples() {
    assertThatThrownBy(() -> ResourceManager.custom().interval(Duration.ofMillis(1))
        .historyRetention(Duration.ofDays(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyRetention PT24H at interval PT0.001S needs 86400001 samples; at most 10000000 are allowed");
  }

  @Test
  void rejectsNullSource() {
    assertThatThrownBy(() -> ResourceManager.custom().source(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
  }

  @Test
  void rejectsSourceTimeoutLongerThanTheInterval() {
    assertThatThrownBy(() -> ResourceManager.custom().interval(Duration.ofSeconds(1))
        .sourceTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sourceTimeout PT2S must not exceed the interval PT1S");
  }

  @Test
  void rejectsAgentLimitOutOfRange() {
    assertThatThrownBy(() -> ResourceManager.custom().maxAgents(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAgents 0 is not allowed; allowed: between 1 and 1000000");
  }

  @Test
  void agentMetricHistoryNeedsAnAgent() {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).build()) {
      assertThatThrownBy(() -> rm.history(Metric.AGENT_CPU_USAGE, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("metric agent.cpu.usage is per agent, not a machine, process or JVM metric; ask for an agent's "
              + "history: history(agentId, metric, window)");
    }
  }

  @Test
  void machineMetricHistoryOfAnAgentFailsTheSameWayAsTheReverse() {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).build()) {
      rm.tracker().register("a");
      assertThatThrownBy(() -> rm.history("a", Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("metric system.cpu.usage is a machine, process or JVM metric, not per agent; ask for the "
              + "machine's history: history(metric, window)");
      assertThatThrownBy(() -> rm.summary("a", Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> rm.summary(Metric.AGENT_CPU_USAGE, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void currentUsageIsEmptyBeforeTheFirstSample() {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).build()) {
      assertThat(rm.currentUsage()).isEmpty();
      rm.sampleNow();
      assertThat(rm.currentUsage()).hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(1));
    }
  }

  @Test
  void sharedInstanceIsStartedOnceAndIndependentOfExplicitOnes() {
    ResourceManager shared = ResourceManager.global();
    try (ResourceManager own = ResourceManager.custom().platformSources(false).build()) {
      assertThat(ResourceManager.global()).isSameAs(shared);
      assertThat(shared.isRunning()).isTrue();
      assertThat(own).isNotSameAs(shared);
      assertThat(own.isRunning()).isFalse();
      own.tracker().register("only-mine");
      assertThat(shared.tracker().find("only-mine")).isEmpty();
    } finally {
      shared.close();
    }
    ResourceManager fresh = ResourceManager.global();
    try {
      assertThat(fresh).isNotSameAs(shared);
      assertThat(fresh.isRunning()).isTrue();
    } finally {
      fresh.close();
    }
  }

  @Test
  void systemSchedulerSamplesOnAThreadNamedResourceMonitorThatEndsOnClose() {
    ScriptedSource source = ScriptedSource.named("scripted").values(Metric.SYSTEM_CPU_USAGE, 1);
    ResourceManager rm = ResourceManager.custom().platformSources(false).source(source)
        .interval(Duration.ofMillis(20)).historyRetention(Duration.ofMinutes(1)).build();
    rm.start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> source.calls() >= 3);
    assertThat(monitorThreadAlive()).isTrue();
    rm.close();
    assertThat(monitorThreadAlive()).isFalse();
  }

  @Test
  void historyAndSummaryOfTheFacadeCoverTheWindow() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource source = ScriptedSource.named("s").values(Metric.SYSTEM_MEMORY_USAGE, 10, 20, 30, 40, 50);
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source)
        .ticker(ticker).scheduler(scheduler).interval(Duration.ofSeconds(1)).build()) {
      rm.start();
      ticker.advance(Duration.ofSeconds(4)); // samples at 0..4 s
      assertThat(rm.history(Metric.SYSTEM_MEMORY_USAGE, Duration.ofSeconds(2)).values()).containsExactly(30, 40, 50);
      assertThat(rm.summary(Metric.SYSTEM_MEMORY_USAGE, Duration.ofSeconds(10)).avg()).isEqualTo(30);
    }
  }
}
