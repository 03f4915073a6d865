package io.github.resourcemanager.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.scale.HorizontalScaler;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scalers and the recommender wired into a resource manager: agents as replicas, listeners, lifecycle. */
class ScalingWiringTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ScriptedSource source = ScriptedSource.named("scripted");
  private ResourceManager rm;

  @AfterEach
  void close() {
    if (rm != null) {
      rm.close();
    }
  }

  private ResourceManager.Builder builder() {
    return ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .interval(Duration.ofSeconds(5));
  }

  /** Workers are agents "worker-1".."worker-n"; each requests half a core. */
  private static final class Workers {
    final List<Replica> replicas = new ArrayList<>();

    int size() {
      return replicas.size();
    }

    void resize(int n) {
      while (replicas.size() < n) {
        replicas.add(Replica.of("worker-" + (replicas.size() + 1)).withCpuRequest(CpuQuantity.parse("500m")));
      }
      while (replicas.size() > n) {
        replicas.remove(replicas.size() - 1);
      }
    }

    ScaleTarget target() {
      return ScaleTarget.of("workers", this::size, this::resize, () -> replicas);
    }
  }

  @Test
  void horizontalScalerScalesAgentsOnTheirCpuAgainstTheirRequests() {
    Workers workers = new Workers();
    workers.resize(2);
    rm = builder().horizontalScaler("workers", workers.target(), HorizontalScalerConfig.custom()
        .maxReplicas(10).metric(ScalingMetric.cpuUtilization(50)).build()).build();
    int cpus = rm.cpuCount();
    // each worker uses 400m of its 500m: 80 % of the request, against a 50 % target
    double percentOfMachine = 0.4 / cpus * 100;
    source.agentValues("worker-1", Metric.AGENT_CPU_USAGE, percentOfMachine)
        .agentValues("worker-2", Metric.AGENT_CPU_USAGE, percentOfMachine);
    List<ScaleDecision> seen = new ArrayList<>();
    rm.scaler("workers").addListener(seen::add);
    rm.start();
    ticker.advance(Duration.ZERO);

    assertThat(workers.size()).isEqualTo(4); // ceil(2 × 80 / 50)
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).metrics().get(0).current()).isEqualTo(80);
    assertThat(seen.get(0).reason()).isEqualTo("cpu utilization (agent.cpu.usage, % of request) above target");
  }

  @Test
  void scalersObserveEachSampleBeforeListenersAddedLater() {
    List<String> order = new ArrayList<>();
    rm = builder().dynamicScaler("pool", ScaleTarget.of("pool", () -> 1, n -> order.add("resize " + n)),
        DynamicScalerConfig.ofDefaults()).build();
    source.values(Metric.SYSTEM_CPU_USAGE, 90);
    rm.scaler("pool").addListener(d -> order.add("decision " + d.desired()));
    rm.addListener(s -> order.add("user listener"));
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(order).containsExactly("resize 2", "decision 2", "user listener");
  }

  @Test
  void scalersAreListedAndFoundByName() {
    rm = builder()
        .dynamicScaler("pool", ScaleTarget.of("pool", () -> 1, n -> { }), DynamicScalerConfig.ofDefaults())
        .horizontalScaler("queue", ScaleTarget.of("queue", () -> 1, n -> { }), HorizontalScalerConfig.custom()
            .maxReplicas(4).metric(ScalingMetric.value(Metric.SYSTEM_LOAD_1M, 2)).build())
        .build();
    assertThat(rm.scalers()).extracting(Scaler::name).containsExactly("pool", "queue");
    assertThat(rm.scaler("queue")).isInstanceOf(HorizontalScaler.class);
    assertThat(rm.verticalRecommender()).isEmpty();
    assertThatThrownBy(() -> rm.scaler("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown scaler \"nope\"; configured scalers: [pool, queue]");
  }

  @Test
  void scalerNamesMustBeUnique() {
    ScaleTarget target = ScaleTarget.of("pool", () -> 1, n -> { });
    assertThatThrownBy(() -> builder()
        .dynamicScaler("pool", target, DynamicScalerConfig.ofDefaults())
        .dynamicScaler("pool", target, DynamicScalerConfig.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a scaler named \"pool\" was already added; scaler names must be unique: [pool]");
  }

  @Test
  void resourceMetricOnATargetWithoutReplicasIsRejectedByTheBuilder() {
    assertThatThrownBy(() -> builder().horizontalScaler("pool", ScaleTarget.of("pool", () -> 1, n -> { }),
        HorizontalScalerConfig.custom().maxReplicas(3).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metrics[0] (cpu utilization (agent.cpu.usage, % of request)) of scaler \"pool\" needs");
  }

  @Test
  void closingTheManagerClosesItsScalers() {
    rm = builder().dynamicScaler("pool", ScaleTarget.of("pool", () -> 1, n -> { }), DynamicScalerConfig.ofDefaults())
        .verticalRecommender(VerticalRecommenderConfig.ofDefaults()).build();
    Scaler scaler = rm.scaler("pool");
    rm.close();
    assertThat(scaler.isClosed()).isTrue();
  }

  @Test
  void recommenderLearnsFromTheTrackersOwnAgents() {
    rm = builder().verticalRecommender(VerticalRecommenderConfig.custom().sampleInterval(Duration.ZERO).build()).build();
    Agent agent = rm.tracker().register("job");
    rm.start();
    ticker.advance(Duration.ofSeconds(10)); // ticks at 0, 5, 10 s: CPU is measured from the second tick on
    Recommendation r = rm.verticalRecommender().orElseThrow().recommendation(agent.id()).orElseThrow();
    assertThat(r.cpuSamples()).isEqualTo(2);
    assertThat(r.cpu().target()).isEqualTo(CpuQuantity.ofMillicores(25)); // idle: the minimum
  }
}
