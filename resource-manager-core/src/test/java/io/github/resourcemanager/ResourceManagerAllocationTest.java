package io.github.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceManagerAllocationTest {

  @Test
  void theFacadeRunsThePoolOnEverySample() {
    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("scripted").agentValues("worker", Metric.AGENT_CPU_USAGE, 90);
    AllocationConfig config = AllocationConfig.custom().machineCpus(1).enforcement(EnforcementPolicy.pause()).build();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .scheduler(new ManualScheduler(ticker)).allocation(config).build()) {
      ResourcePool pool = rm.allocation();
      pool.admit(AgentSpec.custom("worker").resources(Resources.limits(ResourceVector.of(Resource.CPU, "500m"))).build());
      rm.start();
      ticker.advance(Duration.ZERO);
      assertThat(pool.canRun("worker")).isFalse();
    }
  }

  @Test
  void theFacadeReadsAJsonFileAndTakesItsCheckInterval(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("workspace.json");
    Files.writeString(file, "{\"global\": {\"resourceLimits\": {\"maxMemory\": \"2GB\", \"checkInterval\": 10}}}");
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).allocation(file).build()) {
      assertThat(rm.allocation().shares().global()).isEqualTo(ResourceVector.of(Resource.MEMORY, "2Gi"));
      assertThat(Internals.monitor(rm).config().interval()).isEqualTo(Duration.ofSeconds(10));
    }
  }

  @Test
  void withoutAllocationTheAccessorSaysHowToConfigureIt() {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).build()) {
      assertThatThrownBy(rm::allocation).isInstanceOf(IllegalStateException.class)
          .hasMessage("allocation is not configured; call ResourceManager.custom().allocation(...)");
    }
  }
}
