package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package) scrapes the endpoint of running resource managers and evaluates the
 * rules exported from them: the values it scraped equal the library's, and the exported alerts fire as the library's
 * alerts do in process. Then two managers in two JVMs are scraped by one server, and a fleet-wide rule shows the view
 * no single process has.
 */
class PrometheusServerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void prometheusScrapesTheLibrarysValuesAndFiresTheExportedAlertAsTheLibraryDoes(@TempDir Path dir) throws Exception {
    PrometheusBinaries.prometheus();
    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("scripted")
        .values(Metric.SYSTEM_CPU_USAGE, 50, 92)
        .agentValues("worker-1", Metric.AGENT_MEMORY_USED, 100 * 1048576.0, 300 * 1048576.0);
    AlertRule agentMemory = AlertRule.custom().name("agent-memory-high").metric(Metric.AGENT_MEMORY_USED)
        .threshold(Severity.WARNING, 256 * 1048576.0).build();
    // Its own cpu-high (replacing the default, which waits 10 minutes): critical at 80 %, after 15 s. The library
    // counts the 15 s on its manual ticker, Prometheus in real time: both go pending, then firing.
    AlertRule cpuHigh = AlertRule.custom().name(AlertRule.CPU_HIGH).metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.CRITICAL, 80).forDuration(Duration.ofSeconds(15))
        .annotation("summary", "CPU usage is {{value}} % ({{severity}})").build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .platformSources(false).source(source).interval(Duration.ofSeconds(5)).alertRule(cpuHigh)
        .alertRule(agentMemory).build();
         ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
         PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(0).start()) {
      rm.tracker().register("worker-1", Map.of("project", "search"));
      metrics.bindTo(registry);
      Path rules = dir.resolve("rules.yml");
      PrometheusRuleFile file = PrometheusRules.custom().evaluationInterval(Duration.ofSeconds(1)).build().export(rm);
      assertThat(file.notExported()).isEmpty();
      assertThat(file.exported()).containsExactlyInAnyOrder(AlertRule.CPU_HIGH, AlertRule.MEMORY_HIGH,
          AlertRule.DISK_IO_HIGH, AlertRule.NETWORK_IO_HIGH, AlertRule.OPEN_FILES_HIGH, "agent-memory-high");
      file.writeTo(rules);
      rm.start();
      ticker.advance(Duration.ZERO); // CPU 50 %, worker-1 at 100 MiB: nothing fires

      try (PrometheusServer prometheus = PrometheusServer.start(dir, List.of(target(endpoint)), List.of(rules))) {
        // What Prometheus scraped equals what the library measured, in the meter's base unit (50 % -> 0.5).
        double libraryCpu = rm.latest(Metric.SYSTEM_CPU_USAGE) / 100.0;
        await().atMost(PATIENCE).until(() -> prometheus.value("resource_system_cpu_usage_ratio").orElse(-1.0)
            == libraryCpu);
        assertThat(libraryCpu).isEqualTo(0.5);
        assertThat(prometheus.alerts()).isEmpty();
        assertThat(alertsSeries(prometheus)).isEmpty();
        assertThat(rm.alerts().activeAlerts()).isEmpty();

        ticker.advance(Duration.ofSeconds(5)); // CPU 92 %, worker-1 at 300 MiB: both rules breach
        // cpu-high waits for its 15 s, agent-memory-high (no for) fires at once; Prometheus' ALERTS say the same.
        Map<String, String> pending = Map.of("cpu-high", "pending", "agent-memory-high", "firing");
        assertThat(libraryStates(rm)).isEqualTo(pending);
        await().atMost(PATIENCE).until(() -> alertsSeries(prometheus).equals(pending));
        ticker.advance(Duration.ofSeconds(5)); // 5 s since the breach
        ticker.advance(Duration.ofSeconds(5)); // 10 s
        assertThat(libraryStates(rm)).isEqualTo(pending);
        ticker.advance(Duration.ofSeconds(5)); // 15 s >= for: firing
        List<Alert> inProcess = rm.alerts().activeAlerts();
        assertThat(inProcess).extracting(Alert::name, Alert::state, Alert::severity).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cpu-high", AlertState.FIRING, Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("agent-memory-high", AlertState.FIRING, Severity.WARNING));
        Map<String, String> bothFiring = Map.of("cpu-high", "firing", "agent-memory-high", "firing");
        assertThat(libraryStates(rm)).isEqualTo(bothFiring);
        await().atMost(PATIENCE).until(() -> alertsSeries(prometheus).equals(bothFiring));

        await().atMost(PATIENCE).until(() -> firing(prometheus.alerts()).size() == 2);
        double scrapedCpu = prometheus.value("resource_system_cpu_usage_ratio").orElseThrow();
        assertThat(scrapedCpu).isEqualTo(rm.latest(Metric.SYSTEM_CPU_USAGE) / 100.0).isEqualTo(0.92);
        assertThat(prometheus.value("resource_agent_memory_used_bytes{agent=\"worker-1\"}").orElseThrow())
            .isEqualTo(300 * 1048576.0);

        String instance = target(endpoint);
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (JsonNode alert : firing(prometheus.alerts())) {
          Map<String, String> labels = new TreeMap<>();
          alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
          byName.put(labels.get("alertname"), labels);
        }
        // The library's labels plus severity (lowercase) plus the target's job and instance.
        assertThat(byName.get("cpu-high")).isEqualTo(Map.of("alertname", "cpu-high", "severity", "critical",
            "job", "resource-manager", "instance", instance));
        assertThat(byName.get("agent-memory-high")).isEqualTo(Map.of("alertname", "agent-memory-high",
            "severity", "warning", "agent", "worker-1", "project", "search", "job", "resource-manager",
            "instance", instance));
        for (Alert a : inProcess) {
          Map<String, String> expected = new TreeMap<>(a.labels());
          expected.put("severity", a.severity().name().toLowerCase(java.util.Locale.ROOT));
          expected.put("job", "resource-manager");
          expected.put("instance", instance);
          assertThat(byName.get(a.name())).isEqualTo(expected);
        }
        // The exported annotation, translated: {{value}} of a percentage is humanizePercentage (template.go: "%.4g%%"
        // of value * 100) of 0.92 = "92%", which prints its own % sign.
        JsonNode cpuAlert = firing(prometheus.alerts()).stream()
            .filter(a -> a.path("labels").path("alertname").asText().equals("cpu-high")).findFirst().orElseThrow();
        assertThat(cpuAlert.path("annotations").path("summary").asText()).isEqualTo("CPU usage is 92% (CRITICAL)");
      }
    } finally {
      registry.close();
    }
  }

  @Test
  void twoProcessesScrapedByOneServerGiveTheFleetView(@TempDir Path dir) throws Exception {
    PrometheusBinaries.prometheus();
    // Process A, in this JVM: agents at 90, 20, 70 % CPU. Process B, a second JVM: 60, 10, 10, 95 %.
    // Over the 50 % limit of agent-cpu-high: a-0, a-2, b-0, b-3, so 4 of 7 agents.
    Process other = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
        FleetMember.class.getName(), dir.toString(), "b", "60", "10", "10", "95")
        .redirectErrorStream(true).redirectOutput(dir.resolve("b.log").toFile()).start();
    long otherPid = other.pid();
    try (FleetMember.Member a = FleetMember.start("a", 90, 20, 70)) {
      Path portFile = dir.resolve("b.port");
      await("second JVM's endpoint").atMost(PATIENCE).until(() -> Files.exists(portFile) || !other.isAlive());
      assertThat(other.isAlive()).as("second JVM, log:%n%s", readQuietly(dir.resolve("b.log"))).isTrue();
      String b = "127.0.0.1:" + Files.readString(portFile).trim();

      Path rules = dir.resolve("rules.yml");
      PrometheusRules.custom().evaluationInterval(Duration.ofSeconds(1)).build()
          .export(a.manager.alerts().rules()).writeTo(rules);
      Path fleet = dir.resolve("fleet.yml");
      Files.writeString(fleet, String.join("\n",
          "groups:",
          "  - name: fleet",
          "    interval: 1s",
          "    rules:",
          "      - record: fleet:agents_over_cpu_limit:ratio",
          "        expr: count(resource_agent_cpu_usage_ratio >= 0.5) / count(resource_agent_cpu_usage_ratio)",
          "      - alert: fleet-agents-over-cpu-limit",
          "        expr: fleet:agents_over_cpu_limit:ratio > 0.5",
          "        labels: {severity: critical}",
          ""));
      assertThat(PrometheusBinaries.run(dir, 60, PrometheusBinaries.promtool().toString(), "check", "rules",
          rules.toString(), fleet.toString()).exitCode()).isZero();

      try (PrometheusServer prometheus = PrometheusServer.start(dir, List.of(target(a.endpoint), b),
          List.of(rules, fleet))) {
        await().atMost(PATIENCE).until(() -> prometheus.value("fleet:agents_over_cpu_limit:ratio").orElse(-1.0)
            == 4.0 / 7.0);
        await().atMost(PATIENCE).until(() -> firing(prometheus.alerts()).size() == 5);
        TreeSet<String> agentAlerts = new TreeSet<>();
        TreeSet<String> instances = new TreeSet<>();
        boolean fleetAlert = false;
        for (JsonNode alert : firing(prometheus.alerts())) {
          JsonNode labels = alert.path("labels");
          if (labels.path("alertname").asText().equals("agent-cpu-high")) {
            agentAlerts.add(labels.path("agent").asText());
            instances.add(labels.path("instance").asText());
          } else {
            fleetAlert |= labels.path("alertname").asText().equals("fleet-agents-over-cpu-limit");
          }
        }
        assertThat(agentAlerts).containsExactly("a-0", "a-2", "b-0", "b-3");
        assertThat(instances).containsExactlyInAnyOrder(target(a.endpoint), b);
        assertThat(fleetAlert).isTrue();
        // Process A alone sees only its own: the same two agents the server attributes to its instance.
        await().atMost(PATIENCE).until(() -> a.manager.alerts().activeAlerts().size() == 2);
        assertThat(a.manager.alerts().activeAlerts()).extracting(x -> x.agent().orElseThrow())
            .containsExactlyInAnyOrder("a-0", "a-2");
        assertThat(prometheus.query("count by (instance) (resource_agent_cpu_usage_ratio)")).hasSize(2);
      }
    } finally {
      ProcessHandle.of(otherPid).ifPresent(ProcessHandle::destroy);
      if (!other.waitFor(10, TimeUnit.SECONDS)) {
        ProcessHandle.of(otherPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** The library's active alerts: name to state, as Prometheus writes {@code alertstate}. */
  private static Map<String, String> libraryStates(ResourceManager rm) {
    Map<String, String> out = new TreeMap<>();
    for (Alert a : rm.alerts().activeAlerts()) {
      out.put(a.name(), a.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /** Prometheus' {@code ALERTS} series: alertname to alertstate. */
  private static Map<String, String> alertsSeries(PrometheusServer prometheus) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode series : prometheus.query("ALERTS")) {
      out.put(series.path("metric").path("alertname").asText(), series.path("metric").path("alertstate").asText());
    }
    return out;
  }

  private static List<JsonNode> firing(JsonNode alerts) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : alerts) {
      if (a.path("state").asText().equals("firing")) {
        out.add(a);
      }
    }
    return out;
  }

  private static String target(PrometheusEndpoint endpoint) {
    return "127.0.0.1:" + endpoint.address().getPort();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString() + (File.separatorChar == '\\' ? ".exe" : "");
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "(" + e + ")";
    }
  }
}
