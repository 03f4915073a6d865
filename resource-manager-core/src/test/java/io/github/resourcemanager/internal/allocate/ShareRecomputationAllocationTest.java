package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.allocate.SharingStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recomputing the shares of 1,000 agents in 20 projects (the benchmarks' ShareBenchmark setup) reuses its working
 * arrays: with unchanged membership a recomputation allocates nothing, by the thread allocation counter
 * (com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes), for every strategy.
 */
class ShareRecomputationAllocationTest {
  private static final int PROJECTS = 20;
  private static final int AGENTS_PER_PROJECT = 50;

  private static ResourceManager manager(String strategy) {
    AllocationConfig.Builder config = AllocationConfig.custom().machineCpus(64)
        .strategy(SharingStrategy.named(strategy))
        .globalLimits(ResourceVector.of(Resource.CPU, "64").with(Resource.MEMORY, "256Gi").with(Resource.THREADS, 100_000));
    for (int p = 0; p < PROJECTS; p++) {
      config.project(ProjectConfig.custom(String.format("project-%02d", p)).weight(1 + p % 4).priority(p % 4)
          .limits(ResourceVector.of(Resource.CPU, "3200m").with(Resource.MEMORY, "12Gi")).build());
    }
    ResourceManager rm = ResourceManager.custom().platformSources(false).maxAgents(2_000).allocation(config.build()).build();
    ResourcePool pool = rm.allocation();
    for (int p = 0; p < PROJECTS; p++) {
      for (int a = 0; a < AGENTS_PER_PROJECT; a++) {
        admit(pool, p, a);
      }
    }
    return rm;
  }

  private static void admit(ResourcePool pool, int project, int agent) {
    ResourceVector requests = ResourceVector.of(Resource.CPU, 10 + (agent * 7) % 50)
        .with(Resource.MEMORY, (32L + (agent * 13) % 160) << 20).with(Resource.THREADS, 1 + agent % 4);
    Admission admission = pool.admit(AgentSpec.custom("agent-" + project + "-" + agent)
        .project(String.format("project-%02d", project)).resources(Resources.requests(requests)).build());
    assertThat(admission.isAdmitted()).as("admission of %s", admission).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"equal", "weighted", "priority", "dynamic", "custom", "drf"})
  void recomputingWithUnchangedMembershipAllocatesNothing(String strategy) {
    try (ResourceManager rm = manager(strategy)) {
      ResourcePool pool = rm.allocation();
      Shares before = pool.shares();
      assertThat(before.agents()).hasSize(PROJECTS * AGENTS_PER_PROJECT);
      for (int i = 0; i < 2_000; i++) { // warm-up: the JIT compiles the recomputation
        pool.recompute();
      }
      assertThat(AllocationMeter.leastBytesAllocated(200, pool::recompute)).isZero();
      assertThat(pool.shares()).isSameAs(before); // nothing changed: the shares in force stay
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"weighted", "drf"})
  void aNewMemberIsDividedForAndThenRecomputingAllocatesNothingAgain(String strategy) {
    try (ResourceManager rm = manager(strategy)) {
      ResourcePool pool = rm.allocation();
      for (int i = 0; i < 2_000; i++) {
        pool.recompute();
      }
      admit(pool, 3, AGENTS_PER_PROJECT); // a membership change: the kept division is rebuilt
      Shares after = pool.shares();
      assertThat(after.agents()).hasSize(PROJECTS * AGENTS_PER_PROJECT + 1).containsKey("agent-3-50");
      for (int i = 0; i < 2_000; i++) {
        pool.recompute();
      }
      assertThat(AllocationMeter.leastBytesAllocated(200, pool::recompute)).isZero();
      assertThat(pool.shares()).isSameAs(after);
    }
  }
}
