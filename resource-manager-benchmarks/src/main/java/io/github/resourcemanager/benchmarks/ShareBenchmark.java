package io.github.resourcemanager.benchmarks;

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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Recomputing the shares of 1,000 and of 10,000 admitted agents in 20 projects with each strategy: the global limits
 * divided among the projects (DRF over the agents' requests as units), then each project's share among its 50 (500)
 * agents. Membership is unchanged between recomputations, so the target is 0 B/op for every strategy (the working
 * arrays are kept); DRF under 1 ms for 1,000 agents.
 *
 * <pre>java -jar resource-manager-benchmarks/target/benchmarks.jar ShareBenchmark -prof gc -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShareBenchmark {

  private static final int PROJECTS = 20;

  @Param({"equal", "weighted", "priority", "dynamic", "custom", "drf"})
  public String strategy;

  /** Admitted agents, spread evenly over the 20 projects. */
  @Param({"1000", "10000"})
  public int agents;

  private ResourceManager manager;
  private ResourcePool pool;

  @Setup(Level.Trial)
  public void setUp() {
    // Per 1,000 agents: 64 cores, 256 GiB; each project limited to 1/20 of it (so custom fits); requests vary from
    // agent to agent. 10,000 agents get ten times the machine, so that every one is admitted.
    int scale = agents / 1_000;
    AllocationConfig.Builder config = AllocationConfig.custom().machineCpus(64 * scale)
        .strategy(SharingStrategy.named(strategy))
        .globalLimits(ResourceVector.of(Resource.CPU, String.valueOf(64 * scale))
            .with(Resource.MEMORY, (256 * scale) + "Gi").with(Resource.THREADS, 100_000L * scale));
    for (int p = 0; p < PROJECTS; p++) {
      config.project(ProjectConfig.custom(String.format("project-%02d", p)).weight(1 + p % 4).priority(p % 4)
          .limits(ResourceVector.of(Resource.CPU, (3200 * scale) + "m").with(Resource.MEMORY, (12 * scale) + "Gi"))
          .build());
    }
    int agentsPerProject = agents / PROJECTS;
    manager = ResourceManager.custom().platformSources(false).maxAgents(2 * agents).allocation(config.build()).build();
    pool = manager.allocation();
    for (int p = 0; p < PROJECTS; p++) {
      for (int a = 0; a < agentsPerProject; a++) {
        ResourceVector requests = ResourceVector.of(Resource.CPU, 10 + (a * 7) % 50)
            .with(Resource.MEMORY, (32L + (a * 13) % 160) << 20).with(Resource.THREADS, 1 + a % 4);
        Admission admission = pool.admit(AgentSpec.custom("agent-" + p + "-" + a).project(String.format("project-%02d", p))
            .resources(Resources.requests(requests)).build());
        if (!admission.isAdmitted()) {
          throw new IllegalStateException("setup: " + admission);
        }
      }
    }
    if (pool.shares().agents().size() != PROJECTS * agentsPerProject) {
      throw new IllegalStateException("setup: " + pool.shares());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  @Benchmark
  public Shares recompute() {
    return pool.recompute();
  }
}
