package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shares, project usage, enforcement states and the overflow queue, when allocation is configured. */
class AllocationMetricsTest {
  private static final Duration TICK = Duration.ofSeconds(5);
  private static final long MIB = 1024 * 1024;

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

  private ResourcePool pool(AllocationConfig.Builder config) {
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .defaultAlertRules(false).allocation(config.build()).interval(TICK).build();
    return rm.allocation();
  }

  /** Two projects sharing 2 cores and 1 GiB equally, on a two-CPU machine. */
  private ResourcePool twoProjects() {
    return pool(AllocationConfig.custom().machineCpus(2)
        .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "1Gi"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build()));
  }

  private static AgentSpec agent(String id, String project) {
    return AgentSpec.custom(id).project(project).build();
  }

  private Gauge gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge();
  }

  @Test
  void globalLimitsAreInCoresAndBytes() {
    twoProjects();
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(gauge("resource.allocation.limit", "resource", "cpu").value()).isEqualTo(2.0);
    assertThat(gauge("resource.allocation.limit", "resource", "cpu").getId().getBaseUnit()).isEqualTo("cores");
    assertThat(gauge("resource.allocation.limit", "resource", "memory").value()).isEqualTo(1024 * MIB);
    assertThat(gauge("resource.allocation.limit", "resource", "memory").getId().getBaseUnit()).isEqualTo("bytes");
  }

  @Test
  void sharesArePerProjectAndPerAgentAndResource() {
    ResourcePool pool = twoProjects();
    pool.admit(agent("a1", "a"));
    pool.admit(agent("a2", "a"));
    pool.admit(agent("b1", "b"));
    new ResourceManagerMetrics(rm).bindTo(registry);

    assertThat(gauge("resource.allocation.project.share", "project", "a", "resource", "cpu").value()).isEqualTo(1.0);
    assertThat(gauge("resource.allocation.project.share", "project", "b", "resource", "memory").value())
        .isEqualTo(512 * MIB);
    assertThat(gauge("resource.allocation.agent.share", "agent", "a1", "project", "a", "resource", "cpu").value())
        .isEqualTo(0.5);
    assertThat(gauge("resource.allocation.agent.share", "agent", "a2", "project", "a", "resource", "memory").value())
        .isEqualTo(256 * MIB);
    assertThat(gauge("resource.allocation.agent.share", "agent", "b1", "project", "b", "resource", "cpu").value())
        .isEqualTo(1.0);
    assertThat(gauge("resource.allocation.agent.share", "agent", "b1", "resource", "cpu").getId().getBaseUnit())
        .isEqualTo("cores");
  }

  @Test
  void agentsAdmittedAfterBindingGetTheirMetersAtTheNextSampleAndSharesFollowAtOnce() {
    ResourcePool pool = twoProjects();
    pool.admit(agent("a1", "a"));
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    Gauge a1 = gauge("resource.allocation.agent.share", "agent", "a1", "resource", "cpu");
    assertThat(a1.value()).isEqualTo(1.0);

    pool.admit(agent("a2", "a"));
    assertThat(a1.value()).isEqualTo(0.5); // read live from the shares in force
    assertThat(registry.find("resource.allocation.agent.share").tag("agent", "a2").gauges()).isEmpty();
    ticker.advance(TICK);
    assertThat(gauge("resource.allocation.agent.share", "agent", "a2", "resource", "cpu").value()).isEqualTo(0.5);
  }

  @Test
  void releasedAgentsLoseTheirMetersAtTheNextSample() {
    ResourcePool pool = twoProjects();
    pool.admit(agent("a1", "a"));
    pool.admit(agent("a2", "a"));
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    pool.release("a2");
    ticker.advance(TICK);
    assertThat(registry.find("resource.allocation.agent.share").tag("agent", "a2").gauges()).isEmpty();
    assertThat(registry.find("resource.allocation.agent.state").tag("agent", "a2").gauges()).isEmpty();
    assertThat(gauge("resource.allocation.agent.share", "agent", "a1", "resource", "cpu").value()).isEqualTo(1.0);
  }

  @Test
  void projectUsageSumsTheUsageOfItsAdmittedAgentsInTheUnitsOfTheShares() {
    ResourcePool pool = pool(AllocationConfig.custom().machineCpus(2)
        .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "1Gi"))
        .project(ProjectConfig.custom("a").build()).project(ProjectConfig.custom("b").build())
        .project(ProjectConfig.custom("empty").build()));
    pool.admit(agent("a1", "a"));
    pool.admit(agent("a2", "a"));
    pool.admit(agent("b1", "b"));
    // 25 % and 12.5 % of two CPUs: 0.5 and 0.25 cores
    source.agentValues("a1", Metric.AGENT_CPU_USAGE, 25).agentValues("a2", Metric.AGENT_CPU_USAGE, 12.5)
        .agentValues("a1", Metric.AGENT_MEMORY_USED, 100 * MIB).agentValues("a2", Metric.AGENT_MEMORY_USED, 50 * MIB);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);

    assertThat(gauge("resource.allocation.project.usage", "project", "a", "resource", "cpu").value()).isEqualTo(0.75);
    assertThat(gauge("resource.allocation.project.usage", "project", "a", "resource", "cpu").getId().getBaseUnit())
        .isEqualTo("cores");
    assertThat(gauge("resource.allocation.project.usage", "project", "a", "resource", "memory").value())
        .isEqualTo(150 * MIB);
    // b1's memory is measured by nothing; its CPU is not yet measured in the first sample
    assertThat(gauge("resource.allocation.project.usage", "project", "b", "resource", "memory").value()).isNaN();
    assertThat(gauge("resource.allocation.project.usage", "project", "b", "resource", "cpu").value()).isNaN();
    assertThat(gauge("resource.allocation.project.usage", "project", "empty", "resource", "cpu").value()).isZero();
    assertThat(gauge("resource.allocation.project.usage", "project", "a", "resource", "allocation-rate").getId()
        .getBaseUnit()).isEqualTo("bytes.per.second");
    assertThat(gauge("resource.allocation.project.usage", "project", "a", "resource", "threads").getId()
        .getBaseUnit()).isNull();
  }

  @Test
  void theEnforcementStateFollowsAPauseAndTheResume() {
    ResourcePool pool = pool(AllocationConfig.custom().machineCpus(1).enforcement(EnforcementPolicy.pause(0.8)));
    pool.admit(AgentSpec.custom("worker").project("p")
        .resources(Resources.limits(ResourceVector.of(Resource.CPU, "500m"))).build());
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 10, 60, 45, 30); // 100m, 600m, 450m, 300m
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    Gauge state = gauge("resource.allocation.agent.state", "agent", "worker", "project", "p");
    assertThat(state.value()).isEqualTo(0);
    ticker.advance(TICK);
    assertThat(state.value()).isEqualTo(2);
    ticker.advance(TICK); // above the resume threshold: still paused
    assertThat(state.value()).isEqualTo(2);
    ticker.advance(TICK);
    assertThat(state.value()).isEqualTo(0);
  }

  @Test
  void aThrottledAgentsStateIsOne() {
    ResourcePool pool = pool(AllocationConfig.custom().machineCpus(1));
    pool.admit(AgentSpec.custom("worker").project("p")
        .resources(Resources.limits(ResourceVector.of(Resource.CPU, "500m")))
        .enforcement(EnforcementPolicy.throttle(0.5)).build());
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 70);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(gauge("resource.allocation.agent.state", "agent", "worker").value()).isEqualTo(1);
  }

  @Test
  void theQueueLengthCountsWaitingAgents() {
    ResourcePool pool = pool(AllocationConfig.custom().machineCpus(2)
        .globalLimits(ResourceVector.of(Resource.CPU, "1")));
    AgentSpec.Builder big = AgentSpec.custom("big-1").project("p")
        .resources(Resources.requests(ResourceVector.of(Resource.CPU, "800m")));
    pool.admit(big.build());
    pool.admit(AgentSpec.custom("big-2").project("p")
        .resources(Resources.requests(ResourceVector.of(Resource.CPU, "800m"))).build());
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(gauge("resource.allocation.queued").value()).isEqualTo(1);
    assertThat(gauge("resource.allocation.admitted").value()).isEqualTo(1);
    assertThat(gauge("resource.allocation.queued").getId().getBaseUnit()).isEqualTo("agents");

    pool.release("big-1"); // big-2 fits now and leaves the queue
    assertThat(gauge("resource.allocation.queued").value()).isZero();
    assertThat(gauge("resource.allocation.admitted").value()).isEqualTo(1);
  }

  @Test
  void withoutAllocationThereAreNoAllocationMeters() {
    rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker)).platformSources(false)
        .source(source).build();
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).noneMatch(n -> n.contains("allocation"));
  }
}
