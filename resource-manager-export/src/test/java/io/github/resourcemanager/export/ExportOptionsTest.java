package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportOptionsTest {

  @Test
  void defaultsExportEverything() {
    ExportOptions options = ExportOptions.ofDefaults();
    assertThat(options.metrics()).isEmpty();
    assertThat(options.agents()).isEmpty();
    assertThat(options.window()).isEmpty();
    assertThat(options.step()).isEmpty();
    assertThat(options).hasToString("ExportOptions{metrics=all with data, agents=all, window=all, step=none}");
  }

  @Test
  void metricsKeepTheirOrderWithoutDuplicates() {
    ExportOptions options = ExportOptions.custom()
        .metrics(Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USED).build();
    assertThat(options.metrics()).containsExactly(Metric.SYSTEM_MEMORY_USED, Metric.SYSTEM_CPU_USAGE);
  }

  @Test
  void agentsKeepTheirOrderWithoutDuplicatesAndNoneMeansNoAgent() {
    assertThat(ExportOptions.custom().agents("b", "a", "b").build().agents()).contains(List.of("b", "a"));
    assertThat(ExportOptions.custom().agents().build().agents()).contains(List.of());
  }

  @Test
  void windowMustBePositive() {
    assertThatThrownBy(() -> ExportOptions.custom().window(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was PT0S");
    assertThatThrownBy(() -> ExportOptions.custom().window(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window");
  }

  @Test
  void stepMustBePositiveWholeMilliseconds() {
    assertThatThrownBy(() -> ExportOptions.custom().step(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("step must be positive, was PT-1S");
    assertThatThrownBy(() -> ExportOptions.custom().step(Duration.ofNanos(1_500_000)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be a whole number of milliseconds, was PT0.0015S");
    assertThat(ExportOptions.custom().step(Duration.ofMillis(1500)).build().step()).contains(Duration.ofMillis(1500));
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> ExportOptions.custom().metrics((Metric[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("metrics");
    assertThatThrownBy(() -> ExportOptions.custom().metrics(Metric.SYSTEM_CPU_USAGE, null))
        .isInstanceOf(NullPointerException.class).hasMessage("metrics[1]");
    assertThatThrownBy(() -> ExportOptions.custom().agents("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("ids[1]");
    assertThatThrownBy(() -> ExportOptions.custom().step(null))
        .isInstanceOf(NullPointerException.class).hasMessage("step");
  }
}
