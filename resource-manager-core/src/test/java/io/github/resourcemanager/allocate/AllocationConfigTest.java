package io.github.resourcemanager.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocationConfigTest {

  private static ResourceVector cpuMem(String cpu, String memory) {
    return ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory);
  }

  private static AllocationConfig.Builder base() {
    return AllocationConfig.custom().machineCpus(8).environment(name -> null);
  }

  private static void rejectsNull(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(parameter);
  }

  @Test
  void aNullArgumentOfTheAllocationModelIsANullPointerExceptionNamingTheParameter() {
    rejectsNull(() -> Quota.custom(null), "name");
    rejectsNull(() -> Quota.custom("q").hard(null, "1"), "key");
    rejectsNull(() -> Quota.custom("q").hard("agents", null), "quantity");
    rejectsNull(() -> Resource.count(null), "name");
    rejectsNull(() -> Resource.find(null), "name");
    rejectsNull(() -> Resource.named(null), "name");
    rejectsNull(() -> Resource.MEMORY.parse(null), "text");
    rejectsNull(() -> ResourceVector.of(Resource.CPU, (String) null), "amount");
    rejectsNull(() -> TimeWindow.parse(null), "text");
    rejectsNull(() -> EnforcementPolicy.action(null), "text");
    rejectsNull(() -> SharingStrategy.named(null), "name");
    rejectsNull(() -> PriorityClass.of(null, 1), "name");
    rejectsNull(() -> Profile.of(null, ResourceVector.empty()), "name");
    rejectsNull(() -> new Profile("p", ResourceVector.empty(), null), "windows");
    rejectsNull(() -> LimitRange.custom().maxLimitRequestRatio(Resource.CPU, null), "ratio");
    rejectsNull(() -> AgentSpec.custom(null), "id");
    rejectsNull(() -> AgentSpec.custom("a").project(null), "project");
    rejectsNull(() -> ProjectConfig.custom(null), "name");
    rejectsNull(() -> base().profileVariable(null), "variable");
    rejectsNull(() -> OverflowPolicy.ofDefaults().withMaxWaitTime(null), "maxWaitTime");
    rejectsNull(() -> OverflowPolicy.ofDefaults().withAging(null, 1), "agingInterval");
  }

  @Test
  void aProjectLimitAboveTheGlobalLimitIsRejectedNamingBothLevelsAndTheResource() {
    assertThatThrownBy(() -> base().globalLimits(cpuMem("3", "2Gi"))
        .project(ProjectConfig.custom("auth").limits(cpuMem("4", "1Gi")).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("project \"auth\" limit cpu=4 exceeds global limit cpu=3");
  }

  @Test
  void anAgentLimitAboveItsProjectLimitIsRejected() {
    assertThatThrownBy(() -> base().project(ProjectConfig.custom("auth").limits(cpuMem("1", "512Mi")).build())
        .agent(AgentSpec.custom("linter").project("auth").resources(Resources.limits(cpuMem("500m", "1Gi"))).build()).build())
        .hasMessage("agent \"linter\" limit memory=1Gi exceeds project \"auth\" limit memory=512Mi");
  }

  @Test
  void anAgentLimitAboveTheGlobalLimitIsRejectedWhenItsProjectSetsNone() {
    assertThatThrownBy(() -> base().globalLimits(cpuMem("2", "2Gi"))
        .agent(AgentSpec.custom("linter").resources(Resources.limits(cpuMem("3", "1Gi"))).build()).build())
        .hasMessage("agent \"linter\" limit cpu=3 exceeds global limit cpu=2");
  }

  @Test
  void everyProfileMustHoldTheProjectLimits() {
    assertThatThrownBy(() -> base().globalLimits(cpuMem("4800m", "2GB"))
        .project(ProjectConfig.custom("api").limits(ResourceVector.of(Resource.MEMORY, "750MB")).build())
        .profile(Profile.during("idle", cpuMem("1600m", "512MB"), "17:00-09:00")).build())
        .hasMessage("project \"api\" limit memory=750Mi exceeds profile \"idle\" global limit memory=512Mi");
  }

  @Test
  void theProjectMinimumsMustFitTogether() {
    assertThatThrownBy(() -> base().globalLimits(cpuMem("2", "2Gi"))
        .project(ProjectConfig.custom("a").minimum(ResourceVector.of(Resource.CPU, "1500m")).build())
        .project(ProjectConfig.custom("b").minimum(ResourceVector.of(Resource.CPU, "1500m")).build()).build())
        .hasMessage("the sum of the project minimums cpu=3 exceeds global limit cpu=2");
  }

  @Test
  void customLimitsMustFitTheGlobalLimits() {
    assertThatThrownBy(() -> base().strategy(SharingStrategy.custom()).globalLimits(cpuMem("4800m", "2GB"))
        .project(ProjectConfig.custom("auth").limits(cpuMem("2400m", "800MB")).build())
        .project(ProjectConfig.custom("api").limits(cpuMem("2400m", "1300MB")).build()).build())
        .hasMessage("custom shares do not fit: the memory limits api 1300Mi + auth 800Mi = 2100Mi exceed the capacity "
            + "2Gi (global limit)");
  }

  @Test
  void priorityClassesAreChecked() {
    assertThatThrownBy(() -> base().priorityClass(new PriorityClass("a", 1, true, true))
        .priorityClass(new PriorityClass("b", 2, true, true)).build())
        .hasMessage("at most one priority class may be the global default, found 2 in [a=1, b=2]");
    assertThatThrownBy(() -> base().agent(AgentSpec.custom("x").priorityClass("vip").build()).build())
        .hasMessage("agent \"x\" names priority class \"vip\", which is not configured; configured: []");
    assertThatThrownBy(() -> PriorityClass.of("Critical", 1)).hasMessageStartingWith("priority class name \"Critical\" is not allowed");
  }

  @Test
  void theActiveProfileMustExist() {
    assertThatThrownBy(() -> base().activeProfile("peak").build())
        .hasMessage("activeProfile \"peak\" names no profile; known profiles: []");
  }

  @Test
  void cpuPercentagesOfTheMachineBecomeMillicoresRoundedDown() {
    assertThat(AllocationConfig.cpuPercentToMillicores(60, 8)).isEqualTo(4800);
    assertThat(AllocationConfig.cpuPercentToMillicores(12.5, 3)).isEqualTo(375);
    assertThat(AllocationConfig.cpuPercentToMillicores(0.05, 1)).isZero();
    assertThatThrownBy(() -> AllocationConfig.cpuPercentToMillicores(101, 1))
        .hasMessage("CPU percent must be between 0 and 100, was 101.0");
  }

  @Test
  void policiesAndQueuesValidateTheirFields() {
    assertThatThrownBy(() -> EnforcementPolicy.pause(0)).hasMessage("resumeThreshold must be > 0 and <= 1, was 0.0");
    assertThatThrownBy(() -> OverflowPolicy.ofDefaults().withMaxQueueSize(0)).hasMessage("maxQueueSize must be at least 1, was 0");
    // Weights are 1 to 10^9, the largest user-definable Kubernetes PriorityClass value (pkg/apis/scheduling/types.go,
    // HighestUserDefinablePriority).
    assertThatThrownBy(() -> ProjectConfig.custom("p").weight(0))
        .hasMessage("weight of project p must be from 1 to 1000000000, was 0");
    assertThatThrownBy(() -> ProjectConfig.custom("bad name")).hasMessageStartingWith("project name \"bad name\" is not allowed");
  }

  @Test
  void limitRangesApplyKubernetesDefaultingAndValidation() {
    LimitRange onlyMax = LimitRange.custom().max(cpuMem("2", "1Gi")).min(ResourceVector.of(Resource.CPU, "100m")).build();
    assertThat(onlyMax.defaultLimit()).isEqualTo(cpuMem("2", "1Gi"));
    assertThat(onlyMax.defaultRequest()).isEqualTo(cpuMem("2", "1Gi"));
    LimitRange onlyMin = LimitRange.custom().min(ResourceVector.of(Resource.CPU, "100m")).build();
    assertThat(onlyMin.defaultRequest()).isEqualTo(ResourceVector.of(Resource.CPU, "100m"));
    assertThatThrownBy(() -> LimitRange.custom().min(ResourceVector.of(Resource.CPU, "2"))
        .max(ResourceVector.of(Resource.CPU, "1")).build())
        .hasMessage("min cpu 2 is greater than max cpu 1");
    assertThatThrownBy(() -> LimitRange.custom().maxLimitRequestRatio(Resource.CPU, "0.5"))
        .hasMessage("maxLimitRequestRatio.cpu must be at least 1, was 0.5");
  }

  @Test
  void quotaKeysFollowKubernetes() {
    Quota q = Quota.custom("team-a").hard("memory", "4Gi").hard("limits.cpu", "2").hard("agents", "10").build();
    // ResourceQuota spec.hard keeps its keys as written; a bare "memory" stays "memory" (counting requests)
    assertThat(q.hard()).containsExactly(java.util.Map.entry("agents", 10L), java.util.Map.entry("limits.cpu", 2000L),
        java.util.Map.entry("memory", 4L << 30));
    assertThatThrownBy(() -> Quota.custom("q").hard("limits.gpus", "1"))
        .hasMessageStartingWith("quota q key \"limits.gpus\" names no known resource");
  }

  @Test
  void onlyTheBuiltInStrategiesAreAccepted() {
    SharingStrategy own = new SharingStrategy() {
      @Override
      public String name() {
        return "mine";
      }

      @Override
      public boolean adaptsToUsage() {
        return false;
      }
    };
    assertThatThrownBy(() -> AllocationConfig.custom().strategy(own))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("strategy mine (")
        .hasMessageEndingWith(") is not allowed; use one of SharingStrategy's: equal, weighted, priority, dynamic, custom, drf");
    assertThatThrownBy(() -> AllocationConfig.custom().strategy(null))
        .isInstanceOf(NullPointerException.class).hasMessage("strategy");
  }

  @Test
  void aJsonFileBecomesABuilderToAdjustFurther(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("workspace.json");
    Files.writeString(file, """
        {"global": {"resourceLimits": {"maxCpu": "1500m", "maxMemory": "2GB", "checkInterval": 10}},
         "resource_sharing": {"strategy": "drf"}}
        """);
    AllocationConfig config = AllocationConfig.custom(file).machineCpus(4).build();
    // "2GB" is 2 x 1024^3 bytes (ByteSize.parse reads GB as binary); 1500m is given in millicores
    assertThat(config.globalLimits()).isEqualTo(ResourceVector.of(Resource.CPU, 1500).with(Resource.MEMORY, 2L * 1024 * 1024 * 1024));
    assertThat(config.strategy().name()).isEqualTo("drf");
    assertThat(config.checkInterval()).contains(Duration.ofSeconds(10));
    assertThat(config.machineCpus()).isEqualTo(4);
  }

  @Test
  void jsonTextIsReadLikeAFileAndErrorsNameTheJsonPath() {
    assertThat(AllocationConfig.fromJson("{\"resource_sharing\": {\"weights\": {\"api\": 3}}}").build()
        .projects().get("api").weight()).isEqualTo(3);
    assertThatThrownBy(() -> AllocationConfig.fromJson("{\"resource_sharing\": {\"weights\": {\"api\": 0}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$.resource_sharing.weights.api: must be > 0, was 0");
  }
}
