package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig;
import io.github.resourcemanager.monitor.Metric;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule file: expressions on the binder's Prometheus names, validity for promtool, translated annotations. */
class RuleExportTest {

  private static final Meter.Id QUEUE_DEPTH = new Meter.Id("app.queue.depth", Tags.of("queue", "orders"), null,
      "orders waiting", Meter.Type.GAUGE);

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules(PrometheusRuleFile file) throws Exception {
    Map<String, Object> doc = new YAMLMapper().readValue(file.yaml(), Map.class);
    Map<String, Object> group = ((List<Map<String, Object>>) doc.get("groups")).get(0);
    return (List<Map<String, Object>>) group.get("rules");
  }

  // The default rules, as AlertRule.defaultRules() defines them (after node_exporter's node mixin), in the binder's
  // base units (ResourceManagerMetricsConfig.toBaseUnit: a percentage is the ratio p / 100, bytes stay bytes).
  private static final String CPU_WARNING = "0.9"; // 90 % -> 90 / 100
  private static final String CPU_CLEAR = "0.75"; // 75 % -> 75 / 100
  private static final String MEMORY_WARNING = "0.9"; // 90 % -> 90 / 100
  private static final String MEMORY_CLEAR = "0.85"; // 85 % -> 85 / 100
  private static final String IO_INFO = Long.toString(100L * 1024 * 1024); // 100 MiB/s = 104857600 bytes/s
  private static final String IO_CLEAR = Long.toString(50L * 1024 * 1024); // 50 MiB/s = 52428800 bytes/s
  private static final String TEN_MINUTES = "10m";
  private static final String FIFTEEN_MINUTES = "15m";
  private static final String TWO_MINUTES = "2m";
  private static final String IGNORING = "ignoring(alertname, alertstate, severity)";

