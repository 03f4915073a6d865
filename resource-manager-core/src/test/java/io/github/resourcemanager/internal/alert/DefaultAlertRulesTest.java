package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default rules: CPU, memory, disk and network throughput, open files. */
class DefaultAlertRulesTest {

  @Test
  void defaultRuleTableHoldsTheDocumentedLimits() {
    List<AlertRule> rules = AlertRule.defaultRules();
    assertThat(rules).extracting(AlertRule::name)
        .containsExactly("cpu-high", "memory-high", "disk-io-high", "network-io-high", "open-files-high");
    assertThat(rules).extracting(AlertRule::input).containsExactly("system.cpu.usage", "system.memory.usage",
        "system.disk.read + system.disk.write", "system.network.receive + system.network.transmit", "process.files.open");
    assertThat(rules).extracting(AlertRule::thresholds).containsExactly(
        Map.of(Severity.WARNING, 75.0, Severity.CRITICAL, 80.0),
        Map.of(Severity.WARNING, 75.0, Severity.CRITICAL, 80.0),
        Map.of(Severity.WARNING, 104_857_600.0),
        Map.of(Severity.WARNING, 104_857_600.0),
        Map.of(Severity.CRITICAL, 1000.0));
    assertThat(rules).allSatisfy(r -> {
      assertThat(r.direction()).isEqualTo(Direction.ABOVE);
      assertThat(r.forDuration()).isEqualTo(Duration.ZERO);
    });
  }

  @Test
  void defaultMegabyteIsTheOneByteSizeReads() {
    assertThat(AlertRule.MEGABYTE * 100).isEqualTo(ByteSize.parse("100MB").bytes());
  }

  @Test
  void defaultsAlertOnTheirLimits() {
    try (AlertHarness h = new AlertHarness(b -> b.defaultRules(true))) {
      h.set(Metric.SYSTEM_CPU_USAGE, 76).set(Metric.SYSTEM_MEMORY_USAGE, 80)
          .set(Metric.SYSTEM_DISK_READ, 60 * AlertRule.MEGABYTE).set(Metric.SYSTEM_DISK_WRITE, 40 * AlertRule.MEGABYTE)
          .set(Metric.SYSTEM_NETWORK_RECEIVE, 99 * AlertRule.MEGABYTE).set(Metric.SYSTEM_NETWORK_TRANSMIT, 0)
          .set(Metric.PROCESS_OPEN_FILES, 1000).sampleAt(0);
      assertThat(h.pipeline.activeAlerts()).extracting(a -> a.name() + " " + a.severity() + " " + a.annotations().get("summary"))
          .containsExactly("cpu-high WARNING CPU usage is 76 % (WARNING)",
              "memory-high CRITICAL memory usage is 80 % (CRITICAL)",
              "disk-io-high WARNING disk throughput is 104857600 bytes/s (WARNING)",
              "open-files-high CRITICAL this process has 1000 open file descriptors (CRITICAL)");
      assertThat(h.pipeline.activeAlerts()).allSatisfy(a -> assertThat(a.firedAt()).contains(at(0)));
    }
  }

  @Test
  void ruleNamedLikeADefaultReplacesIt() {
    AlertRule stricter = AlertRule.defaultRules().get(0).toBuilder().threshold(Severity.WARNING, 60).build();
    AlertPipelineConfig config = AlertPipelineConfig.custom().rule(stricter).build();
    assertThat(config.rules()).hasSize(5);
    assertThat(config.rules().get(0).threshold(Severity.WARNING)).hasValue(60);
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
