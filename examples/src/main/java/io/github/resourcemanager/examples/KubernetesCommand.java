package io.github.resourcemanager.examples;

import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.LimitRange;
import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Quota;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.kubernetes.Manifests;
import io.github.resourcemanager.kubernetes.Policy;
import io.github.resourcemanager.kubernetes.Workload;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code k8s export} and {@code k8s import}: the allocation policy as Kubernetes objects, and back. */
@Command(name = "k8s", mixinStandardHelpOptions = true,
    description = "The allocation policy as Kubernetes objects, and back: k8s export, k8s import.",
    subcommands = {KubernetesCommand.Export.class, KubernetesCommand.Import.class})
final class KubernetesCommand {

  /** Writes the Kubernetes objects of a JSON configuration as multi-document YAML. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write the Kubernetes objects of an allocation configuration as multi-document YAML, quantities "
          + "in Kubernetes' canonical form.",
          "Settings that have no Kubernetes field are listed on standard error, one per line, with the reason."})
  static final class Export implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "The configuration (JSON): its allocation sections (resource_sharing, projects, agents; see "
            + "docs/configuration.md) and its kubernetes section (see docs/kubernetes.md).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
        description = "Write the YAML to this file, replacing it whole (default: standard output).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(config)) {
        throw new IOException("cannot read configuration " + config + ": no such file");
      }
      Manifests manifests;
      try {
        manifests = Policy.readJson(config).toManifests();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "Invalid value for option '--config': " + config + ": " + e.getMessage());
      }
      PrintWriter err = spec.commandLine().getErr();
      manifests.unmapped().forEach(line -> err.println("not mapped: " + line));
      if (out == null) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(manifests.toYaml());
        stdout.flush();
      } else {
        Files.writeString(out, manifests.toYaml(), StandardCharsets.UTF_8);
        err.println("wrote " + manifests.objects().size() + " objects to " + out);
      }
      err.flush();
      return 0;
    }
  }

  /** Reads Kubernetes objects into the library's configuration and shows what it holds. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Read Kubernetes objects (multi-document YAML) into the library's configuration and show what "
          + "it enforces in-process: priority classes, quotas, limit ranges, agent tiers, and per workload its "
          + "autoscalers and disruption budget.",
          "Objects the library cannot represent are refused, naming the object and field."})
  static final class Import implements Callable<Integer> {

    @Option(names = "--manifests", required = true, paramLabel = "FILE",
        description = "The YAML: PriorityClass, ResourceQuota, LimitRange, Deployment, StatefulSet, "
            + "HorizontalPodAutoscaler (autoscaling/v2), VerticalPodAutoscaler (autoscaling.k8s.io/v1), "
            + "PodDisruptionBudget (policy/v1).")
    Path manifests;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
        description = "Write the summary to this file, replacing it whole (default: standard output).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(manifests)) {
        throw new IOException("cannot read manifests " + manifests + ": no such file");
      }
      Manifests read;
      Policy policy;
      try {
        read = Manifests.readYaml(manifests);
        policy = read.toPolicy();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "Invalid value for option '--manifests': " + manifests + ": " + e.getMessage());
      }
      String summary = String.join(System.lineSeparator(), summary(policy)) + System.lineSeparator();
      PrintWriter err = spec.commandLine().getErr();
      if (out == null) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary);
        stdout.flush();
      } else {
        Files.writeString(out, summary, StandardCharsets.UTF_8);
      }
      err.println("imported " + read.objects().size() + " objects from " + manifests);
      err.flush();
      return 0;
    }

    /** One line per setting of the imported policy, in the order the export writes the objects. */
    static List<String> summary(Policy policy) {
      List<String> lines = new ArrayList<>();
      AllocationConfig allocation = policy.allocation();
      Map<String, String> descriptions = policy.workloads().priorityClassDescriptions();
      for (PriorityClass pc : allocation.priorityClasses().values()) {
        lines.add("priority class " + pc.name() + ": value " + pc.value() + (pc.globalDefault() ? ", global default" : "")
            + (pc.preemptLowerPriority() ? "" : ", never preempts")
            + (descriptions.containsKey(pc.name()) ? " (" + descriptions.get(pc.name()) + ")" : ""));
      }
      for (ProjectConfig project : allocation.projects().values()) {
        String ns = project.name();
        project.quota().ifPresent(q -> lines.add("project " + ns + ": quota " + quota(q)));
        project.limitRange().ifPresent(lr -> lines.add("project " + ns + ": limit range " + limitRange(lr)));
        Map<String, String> extras = policy.workloads().quotaExtras().getOrDefault(ns, Map.of());
        if (!extras.isEmpty()) {
          lines.add("project " + ns + ": kept for export, no library counterpart: quota " + extras);
        }
      }
      for (AgentSpec agent : allocation.agents().values()) {
        lines.add("agent " + agent.id() + " in " + agent.project() + ": requests {" + agent.resources().requests()
            + "}, limits {" + agent.resources().limits() + "}"
            + agent.priorityClass().map(p -> ", priority class " + p).orElse(""));
      }
      for (Workload w : policy.workloads().workloads()) {
        String head = "workload " + w.kind().kubernetesName() + " " + w.namespace() + "/" + w.name() + ": ";
        // without an image the workload is not among the objects: only its autoscalers and budget are
        lines.add(head + (w.image().isEmpty() ? "not among the objects"
            : w.replicas() + (w.replicas() == 1 ? " replica" : " replicas") + ", image " + w.image().get()
                + w.agent().map(a -> ", agent " + a).orElse("") + w.resources().map(r -> ", " + r).orElse("")));
        w.horizontalScaler().ifPresent(h -> lines.add("  horizontal scaler " + w.horizontalScalerName() + ": "
            + horizontal(h)));
        w.verticalScaler().ifPresent(v -> lines.add("  vertical scaler " + w.verticalScalerName() + ": "
            + vertical(v) + ", update mode " + w.updateMode().kubernetesName()));
        if (w.minAvailable().isPresent() || w.maxUnavailable().isPresent()) {
          lines.add("  disruption budget " + w.disruptionBudgetName() + ": "
              + w.minAvailable().map(m -> "minAvailable " + m).orElse("")
              + w.maxUnavailable().map(m -> "maxUnavailable " + m).orElse(""));
        }
      }
      return lines;
    }

