package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.units.ByteSize;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default rules: CPU, memory, disk and network throughput, open files.
 *
 * <p>Thresholds from Prometheus' node_exporter mixin, docs/node-mixin/config.libsonnet and alerts/alerts.libsonnet:
 * {@code cpuHighUsageThreshold: 90} (NodeCPUHighUsage), {@code memoryHighUtilizationThreshold: 90}
 * (NodeMemoryHighUtilization, {@code for: '15m'}), NodeFileDescriptorLimit {@code node_filefd_allocated * 100 /
 * node_filefd_maximum > 70} (warning) and {@code > 90} (critical), {@code for: '15m'}. The other settings (CPU
 * {@code for} 10 min, throughput INFO at 100 MiB/s for 10 min, the clear thresholds and keepFiringFor) are the
 * library's choices, reasoned in docs/alerting.md.
 */
class DefaultAlertRulesTest {

  private static final long MIB = 1L << 20;

  /** The limit the JVM reports for this process, read here independently of the library; 1024 if none. */
  private static long fileDescriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
        && unix.getMaxFileDescriptorCount() > 0) {
      return unix.getMaxFileDescriptorCount();
    }
    return 1024;
  }

  /** The least whole count {@code c} with {@code c * 100 / limit > percent}: {@code floor(percent * limit / 100) + 1}. */
  private static double countAbove(long percent, long limit) {
    return Math.floorDiv(percent * limit, 100) + 1;
  }

  @Test
  void defaultRuleTableHoldsTheDocumentedLimits() {
    long limit = fileDescriptorLimit();
    List<AlertRule> rules = AlertRule.defaultRules();
    assertThat(rules).extracting(AlertRule::name)
        .containsExactly("cpu-high", "memory-high", "disk-io-high", "network-io-high", "open-files-high");
    assertThat(rules).extracting(AlertRule::input).containsExactly("system.cpu.usage", "system.memory.usage",
        "system.disk.read + system.disk.write", "system.network.receive + system.network.transmit", "process.files.open");
    assertThat(rules).extracting(AlertRule::thresholds).containsExactly(
        Map.of(Severity.WARNING, 90.0),
        Map.of(Severity.WARNING, 90.0),
        Map.of(Severity.INFO, 100.0 * MIB),
        Map.of(Severity.INFO, 100.0 * MIB),
        Map.of(Severity.WARNING, countAbove(70, limit), Severity.CRITICAL, countAbove(90, limit)));
    assertThat(rules).extracting(AlertRule::forDuration).containsExactly(Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(15));
    assertThat(rules).extracting(r -> r.clearThreshold().orElseThrow()).containsExactly(75.0, 85.0, 50.0 * MIB,
        50.0 * MIB, (double) Math.floorDiv(60 * limit, 100));
    assertThat(rules).extracting(AlertRule::keepFiringFor).containsExactly(Duration.ofMinutes(2), Duration.ZERO,
        Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ZERO);
    assertThat(rules).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Direction.ABOVE));
  }

  @Test
  void defaultMegabyteIsTheOneByteSizeReads() {
    assertThat(AlertRule.MEGABYTE * 100).isEqualTo(ByteSize.parse("100MB").bytes());
    assertThat(AlertRule.MEGABYTE * 100).isEqualTo(ByteSize.parse("100Mi").bytes());
  }

  @Test
  void defaultsFireOnceTheirLimitHeldForTheirForDuration() {
    long limit = fileDescriptorLimit();
    try (AlertHarness h = new AlertHarness(b -> b.defaultRules(true))) {
      h.set(Metric.SYSTEM_CPU_USAGE, 90).set(Metric.SYSTEM_MEMORY_USAGE, 90)
          .set(Metric.SYSTEM_DISK_READ, 60 * MIB).set(Metric.SYSTEM_DISK_WRITE, 40 * MIB)
          .set(Metric.SYSTEM_NETWORK_RECEIVE, 99 * MIB).set(Metric.SYSTEM_NETWORK_TRANSMIT, 0)
          .set(Metric.PROCESS_OPEN_FILES, countAbove(90, limit));
      for (long s = 0; s < 600; s += 5) {
        h.sampleAt(s);
      }
      assertThat(h.pipeline.activeAlerts()).extracting(a -> a.name() + " " + a.state())
          .containsExactly("cpu-high PENDING", "memory-high PENDING", "disk-io-high PENDING", "open-files-high PENDING");
      h.sampleAt(600); // 10 min: cpu and disk
      assertThat(h.pipeline.activeAlerts(Severity.WARNING)).extracting(a -> a.name() + " " + a.state())
          .containsExactly("cpu-high FIRING", "memory-high PENDING");
      for (long s = 605; s <= 900; s += 5) {
        h.sampleAt(s);
      }
      // 15 min: memory and open files
      assertThat(h.pipeline.activeAlerts()).extracting(a -> a.name() + " " + a.severity() + " " + a.firedAt().orElseThrow()
          + " " + a.annotations().get("summary")).containsExactly(
          "cpu-high WARNING " + at(600) + " CPU usage 90 % (WARNING, firing)",
          "memory-high WARNING " + at(900) + " memory usage 90 % (WARNING, firing)",
          "disk-io-high INFO " + at(600) + " disk throughput 100 MiB/s (INFO, firing)",
          "open-files-high CRITICAL " + at(900) + " " + (long) countAbove(90, limit) + " open file descriptors in this "
              + "process, limit " + limit + " (CRITICAL, firing)");
    }
  }

  @Test
  void defaultsDoNotFireOnSpikesOrBurstsShorterThanTheirForDuration() {
    try (AlertHarness h = new AlertHarness(b -> b.defaultRules(true))) {
      h.set(Metric.SYSTEM_MEMORY_USAGE, 40).set(Metric.SYSTEM_DISK_WRITE, 0).set(Metric.SYSTEM_DISK_READ, 0)
          .set(Metric.SYSTEM_NETWORK_RECEIVE, 0).set(Metric.SYSTEM_NETWORK_TRANSMIT, 0)
          .set(Metric.PROCESS_OPEN_FILES, 60);
      for (long s = 0; s < 3600; s += 5) {
        // CPU saturated for 9 min 55 s out of every 10, disk at 440 MiB/s for one sample a minute
        h.set(Metric.SYSTEM_CPU_USAGE, s % 600 == 595 ? 40 : 100);
        h.set(Metric.SYSTEM_DISK_WRITE, s % 60 == 30 ? 440 * MIB : 0);
        h.sampleAt(s);
      }
      assertThat(h.events()).isEmpty();
      assertThat(h.pipeline.resolvedAlerts()).isEmpty();
    }
  }

  @Test
  void firingCpuAlertRidesOutShortDipsAndClearsBelowItsClearThreshold() {
    try (AlertHarness h = new AlertHarness(b -> b.defaultRules(true))) {
      for (long s = 0; s <= 600; s += 5) {
        h.set(Metric.SYSTEM_CPU_USAGE, 100).sampleAt(s);
      }
      h.set(Metric.SYSTEM_CPU_USAGE, 80).sampleAt(605); // above the clear threshold 75: still firing
      h.set(Metric.SYSTEM_CPU_USAGE, 30).sampleAt(610); // below it: kept by keepFiringFor (2 min from 610)
      h.set(Metric.SYSTEM_CPU_USAGE, 95).sampleAt(615);
      for (long s = 620; s < 740; s += 5) {
        h.set(Metric.SYSTEM_CPU_USAGE, 50).sampleAt(s); // from 620, 2 min: kept until 735
      }
      assertThat(h.active().state()).isEqualTo(AlertState.FIRING);
      h.set(Metric.SYSTEM_CPU_USAGE, 50).sampleAt(740);
      assertThat(h.eventLines()).containsExactly("Fired cpu-high#1 WARNING @600", "Resolved cpu-high#1 WARNING @740");
      assertThat(h.events().get(1).alert().value()).isEqualTo(95); // the last matching value (615)
      assertThat(h.events().get(1).alert().annotations()).containsEntry("summary", "CPU usage 50 % (WARNING, resolved)");
    }
  }

  @Test
  void ruleNamedLikeADefaultReplacesIt() {
    AlertRule stricter = AlertRule.defaultRules().get(0).toBuilder().threshold(Severity.CRITICAL, 98).build();
    AlertPipelineConfig config = AlertPipelineConfig.custom().rule(stricter).build();
    assertThat(config.rules()).hasSize(5);
    assertThat(config.rules().get(0).threshold(Severity.CRITICAL)).hasValue(98);
  }

  @Test
  void defaultsCanBeTurnedOff() {
    assertThat(AlertPipelineConfig.custom().defaultRules(false).build().rules()).isEmpty();
    assertThat(AlertPipelineConfig.ofDefaults().rules()).isEqualTo(AlertRule.defaultRules());
  }

  @Test
  void ruleNamesMustBeUnique() {
    AlertRule a = AlertRule.custom().name("x").metric(Metric.SYSTEM_CPU_USAGE).threshold(Severity.INFO, 1).build();
    assertThatThrownBy(() -> AlertPipelineConfig.custom().rule(a).rule(a).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two rules are named \"x\"; rule names must be unique within a pipeline (a rule named like a "
            + "default rule replaces it)");
  }

  @Test
  void pipelineSettingsAreValidated() {
    assertThatThrownBy(() -> AlertPipelineConfig.custom().repeatInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("alertRepeatInterval must be positive, was PT0S");
    assertThatThrownBy(() -> AlertPipelineConfig.custom().resolvedHistorySize(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolvedAlertHistorySize must be between 0 and 1000000, was -1");
    assertThatThrownBy(() -> AlertPipelineConfig.custom().maxHandlers(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAlertHandlers must be between 1 and 256, was 0");
    assertThatThrownBy(() -> HandlerOptions.ofDefaults().withRateLimit(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler rate limit must be at least 1 event per period, was 0");
    assertThatThrownBy(() -> HandlerOptions.ofDefaults().withQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler queueCapacity must be between 1 and 1000000, was 0");
    AlertPipelineConfig defaults = AlertPipelineConfig.ofDefaults();
    assertThat(List.of(defaults.repeatInterval(), defaults.resolvedRetention(), defaults.closeTimeout()))
        .containsExactly(Duration.ofHours(4), Duration.ofHours(1), Duration.ofSeconds(2));
    assertThat(HandlerOptions.ofDefaults().rateLimit()).isEqualTo(20);
    assertThat(HandlerOptions.ofDefaults().ratePeriod()).isEqualTo(Duration.ofSeconds(10));
  }
}
