package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.internal.alert.AlertEngine;
import io.github.resourcemanager.internal.alert.AlertPipelineConfig;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.internal.monitor.TrackedAgent;
import io.github.resourcemanager.internal.scale.Scalers;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hundred thousand agents where ten thousand are allowed: every structure kept per agent is bounded, by the
 * monitor's {@code maxAgents} or a limit of its own, and the ones beyond get a clear error or are counted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentLimitsReliabilityTest {

  private static final int ATTEMPTS = 100_000;
  private static final int MAX = MonitorConfig.DEFAULT_MAX_AGENTS; // 10,000
  private static final String LIMIT_MESSAGE = "agent limit reached: 10000 agents are registered (MonitorConfig "
      + "maxAgents); unregister agents or raise the limit before registering \"agent-10000\"";

  private static ResourceManager.Builder manual(ManualTicker ticker) {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH)).interval(Duration.ofSeconds(5));
  }

  @Test
  void aHundredThousandRegistrationsStopAtMaxAgentsWithAClearErrorAndBoundedHistories() {
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = manual(ticker).build()) {
      AgentTracker tracker = rm.tracker();
      int registered = 0;
      int refused = 0;
      String firstRefusal = null;
      for (int i = 0; i < ATTEMPTS; i++) {
        try {
          tracker.register("agent-" + i);
          registered++;
        } catch (IllegalStateException limit) {
          refused++;
          firstRefusal = firstRefusal == null ? limit.getMessage() : firstRefusal;
        }
      }
      assertThat(registered).isEqualTo(MAX);
      assertThat(refused).isEqualTo(ATTEMPTS - MAX);
      assertThat(firstRefusal).isEqualTo(LIMIT_MESSAGE);
      assertThat(tracker.size()).isEqualTo(MAX);

      rm.start();
      ticker.advance(Duration.ofSeconds(10)); // three ticks over ten thousand agents
      long bytes = 0;
      for (Agent a : tracker.agents()) {
        bytes += ((TrackedAgent) a).history().bufferBytes();
      }
      // Each history starts at 64 samples and grows only with time: times plus the four in-JVM agent metrics.
      assertThat(bytes).isLessThanOrEqualTo((long) MAX * 64 * 8 * (1 + 4));
      assertThat(rm.stats().ticks()).isEqualTo(3);
    }
  }

  @Test
  void aSourceReportingAHundredThousandAgentsTracksMaxAgentsAndCountsTheValuesItDrops() {
    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("many");
    for (int i = 0; i < ATTEMPTS; i++) {
      source.agentValues("c-" + i, Metric.AGENT_CPU_USAGE, 60, Double.NaN);
    }
    AlertRule agentCpu = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).build();
    try (ResourceManager rm = manual(ticker).source(source).alertRule(agentCpu).build()) {
      rm.start();
      ticker.advance(Duration.ZERO); // tick 1: every agent at 60 %
      assertThat(rm.tracker().size()).isEqualTo(MAX);
      assertThat(rm.stats().droppedAgentValues()).isEqualTo(ATTEMPTS - MAX);
      // One alert per tracked agent, never one per reported id: the per-agent alert state is bounded too.
      assertThat(rm.alerts().stats().activeAlerts()).isEqualTo(MAX);

      for (Agent a : rm.tracker().agents()) {
        rm.tracker().unregister(a.id());
      }
      ticker.advance(Duration.ofSeconds(5)); // tick 2: NaN for everyone; the unregistered agents are gone
      assertThat(rm.alerts().stats().activeAlerts()).isZero();
      assertThat(rm.alerts().resolvedAlerts()).hasSize(AlertPipelineConfig.DEFAULT_RESOLVED_HISTORY_SIZE);
    }
  }

  @Test
  void eventAlertsStopAtMaxEventAlertsWithAClearErrorWhileActiveOnesCanBeRaisedAgain() {
    ManualTicker ticker = new ManualTicker();
    try (AlertEngine pipeline = new AlertEngine(AlertPipelineConfig.custom().defaultRules(false).ticker(ticker)
        .clock(ticker.clock(Instant.EPOCH)).build())) {
      int refused = 0;
      String firstRefusal = null;
      for (int i = 0; i < ATTEMPTS; i++) {
        try {
          pipeline.raise(EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent("c-" + i));
        } catch (IllegalStateException limit) {
          refused++;
          firstRefusal = firstRefusal == null ? limit.getMessage() : firstRefusal;
        }
      }
      assertThat(refused).isEqualTo(ATTEMPTS - AlertPipelineConfig.DEFAULT_MAX_EVENT_ALERTS);
      assertThat(firstRefusal).isEqualTo("event alert limit reached: 10000 event alerts are active "
          + "(maxEventAlerts); resolve some or raise the limit before raising EventAlert{container-oom-killed CRITICAL "
          + "{agent=c-10000}}");
      assertThat(pipeline.stats().activeAlerts()).isEqualTo(AlertPipelineConfig.DEFAULT_MAX_EVENT_ALERTS);
      // An active identity is updated, not added: raising it again still works at the limit.
      assertThat(pipeline.raise(EventAlert.of("container-oom-killed", Severity.EMERGENCY).withAgent("c-7"))
          .severity()).isEqualTo(Severity.EMERGENCY);
    }
  }

  @Test
  void admissionStopsAtTheMonitorsMaxAgentsAndTheQueueAtItsSize() {
    ManualTicker ticker = new ManualTicker();
    AllocationConfig config = AllocationConfig.custom().machineCpus(2)
        .globalLimits(ResourceVector.of(Resource.CPU, "1"))
        .overflow(OverflowPolicy.ofDefaults().withMaxQueueSize(50)).build();
    try (ResourceManager rm = manual(ticker).maxAgents(1_000).allocation(config).build()) {
      ResourcePool pool = rm.allocation();
      Map<AgentStatus.State, Integer> outcomes = new LinkedHashMap<>();
      Map<String, Integer> reasons = new LinkedHashMap<>();
      for (int i = 0; i < ATTEMPTS; i++) {
        // the first 10 request 100m each (filling the 1 CPU), the others nothing
        Resources wants = i < 10 ? Resources.requests(ResourceVector.of(Resource.CPU, "100m"))
            : i < 200 ? Resources.requests(ResourceVector.of(Resource.CPU, "1m")) : Resources.none();
        Admission a = pool.admit(AgentSpec.custom("a-" + i).resources(wants).build());
        outcomes.merge(a.state(), 1, Integer::sum);
        if (a.state() == AgentStatus.State.REJECTED) {
          reasons.merge(a.message().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
      }
      // 10 fill the CPU, 50 of the 190 asking for a millicore wait, 140 find the queue full; of the rest, the
      // agents without requests, 990 fit the monitor's 1,000 agents and the others are refused.
      assertThat(outcomes).containsEntry(AgentStatus.State.RUNNING, 1_000).containsEntry(AgentStatus.State.QUEUED, 50)
          .containsEntry(AgentStatus.State.REJECTED, ATTEMPTS - 1_050);
      assertThat(reasons).containsOnly(Map.entry("queue full (N)", 140),
          Map.entry("the monitor already tracks N agents, its maxAgents (N); an agent it cannot track cannot be "
              + "measured or enforced", ATTEMPTS - 1_000 - 50 - 140));
      assertThat(pool.admitted()).hasSize(1_000);
      assertThat(pool.queued()).hasSize(50);
      assertThat(rm.tracker().size()).isEqualTo(1_000);
    }
  }

  @Test
  void theVerticalRecommenderKeepsAtMostMaxAgentsAndCountsTheSamplesItDrops() {
    VerticalRecommender vpa = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), 4);
    long t = 1_700_000_000_000L;
    for (int i = 0; i < ATTEMPTS; i++) {
      vpa.addCpuSample("a-" + i, t, 0.5);
    }
    assertThat(vpa.size()).isEqualTo(VerticalRecommenderConfig.ofDefaults().maxAgents());
    assertThat(vpa.droppedSamples()).isEqualTo(ATTEMPTS - vpa.size());
  }
}
