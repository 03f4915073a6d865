package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What annotation texts print: values in their units, the state, labels as Prometheus templates read them. */
class AlertTextTest {

  @Test
  void humanValueUsesTheUnitOfTheWatchedMetric() {
    // binary prefixes, one decimal: 52638515.2 / 2^20 = 50.2000... MiB; 3435973836.8 / 2^30 = 3.2 GiB
    assertThat(Templates.human(52_638_515.2, Unit.BYTES_PER_SECOND)).isEqualTo("50.2 MiB/s");
    assertThat(Templates.human(3_435_973_836.8, Unit.BYTES)).isEqualTo("3.2 GiB");
    assertThat(Templates.human(81, Unit.PERCENT)).isEqualTo("81 %");
    assertThat(Templates.human(81.25, Unit.PERCENT)).isEqualTo("81.3 %"); // half up
    assertThat(Templates.human(512, Unit.BYTES)).isEqualTo("512 B");
    assertThat(Templates.human(1024, Unit.BYTES)).isEqualTo("1 KiB");
    assertThat(Templates.human(1_048_575, Unit.BYTES)).isEqualTo("1 MiB"); // 1023.999 KiB rounds to 1024.0 KiB
    assertThat(Templates.human(1021, Unit.COUNT)).isEqualTo("1021");
    assertThat(Templates.human(1.5, Unit.SECONDS)).isEqualTo("1.5 s");
    assertThat(Templates.human(Double.NaN, Unit.PERCENT)).isEqualTo("no data");
    assertThat(Templates.human(0.25, null)).isEqualTo("0.25"); // a gauge has no unit
  }

  @Test
  void annotationsPrintTheValueInItsUnitAndTheState() {
    AlertRule disk = AlertRule.custom().name("disk-io-high").sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
        .threshold(Severity.WARNING, 40 * AlertRule.MEGABYTE)
        .annotation("summary", "disk throughput {{humanValue}} ({{severity}}, {{state}})")
        .annotation("raw", "{{value}} bytes/s").build();
    AlertRule memory = AlertRule.custom().name("memory-used-high").metric(Metric.SYSTEM_MEMORY_USED)
        .threshold(Severity.INFO, 3L << 30).annotation("summary", "memory {{humanValue}}").build();
    try (AlertHarness h = new AlertHarness(disk, memory)) {
      h.set(Metric.SYSTEM_DISK_READ, 42_000_000).set(Metric.SYSTEM_DISK_WRITE, 10_638_515.2)
          .set(Metric.SYSTEM_MEMORY_USED, 3_435_973_836.8).sampleAt(0);
      assertThat(h.pipeline.activeAlerts()).extracting(Alert::annotations).containsExactly(
          Map.of("summary", "disk throughput 50.2 MiB/s (WARNING, firing)", "raw", "52638515.2 bytes/s"),
          Map.of("summary", "memory 3.2 GiB"));
    }
  }

  @Test
  void resolvedAlertTextSaysItResolvedWithTheValueAtResolution() {
    AlertRule cpu = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.CRITICAL, 80).annotation("summary", "CPU {{humanValue}} ({{severity}}, {{state}})").build();
    try (AlertHarness h = new AlertHarness(cpu)) {
      h.cpuAt(0, 81).cpuAt(5, 62.4);
      List<AlertEvent> events = h.events();
      assertThat(events.get(0).alert().annotations()).containsEntry("summary", "CPU 81 % (CRITICAL, firing)");
      Alert resolved = events.get(1).alert();
      assertThat(resolved.annotations()).containsEntry("summary", "CPU 62.4 % (CRITICAL, resolved)");
      assertThat(resolved.value()).isEqualTo(81); // the value stays that of the last match, as Prometheus keeps it
      assertThat(h.pipeline.resolvedAlerts().get(0)).isEqualTo(resolved);
    }
  }

  @Test
  void alertResolvedByMissingDataSaysNoData() {
    AlertRule cpu = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.CRITICAL, 80).annotation("summary", "CPU {{humanValue}}, {{state}}").build();
    try (AlertHarness h = new AlertHarness(cpu)) {
      h.cpuAt(0, 90).cpuAt(5, Double.NaN);
      assertThat(h.pipeline.resolvedAlerts().get(0).annotations()).containsEntry("summary", "CPU no data, resolved");
    }
  }

  @Test
  void pendingAlertTextSaysPending() {
    AlertRule cpu = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.CRITICAL, 80)
        .forDuration(java.time.Duration.ofMinutes(1)).annotation("summary", "{{state}}").build();
    try (AlertHarness h = new AlertHarness(cpu)) {
      h.cpuAt(0, 90);
      assertThat(h.active().annotations()).containsEntry("summary", "pending");
    }
  }

  @Test
  void labelsPlaceholdersReadTheWatchedSeriesLabelsAsPrometheusTemplatesDo() {
    // Prometheus rules/alerting.go, AlertingRule.Eval: the template data's Labels are the query result's series
    // labels (smpl.Metric), before the rule's labels and alertname are added; template/template.go,
    // NewTemplateExpander, runs with missingkey=zero, so a label the series lacks prints as empty.
    AlertRule rule = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, 50).label("team", "platform")
        .annotation("summary", "{{$labels.agent}} of {{ $labels.project }} at {{value}} %{{$labels.team}}"
            + "{{$labels.alertname}}{{$labels.nothing}}")
        .build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.monitor.tracker().register("worker-1", Map.of("project", "alpha"));
      h.values.setAgent("worker-1", Metric.AGENT_CPU_USAGE, 60);
      h.sampleAt(0);
      assertThat(h.active().annotations()).containsEntry("summary", "worker-1 of alpha at 60 %");
      assertThat(h.active().labels()).containsEntry("team", "platform").containsEntry("alertname", "agent-cpu-high");
    }
  }

  @Test
  void machineLevelRuleHasNoSeriesLabels() {
    AlertRule rule = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.WARNING, 50)
        .label("team", "platform").annotation("summary", "[{{$labels.team}}] {{metric}} {{value}}").build();
    try (AlertHarness h = new AlertHarness(rule)) {
      h.cpuAt(0, 60);
      assertThat(h.active().annotations()).containsEntry("summary", "[] system.cpu.usage 60");
    }
  }
}
