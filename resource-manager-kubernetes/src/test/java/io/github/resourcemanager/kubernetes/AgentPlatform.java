package io.github.resourcemanager.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Resources;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Duration;
import java.util.Map;

/** The agent platform's policy built through the library: tiers, quota, limit range, classes, scalers, budgets. */
final class AgentPlatform {

  static final String NS = "agent-platform";
  static final Metric RUNNING_WORKFLOWS = Metric.of("argo_workflows_running_total", Unit.COUNT,
      "workflows running in Argo");

  private AgentPlatform() {}

  static AllocationConfig allocation() {
    AllocationConfig.Builder b = AllocationConfig.custom().machineCpus(40).environment(name -> null)
        .priorityClass(new PriorityClass("agent-high-priority", 1000, false, true))
        .priorityClass(new PriorityClass("agent-standard-priority", 500, true, true))
        .priorityClass(new PriorityClass("agent-low-priority", 100, false, true))
        .project(ProjectConfig.custom(NS)
            .quota(Quota.custom("agent-platform-quota")
                .hard("requests.cpu", "20").hard("requests.memory", "80Gi")
                .hard("limits.cpu", "40").hard("limits.memory", "160Gi")
                .agents(30).build())
            .limitRange(LimitRange.custom()
                .defaultLimit(ResourceVector.of(Resource.CPU, "2000m").with(Resource.MEMORY, "8Gi"))
                .defaultRequest(ResourceVector.of(Resource.CPU, "1000m").with(Resource.MEMORY, "4Gi"))
                .build())
            .build());
    b.agent(tier("implementation-agent", "2000m", "8Gi", "4000m", "16Gi"));
    b.agent(tier("quality-agent", "1000m", "4Gi", "2000m", "8Gi"));
    b.agent(tier("testing-agent", "2000m", "8Gi", "4000m", "16Gi"));
    return b.build();
  }

  private static AgentSpec tier(String id, String cpu, String memory, String cpuLimit, String memoryLimit) {
    return AgentSpec.custom(id).project(NS).resources(Resources.of(
        ResourceVector.of(Resource.CPU, cpu).with(Resource.MEMORY, memory),
        ResourceVector.of(Resource.CPU, cpuLimit).with(Resource.MEMORY, memoryLimit))).build();
  }

  static VerticalRecommenderConfig agentRightSizing() {
    return VerticalRecommenderConfig.custom()
        .memoryMetric(AllocationConfig.AGENT_MEMORY_USED)
        .allowedCpu(CpuQuantity.parse("100m"), CpuQuantity.parse("8000m"))
        .allowedMemory(ByteSize.parse("128Mi"), ByteSize.parse("32Gi"))
        .build();
  }

  static HorizontalScalerConfig coderunControllerScaler() {
    return HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(10)
        .metric(ScalingMetric.cpuUtilization(70))
        .metric(ScalingMetric.memoryUtilization(AllocationConfig.AGENT_MEMORY_USED, 80))
        .behavior(ScalingBehavior.of(
            ScalingRules.scaleUp().stabilizationWindow(Duration.ofSeconds(300))
                .policy(ScalingPolicy.Type.PERCENT, 100, Duration.ofSeconds(60)).build(),
            ScalingRules.scaleDown().stabilizationWindow(Duration.ofSeconds(900))
                .policy(ScalingPolicy.Type.PERCENT, 50, Duration.ofSeconds(60)).build()))
        .build();
  }

  static HorizontalScalerConfig argoServerScaler() {
    return HorizontalScalerConfig.custom().minReplicas(2).maxReplicas(8)
        .metric(ScalingMetric.cpuUtilization(60))
        .metric(ScalingMetric.value(RUNNING_WORKFLOWS, 20))
        .build();
  }

  static Workloads workloads() {
    Workloads.Builder w = Workloads.custom()
        .priorityClassDescription("agent-high-priority", "High priority for critical agent workflows")
        .priorityClassDescription("agent-standard-priority", "Standard priority for normal agent operations")
        .priorityClassDescription("agent-low-priority", "Low priority for testing and development workflows")
        .quotaExtra(NS, "requests.storage", "500Gi")
        .quotaExtra(NS, "persistentvolumeclaims", "20")
        .quotaExtra(NS, "services", "10")
        .quotaExtra(NS, "configmaps", "50")
        .quotaExtra(NS, "secrets", "30")
        .limitRangeExtra(NS, new LimitRangeItemBuilder().withType("PersistentVolumeClaim")
            .withMax(Map.of("storage", new Quantity("100Gi"))).withMin(Map.of("storage", new Quantity("1Gi"))).build());
    for (String tier : new String[] {"implementation", "quality", "testing"}) {
      w.workload(Workload.custom(tier + "-agent", NS).agent(tier + "-agent")
          .label("app", "coderun").label("agent-type", tier)
          .image("ghcr.io/example/agent:1.0").container("agent")
          .verticalScaler(agentRightSizing(), Workload.UpdateMode.RECREATE)
          .build());
    }
    w.workload(Workload.custom("coderun-controller", NS).label("app", "coderun-controller")
        .horizontalScaler(coderunControllerScaler()).minAvailable("1").build());
    w.workload(Workload.custom("argo-workflows-server", "argo").label("app", "argo-workflows-server")
        .horizontalScaler(argoServerScaler()).minAvailable("50%").disruptionBudgetName("argo-workflows-pdb").build());
    return w.build();
  }

  static Policy policy() {
    return Policy.of(allocation(), workloads());
  }

  /** Unused resource so that the LIBRARY_ONLY set is loaded before tests define resources. */
  static Resource cpu() {
    return Resource.CPU;
  }
}
