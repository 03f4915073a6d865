package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.Internals;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.Allocation;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PredictiveAllocatorTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(Duration.ofSeconds(5)));

  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** A pool on a 4-CPU machine. */
  private static MonitoredPool pool(ResourceManager rm, AllocationConfig.Builder config) {
    MonitoredPool pool = MonitoredPool.create(config.machineCpus(4).build(), Internals.monitor(rm));
    rm.addListener(pool);
    return pool;
  }

  @Test
  void withoutHistoryTheSeedDefaultsArePredictedAndNothingCapsThem(ResourceManager rm) {
    Allocation a = pool(rm, AllocationConfig.custom()).predict("fresh");
    assertThat(a.lines()).hasSize(2);
    assertThat(a.line(Resource.CPU)).isEqualTo(new Allocation.Line(Resource.CPU, 2000, "default 50% of 4 CPUs",
        OptionalLong.empty(), "nothing", 2000, "prediction"));
    assertThat(a.line(Resource.MEMORY)).isEqualTo(new Allocation.Line(Resource.MEMORY, 256 * MIB, "default",
        OptionalLong.empty(), "nothing", 256 * MIB, "prediction"));
    assertThat(a.expectedDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(a.durationBasis()).isEqualTo("default");
  }

  @Test
  void anAllocationTakesAtMostEightyPercentOfWhatTheMachineHasFreeInTheResourcesOwnUnit(ResourceManager rm,
                                                                                         ScriptedSource source,
                                                                                         ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 75).values(Metric.SYSTEM_MEMORY_TOTAL, 8 * GIB)
        .values(Metric.SYSTEM_MEMORY_USED, 8 * GIB - 256 * MIB);
    MonitoredPool pool = pool(rm, AllocationConfig.custom());
    rm.start();
    ticker.advance(Duration.ZERO);
    Allocation a = pool.predict("fresh");
    // 25 % of 4 CPUs free = 1000m; 80 % of it = 800m, below the 2000m predicted
    assertThat(a.line(Resource.CPU).available()).hasValue(1000);
    assertThat(a.allocated(Resource.CPU)).isEqualTo(800);
    assertThat(a.line(Resource.CPU).cappedBy()).isEqualTo("80% of available machine");
    // 256Mi free; 80 % = 214748364.8 bytes, rounded down
    assertThat(a.allocated(Resource.MEMORY)).isEqualTo(214_748_364L);
    assertThat(a.line(Resource.MEMORY).toString()).isEqualTo(
        "memory: predicted 256Mi (default), available 256Mi (machine), allocated 214748364 (80% of available machine)");
  }

  @Test
  void withHistoryTheNinetyFifthPercentileOfTheAgentsOwnUsageIsPredicted(ResourceManager rm, ScriptedSource source,
                                                                          ManualTicker ticker) {
    source.agentValues("busy", Metric.AGENT_CPU_USAGE, 10, 20, 30, 40, 50);
    MonitoredPool pool = pool(rm, AllocationConfig.custom());
    rm.start();
    ticker.advance(Duration.ofSeconds(20));
    Allocation a = pool.predict("busy");
    // p95 of 10..50 % is 48 % of 4 CPUs
    assertThat(a.line(Resource.CPU).predicted()).isEqualTo(1920);
    assertThat(a.line(Resource.CPU).predictedFrom()).isEqualTo("p95 of 5 samples over 10m");
    assertThat(a.line(Resource.MEMORY).predictedFrom()).isEqualTo("default");
    assertThat(a.line(Resource.THREADS).predicted()).isZero(); // measured by the tracker: no threads in its scope
  }

  @Test
  void whatOtherAgentsRequestIsNotAvailable(ResourceManager rm) {
    MonitoredPool pool = pool(rm, AllocationConfig.custom()
        .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "1Gi")));
    pool.admit(AgentSpec.custom("other").resources(Resources.requests(ResourceVector.of(Resource.CPU, "1500m"))).build());
    Allocation a = pool.predict("fresh");
    assertThat(a.line(Resource.CPU).available()).hasValue(500);
    assertThat(a.line(Resource.CPU).availableFrom()).isEqualTo("global limit");
    assertThat(a.allocated(Resource.CPU)).isEqualTo(400);
    assertThat(a.line(Resource.CPU).cappedBy()).isEqualTo("80% of available global limit");
    assertThat(a.toVector()).isEqualTo(ResourceVector.of(Resource.CPU, "400m").with(Resource.MEMORY, "256Mi"));
  }

  @Test
  void theRunTimeIsPredictedFromRecordedRuns(ResourceManager rm) {
    ResourcePool allocator = pool(rm, AllocationConfig.custom());
    allocator.recordRun("job", Duration.ofSeconds(10));
    allocator.recordRun("job", Duration.ofSeconds(20));
    assertThat(allocator.predict("job").durationBasis()).isEqualTo("default");
    allocator.recordRun("job", Duration.ofSeconds(30));
    Allocation a = allocator.predict("job");
    assertThat(a.expectedDuration()).isEqualTo(Duration.ofSeconds(29)); // p95 of 10, 20, 30 s
    assertThat(a.durationBasis()).isEqualTo("p95 of 3 recorded runs");
  }
}
