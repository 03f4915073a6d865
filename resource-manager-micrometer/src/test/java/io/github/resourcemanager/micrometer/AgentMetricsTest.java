package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-agent meters: tagged with the agent and its labels, added and removed as agents come and go. */
class AgentMetricsTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static final Duration TICK = Duration.ofSeconds(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private List<String> agentsWithMeters() {
    return registry.getMeters().stream().map(m -> m.getId().getTag("agent")).filter(a -> a != null).distinct().sorted()
        .toList();
  }

  @Test
  void agentMetricsCarryTheAgentTagAndItsProjectLabel(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("worker-1", Map.of("project", "billing", "team", "core"));
    source.agentValues("worker-1", Metric.AGENT_CPU_USAGE, 50).agentValues("worker-1", Metric.AGENT_MEMORY_USED, 268_435_456);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    Meter.Id cpu = registry.get("resource.agent.cpu.usage").gauge().getId();
    assertThat(cpu.getTags()).extracting(t -> t.getKey() + "=" + t.getValue())
        .containsExactly("agent=worker-1", "project=billing");
    assertThat(cpu.getBaseUnit()).isEqualTo("ratio");
    assertThat(registry.get("resource.agent.cpu.usage").tag("agent", "worker-1").gauge().value()).isEqualTo(0.5);
    assertThat(registry.get("resource.agent.memory.used").tag("agent", "worker-1").gauge().value())
        .isEqualTo(268_435_456);
    assertThat(registry.get("resource.agent.memory.used").gauge().getId().getBaseUnit()).isEqualTo("bytes");
  }

  @Test
  void theTrackersOwnAgentMetricsAreExposedToo(ResourceManager rm, ManualTicker ticker) {
    rm.tracker().register("idle");
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    ticker.advance(TICK); // the second sample has rates

    assertThat(registry.get("resource.agent.threads").tag("agent", "idle").gauge().value()).isEqualTo(0);
    // A total since registration: a counter, as Micrometer's own cumulative CPU time is (ProcessorMetrics.bindTo
    // registers process.cpu.time with FunctionCounter.builder), so that Prometheus' rate() applies.
    assertThat(registry.get("resource.agent.cpu.time").tag("agent", "idle").functionCounter().getId().getBaseUnit())
        .isEqualTo("seconds");
    assertThat(registry.get("resource.agent.memory.allocation").tag("agent", "idle").gauge().getId().getBaseUnit())
        .isEqualTo("bytes.per.second");
  }

  @Test
  void anAgentWithoutTheLabelGetsTheEmptyValue(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.agentValues("loner", Metric.AGENT_THREADS, 2);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.get("resource.agent.threads").tags("agent", "loner", "project", "").gauge().value()).isEqualTo(2);
  }

  @Test
  void theChosenLabelsBecomeTagsInTheirOrder(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("worker-1", Map.of("project", "billing", "team", "core", "host", "h1"));
    source.agentValues("worker-1", Metric.AGENT_THREADS, 2);
    new ResourceManagerMetrics(rm, ResourceManagerMetricsConfig.custom().agentLabels("team", "host").build())
        .bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.get("resource.agent.threads").gauge().getId().getTags())
        .extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("agent=worker-1", "host=h1", "team=core");
  }

  @Test
  void agentsRegisteredAfterBindingGetTheirMetersAtTheNextSample(ResourceManager rm, ScriptedSource source,
                                                                ManualTicker ticker) {
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(agentsWithMeters()).isEmpty();

    rm.tracker().register("late", Map.of("project", "p"));
    source.agentValues("late", Metric.AGENT_CPU_USAGE, 20);
    assertThat(agentsWithMeters()).isEmpty();
    ticker.advance(TICK);
    assertThat(agentsWithMeters()).containsExactly("late");
    assertThat(registry.get("resource.agent.cpu.usage").tags("agent", "late", "project", "p").gauge().value())
        .isEqualTo(0.2);
  }

  @Test
  void aMetricAnotherAgentAlreadyHadGetsItsGaugeWhenThisAgentFirstMeasuresIt(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    // The agents' histories share one table: the metric's column exists from the first sample (agent "a" measured
    // it), so "b" gains the metric later without the table growing.
    rm.tracker().register("a");
    rm.tracker().register("b");
    source.agentValues("a", Metric.AGENT_OPEN_FILES, 3, 3).agentValues("b", Metric.AGENT_OPEN_FILES, Double.NaN, 9);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.find("resource.agent.files.open").tag("agent", "b").gauge()).isNull();
    ticker.advance(TICK);
    assertThat(registry.get("resource.agent.files.open").tag("agent", "b").gauge().value()).isEqualTo(9);
  }

  @Test
  void metricsFirstWrittenForAnAgentLaterGetTheirGaugeAtThatSample(ResourceManager rm, ScriptedSource source,
                                                                   ManualTicker ticker) {
    source.agentValues("box", Metric.AGENT_THREADS, 1);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.find("resource.agent.files.open").gauge()).isNull();

    source.agentValues("box", Metric.AGENT_OPEN_FILES, 17);
    ticker.advance(TICK);
    assertThat(registry.get("resource.agent.files.open").tag("agent", "box").gauge().value()).isEqualTo(17);
  }

  @Test
  void anAgentMeasuredBeforeTheBinderWasBoundGetsItsMetersWhenBound(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    rm.tracker().register("early");
    source.agentValues("early", Metric.AGENT_OPEN_FILES, 5, Double.NaN);
    rm.start();
    ticker.advance(Duration.ZERO);
    ticker.advance(TICK); // the latest sample does not measure it; the agent's history does
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(registry.get("resource.agent.files.open").tag("agent", "early").gauge().value()).isNaN();
    assertThat(registry.get("resource.agent.files.open").tag("agent", "early").gauge().getId().getBaseUnit()).isNull();
  }

  @Test
  void anAgentMetricDefinedAfterBindingGetsItsGaugeAtTheFirstSampleThatMeasuresIt(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    source.agentValues("box", Metric.AGENT_THREADS, 1);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    Metric queued = Metric.of("agent.queue.waiting", Unit.COUNT, "tasks waiting in the agent's queue");
    source.agentValues("box", queued, 7);
    assertThat(registry.find("resource.agent.queue.waiting").gauge()).isNull();
    ticker.advance(TICK);
    assertThat(registry.get("resource.agent.queue.waiting").tag("agent", "box").gauge().value()).isEqualTo(7);
  }

  @Test
  void unregisteredAgentsLoseTheirMetersAtTheNextSample(ResourceManager rm, ManualTicker ticker) {
    rm.tracker().register("stays");
    rm.tracker().register("goes");
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(agentsWithMeters()).containsExactly("goes", "stays");
    Meter gone = registry.get("resource.agent.threads").tag("agent", "goes").gauge();

    rm.tracker().unregister("goes");
    ticker.advance(TICK);
    assertThat(agentsWithMeters()).containsExactly("stays");
    assertThat(registry.getMeters()).doesNotContain(gone);
  }

  @Test
  void anAgentRegisteredAnewWithOtherLabelsGetsNewMeters(ResourceManager rm, ManualTicker ticker) {
    rm.tracker().register("worker", Map.of("project", "old"));
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    rm.tracker().unregister("worker");
    rm.tracker().register("worker", Map.of("project", "new"));
    ticker.advance(TICK);
    assertThat(registry.find("resource.agent.threads").tag("project", "old").gauges()).isEmpty();
    assertThat(registry.get("resource.agent.threads").tags("agent", "worker", "project", "new").gauge().value())
        .isEqualTo(0);
  }

  @Test
  void theAgentFilterLeavesOutAgents(ResourceManager rm, ManualTicker ticker) {
    rm.tracker().register("keep-1");
    rm.tracker().register("tmp-1");
    new ResourceManagerMetrics(rm, ResourceManagerMetricsConfig.custom()
        .agentFilter(a -> !a.id().startsWith("tmp-")).build()).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    rm.tracker().register("tmp-2");
    rm.tracker().register("keep-2");
    ticker.advance(TICK);
    assertThat(agentsWithMeters()).containsExactly("keep-1", "keep-2");
  }

  @Test
  void aVerticalRecommenderAddsEachAgentsRecommendationInCoresAndBytes() {
    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("scripted");
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .interval(Duration.ofMinutes(1)).verticalRecommender(VerticalRecommenderConfig.ofDefaults()).build()) {
      source.agentValues("worker", Metric.AGENT_CPU_USAGE, 50.0 / rm.cpuCount()); // half a core
      new ResourceManagerMetrics(rm).bindTo(registry);
      assertThat(registry.find("resource.vpa.recommendation").gauges()).isEmpty();
      rm.start();
      ticker.advance(Duration.ofMinutes(10));

      Recommendation r = rm.verticalRecommender().orElseThrow().recommendation("worker").orElseThrow();
      assertThat(registry.get("resource.vpa.recommendation").tags("agent", "worker", "resource", "cpu", "bound", "target")
          .gauge().value()).isEqualTo(r.cpu().target().millicores() / 1000.0);
      assertThat(registry.get("resource.vpa.recommendation").tags("resource", "cpu", "bound", "upper")
          .gauge().value()).isEqualTo(r.cpu().upperBound().millicores() / 1000.0);
      assertThat(registry.get("resource.vpa.recommendation").tags("resource", "cpu", "bound", "target").gauge().getId()
          .getBaseUnit()).isEqualTo("cores");
      // no memory samples: the minimum recommendation, 250 MiB
      assertThat(registry.get("resource.vpa.recommendation").tags("resource", "memory", "bound", "lower")
          .gauge().value()).isEqualTo(250 * 1024 * 1024);
      assertThat(registry.get("resource.vpa.recommendation").tags("resource", "memory", "bound", "lower").gauge().getId()
          .getBaseUnit()).isEqualTo("bytes");
    }
  }
}
