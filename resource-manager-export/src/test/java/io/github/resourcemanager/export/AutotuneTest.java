package io.github.resourcemanager.export;

import static io.github.resourcemanager.export.ExportFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.export.ThresholdSuggestion.Level;
import io.github.resourcemanager.export.ThresholdSuggestion.Verdict;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AutotuneTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final double NAN = Double.NaN;

  /**
   * Rules named like the defaults, with the thresholds these expectations were derived from (CPU and memory 75 % /
   * 80 %, disk and network 100 MiB/s, 1000 open files, no {@code for}), plus a rule that breaches below and a gauge
   * rule.
   */
  @RegisterExtension
  static final ResourceManagerExtension EXTENSION = ResourceManagerExtension.configure(b -> b
      .alertRule(AlertRule.custom().name(AlertRule.CPU_HIGH).metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build())
      .alertRule(AlertRule.custom().name(AlertRule.MEMORY_HIGH).metric(Metric.SYSTEM_MEMORY_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build())
      .alertRule(AlertRule.custom().name(AlertRule.DISK_IO_HIGH).sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
          .threshold(Severity.WARNING, 100 * AlertRule.MEGABYTE).build())
      .alertRule(AlertRule.custom().name(AlertRule.NETWORK_IO_HIGH)
          .sumOf(Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT)
          .threshold(Severity.WARNING, 100 * AlertRule.MEGABYTE).build())
      .alertRule(AlertRule.custom().name(AlertRule.OPEN_FILES_HIGH).metric(Metric.PROCESS_OPEN_FILES)
          .threshold(Severity.CRITICAL, 1000).build())
      .alertRule(AlertRule.custom().name("swap-low").metric(Metric.SYSTEM_SWAP_USAGE).direction(Direction.BELOW)
          .threshold(Severity.WARNING, 30).build())
      .alertRule(AlertRule.custom().name("queue-long").gauge("queue length", () -> 3).threshold(Severity.WARNING, 10)
          .build()));

  /** 100 values: a permutation of 0, 1, ..., 99. */
  private static double[] zeroToNinetyNine() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = (i * 37) % 100;
    }
    return values;
  }

  /** Takes {@code samples} samples, 5 s apart. */
  private static void sample(ResourceManager rm, ManualTicker ticker, int samples) {
    rm.start();
    ticker.advance(Duration.ofSeconds(5L * (samples - 1)));
  }

  @Test
  void aThresholdOverBudgetIsRaisedToTheLowestWithinIt(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, zeroToNinetyNine());
    sample(rm, ticker, 100);
    ThresholdSuggestion cpu = Analytics.of(rm).autotune(HOUR).threshold(AlertRule.CPU_HIGH).orElseThrow();
    assertThat(cpu.verdict()).isEqualTo(Verdict.CHANGE);
    assertThat(cpu.evaluations()).isEqualTo(100);
    // >= 75 breaches 25 of 100 values; at most 5 may: 95 .. 99, so any threshold in (94, 95]
    assertThat(cpu.levels()).containsExactly(
        new Level(Severity.WARNING, 5, 75, 25, 95, 95, 5),
        new Level(Severity.CRITICAL, 1, 80, 20, 99, 99, 1));
    assertThat(cpu.suggestedRule().orElseThrow().thresholds()).isEqualTo(Map.of(Severity.WARNING, 95.0, Severity.CRITICAL, 99.0));
    assertThat(cpu.suggestedRule().orElseThrow().annotations()).isEqualTo(cpu.rule().annotations());
  }

  @Test
  void theReasoningGivesTheObservedDistributionAndEachSeveritysCase(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, zeroToNinetyNine());
    sample(rm, ticker, 100);
    ThresholdSuggestion cpu = Analytics.of(rm).autotune(HOUR).threshold(AlertRule.CPU_HIGH).orElseThrow();
    assertThat(cpu.reasoning()).isEqualTo("cpu-high watches system.cpu.usage: 100 evaluations in the last 60 min, "
        + "100 with data; observed p50 49.5 %, p95 94.05, p99 98.01, max 99. "
        + "WARNING >= 75 % would have fired at WARNING or above for 25 % of evaluations (budget 5 %): over budget; "
        + "raised to 95, the lowest threshold within budget (the roundest value that replays the same), which fires 5 %. "
        + "CRITICAL >= 80 % would have fired at CRITICAL or above for 20 % of evaluations (budget 1 %): over budget; "
        + "raised to 99, the lowest threshold within budget (the roundest value that replays the same), which fires 1 %.");
    ThresholdSuggestion.Observed observed = cpu.observed().orElseThrow();
    assertThat(observed.values()).isEqualTo(100);
    assertThat(observed.min()).isZero();
    assertThat(observed.p99()).isCloseTo(98.01, within(1e-9));
    assertThat(observed.max()).isEqualTo(99);
  }

  @Test
  void aThresholdWithinBudgetIsKeptUnlessQuietThresholdsMayBeLowered(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_MEMORY_USAGE, zeroToNinetyNine()).values(Metric.SYSTEM_CPU_USAGE, 10);
    sample(rm, ticker, 100);
    // memory-high: >= 75 fires 25 %; the CPU stays at 10 %, so cpu-high never fires
    ThresholdSuggestion kept = Analytics.of(rm).autotune(HOUR).threshold(AlertRule.CPU_HIGH).orElseThrow();
    assertThat(kept.verdict()).isEqualTo(Verdict.KEEP);
    assertThat(kept.levels()).containsExactly(
        new Level(Severity.WARNING, 5, 75, 0, 20, 75, 0),
        new Level(Severity.CRITICAL, 1, 80, 0, 20, 80, 0));
    assertThat(kept.suggestedRule()).isEmpty();
    ThresholdSuggestion lowered = Analytics.of(rm)
        .autotune(HOUR, AutotuneOptions.custom().lowerQuietThresholds(true).build()).threshold(AlertRule.CPU_HIGH)
        .orElseThrow();
    assertThat(lowered.verdict()).isEqualTo(Verdict.CHANGE);
    assertThat(lowered.suggestedRule().orElseThrow().thresholds())
        .isEqualTo(Map.of(Severity.WARNING, 20.0, Severity.CRITICAL, 20.0));
  }

  @Test
  void aThresholdWithinBudgetIsNeverRaisedEvenWhenTheRoundedLowestIsAboveIt(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 40);
    sample(rm, ticker, 20);
    // any threshold above 40 is within budget; the roundest in (40, 80] is 80, but 75 replays the same
    for (AutotuneOptions options : List.of(AutotuneOptions.ofDefaults(),
        AutotuneOptions.custom().lowerQuietThresholds(true).build())) {
      ThresholdSuggestion cpu = Analytics.of(rm).autotune(HOUR, options).threshold(AlertRule.CPU_HIGH).orElseThrow();
      assertThat(cpu.verdict()).isEqualTo(Verdict.KEEP);
      assertThat(cpu.levels()).containsExactly(
          new Level(Severity.WARNING, 5, 75, 0, 80, 75, 0),
          new Level(Severity.CRITICAL, 1, 80, 0, 80, 80, 0));
      assertThat(cpu.reasoning()).contains("(budget 5 %): within budget, kept. CRITICAL");
    }
  }

  @Test
  void aPercentageThatNoThresholdUpTo100CanKeepWithinBudgetIsKept(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 100);
    sample(rm, ticker, 20);
    ThresholdSuggestion cpu = Analytics.of(rm).autotune(HOUR).threshold(AlertRule.CPU_HIGH).orElseThrow();
    assertThat(cpu.verdict()).isEqualTo(Verdict.KEEP);
    assertThat(cpu.level(Severity.WARNING).orElseThrow())
        .isEqualTo(new Level(Severity.WARNING, 5, 75, 100, Double.POSITIVE_INFINITY, 75, 100));
    assertThat(cpu.reasoning()).contains("WARNING >= 75 % would have fired at WARNING or above for 100 % of evaluations "
        + "(budget 5 %): over budget, and no threshold from 0 to 100 % is within it, so it is kept");
  }

  @Test
  void aRuleThatBreachesBelowIsLoweredToTheHighestThresholdWithinBudget(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_SWAP_USAGE, zeroToNinetyNine());
    sample(rm, ticker, 100);
    ThresholdSuggestion swap = Analytics.of(rm).autotune(HOUR).threshold("swap-low").orElseThrow();
    // <= 30 breaches 31 of 100 values; at most 5 may: 0 .. 4, so any threshold in [4, 5)
    assertThat(swap.levels()).containsExactly(new Level(Severity.WARNING, 5, 30, 31, 4, 4, 5));
    assertThat(swap.suggestedRule().orElseThrow().threshold(Severity.WARNING).getAsDouble()).isEqualTo(4);
  }

  @Test
  void aSumIsReplayedAsTheRuleReadsIt(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    double[] read = zeroToNinetyNine();
    for (int i = 0; i < read.length; i++) {
      read[i] *= AlertRule.MEGABYTE; // 0 .. 99 MiB/s read, plus 10 MiB/s written
    }
    source.values(Metric.SYSTEM_DISK_READ, read).values(Metric.SYSTEM_DISK_WRITE, 10 * AlertRule.MEGABYTE);
    sample(rm, ticker, 100);
    ThresholdSuggestion disk = Analytics.of(rm).autotune(HOUR).threshold(AlertRule.DISK_IO_HIGH).orElseThrow();
    // >= 100 MiB/s: sums of 100 .. 109 MiB/s, 10 %; within 5 %: above 104 MiB/s, up to 105 MiB/s
    assertThat(disk.level(Severity.WARNING).orElseThrow())
        .isEqualTo(new Level(Severity.WARNING, 5, 100 * AlertRule.MEGABYTE, 10, 110_000_000, 110_000_000, 5));
  }

  @Test
  void aPerAgentRuleIsReplayedForEveryAgentAndItsClearThresholdMovesAlong(ManualTicker ticker) {
    double[] low = new double[50];
    double[] high = new double[50];
    for (int i = 0; i < 50; i++) {
      low[i] = i;        // 0 .. 49: never breaches
      high[i] = 50 + i;  // 50 .. 99, rising: fires from its first breach on
    }
    ScriptedSource source = ScriptedSource.named("scripted").agentValues("a", Metric.AGENT_CPU_USAGE, low)
        .agentValues("b", Metric.AGENT_CPU_USAGE, high);
    AlertRule perAgent = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).clearThreshold(40).build();
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .defaultAlertRules(false).alertRule(perAgent).build()) {
      sample(rm, ticker, 50);
      ThresholdSuggestion s = Analytics.of(rm).autotune(HOUR).threshold("agent-cpu-high").orElseThrow();
      assertThat(s.evaluations()).isEqualTo(100);
      // b fires at all of its 50 evaluations; within 5 % of 100, it may fire at 95 .. 99 only
      assertThat(s.levels()).containsExactly(new Level(Severity.WARNING, 5, 50, 50, 95, 95, 5));
      assertThat(s.suggestedClearThreshold().getAsDouble()).isEqualTo(85);
      assertThat(s.suggestedRule().orElseThrow().clearThreshold().getAsDouble()).isEqualTo(85);
      assertThat(s.reasoning()).startsWith("agent-cpu-high watches agent.cpu.usage of every agent: 100 evaluations")
          .endsWith("The clear threshold moves with the lowest threshold: 40 -> 85.");
    }
  }

  @Test
  void aForDurationLongerThanEveryBreachLeavesNothingToTune(ManualTicker ticker) {
    ScriptedSource source = ScriptedSource.named("scripted").values(Metric.SYSTEM_CPU_USAGE, 50);
    AlertRule patient = AlertRule.custom().name("cpu-high-for-an-hour").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.WARNING, 40).forDuration(HOUR).build();
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .defaultAlertRules(false).alertRule(patient).build()) {
      sample(rm, ticker, 20);
      ThresholdSuggestion s = Analytics.of(rm).autotune(HOUR).threshold("cpu-high-for-an-hour").orElseThrow();
      assertThat(s.verdict()).isEqualTo(Verdict.KEEP);
      assertThat(s.levels()).containsExactly(new Level(Severity.WARNING, 5, 40, 0, NAN, 40, 0));
      assertThat(s.reasoning()).contains("WARNING >= 40 % would have fired at WARNING or above for 0 % of evaluations "
          + "(budget 5 %): no breach lasted long enough to fire with any threshold, so it is kept. Replayed with for 60 min.");
    }
  }

  @Test
  void gaugeRulesAndRulesWithTooLittleDataAreKeptAndSayWhy(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 50);
    sample(rm, ticker, 9);
    AutotuneReport report = Analytics.of(rm).autotune(HOUR);
    ThresholdSuggestion gauge = report.threshold("queue-long").orElseThrow();
    assertThat(gauge.verdict()).isEqualTo(Verdict.NOT_FROM_HISTORY);
    assertThat(gauge.reasoning()).isEqualTo("queue-long watches the gauge queue length, which is read at each evaluation "
        + "and not recorded in the history, so there is nothing to replay; its thresholds are kept.");
    ThresholdSuggestion cpu = report.threshold(AlertRule.CPU_HIGH).orElseThrow();
    assertThat(cpu.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
    assertThat(cpu.reasoning()).isEqualTo("cpu-high watches system.cpu.usage: 9 evaluations in the last 60 min, 9 with "
        + "data; at least 10 measured values are needed to suggest thresholds, so they are kept.");
    assertThat(report.threshold(AlertRule.MEMORY_HIGH).orElseThrow().observed()).isEmpty();
    assertThat(report.thresholds()).extracting(t -> t.rule().name()).containsExactly("cpu-high", "memory-high",
        "disk-io-high", "network-io-high", "open-files-high", "swap-low", "queue-long");
  }

  @Test
  void applyingPutsTheSuggestedRuleInTheNextManagersBuilderInPlaceOfTheDefault(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, zeroToNinetyNine());
    sample(rm, ticker, 100);
    AutotuneReport report = Analytics.of(rm).autotune(HOUR);
    ResourceManager.Builder next = ResourceManager.custom().platformSources(false).ticker(ticker);
    AlertRule applied = report.threshold(AlertRule.CPU_HIGH).orElseThrow().applyTo(next);
    try (ResourceManager tuned = next.build()) {
      assertThat(tuned.alerts().rules().get(0)).isSameAs(applied);
      assertThat(tuned.alerts().rules()).hasSize(5);
    }
    assertThat(rm.alerts().rules().get(0).threshold(Severity.WARNING).getAsDouble()).isEqualTo(75); // unchanged
    assertThatThrownBy(() -> report.threshold(AlertRule.MEMORY_HIGH).orElseThrow().applyTo(next))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rule \"memory-high\": no change is suggested (insufficient-data)");
  }

  @Test
  void limitsComeFromHistoryWithoutARecommender(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    int cpus = rm.cpuCount();
    source.agentValues("w1", Metric.AGENT_CPU_USAGE, 50.0 / cpus) // half a core
        .agentValues("w1", Metric.AGENT_MEMORY_USED, 64 << 20, 100 << 20, 80 << 20);
    sample(rm, ticker, 12);
    LimitSuggestion w1 = Analytics.of(rm).autotune(HOUR).limit("w1").orElseThrow();
    assertThat(w1.cpu().orElseThrow().millicores()).isEqualTo(575); // 500m + 15 %
    assertThat(w1.cpuBasis()).contains(LimitSuggestion.Basis.HISTORY);
    assertThat(w1.memory().orElseThrow().bytes()).isEqualTo(115L << 20); // the 100Mi peak + 15 %
    assertThat(w1.memoryBasis()).contains(LimitSuggestion.Basis.HISTORY);
    assertThat(w1.reasoning()).isEqualTo("CPU 575m: the 95th percentile of agent.cpu.usage in the last 60 min (12 values) "
        + "is 500m of " + cpus + " CPUs, plus 15 %, rounded up to a millicore; memory 115Mi: the peak of agent.memory.used "
        + "in the last 60 min (12 values) is 100Mi, plus 15 %, rounded up to a MiB (a memory limit must cover the peak: "
        + "above it the agent is killed, not slowed).");
  }

  @Test
  void cpuLimitsConvertPercentagesWithThePoolsMachineCpusAsTheEfficiencyReportDoes(ResourceManager detected,
      ManualTicker ticker) {
    int cpus = detected.cpuCount() == 4 ? 8 : 4; // a configured count that differs from the detected one
    ScriptedSource source = ScriptedSource.named("scripted")
        .agentValues("w1", Metric.AGENT_CPU_USAGE, 50.0 / cpus); // 50 / cpus % of cpus CPUs: half a CPU, 500m
    AllocationConfig config = AllocationConfig.custom().machineCpus(cpus)
        .globalLimits(ResourceVector.of(Resource.CPU, "2")).build();
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .allocation(config).build()) {
      rm.allocation().admit(AgentSpec.custom("w1").build());
      sample(rm, ticker, 12);
      Analytics analytics = Analytics.of(rm);
      assertThat(analytics.efficiency(HOUR).agent("w1", Resource.CPU).orElseThrow().meanUsed()).isEqualTo(500);
      LimitSuggestion w1 = analytics.autotune(HOUR).limit("w1").orElseThrow();
      assertThat(w1.cpu().orElseThrow().millicores()).isEqualTo(575); // 500m + 15 % = 575m
      assertThat(w1.reasoning()).startsWith("CPU 575m: the 95th percentile of agent.cpu.usage in the last 60 min "
          + "(12 values) is 500m of " + cpus + " CPUs");
    }
  }

  @Test
  void withARecommenderTheCpuLimitIsItsTargetAndMemoryComesFromHistoryWhenItReadsNoMemory(ManualTicker ticker) {
    ScriptedSource source = ScriptedSource.named("scripted").agentValues("w1", Metric.AGENT_CPU_USAGE, 20, 40, 30)
        .agentValues("w1", Metric.AGENT_MEMORY_USED, 100 << 20);
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(ResourceManagerExtension.START)).platformSources(false).source(source)
        .verticalRecommender(VerticalRecommenderConfig.custom().sampleInterval(Duration.ZERO).build()).build()) {
      sample(rm, ticker, 12);
      Recommendation recommendation = rm.verticalRecommender().orElseThrow().recommendation("w1").orElseThrow();
      LimitSuggestion w1 = Analytics.of(rm).autotune(HOUR).limit("w1").orElseThrow();
      assertThat(w1.cpu()).contains(recommendation.cpu().target());
      assertThat(w1.cpuBasis()).contains(LimitSuggestion.Basis.VERTICAL_RECOMMENDER);
      assertThat(w1.memory().orElseThrow().bytes()).isEqualTo(115L << 20);
      assertThat(w1.memoryBasis()).contains(LimitSuggestion.Basis.HISTORY);
      assertThat(w1.reasoning()).startsWith("CPU " + recommendation.cpu().target() + ": the vertical recommender's target "
          + "(lower bound " + recommendation.cpu().lowerBound() + ", upper bound " + recommendation.cpu().upperBound()
          + ", from 12 samples over 55 s); memory 115Mi: the peak of agent.memory.used");
    }
  }

  @Test
  void theSuggestedLimitsReplaceTheAgentSpecsOwnForTheNextAdmission() {
    LimitSuggestion s = new LimitSuggestion("w1", CpuQuantity.ofMillicores(575), LimitSuggestion.Basis.HISTORY,
        ByteSize.ofMebibytes(115), LimitSuggestion.Basis.HISTORY, ResourceVector.empty(), "because");
    AgentSpec spec = AgentSpec.custom("w1").project("web").resources(Resources.of(
        ResourceVector.of(Resource.CPU, "100m"),
        ResourceVector.of(Resource.CPU, "1").with(Resource.MEMORY, "1Gi").with(Resource.THREADS, 50))).build();
    AgentSpec tuned = s.applyTo(spec);
    assertThat(tuned.resources().limits())
        .isEqualTo(ResourceVector.of(Resource.CPU, "575m").with(Resource.MEMORY, "115Mi").with(Resource.THREADS, 50));
    assertThat(tuned.resources().requests())
        .isEqualTo(ResourceVector.of(Resource.CPU, "100m").with(Resource.MEMORY, "115Mi").with(Resource.THREADS, 50));
    assertThat(tuned.project()).isEqualTo("web");
    AgentSpec greedy = AgentSpec.custom("w1").resources(Resources.requests(ResourceVector.of(Resource.CPU, "1"))).build();
    assertThatThrownBy(() -> s.applyTo(greedy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the suggested limits of agent \"w1\" are below its requests: requests.cpu: Invalid value: \"1\": "
            + "must be less than or equal to cpu limit of 575m; lower the requests first, or keep the current limits");
    assertThatThrownBy(() -> s.applyTo(AgentSpec.custom("w2").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec is of agent \"w2\", but this suggestion is for \"w1\"");
  }

  @Test
  void anAgentWithTooFewValuesGetsNoLimitAndOneWithoutDataIsLeftOut(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    rm.tracker().register("idle-but-registered");
    source.agentValues("w1", Metric.AGENT_CPU_USAGE, 10);
    sample(rm, ticker, 3);
    rm.tracker().register("late"); // registered after the last sample: no values at all
    AutotuneReport report = Analytics.of(rm).autotune(HOUR);
    LimitSuggestion w1 = report.limit("w1").orElseThrow();
    assertThat(w1.cpu()).isEmpty();
    assertThat(w1.limits().isEmpty()).isTrue();
    assertThat(w1.reasoning()).isEqualTo("no CPU limit: 3 measured CPU values, at least 10 needed; no memory limit: 0 "
        + "measured values of agent.memory.used, at least 10 needed (in-JVM agents have no memory of their own).");
    assertThat(report.limit("late")).isEmpty();
  }

  @Test
  void writesTheReportAsJson(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, zeroToNinetyNine());
    sample(rm, ticker, 100);
    StringWriter out = new StringWriter();
    Analytics.of(rm).autotune(HOUR).writeJson(out);
    JsonNode doc = json(out.toString());
    assertThat(doc.get("kind").asText()).isEqualTo("autotune");
    assertThat(doc.get("window").asText()).isEqualTo("PT1H");
    assertThat(doc.get("options").toString()).isEqualTo("{\"budgetPercent\":{\"info\":10,\"warning\":5,\"critical\":1,"
        + "\"emergency\":0.1},\"lowerQuietThresholds\":false,\"minSamples\":10,\"limitPercentile\":95,\"limitMargin\":0.15}");
    JsonNode cpu = doc.get("thresholds").get(0);
    assertThat(cpu.get("rule").asText()).isEqualTo("cpu-high");
    assertThat(cpu.get("verdict").asText()).isEqualTo("change");
    assertThat(cpu.get("direction").asText()).isEqualTo("above");
    assertThat(cpu.get("levels").get(0).toString()).isEqualTo("{\"severity\":\"warning\",\"budgetPercent\":5,"
        + "\"current\":75,\"currentFiringPercent\":25,\"lowestWithinBudget\":95,\"suggested\":95,\"suggestedFiringPercent\":5}");
    assertThat(cpu.get("clearThreshold").isNull()).isTrue();
    assertThat(doc.get("thresholds").get(6).get("observed").isNull()).isTrue(); // the gauge rule
  }

  @Test
  void autotuneNeedsAManagerAndValidOptions(ResourceManager rm) {
    assertThatThrownBy(() -> Analytics.of((ResourceManager) null))
        .isInstanceOf(NullPointerException.class).hasMessage("manager");
    assertThatThrownBy(() -> Analytics.of(rm).autotune(HOUR, null))
        .isInstanceOf(NullPointerException.class).hasMessage("options");
    assertThatThrownBy(() -> AutotuneOptions.custom().budget(Severity.CRITICAL, 10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budgets must not increase with severity (a more serious alert may fire less often, not more), but "
            + "WARNING is 5.0 % and CRITICAL is 10.0 %");
    assertThatThrownBy(() -> AutotuneOptions.custom().budget(Severity.INFO, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget of INFO must be at least 0 and below 100 (% of evaluations), was 100.0");
    assertThatThrownBy(() -> AutotuneOptions.custom().limitMargin(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limitMargin must be between 0 and 10 (a fraction: 0.15 is 15 %), was -0.1");
  }
}
