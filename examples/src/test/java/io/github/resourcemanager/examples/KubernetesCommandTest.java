package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code k8s export} and {@code k8s import}: exit codes 0, 1 and 2 as the tool documents them, and what they write. */
class KubernetesCommandTest {

  /** The agent platform's policy: two priority classes, a quota and limit range, an agent tier, a scaled controller. */
  static final String CONFIG = """
      {
        "resource_sharing": {
          "priorityClasses": {
            "agent-high-priority": {"value": 1000},
            "agent-standard-priority": {"value": 500, "globalDefault": true}
          },
          "quotas": {
            "agent-platform": {"name": "agent-platform-quota", "hard": {"requests.cpu": "20000m",
                "requests.memory": "81920Mi", "limits.cpu": "40", "limits.memory": "160Gi", "agents": 30}}
          },
          "limitRanges": {
            "agent-platform": {"default": {"cpu": "2000m", "memory": "8Gi"},
                "defaultRequest": {"cpu": "1000m", "memory": "4Gi"}}
          }
        },
        "agents": {
          "implementation-agent": {"project": "agent-platform", "priorityClass": "agent-high-priority",
              "resourceRequests": {"maxCpu": "2000m", "maxMemory": "8Gi"},
              "resourceLimits": {"maxCpu": "4000m", "maxMemory": "16Gi"}}
        },
        "kubernetes": {
          "priorityClassDescriptions": {"agent-high-priority": "High priority for critical agent workflows"},
          "workloads": [
            {"name": "implementation-agent", "namespace": "agent-platform", "agent": "implementation-agent",
             "labels": {"app": "coderun"}, "image": "ghcr.io/example/agent:1.0", "container": "agent"},
            {"name": "coderun-controller", "namespace": "agent-platform", "labels": {"app": "coderun-controller"},
             "horizontalScaler": {"minReplicas": 2, "maxReplicas": 10,
                 "metrics": [{"resource": "cpu", "utilization": 70}],
                 "behavior": {
                   "scaleUp": {"stabilizationWindowSeconds": 300,
                       "policies": [{"type": "Percent", "value": 100, "periodSeconds": 60}]},
                   "scaleDown": {"stabilizationWindowSeconds": 900,
                       "policies": [{"type": "Percent", "value": 50, "periodSeconds": 60}]}}},
             "disruptionBudget": {"minAvailable": "1"}}
          ]
        }
      }
      """;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Cli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private Path config(String json) throws IOException {
    Path file = dir.resolve("allocation.json");
    Files.writeString(file, json);
    return file;
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  @Test
  void exportWritesTheObjectsOfTheConfigurationToTheFile() throws IOException {
    Path manifests = dir.resolve("manifests.yaml");
    assertThat(run("k8s", "export", "--config", config(CONFIG).toString(), "--out", manifests.toString())).isZero();
    List<JsonNode> docs = documents(Files.readString(manifests));
    // 2 PriorityClasses, the ResourceQuota, the LimitRange, the agent's Deployment, the HPA, the PDB
    assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactlyInAnyOrder("PriorityClass",
        "PriorityClass", "ResourceQuota", "LimitRange", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget");
    assertThat(err.toString()).endsWith("wrote 7 objects to " + manifests + System.lineSeparator());
    // quantities in canonical form (apimachinery quantity.go, CanonicalizeBytes): 20000m is 20e3 × 1e-3 = 20,
    // 81920Mi is 80 × 1024 Mi = 80Gi
    JsonNode hard = only(docs, "ResourceQuota").path("spec").path("hard");
    assertThat(hard.path("requests.cpu").asText()).isEqualTo("20");
    assertThat(hard.path("requests.memory").asText()).isEqualTo("80Gi");
    assertThat(hard.path("limits.cpu").asText()).isEqualTo("40");
    assertThat(hard.path("limits.memory").asText()).isEqualTo("160Gi");
    assertThat(hard.path("pods").asText()).isEqualTo("30");
    JsonNode container = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("2");
    assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("16Gi");
    JsonNode hpa = only(docs, "HorizontalPodAutoscaler").path("spec");
    assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("coderun-controller");
    assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(10);
    assertThat(hpa.path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt())
        .isEqualTo(70);
    assertThat(hpa.path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asInt()).isEqualTo(900);
    assertThat(hpa.path("behavior").path("scaleUp").path("policies").get(0).path("value").asInt()).isEqualTo(100);
    assertThat(only(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt()).isEqualTo(1);
  }

  @Test
  void exportWritesToStandardOutputWithoutOut() throws IOException {
    assertThat(run("k8s", "export", "--config", config(CONFIG).toString())).isZero();
    assertThat(documents(out.toString())).hasSize(7);
  }

  @Test
  void exportListsTheSettingsWithNoKubernetesFieldOnStandardError() throws IOException {
    String withGlobalLimits = CONFIG.replace("\"resource_sharing\": {",
        "\"global\": {\"resourceLimits\": {\"maxCpu\": \"8\"}},\n  \"resource_sharing\": {");
    Path manifests = dir.resolve("m.yaml");
    assertThat(run("k8s", "export", "--config", config(withGlobalLimits).toString(), "--out", manifests.toString()))
        .isZero();
    // a limit on the usage of all namespaces together has no Kubernetes object: one line says so, then the summary
    assertThat(err.toString().lines()).hasSize(2);
    assertThat(err.toString()).startsWith("not mapped: globalLimits cpu=8: ")
        .endsWith("wrote 7 objects to " + manifests + System.lineSeparator());
  }

  @Test
  void exportOfAConfigurationThatDoesNotExistFailsWithExitCode1() {
    Path missing = dir.resolve("missing.json");
    assertThat(run("k8s", "export", "--config", missing.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("resource-manager k8s export: cannot read configuration " + missing
        + ": no such file" + System.lineSeparator());
  }

  @Test
  void exportOfAnInvalidValueIsBadUsageNamingItsJsonPath() throws IOException {
    Path file = config(CONFIG.replace("\"maxReplicas\": 10", "\"maxReplicas\": 1"));
    assertThat(run("k8s", "export", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--config': " + file
        + ": $.kubernetes.workloads[1].horizontalScaler: maxReplicas 1 must be greater than or equal to minReplicas 2");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void exportWithoutConfigIsBadUsage() {
    assertThat(run("k8s", "export")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required option: '--config=FILE'");
  }

  @Test
  void importShowsWhatTheLibraryEnforcesFromTheObjects() throws IOException {
    Path manifests = dir.resolve("manifests.yaml");
    Files.writeString(manifests, """
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata:
          name: agent-standard-priority
        value: 500
        globalDefault: true
        description: Standard priority for normal agent operations
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: agent-platform-quota
          namespace: agent-platform
        spec:
          hard:
            requests.cpu: "20"
            limits.memory: 160Gi
            pods: "30"
            services: "10"
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: coderun-controller-hpa
          namespace: agent-platform
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: coderun-controller
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 70
        """);
    assertThat(run("k8s", "import", "--manifests", manifests.toString())).isZero();
    assertThat(out.toString().lines()).containsExactly(
        "priority class agent-standard-priority: value 500, global default (Standard priority for normal agent "
            + "operations)",
        "project agent-platform: quota agent-platform-quota (agents=30, limits.memory=160Gi, requests.cpu=20)",
        "project agent-platform: kept for export, no library counterpart: quota {services=10}",
        "workload Deployment agent-platform/coderun-controller: not among the objects",
        "  horizontal scaler coderun-controller-hpa: 2..10 replicas on cpu utilization (agent.cpu.usage, % of "
            + "request) target 70.0; no behavior (legacy path)");
    assertThat(err.toString()).isEqualTo("imported 3 objects from " + manifests + System.lineSeparator());
  }

  @Test
  void exportThenImportGivesBackThePolicy() throws IOException {
    Path manifests = dir.resolve("manifests.yaml");
    assertThat(run("k8s", "export", "--config", config(CONFIG).toString(), "--out", manifests.toString())).isZero();
    assertThat(run("k8s", "import", "--manifests", manifests.toString())).isZero();
    assertThat(out.toString().lines()).contains(
        "priority class agent-high-priority: value 1000 (High priority for critical agent workflows)",
        "priority class agent-standard-priority: value 500, global default",
        "agent implementation-agent in agent-platform: requests {cpu=2, memory=8Gi}, limits {cpu=4, memory=16Gi}, "
            + "priority class agent-high-priority",
        "workload Deployment agent-platform/implementation-agent: 1 replica, image ghcr.io/example/agent:1.0, "
            + "agent implementation-agent",
        "  disruption budget coderun-controller-pdb: minAvailable 1");
  }

  @Test
  void importOfAKindTheLibraryCannotRepresentIsBadUsageNamingTheObject() throws IOException {
    Path manifests = dir.resolve("service.yaml");
    Files.writeString(manifests, """
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: agent-platform
        spec:
          ports:
          - port: 80
        """);
    assertThat(run("k8s", "import", "--manifests", manifests.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--manifests': " + manifests
        + ": Service agent-platform/api is not imported; supported kinds: PriorityClass, ResourceQuota, LimitRange,");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void importOfManifestsThatDoNotExistFailsWithExitCode1() {
    Path missing = dir.resolve("missing.yaml");
    assertThat(run("k8s", "import", "--manifests", missing.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("resource-manager k8s import: cannot read manifests " + missing
        + ": no such file" + System.lineSeparator());
  }
}