  /**
   * The file descriptor limit the default open-files rule is made for: the JVM's
   * {@code UnixOperatingSystemMXBean.getMaxFileDescriptorCount()}, or 1,024 where it reports none (AlertRule.defaultRules).
   */
  private static long fileDescriptorLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      if (max > 0 && max <= Integer.MAX_VALUE) {
        return max;
      }
    }
    return 1024;
  }

  /** The alert's own firing ALERTS series, as the hysteresis reads it. */
  private static String firingAlerts(String alertname) {
    return "ALERTS{alertname=\"" + alertname + "\",alertstate=\"firing\"}";
  }

  /** {@code v >= threshold or (v > clear and ignoring(...) ALERTS{<own, firing>})}: one severity with hysteresis. */
  private static String heldDownToClear(String v, String threshold, String clear, String alertname) {
    return v + " >= " + threshold + " or (" + v + " > " + clear + " and " + IGNORING + " " + firingAlerts(alertname)
        + ")";
  }

  @Test
  void theDefaultRulesWithOneSeverityBecomeOneRuleEachWithForKeepFiringForAndHysteresis() throws Exception {
    List<Map<String, Object>> rules = rules(PrometheusRules.ofDefaults().export(AlertRule.defaultRules()));
    String cpu = "resource_system_cpu_usage_ratio";
    String memory = "resource_system_memory_usage_ratio";
    String disk = "(resource_system_disk_read_bytes_per_second + resource_system_disk_write_bytes_per_second)";
    String network = "(resource_system_network_receive_bytes_per_second"
        + " + resource_system_network_transmit_bytes_per_second)";
    assertThat(rules).extracting(r -> r.get("alert"), r -> r.get("expr"), r -> r.get("for"),
        r -> r.get("keep_firing_for"), r -> r.get("labels")).startsWith(
        tuple("cpu-high", heldDownToClear(cpu, CPU_WARNING, CPU_CLEAR, "cpu-high"), TEN_MINUTES, TWO_MINUTES,
            Map.of("severity", "warning")),
        tuple("memory-high", heldDownToClear(memory, MEMORY_WARNING, MEMORY_CLEAR, "memory-high"), FIFTEEN_MINUTES,
            null, Map.of("severity", "warning")),
        tuple("disk-io-high", heldDownToClear(disk, IO_INFO, IO_CLEAR, "disk-io-high"), TEN_MINUTES, TWO_MINUTES,
            Map.of("severity", "info")),
        tuple("network-io-high", heldDownToClear(network, IO_INFO, IO_CLEAR, "network-io-high"), TEN_MINUTES,
            TWO_MINUTES, Map.of("severity", "info")));
    // {{humanValue}} of a percentage: humanizePercentage; of a byte rate: humanize1024 and B/s; {{state}}: firing
    assertThat(rules).extracting(r -> r.get("annotations")).startsWith(
        Map.of("summary", "CPU usage {{ $value | humanizePercentage }} (WARNING, firing)"),
        Map.of("summary", "memory usage {{ $value | humanizePercentage }} (WARNING, firing)"),
        Map.of("summary", "disk throughput {{ $value | humanize1024 }}B/s (INFO, firing)"),
        Map.of("summary", "network throughput {{ $value | humanize1024 }}B/s (INFO, firing)"));
  }

  @Test
  void theDefaultOpenFilesRuleBecomesAGateAndOneRulePerSeverityBandHeldDownToItsClearThreshold() throws Exception {
    List<Map<String, Object>> rules = rules(PrometheusRules.ofDefaults().export(AlertRule.defaultRules()));
    long limit = fileDescriptorLimit();
    // "above 70 %" of the limit L is the least whole count c with c * 100 / L > 70: 70 * L / 100 + 1 (integer
    // division); the same for 90 %; the clear threshold is 60 * L / 100.
    String warning = Long.toString(70 * limit / 100 + 1);
    String critical = Long.toString(90 * limit / 100 + 1);
    String clear = Long.toString(60 * limit / 100);
    String v = "resource_process_files_open";
    String gate = "open-files-high:active";
    String gateFiring = IGNORING + " " + firingAlerts(gate);
    List<Map<String, Object>> openFiles = rules.subList(4, rules.size());
    assertThat(openFiles).extracting(r -> r.get("alert"), r -> r.get("for"), r -> r.get("keep_firing_for"),
        r -> r.get("labels")).containsExactly(
        tuple(gate, FIFTEEN_MINUTES, null, null),
        tuple("open-files-high", null, null, Map.of("severity", "warning")),
        tuple("open-files-high", null, null, Map.of("severity", "critical")));
    // The gate: pending and firing as the library's alert, held down to the clear threshold while it fires.
    assertThat(openFiles.get(0).get("expr")).isEqualTo(heldDownToClear(v, warning, clear, gate));
    // Each severity fires while the gate fires and the value is in its band (the lowest band reaching down to the
    // clear threshold); while the gate is held without a breach, the severity of the previous evaluation is kept.
    String[] bands = {v + " > " + clear + " < " + critical, v + " >= " + critical};
    String[] severities = {"warning", "critical"};
    for (int i = 0; i < 2; i++) {
      String kept = "(max without(alertname, alertstate, severity) (ALERTS{alertname=\"open-files-high\","
          + "alertstate=\"firing\",severity=\"" + severities[i] + "\"}) and " + gateFiring + " unless " + IGNORING
          + " (" + v + " > " + clear + "))";
      assertThat(openFiles.get(i + 1).get("expr")).as(severities[i]).isEqualTo("(" + bands[i] + " and " + gateFiring
          + ") or (" + v + " and " + IGNORING + " " + kept + ") or " + kept);
    }
    assertThat(openFiles.get(0)).doesNotContainKey("annotations");
    assertThat(openFiles.get(1).get("annotations")).isEqualTo(Map.of("summary",
        "{{ $value }} open file descriptors in this process, limit " + limit + " (WARNING, firing)"));
    assertThat(openFiles.get(2).get("annotations")).isEqualTo(Map.of("summary",
        "{{ $value }} open file descriptors in this process, limit " + limit + " (CRITICAL, firing)"));
  }

  @Test
  void oneSeverityKeepsForKeepFiringForAndHoldsDownToTheClearThresholdThroughItsOwnAlertsSeries() throws Exception {
    AlertRule gc = AlertRule.custom().name("gc-overhead-high").metric(Metric.JVM_GC_OVERHEAD)
        .threshold(Severity.CRITICAL, 25).clearThreshold(5).forDuration(Duration.ofSeconds(90))
        .keepFiringFor(Duration.ofMillis(30_500)).label("team", "jvm").build();
    Map<String, Object> rule = rules(PrometheusRules.ofDefaults().export(List.of(gc))).get(0);
    assertThat(rule.get("expr")).isEqualTo("resource_jvm_gc_overhead_ratio >= 0.25 or (resource_jvm_gc_overhead_ratio"
        + " > 0.05 and ignoring(alertname, alertstate, severity, team) ALERTS{alertname=\"gc-overhead-high\","
        + "alertstate=\"firing\"})");
    assertThat(rule.get("for")).isEqualTo("1m30s");
    assertThat(rule.get("keep_firing_for")).isEqualTo("30s500ms");
    assertThat(rule.get("labels")).isEqualTo(Map.of("team", "jvm", "severity", "critical"));
  }

  @Test
  void severalSeveritiesWithForGetAGateCarryingForAndOneRulePerSeverity() throws Exception {
    AlertRule low = AlertRule.custom().name("free-memory-low").metric(Metric.JVM_HEAP_USED)
        .direction(Direction.BELOW).threshold(Severity.WARNING, 200).threshold(Severity.CRITICAL, 100)
        .forDuration(Duration.ofMinutes(1)).build();
    List<Map<String, Object>> rules = rules(PrometheusRules.ofDefaults().export(List.of(low)));
    assertThat(rules).extracting(r -> r.get("alert")).containsExactly("free-memory-low:active", "free-memory-low",
        "free-memory-low");
    assertThat(rules.get(0).get("expr")).isEqualTo("resource_jvm_heap_used_bytes <= 200");
    assertThat(rules.get(0).get("for")).isEqualTo("1m");
    assertThat(rules.get(0)).doesNotContainKey("labels");
    assertThat((String) rules.get(1).get("expr")).startsWith("(resource_jvm_heap_used_bytes <= 200 > 100 and "
        + "ignoring(alertname, alertstate, severity) ALERTS{alertname=\"free-memory-low:active\",alertstate=\"firing\"})");
    assertThat(rules.get(1)).doesNotContainKey("for");
    assertThat(rules.get(2).get("labels")).isEqualTo(Map.of("severity", "critical"));
  }

  @Test
  void theBinderPrefixCommonTagsAndMappedGaugesBecomeSelectors() throws Exception {
    ResourceManagerMetricsConfig metrics = ResourceManagerMetricsConfig.custom().prefix("rm.host")
        .tags("application", "api").build();
    AlertRule agentCpu = AlertRule.custom().name("agent-cpu").metric(Metric.AGENT_CPU_TIME)
        .threshold(Severity.INFO, 3600).build();
    AlertRule queue = AlertRule.custom().name("queue-deep").gauge("orders queue", () -> 0)
        .threshold(Severity.WARNING, 1000).build();
    List<Map<String, Object>> rules = rules(PrometheusRules.custom().metrics(metrics)
        .gaugeMeter("orders queue", QUEUE_DEPTH).build().export(List.of(agentCpu, queue)));
    // agent.cpu.time is a counter: Prometheus names it with _total
    assertThat(rules.get(0).get("expr"))
        .isEqualTo("rm_host_agent_cpu_time_seconds_total{application=\"api\"} >= 3600");
    assertThat(rules.get(1).get("expr")).isEqualTo("app_queue_depth{queue=\"orders\"} >= 1000");
  }

  @Test
  void aRuleThatCannotBeExpressedIsReportedByNameAndTheRestExported() {
    AlertRule unmapped = AlertRule.custom().name("queue-deep").gauge("orders queue", () -> 0)
        .threshold(Severity.WARNING, 1000).build();
    AlertRule badAnnotation = AlertRule.custom().name("cpu-note").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.INFO, 50).annotation("run-book", "see wiki").build();
    AlertRule nanos = AlertRule.custom().name("cpu-quick").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.INFO, 50).forDuration(Duration.ofNanos(1_500_000_100)).build();
    AlertRule filtered = AlertRule.custom().name("load-high").metric(Metric.SYSTEM_LOAD_1M)
        .threshold(Severity.INFO, 4).build();
    PrometheusRuleFile file = PrometheusRules.custom().metrics(ResourceManagerMetricsConfig.custom()
        .metricFilter(m -> !m.name().startsWith("system.load")).build()).build()
        .export(List.of(AlertRule.defaultRules().get(0), unmapped, badAnnotation, nanos, filtered));
    assertThat(file.exported()).containsExactly("cpu-high");
    assertThat(file.notExported()).containsOnlyKeys("queue-deep", "cpu-note", "cpu-quick", "load-high");
    assertThat(file.notExported().get("queue-deep")).contains("orders queue").contains("gaugeMeter");
    assertThat(file.notExported().get("cpu-note")).contains("run-book");
    assertThat(file.notExported().get("cpu-quick")).contains("millisecond");
    assertThat(file.notExported().get("load-high")).contains("system.load.1m").contains("metricFilter");
    assertThat(file.yaml()).contains("# Not exported:\n#   queue-deep: ").contains("#   cpu-note: ")
        .contains("#   cpu-quick: ").contains("#   load-high: ");
  }

  @Test
  void promtoolAcceptsTheExportOfTheDefaultRulesAndOfARichExample(@TempDir Path dir) throws Exception {
    Path promtool = PrometheusBinaries.promtool();
    Path defaults = dir.resolve("defaults.yml");
    PrometheusRules.ofDefaults().export(AlertRule.defaultRules()).writeTo(defaults);
    PrometheusBinaries.Run run = PrometheusBinaries.run(dir, 60, promtool.toString(), "check", "rules",
        defaults.toString());
    // cpu-high, memory-high, disk-io-high, network-io-high: 1 severity each; open-files-high: 2 severities with a for,
    // so a gate and 2 -> 1 + 1 + 1 + 1 + 3 = 7
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: 7 rules found");

    Path rich = dir.resolve("rich.yml");
    PrometheusRuleFile file = PrometheusRules.custom()
        .metrics(ResourceManagerMetricsConfig.custom().tags("application", "api").build())
        .groupName("api resource rules").evaluationInterval(Duration.ofSeconds(5))
        .gaugeMeter("orders queue", QUEUE_DEPTH).build().export(richRules());
    file.writeTo(rich);
    run = PrometheusBinaries.run(dir, 60, promtool.toString(), "check", "rules", rich.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    // gate + 4 severities; 2 severities without for; 1; 1 (sum); 1 (gauge); gate + 2 (BELOW with keep_firing_for)
    assertThat(run.output()).contains("SUCCESS: " + (5 + 2 + 1 + 1 + 1 + 3) + " rules found");
    assertThat(file.notExported()).containsOnlyKeys("unmapped-gauge");
  }

  /** Every feature of the rules at once. */
  static List<AlertRule> richRules() {
    List<AlertRule> rules = new ArrayList<>();
    rules.add(AlertRule.custom().name("cpu-escalating").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.INFO, 60).threshold(Severity.WARNING, 70).threshold(Severity.CRITICAL, 80)
        .threshold(Severity.EMERGENCY, 95).clearThreshold(50).forDuration(Duration.ofSeconds(30))
        .keepFiringFor(Duration.ofSeconds(15)).label("team", "platform").label("tier", "1")
        .annotation("summary", "CPU at {{value}} % ({{severity}})")
        .annotation("description", "{{metric}} is {{value}}% on this host; {{agent}}").build());
    rules.add(AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).threshold(Severity.CRITICAL, 90).clearThreshold(40)
        .annotation("summary", "agent {{agent}} uses {{value}} % of the CPU").build());
    rules.add(AlertRule.custom().name("agent-memory-high").metric(Metric.AGENT_MEMORY_USED)
        .threshold(Severity.WARNING, 512 * 1048576.0).forDuration(Duration.ofMinutes(2))
        .annotation("summary", "{{agent}} holds {{value}} bytes").build());
    rules.add(AlertRule.custom().name("network-saturated").sumOf(Metric.SYSTEM_NETWORK_RECEIVE,
        Metric.SYSTEM_NETWORK_TRANSMIT).threshold(Severity.CRITICAL, 1e9).build());
    rules.add(AlertRule.custom().name("queue-deep").gauge("orders queue", () -> 0).threshold(Severity.WARNING, 1000)
        .annotation("summary", "{{value}} orders waiting").build());
    rules.add(AlertRule.custom().name("heap-headroom-low").metric(Metric.JVM_HEAP_COMMITTED)
        .direction(Direction.BELOW).threshold(Severity.WARNING, 256 * 1048576.0)
        .threshold(Severity.CRITICAL, 128 * 1048576.0).keepFiringFor(Duration.ofMinutes(1)).build());
    rules.add(AlertRule.custom().name("unmapped-gauge").gauge("sessions", () -> 0).threshold(Severity.INFO, 1).build());
    return rules;
  }

  @Test
  void annotationsAreExpandedByPrometheusAsTheTranslationSays(@TempDir Path dir) throws Exception {
    Path promtool = PrometheusBinaries.promtool();
    PrometheusRules.ofDefaults().export(richRules().subList(1, 3)).writeTo(dir.resolve("rules.yml"));
    Files.writeString(dir.resolve("test.yml"), String.join("\n",
        "rule_files: [rules.yml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - interval: 1m",
        "    input_series:",
        "      - series: 'resource_agent_cpu_usage_ratio{agent=\"w1\",project=\"p\"}'",
        "        values: '0.625'",
        "      - series: 'resource_agent_memory_used_bytes{agent=\"w2\",project=\"p\"}'",
        "        values: '629145600 629145600 629145600'",
        "    alert_rule_test:",
        "      - eval_time: 0m",
        "        alertname: agent-cpu-high",
        "        exp_alerts:",
        "          - exp_labels: {agent: w1, project: p, severity: warning}",
        // template.go humanizePercentage: fmt.Sprintf("%.4g%%", 0.625 * 100) = "62.5%"; the " %" after the placeholder
        // is absorbed, as the function prints its own sign
        "            exp_annotations: {summary: 'agent w1 uses 62.5% of the CPU'}",
        "      - eval_time: 2m",
        "        alertname: agent-memory-high",
        "        exp_alerts:",
        "          - exp_labels: {agent: w2, project: p, severity: warning}",
        // template.go humanize1024: 629145600 / 1024 / 1024 = 600 -> fmt.Sprintf("%.4g%s", 600, "Mi") = "600Mi"
        "            exp_annotations: {summary: 'w2 holds 600Mi bytes'}",
        ""));
    PrometheusBinaries.Run run = PrometheusBinaries.run(dir, 60, promtool.toString(), "test", "rules", "test.yml");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void prometheusRunsTheDefaultCpuRuleForTenMinutesHeldDownTo75PercentAndKeptFiringTwoMinutes(@TempDir Path dir)
      throws Exception {
    Path promtool = PrometheusBinaries.promtool();
    PrometheusRules.ofDefaults().export(AlertRule.defaultRules().subList(0, 1)).writeTo(dir.resolve("rules.yml"));
    // One value a minute: 92 % from 0 to 10m, 80 % (under 90 %, over the clear threshold 75 %) at 11m and 12m,
    // then 70 % from 13m on. rules/alerting.go: pending from 0, firing once ts - activeAt >= for (10m); held at 80 %
    // by the hysteresis; at 13m the condition no longer holds, keepFiringSince = 13m, kept firing while
    // ts - keepFiringSince < keep_firing_for (2m): at 13m and 14m, with the value of the last match (80 %); gone at 15m.
    String firing92 = "          - exp_labels: {severity: warning}\n"
        + "            exp_annotations: {summary: 'CPU usage 92% (WARNING, firing)'}";
    String firing80 = "          - exp_labels: {severity: warning}\n"
        + "            exp_annotations: {summary: 'CPU usage 80% (WARNING, firing)'}";
    StringBuilder test = new StringBuilder(String.join("\n",
        "rule_files: [rules.yml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - interval: 1m",
        "    input_series:",
        "      - series: 'resource_system_cpu_usage_ratio'",
        "        values: '0.92x10 0.8x1 0.7x4'",
        "    alert_rule_test:", ""));
    // template.go humanizePercentage: fmt.Sprintf("%.4g%%", v * 100): 0.92 -> "92%", 0.8 -> "80%"
    String[] expected = {"", "", "", "", "", "", "", "", "", "", firing92, firing80, firing80, firing80, firing80, "",
        ""};
    for (int minute = 0; minute < expected.length; minute++) {
      test.append("      - eval_time: ").append(minute).append("m\n")
          .append("        alertname: cpu-high\n")
          .append(expected[minute].isEmpty() ? "        exp_alerts: []\n" : "        exp_alerts:\n" + expected[minute]
              + "\n");
    }
    Files.writeString(dir.resolve("test.yml"), test);
    PrometheusBinaries.Run run = PrometheusBinaries.run(dir, 60, promtool.toString(), "test", "rules", "test.yml");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> PrometheusRules.custom().groupName(" x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupName \" x\"");
    assertThatThrownBy(() -> PrometheusRules.custom().evaluationInterval(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evaluationInterval PT5M");
    assertThatThrownBy(() -> PrometheusRules.custom().gaugeMeter("x", new Meter.Id("c", Tags.empty(), null, null,
        Meter.Type.COUNTER))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COUNTER");
    assertThatThrownBy(() -> PrometheusRules.custom().metrics(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("metrics");
    assertThatThrownBy(() -> PrometheusRules.ofDefaults().export((List<AlertRule>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("rules");
    assertThatThrownBy(() -> PrometheusRules.ofDefaults().export(Arrays.asList((AlertRule) null)))
        .isInstanceOf(NullPointerException.class).hasMessage("rules[0]");
    assertThatThrownBy(() -> PrometheusRules.custom().groupName(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("groupName");
  }
}