    private static String quota(Quota q) {
      List<String> parts = new ArrayList<>();
      q.hard().forEach((key, value) -> parts.add(key + "=" + (key.equals(Quota.AGENTS) ? value
          : Resource.named(key.replaceFirst("^(requests|limits)\\.", "")).format(value))));
      return q.name() + " (" + String.join(", ", parts) + ")";
    }

    private static String limitRange(LimitRange lr) {
      List<String> parts = new ArrayList<>();
      if (!lr.defaultRequest().isEmpty()) {
        parts.add("defaultRequest {" + lr.defaultRequest() + "}");
      }
      if (!lr.defaultLimit().isEmpty()) {
        parts.add("default {" + lr.defaultLimit() + "}");
      }
      if (!lr.min().isEmpty()) {
        parts.add("min {" + lr.min() + "}");
      }
      if (!lr.max().isEmpty()) {
        parts.add("max {" + lr.max() + "}");
      }
      if (!lr.maxLimitRequestRatio().isEmpty()) {
        parts.add("maxLimitRequestRatio " + lr.maxLimitRequestRatio());
      }
      return String.join(", ", parts);
    }

    private static String horizontal(HorizontalScalerConfig h) {
      List<String> metrics = new ArrayList<>();
      for (ScalingMetric m : h.metrics()) {
        metrics.add(m.toString());
      }
      return h.minReplicas() + ".." + h.maxReplicas() + " replicas on " + String.join(", ", metrics)
          + h.behavior().map(b -> "; " + b.scaleUp() + "; " + b.scaleDown()).orElse("; no behavior (legacy path)");
    }

    private static String vertical(VerticalRecommenderConfig v) {
      return "cpu " + v.minAllowedCpu().map(Object::toString).orElse("any") + ".."
          + v.maxAllowedCpu().map(Object::toString).orElse("any")
          + (v.memoryMetric().isPresent()
              ? ", memory " + v.minAllowedMemory().map(Object::toString).orElse("any") + ".."
                  + v.maxAllowedMemory().map(Object::toString).orElse("any")
              : ", memory not controlled");
    }
  }
}
