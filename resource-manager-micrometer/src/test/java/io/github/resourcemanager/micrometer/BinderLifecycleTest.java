package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binding, several registries, closing, the weakly held manager, and the cost of following membership. */
class BinderLifecycleTest {
  private static final Duration TICK = Duration.ofSeconds(5);

  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("scripted");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  /** A manager with every kind of meter: a rule, a handler, a scaler, a recommender and allocation. */
  private static ResourceManager everything(ManualTicker ticker, ScriptedSource source) {
    AtomicInteger size = new AtomicInteger(1);
    ResourceManager manager = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source).interval(TICK)
        .defaultAlertRules(false)
        .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.WARNING, 80)
            .build())
        .alertHandler(new CollectingAlertHandler(), HandlerOptions.ofDefaults().withName("collector"))
        .dynamicScaler("pool", ScaleTarget.of("pool", size::get, size::set), DynamicScalerConfig.ofDefaults())
        .verticalRecommender(VerticalRecommenderConfig.ofDefaults())
        .allocation(AllocationConfig.custom().machineCpus(2).globalLimits(ResourceVector.of(Resource.CPU, "2"))
            .build())
        .build();
    manager.allocation().admit(AgentSpec.custom("worker").project("p").build());
    return manager;
  }

  private static List<String> names(SimpleMeterRegistry r) {
    return r.getMeters().stream().map(m -> m.getId().getName() + m.getId().getTags()).sorted().toList();
  }

  @Test
  void aBoundRegistryDoesNotKeepTheManagerAliveAndItsGaugesThenReadNaN() {
    source.values(Metric.SYSTEM_CPU_USAGE, 50).agentValues("worker", Metric.AGENT_CPU_USAGE, 10);
    ResourceManager manager = everything(ticker, source);
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(manager);
    metrics.bindTo(registry);
    manager.start();
    ticker.advance(Duration.ZERO);
    Gauge cpu = registry.get("resource.system.cpu.usage").gauge();
    assertThat(cpu.value()).isEqualTo(0.5);
    assertThat(registry.get("resource.agent.cpu.usage").tag("agent", "worker").gauge().value()).isEqualTo(0.1);
    assertThat(registry.get("resource.allocation.agent.share").tag("agent", "worker").gauge().value()).isEqualTo(2.0);
    FunctionCounter decisions = registry.get("resource.scaler.decisions").tags("direction", "none", "outcome", "unchanged")
        .functionCounter();
    assertThat(decisions.count()).isEqualTo(1);
    List<Gauge> gauges = registry.getMeters().stream().filter(m -> m instanceof Gauge).map(m -> (Gauge) m).toList();
    assertThat(gauges).hasSizeGreaterThan(20);

    WeakReference<ResourceManager> collected = new WeakReference<>(manager);
    manager.close();
    manager = null; // the registry, its meters and the binder stay reachable
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      System.gc();
      return collected.get() == null;
    });

    assertThat(gauges).allSatisfy(g -> assertThat(g.value()).as(g.getId().toString()).isNaN());
    assertThat(decisions.count()).isEqualTo(1); // a function counter keeps its last count
    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void closeRemovesEveryMeterAndStopsFollowingTheManager() {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    rm = everything(ticker, source);
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
    metrics.bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.getMeters()).isNotEmpty();

    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
    rm.tracker().register("after-close");
    ticker.advance(TICK);
    assertThat(registry.getMeters()).isEmpty();
    metrics.close(); // idempotent
    assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this binder is closed; create a new ResourceManagerMetrics to bind again");
  }

  @Test
  void everyBoundRegistryGetsTheSameMetersAndFollowsTheSameChanges() {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    rm = everything(ticker, source);
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
    metrics.bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    metrics.bindTo(second);
    assertThat(names(second)).isEqualTo(names(registry));

    rm.tracker().register("late", Map.of("project", "q"));
    ticker.advance(TICK);
    assertThat(second.get("resource.agent.threads").tag("agent", "late").gauge().value()).isZero();
    assertThat(names(second)).isEqualTo(names(registry));

    metrics.close();
    assertThat(second.getMeters()).isEmpty();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void bindingTheSameRegistryTwiceChangesNothing() {
    rm = everything(ticker, source);
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
    metrics.bindTo(registry);
    List<Meter> before = registry.getMeters();
    metrics.bindTo(registry);
    assertThat(registry.getMeters()).containsExactlyInAnyOrderElementsOf(before);
    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    rm = everything(ticker, source);
    assertThatThrownBy(() -> new ResourceManagerMetrics(null))
        .isInstanceOf(NullPointerException.class).hasMessage("manager");
    assertThatThrownBy(() -> new ResourceManagerMetrics(rm, null))
        .isInstanceOf(NullPointerException.class).hasMessage("config");
    assertThatThrownBy(() -> new ResourceManagerMetrics(rm).bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
  }

  @Test
  void followingMembershipAllocatesNothingWhileNothingChanges() {
    source.values(Metric.SYSTEM_CPU_USAGE, 50).values(Metric.SYSTEM_MEMORY_USED, 1 << 30);
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source).interval(TICK)
        .dynamicScaler("pool", ScaleTarget.of("pool", () -> 1, n -> { }), DynamicScalerConfig.ofDefaults())
        .alertHandler(new CollectingAlertHandler(), HandlerOptions.ofDefaults().withName("collector"))
        .allocation(AllocationConfig.custom().machineCpus(2).build())
        .build();
    for (int i = 0; i < 50; i++) {
      rm.allocation().admit(AgentSpec.custom("agent-" + i).project("p" + (i % 5)).build());
      source.agentValues("agent-" + i, Metric.AGENT_MEMORY_USED, 1 << 20);
    }
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
    metrics.bindTo(registry);
    SampleListener binder = metrics.sampleListener();
    AtomicLong least = new AtomicLong(-1);
    rm.addListener((Sample sample) -> { // measures the binder's own work on a real sample, on the monitor thread
      if (sample.sequence() == 3) {
        least.set(leastBytesAllocated(1_000, () -> binder.onSample(sample)));
      }
    });
    rm.start();
    ticker.advance(TICK.multipliedBy(2));
    assertThat(registry.find("resource.agent.memory.used").gauges()).hasSize(50);
    assertThat(registry.find("resource.alert.handler.events").tag("handler", "collector").functionCounters()).hasSize(4);
    assertThat(least.get()).isZero();
  }

  /** The fewest heap bytes the calling thread allocated in one of five rounds of {@code calls} runs of {@code work}. */
  private static long leastBytesAllocated(int calls, Runnable work) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
