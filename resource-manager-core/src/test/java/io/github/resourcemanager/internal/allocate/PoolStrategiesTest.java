package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Strategies at work inside the pool, driven by admissions and by the ticker. */
class PoolStrategiesTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
  }

  @Test
  void drfDecidesWhichAgentsRunAsThePaperSchedulerDecidesWhichTasksLaunch(ResourceManager rm) {
    MonitoredPool pool = MonitoredPool.create(AllocationConfig.custom().machineCpus(9).strategy(SharingStrategy.drf())
        .globalLimits(cpuMem("9", "18Gi")).build(), Internals.monitor(rm));
    Resources taskA = Resources.requests(cpuMem("1", "4Gi"));
    Resources taskB = Resources.requests(cpuMem("3", "1Gi"));
    for (int i = 1; i <= 4; i++) {
      pool.admit(AgentSpec.custom("a" + i).project("A").resources(taskA).build());
      pool.admit(AgentSpec.custom("b" + i).project("B").resources(taskB).build());
    }
    assertThat(pool.admitted()).containsExactly("a1", "b1", "a2", "b2", "a3");
    assertThat(pool.queued()).containsExactly("b3", "a4", "b4");
    assertThat(pool.shares().project("A")).isEqualTo(cpuMem("3", "12Gi")); // dominant share 12/18 = 2/3
    assertThat(pool.shares().project("B")).isEqualTo(cpuMem("6", "2Gi"));  // dominant share 6/9 = 2/3

    pool.release("a1"); // A drops to 2 tasks: the freed CPU goes back to A, not to B's 3-CPU task
    assertThat(pool.admitted()).containsExactly("b1", "a2", "b2", "a3", "a4");
    assertThat(pool.queued()).containsExactly("b3", "b4");
  }

  @Test
  void dynamicSharesFollowUsageAfterTheAdjustmentPeriodOnTheTicker(ResourceManager rm, ScriptedSource source,
                                                                  ManualTicker ticker) {
    EventLog log = new EventLog();
    MonitoredPool pool = MonitoredPool.create(AllocationConfig.custom().machineCpus(1)
        .strategy(SharingStrategy.dynamic(Duration.ofSeconds(30), 0.8, 0.5, 0.2))
        .enforcement(EnforcementPolicy.warn())
        .globalLimits(ResourceVector.of(Resource.CPU, "1"))
        .project(ProjectConfig.custom("busy").build()).project(ProjectConfig.custom("idle").build()).build(), Internals.monitor(rm));
    rm.addListener(pool);
    log.listenTo(pool);
    pool.admit(AgentSpec.custom("worker").project("busy").build());
    pool.admit(AgentSpec.custom("sleeper").project("idle").build());
    source.agentValues("worker", Metric.AGENT_CPU_USAGE, 45).agentValues("sleeper", Metric.AGENT_CPU_USAGE, 5);
    log.clear();
    rm.start();
    ticker.advance(Duration.ofSeconds(25));
    assertThat(pool.shares().project("busy")).isEqualTo(ResourceVector.of(Resource.CPU, "500m"));
    ticker.advance(Duration.ofSeconds(5)); // 30 s above 0.8 of its share
    assertThat(pool.shares().project("busy")).isEqualTo(ResourceVector.of(Resource.CPU, "600m"));
    assertThat(pool.shares().project("idle")).isEqualTo(ResourceVector.of(Resource.CPU, "400m"));
    assertThat(log.shares).hasSize(1);
    ticker.advance(Duration.ofSeconds(30)); // 450m of 600m is 0.75: no more moves
    assertThat(pool.shares().project("busy")).isEqualTo(ResourceVector.of(Resource.CPU, "600m"));
  }

  @Test
  void priorityServesCriticalProjectsFirstAsAgentsJoin(ResourceManager rm) {
    MonitoredPool pool = MonitoredPool.create(AllocationConfig.custom().machineCpus(8).strategy(SharingStrategy.priority())
        .globalLimits(ResourceVector.of(Resource.CPU, "4800m"))
        .project(ProjectConfig.custom("auth-service").priority(0).build())
        .project(ProjectConfig.custom("api-service").priority(1).build())
        .project(ProjectConfig.custom("worker-service").priority(2).build()).build(), Internals.monitor(rm));
    Resources twoCpus = Resources.requests(ResourceVector.of(Resource.CPU, "2"));
    pool.admit(AgentSpec.custom("auth").project("auth-service").resources(twoCpus).build());
    pool.admit(AgentSpec.custom("api").project("api-service").resources(twoCpus).build());
    Admission worker = pool.admit(AgentSpec.custom("worker").project("worker-service").resources(twoCpus).build());
    assertThat(worker.state()).isEqualTo(AgentStatus.State.QUEUED);
    assertThat(worker.message()).isEqualTo("waiting for cpu: requests 2, 800m free of project \"worker-service\" share 800m");
    assertThat(pool.shares().projects().values()).extracting(v -> v.amount(Resource.CPU)).containsExactly(2000L, 2800L, 0L);
  }
}
