package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void theDefaultRulesBecomeOneRulePerSeverityBandOnTheBinderSeries() throws Exception {
    List<Map<String, Object>> rules = rules(PrometheusRules.ofDefaults().export(AlertRule.defaultRules()));
    // 75 % and 80 % are the ratios 75 / 100 and 80 / 100 of resource_system_cpu_usage_ratio (base unit "ratio").
    assertThat(rules).extracting(r -> r.get("alert"), r -> r.get("expr"), r -> r.get("labels")).containsExactly(
        org.assertj.core.groups.Tuple.tuple("cpu-high", "resource_system_cpu_usage_ratio >= 0.75 < 0.8",
            Map.of("severity", "warning")),
        org.assertj.core.groups.Tuple.tuple("cpu-high", "resource_system_cpu_usage_ratio >= 0.8",
            Map.of("severity", "critical")),
        org.assertj.core.groups.Tuple.tuple("memory-high", "resource_system_memory_usage_ratio >= 0.75 < 0.8",
            Map.of("severity", "warning")),
        org.assertj.core.groups.Tuple.tuple("memory-high", "resource_system_memory_usage_ratio >= 0.8",
            Map.of("severity", "critical")),
        // 100 MB/s = 100 * 2^20 = 104857600 bytes per second, on the sum of the two rate gauges
        org.assertj.core.groups.Tuple.tuple("disk-io-high", "(resource_system_disk_read_bytes_per_second"
            + " + resource_system_disk_write_bytes_per_second) >= 104857600", Map.of("severity", "warning")),
        org.assertj.core.groups.Tuple.tuple("network-io-high", "(resource_system_network_receive_bytes_per_second"
            + " + resource_system_network_transmit_bytes_per_second) >= 104857600", Map.of("severity", "warning")),
        org.assertj.core.groups.Tuple.tuple("open-files-high", "resource_process_files_open >= 1000",
            Map.of("severity", "critical")));
    assertThat(rules).allSatisfy(r -> assertThat(r).doesNotContainKeys("for", "keep_firing_for"));
    assertThat(rules.get(0).get("annotations")).isEqualTo(
        Map.of("summary", "CPU usage is {{ $value | humanizePercentage }} (WARNING)"));
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
    // cpu-high and memory-high: 2 severities each; disk, network, open files: 1 each -> 2 + 2 + 1 + 1 + 1 = 7
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
