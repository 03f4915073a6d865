package io.github.resourcemanager.export;

import static io.github.resourcemanager.export.ExportFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.export.Efficiency.Scope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EfficiencyTest {
  private static final long MI = 1L << 20;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * 4 CPUs (1 % of the machine is 40m), global limits 2 CPUs and 1Gi, two projects sharing equally: web and batch
   * get 1000m and 512Mi each; web's two agents 500m and 256Mi each; batch's one agent all of batch's share.
   */
  @RegisterExtension
  static final ResourceManagerExtension EXTENSION = ResourceManagerExtension.configure(b -> b.allocation(
      AllocationConfig.custom().machineCpus(4)
          .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "1Gi"))
          .project(ProjectConfig.custom("web").build()).project(ProjectConfig.custom("batch").build()).build()));

  /** Admits w1, w2 (web) and b1 (batch), scripts four samples (0, 5, 10, 15 s) and takes them. */
  private static ResourcePool fourSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    ResourcePool pool = rm.allocation();
    pool.admit(AgentSpec.custom("w1").project("web").build());
    pool.admit(AgentSpec.custom("w2").project("web").build());
    pool.admit(AgentSpec.custom("b1").project("batch").build());
    source.agentValues("w1", Metric.AGENT_CPU_USAGE, 6.25, 12.5, 18.75, 12.5)   // 250m, 500m, 750m, 500m
        .agentValues("w1", Metric.AGENT_MEMORY_USED, 128 * MI)
        .agentValues("w2", Metric.AGENT_CPU_USAGE, 3.125, 3.125, 6.25, 0)        // 125m, 125m, 250m, 0
        .agentValues("b1", Metric.AGENT_CPU_USAGE, 25)                           // 1000m
        .agentValues("b1", Metric.AGENT_MEMORY_USED, 256 * MI, Double.NaN, 384 * MI, 128 * MI)
        .agentValues("stray", Metric.AGENT_CPU_USAGE, 50);                       // registered, never admitted
    rm.start();
    ticker.advance(Duration.ofSeconds(15));
    return pool;
  }

  private static Efficiency line(EfficiencyReport report, Scope scope, String name, Resource resource) {
    return report.entries().stream().filter(e -> e.scope() == scope && e.name().equals(name) && e.resource() == resource)
        .findFirst().orElseThrow();
  }

  @Test
  void anAgentsEfficiencyIsItsMeanUsageOverItsShareAndIdleShareTheMeanUnusedPart(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    EfficiencyReport report = Analytics.of(rm).efficiency(MINUTE);
    Efficiency w1 = report.agent("w1", Resource.CPU).orElseThrow();
    assertThat(w1).isEqualTo(new Efficiency(Scope.AGENT, "w1", "web", Resource.CPU, "millicores", 500, 4, 500, 712.5,
        750, 1.0, 0.125));
    assertThat(report.agent("w2", Resource.CPU).orElseThrow()).isEqualTo(new Efficiency(Scope.AGENT, "w2", "web",
        Resource.CPU, "millicores", 500, 4, 125, 231.25, 250, 0.25, 0.75));
  }

  @Test
  void unmeasuredSamplesAreLeftOutOfTheMeanAndTheIdleShare(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    Efficiency b1 = Analytics.of(rm).efficiency(MINUTE).agent("b1", Resource.MEMORY).orElseThrow();
    assertThat(b1.samples()).isEqualTo(3);
    assertThat(b1.meanUsed()).isEqualTo(256 * MI);
    assertThat(b1.peakUsed()).isEqualTo(384 * MI);
    assertThat(b1.efficiency()).isEqualTo(0.5);
    assertThat(b1.idleShare()).isEqualTo(0.5); // unused 256Mi, 128Mi, 384Mi of 512Mi: (0.5 + 0.25 + 0.75) / 3
  }

  @Test
  void aProjectsUsageIsItsAgentsSummedSampleBySampleAgainstTheProjectShare(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    EfficiencyReport report = Analytics.of(rm).efficiency(MINUTE);
    // web: 375m, 625m, 1000m, 500m against 1000m
    assertThat(report.project("web", Resource.CPU).orElseThrow()).isEqualTo(new Efficiency(Scope.PROJECT, "web", "web",
        Resource.CPU, "millicores", 1000, 4, 625, 943.75, 1000, 0.625, 0.375));
    // all admitted agents: 1375m, 1625m, 2000m, 1500m against the global 2000m
    assertThat(report.global(Resource.CPU).orElseThrow()).isEqualTo(new Efficiency(Scope.GLOBAL, "global", null,
        Resource.CPU, "millicores", 2000, 4, 1625, 1943.75, 2000, 0.8125, 0.1875));
  }

  @Test
  void memoryIsComparedInBytesAndOnlyWhereUsageWasMeasured(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    EfficiencyReport report = Analytics.of(rm).efficiency(MINUTE);
    assertThat(report.agent("w1", Resource.MEMORY).orElseThrow()).isEqualTo(new Efficiency(Scope.AGENT, "w1", "web",
        Resource.MEMORY, "bytes", 256 * MI, 4, 128 * MI, 128 * MI, 128 * MI, 0.5, 0.5));
    assertThat(report.project("web", Resource.MEMORY).orElseThrow().efficiency()).isEqualTo(0.25);
    // w1 and b1: 384Mi, 128Mi, 512Mi, 256Mi against 1Gi
    assertThat(report.global(Resource.MEMORY).orElseThrow().efficiency()).isEqualTo(0.3125);
    assertThat(report.agent("w2", Resource.MEMORY)).isEmpty();
  }

  @Test
  void linesComeAgentsFirstThenProjectsThenGlobalAndOnlyForLimitedResourcesOfAdmittedAgents(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    EfficiencyReport report = Analytics.of(rm).efficiency(MINUTE);
    assertThat(report.entries()).extracting(e -> e.scope() + " " + e.name() + " " + e.resource()).containsExactly(
        "agent b1 cpu", "agent b1 memory", "agent w1 cpu", "agent w1 memory", "agent w2 cpu",
        "project batch cpu", "project batch memory", "project web cpu", "project web memory",
        "global global cpu", "global global memory");
    assertThat(report.strategy()).isEqualTo("equal");
    assertThat(report.machineCpus()).isEqualTo(4);
    assertThat(report.generatedAt()).isEqualTo(ResourceManagerExtension.START.plusSeconds(15));
  }

  @Test
  void theWindowLimitsTheSamples(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    fourSamples(rm, source, ticker);
    Efficiency w1 = Analytics.of(rm).efficiency(Duration.ofSeconds(5)).agent("w1", Resource.CPU).orElseThrow();
    assertThat(w1.samples()).isEqualTo(2); // 10 s and 15 s: 750m and 500m
    assertThat(w1.meanUsed()).isEqualTo(625);
  }

  @Test
  void writesJsonWithEveryField(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws IOException {
    fourSamples(rm, source, ticker);
    StringWriter out = new StringWriter();
    Analytics.of(rm).efficiency(MINUTE).writeJson(out);
    JsonNode doc = json(out.toString());
    assertThat(doc.get("kind").asText()).isEqualTo("efficiency");
    assertThat(doc.get("window").asText()).isEqualTo("PT1M");
    assertThat(doc.get("profile").isNull()).isTrue();
    assertThat(doc.get("entries").get(2).toString()).isEqualTo("{\"scope\":\"agent\",\"name\":\"w1\",\"project\":\"web\","
        + "\"resource\":\"cpu\",\"unit\":\"millicores\",\"allocated\":500,\"samples\":4,\"meanUsed\":500,\"p95Used\":712.5,"
        + "\"peakUsed\":750,\"efficiency\":1,\"idleShare\":0.125}");
  }

  @Test
  void withoutAllocationTheErrorSaysHowToConfigureIt(ManualTicker ticker) {
    try (ResourceManager plain = ResourceManager.custom().platformSources(false).ticker(ticker).build()) {
      assertThatThrownBy(() -> Analytics.of(plain).efficiency(MINUTE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("allocation efficiency compares usage with allocated shares, but allocation is not configured; "
              + "build the manager with ResourceManager.custom().allocation(AllocationConfig or JSON file)");
    }
  }

  @Test
  void windowMustBePositive(ResourceManager rm) {
    assertThatThrownBy(() -> Analytics.of(rm).efficiency(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was PT-1S");
  }

  @Test
  void efficiencyRejectsImpossibleLines() {
    assertThatThrownBy(() -> new Efficiency(Scope.AGENT, "a", "p", Resource.CPU, "millicores", -1, 1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("allocated must not be negative, was -1");
    assertThat(List.of(Scope.values())).extracting(Scope::toString).containsExactly("agent", "project", "global");
  }
}
