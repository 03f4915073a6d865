package io.github.resourcemanager.internal.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.EnforcementPolicy;
import io.github.resourcemanager.allocate.OverflowPolicy;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.TimeWindow;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationJsonTest {

  /** Seed 002's examples in one file, comments included. */
  private static final String DESIGN_EXAMPLE = """
      {
        "global": {
          "resourceLimits": {
            "maxCpu": 60,
            "maxMemory": "2GB",
            "maxMemory_bytes": 2147483648,
            "checkInterval": 10,
            "enforcementAction": "pause",
            "resumeThreshold": 0.8,
            "overflow": { "enabled": true, "queueing": true, "maxQueueSize": 50, "maxWaitTime": 300 }
          }
        },
        "resource_sharing": {
          "strategy": "weighted",
          "cpuLimit": 60,
          "memoryLimit": "2GB",
          "weights": { "auth-service": 2, "api-service": 2, "worker-service": 1 },
          "perProjectLimits": {
            "auth-service": { "maxCpu": 20, "maxMemory": "512MB" },
            "api-service": { "maxCpu": 25, "maxMemory": "750MB" },
            "worker-service": { "maxCpu": 15, "maxMemory": "256MB" }
          },
          "profiles": {
            "peak": { "cpuLimit": 80, "memoryLimit": "3GB", "times": ["09:00-17:00"] },
            "quiet": { "cpuLimit": 30, "memoryLimit": "1GB", "times": ["17:00-09:00"] }
          },
          "timeZone": "Europe/Berlin"
        },
        "projects": [
          { "name": "auth-service", "priority": 0 },    // Critical
          { "name": "api-service", "priority": 1 },     // High
          { "name": "worker-service", "priority": 2 }   // Normal
        ],
        "agents": {
          "linter": { "enabled": true, "project": "auth-service", "resourceLimits": { "maxCpu": 5, "maxMemory": "128MB" } },
          "formatter": { "enabled": false, "resourceLimits": { "maxCpu": 5, "maxMemory": "128MB" } }
        }
      }
      """;

  private static AllocationConfig.Builder eightCpus() {
    return AllocationConfig.custom().machineCpus(8).environment(name -> null);
  }

  private static String errorOf(String json) {
    try {
      AllocationJsonReader.parse(json, eightCpus(), 8).build();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for " + json);
  }

  @Test
  void seed002ConfigurationIsReadWithExactUnits() {
    AllocationConfig config = AllocationJsonReader.parse(DESIGN_EXAMPLE, eightCpus(), 8).build();
    assertThat(config.globalLimits()).isEqualTo(ResourceVector.of(Resource.CPU, "4800m").with(Resource.MEMORY, "2147483648"));
    assertThat(config.strategy().name()).isEqualTo("weighted");
    assertThat(config.checkInterval()).contains(Duration.ofSeconds(10));
    assertThat(config.enforcement()).isEqualTo(EnforcementPolicy.pause(0.8));
    assertThat(config.overflow()).isEqualTo(OverflowPolicy.ofDefaults());
    assertThat(config.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    ProjectConfig api = config.projects().get("api-service");
    assertThat(api.weight()).isEqualTo(2);
    assertThat(api.priority()).isEqualTo(1);
    assertThat(api.limits()).isEqualTo(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "750Mi"));
    assertThat(config.projects()).containsOnlyKeys("auth-service", "api-service", "worker-service");
    assertThat(config.agents()).containsOnlyKeys("linter");
    assertThat(config.agents().get("linter").resources().limits()).isEqualTo(ResourceVector.of(Resource.CPU, "400m").with(Resource.MEMORY, "128Mi"));
    assertThat(config.profiles().get("peak").limits()).isEqualTo(ResourceVector.of(Resource.CPU, "6400m").with(Resource.MEMORY, "3Gi"));
    assertThat(config.profiles().get("quiet").windows()).containsExactly(TimeWindow.parse("17:00-09:00"));
  }

  @Test
  void environmentProfilesAndDynamicAdaptationAreRead() {
    String json = """
        {
          "resource_sharing": {
            "strategy": "dynamic",
            "adaptation": { "enabled": true, "adjustmentFrequency": 30, "usageThreshold": 0.8, "reallocationFactor": 0.2 }
          },
          "resource_profiles": { "dev": { "cpuLimit": 60, "memoryLimit": "2GB" }, "ci": { "cpuLimit": 90, "memoryLimit": "4GB" } }
        }
        """;
    AllocationConfig config = AllocationJsonReader.parse(json, eightCpus().environment(Map.of("RESOURCE_PROFILE", "ci")::get), 8).build();
    assertThat(config.strategy().name()).isEqualTo("dynamic");
    assertThat(config.strategy().adaptsToUsage()).isTrue();
    assertThat(config.selectedProfile()).contains("ci");
    assertThat(config.profiles().get("ci").limits()).isEqualTo(ResourceVector.of(Resource.CPU, "7200m").with(Resource.MEMORY, "4Gi"));
  }

  @Test
  void quotasLimitRangesAndPriorityClassesAreRead() {
    String json = """
        {
          "resource_sharing": {
            "quotas": { "team": { "name": "team-a", "hard": { "limits.memory": "4Gi", "requests.cpu": 2, "agents": 10 } } },
            "limitRanges": { "team": { "default": { "cpu": "500m", "memory": "256Mi" }, "max": { "memory": "1Gi" },
                                       "maxLimitRequestRatio": { "cpu": 4 } } },
            "priorityClasses": { "critical": 1000, "normal": { "value": 100, "globalDefault": true, "preemptionPolicy": "Never" } },
            "preemption": true
          }
        }
        """;
    AllocationConfig config = AllocationJsonReader.parse(json, eightCpus(), 8).build();
    ProjectConfig team = config.projects().get("team");
    assertThat(team.quota().orElseThrow().name()).isEqualTo("team-a");
    assertThat(team.quota().orElseThrow().hard()).containsEntry("requests.cpu", 2000L).containsEntry("agents", 10L);
    assertThat(team.limitRange().orElseThrow().defaultLimit()).isEqualTo(ResourceVector.of(Resource.CPU, "500m").with(Resource.MEMORY, "256Mi"));
    assertThat(config.priorityClasses().get("normal")).isEqualTo(new PriorityClass("normal", 100, true, false));
    assertThat(config.preemption()).isTrue();
  }

  @Test
  void aNonPositiveWeightIsRejectedNamingItsPath() {
    assertThat(errorOf("{\"resource_sharing\": {\"weights\": {\"api-service\": -1}}}"))
        .isEqualTo("$.resource_sharing.weights.api-service: must be > 0, was -1");
  }

  @Test
  void bytesThatDisagreeWithTheSizeAreRejected() {
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"maxMemory\": \"2GB\", \"maxMemory_bytes\": 2000000000}}}"))
        .isEqualTo("$.global.resourceLimits.maxMemory_bytes: 2000000000 disagrees with maxMemory \"2GB\" (2147483648 bytes)");
  }

  @Test
  void theSameGlobalLimitGivenTwiceMustAgree() {
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"maxCpu\": 60}}, \"resource_sharing\": {\"cpuLimit\": 50}}"))
        .isEqualTo("$.resource_sharing.cpuLimit: 4 disagrees with $.global.resourceLimits.maxCpu (4800m)");
  }

  @Test
  void invalidValuesAreRejectedNamingTheirPath() {
    assertThat(errorOf("{\"resource_sharing\": {\"perProjectLimits\": {\"api\": {\"maxMemory\": \"lots\"}}}}"))
        .startsWith("$.resource_sharing.perProjectLimits.api.maxMemory: byte size \"lots\"");
    assertThat(errorOf("{\"resource_sharing\": {\"strategy\": \"fair\"}}"))
        .isEqualTo("$.resource_sharing.strategy: strategy \"fair\" is not allowed; allowed: equal, weighted, priority, dynamic, custom, drf");
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"maxCpu\": 120}}}"))
        .isEqualTo("$.global.resourceLimits.maxCpu: must be a percentage of the machine from 0 to 100, was 120");
    assertThat(errorOf("{\"resource_sharing\": {\"profiles\": {\"night\": {\"times\": [\"22-06\"]}}}}"))
        .startsWith("$.resource_sharing.profiles.night.times[0]: time window \"22-06\" is not allowed");
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"overflow\": {\"maxQueueSize\": 0}}}}"))
        .isEqualTo("$.global.resourceLimits.overflow: maxQueueSize must be at least 1, was 0");
  }

  @Test
  void unknownKeysAreRejectedWithTheirPathTheAllowedKeysAndTheNearestOne() {
    assertThat(errorOf("{\"resource_sharing\": {\"perProjectLimits\": {\"api\": {\"maxCPU\": 20}}}}"))
        .isEqualTo("$.resource_sharing.perProjectLimits.api.maxCPU: unknown key \"maxCPU\"; did you mean \"maxCpu\"? "
            + "allowed: enforcementAction, maxCpu, maxFileHandles, maxMemory, maxMemory_bytes, maxOpenFiles, "
            + "maxThreads, minCpu, minMemory, priority, resumeThreshold, throttleFraction, weight");
  }

  @Test
  void aMisspeltSectionIsRejectedRatherThanIgnored() {
    assertThat(errorOf("{\"resource_shaing\": {\"strategy\": \"weighted\"}}"))
        .isEqualTo("$.resource_shaing: unknown key \"resource_shaing\"; did you mean \"resource_sharing\"? allowed: "
            + "agents, global, kubernetes, projects, resource_profiles, resource_sharing");
    assertThat(errorOf("{\"global\": {\"resourceLimit\": {\"maxCpu\": 50}}}"))
        .isEqualTo("$.global.resourceLimit: unknown key \"resourceLimit\"; did you mean \"resourceLimits\"? allowed: "
            + "resourceLimits");
  }

  @Test
  void aMisspeltAgentKeyIsRejectedRatherThanLeavingTheAgentUnlimited() {
    // Before, "resourceLimit" was ignored and the agent ran with no limits at all.
    assertThat(errorOf("{\"agents\": {\"linter\": {\"resourceLimit\": {\"maxCpu\": 5}}}}"))
        .isEqualTo("$.agents.linter.resourceLimit: unknown key \"resourceLimit\"; did you mean \"resourceLimits\"? "
            + "allowed: enabled, priorityClass, project, resourceLimits, resourceRequests");
  }

  @Test
  void aKeyGivenTwiceIsRejectedWithItsPath() {
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"maxCpu\": 50, \"maxCpu\": 60}}}"))
        .startsWith("$.global.resourceLimits.maxCpu: the key is given twice at line 1, column ");
  }

  @Test
  void contentAfterTheDocumentIsRejected() {
    assertThat(errorOf("{\"global\": {}} {\"global\": {}}"))
        .startsWith("$: unexpected content after the JSON document at line 1, column ");
    assertThat(errorOf("{} ]")).startsWith("$: ");
  }

  @Test
  void aCpuPercentageThatWouldRoundToZeroIsRejectedWithTheValueAsWritten() {
    // 0.001 % of 8 CPUs = 0.001 / 100 * 8 * 1000 m = 0.08 m: before, it became a 0-CPU limit.
    assertThat(errorOf("{\"agents\": {\"a\": {\"resourceLimits\": {\"maxCpu\": 0.001}}}}"))
        .isEqualTo("$.agents.a.resourceLimits.maxCpu: 0.001 % of 8 CPUs is 0.08 millicores, which would round to 0; "
            + "CPU is counted in whole millicores and never rounded: write a percentage that comes to whole "
            + "millicores, or a quantity such as \"1m\"");
    assertThat(errorOf("{\"agents\": {\"a\": {\"resourceLimits\": {\"maxCpu\": \"0.001%\"}}}}"))
        .startsWith("$.agents.a.resourceLimits.maxCpu: \"0.001%\" % of 8 CPUs is 0.08 millicores, which would round");
  }

  @Test
  void aCpuPercentageThatIsNotWholeMillicoresIsRejected() {
    // 33.33 % of 8 CPUs = 33.33 * 8 * 10 m = 2666.4 m
    assertThat(errorOf("{\"resource_sharing\": {\"cpuLimit\": 33.33}}"))
        .startsWith("$.resource_sharing.cpuLimit: 33.33 % of 8 CPUs is 2666.4 millicores, which is not a whole number "
            + "of millicores;");
    // 33.325 % of 8 CPUs = 2666 m exactly
    assertThat(AllocationJsonReader.parse("{\"resource_sharing\": {\"cpuLimit\": 33.325}}", eightCpus(), 8).build()
        .globalLimits().amount(io.github.resourcemanager.allocate.Resource.CPU)).isEqualTo(2666);
  }

  @Test
  void aFractionWithMoreDigitsThanADoubleHoldsIsRejected() {
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"resumeThreshold\": 0.80000000000000000001}}}"))
        .isEqualTo("$.global.resourceLimits.resumeThreshold: 0.80000000000000000001 has more digits than a double "
            + "holds (it would be read as 0.8); write at most 17 significant digits");
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"throttleFraction\": 1e-400}}}"))
        .startsWith("$.global.resourceLimits.throttleFraction: 1E-400 has more digits than a double holds (it would "
            + "be read as 0.0)");
  }

  @Test
  void aDurationWithANegativePartIsRejected() {
    assertThat(errorOf("{\"global\": {\"resourceLimits\": {\"checkInterval\": \"PT1H-30M\"}}}"))
        .startsWith("$.global.resourceLimits.checkInterval: \"PT1H-30M\" is not allowed: a duration has no negative "
            + "parts");
  }

  @Test
  void cpuMayBeAPercentageStringOrAQuantity() {
    AllocationConfig config = AllocationJsonReader.parse("""
        {"resource_sharing": {"perProjectLimits": {"a": {"maxCpu": "25%"}, "b": {"maxCpu": "1500m"}, "c": {"maxCpu": "2"}}}}
        """, eightCpus(), 8).build();
    assertThat(config.projects().get("a").limits().amount(Resource.CPU)).isEqualTo(2000);
    assertThat(config.projects().get("b").limits().amount(Resource.CPU)).isEqualTo(1500);
    assertThat(config.projects().get("c").limits().amount(Resource.CPU)).isEqualTo(2000);
  }

  @Test
  void aProjectLimitAboveTheGlobalLimitNamesBothPathsAndTheValuesAsWritten() {
    // 6Gi = 6 * 2^30 bytes > 4Gi = 4 * 2^30 bytes
    assertThat(errorOf("""
        {"global": {"resourceLimits": {"maxMemory": "4Gi"}},
         "resource_sharing": {"perProjectLimits": {"web": {"maxMemory": "6Gi"}}}}
        """)).isEqualTo("$.resource_sharing.perProjectLimits.web.maxMemory: \"6Gi\" is above the global limit \"4Gi\" "
        + "($.global.resourceLimits.maxMemory)");
  }

  @Test
  void aCpuPercentageIsReportedAsWrittenWithTheCoresItStandsFor() {
    // 50 % of 8 CPUs = 4 CPUs = 4000m; the project's "5" is 5000m
    assertThat(errorOf("""
        {"global": {"resourceLimits": {"maxCpu": 50}},
         "resource_sharing": {"perProjectLimits": {"web": {"maxCpu": "5"}}}}
        """)).isEqualTo("$.resource_sharing.perProjectLimits.web.maxCpu: \"5\" is above the global limit 50 % of 8 CPUs "
        + "(4) ($.global.resourceLimits.maxCpu)");
  }

  @Test
  void aProjectLimitAboveAProfilesGlobalLimitNamesTheProfilesPath() {
    // within the global 4 CPUs, but above the 1 CPU of profile "night"
    assertThat(errorOf("""
        {"global": {"resourceLimits": {"maxCpu": "4"}},
         "resource_sharing": {"perProjectLimits": {"web": {"maxCpu": "2"}}},
         "resource_profiles": {"night": {"maxCpu": "1"}}}
        """)).isEqualTo("$.resource_sharing.perProjectLimits.web.maxCpu: \"2\" is above profile \"night\"'s global "
        + "limit \"1\" ($.resource_profiles.night.maxCpu)");
  }

  @Test
  void anAgentLimitAboveItsProjectsLimitNamesBothPaths() {
    // 1536Mi > 1Gi = 1024Mi
    assertThat(errorOf("""
        {"resource_sharing": {"perProjectLimits": {"web": {"maxMemory": "1Gi"}}},
         "agents": {"w1": {"project": "web", "resourceLimits": {"maxMemory": "1536Mi"}}}}
        """)).isEqualTo("$.agents.w1.resourceLimits.maxMemory: \"1536Mi\" is above project \"web\"'s limit \"1Gi\" "
        + "($.resource_sharing.perProjectLimits.web.maxMemory)");
  }

  @Test
  void anUnknownPriorityClassNamesThePathAndTheConfiguredClasses() {
    assertThat(errorOf("""
        {"resource_sharing": {"priorityClasses": {"high": {"value": 500}, "low": {"value": 10}}},
         "agents": {"w1": {"priorityClass": "urgent"}}}
        """)).isEqualTo("$.agents.w1.priorityClass: \"urgent\" is not a configured priority class; allowed: high, low");
    assertThat(errorOf("{\"agents\": {\"w1\": {\"priorityClass\": \"urgent\"}}}"))
        .isEqualTo("$.agents.w1.priorityClass: \"urgent\" is not a configured priority class; none is configured (add "
            + "it to $.resource_sharing.priorityClasses)");
  }

  @Test
  void customSharesThatDoNotFitNameEachLimitsPathAndValueAsWritten() {
    // batch 2048Mi (= 2Gi) + web 3Gi = 5Gi > 4Gi; listed by project name, as the custom strategy lists them.
    // 2048Mi reads 2Gi in Kubernetes' canonical form (apimachinery quantity.go, CanonicalizeBytes: the largest binary
    // suffix that divides the amount).
    assertThat(errorOf("""
        {"global": {"resourceLimits": {"maxMemory": "4Gi"}},
         "resource_sharing": {"strategy": "custom",
           "perProjectLimits": {"web": {"maxMemory": "3Gi"}, "batch": {"maxMemory": "2048Mi"}}}}
        """)).isEqualTo("$.resource_sharing.perProjectLimits: custom shares do not fit: the memory limits batch \"2048Mi\" "
        + "(2Gi) ($.resource_sharing.perProjectLimits.batch.maxMemory) + web \"3Gi\" "
        + "($.resource_sharing.perProjectLimits.web.maxMemory) come to 5Gi, above the global limit \"4Gi\" "
        + "($.global.resourceLimits.maxMemory)");
  }

  @Test
  void aLimitChangedInCodeAfterReadingIsReportedWithItsOwnValue() {
    AllocationConfig.Builder builder = AllocationJsonReader.parse("""
        {"global": {"resourceLimits": {"maxMemory": "4Gi"}},
         "resource_sharing": {"perProjectLimits": {"web": {"maxMemory": "6Gi"}}}}
        """, eightCpus(), 8).globalLimits(ResourceVector.of(Resource.MEMORY, "5Gi"));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$.resource_sharing.perProjectLimits.web.maxMemory: \"6Gi\" is above the global limit memory=5Gi");
    // raised in code above the JSON's project limit: nothing conflicts
    assertThat(AllocationJsonReader.parse("""
        {"global": {"resourceLimits": {"maxMemory": "4Gi"}},
         "resource_sharing": {"perProjectLimits": {"web": {"maxMemory": "6Gi"}}}}
        """, eightCpus(), 8).globalLimits(ResourceVector.of(Resource.MEMORY, "8Gi")).build().globalLimits())
        .isEqualTo(ResourceVector.of(Resource.MEMORY, "8Gi"));
  }

  @Test
  void malformedJsonIsReportedWithItsLocation() {
    assertThat(errorOf("{\"global\": ")).isEqualTo("$: invalid JSON at line 1, column 12: Unexpected end-of-input within/between Object entries");
  }

  @Test
  void withoutJacksonTheReaderSaysWhatToAdd() {
    ClassLoader bare = new URLClassLoader(new URL[0], null);
    assertThatThrownBy(() -> AllocationJsonReader.requireJackson(bare))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reading allocation configuration from JSON needs jackson-databind on the class path; add the "
            + "dependency com.fasterxml.jackson.core:jackson-databind (optional for resource-manager-core), or build the "
            + "configuration with AllocationConfig.custom()");
  }
}
