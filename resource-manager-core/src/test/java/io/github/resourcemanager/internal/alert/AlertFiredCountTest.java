package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link AlertPipeline#firedCount}: alerts counted when they fire, by their severity then, never decreasing. */
class AlertFiredCountTest {

  private static AlertRule.Builder cpuRule() {
    return AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
        .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80);
  }

  @Test
  void aFiringIsCountedOnceWithItsSeverityAtThatMoment() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      h.cpuAt(0, 76).cpuAt(5, 90).cpuAt(10, 91); // fires WARNING, escalates to CRITICAL: one firing
      assertThat(h.pipeline.firedCount(Severity.WARNING)).isEqualTo(1);
      assertThat(h.pipeline.firedCount(Severity.CRITICAL)).isZero();
      h.cpuAt(15, 10).cpuAt(20, 85); // resolved, then a new alert firing CRITICAL
      assertThat(h.pipeline.firedCount(Severity.WARNING)).isEqualTo(1);
      assertThat(h.pipeline.firedCount(Severity.CRITICAL)).isEqualTo(1);
      assertThat(h.pipeline.firedCount(Severity.INFO)).isZero();
      assertThat(h.pipeline.firedCount(Severity.EMERGENCY)).isZero();
    }
  }

  @Test
  void aPendingAlertThatIsDroppedIsNotCounted() {
    try (AlertHarness h = new AlertHarness(cpuRule().forDuration(Duration.ofSeconds(10)).build())) {
      h.cpuAt(0, 85).cpuAt(5, 85).cpuAt(10, 50);
      assertThat(h.pipeline.firedCount(Severity.CRITICAL)).isZero();
      h.cpuAt(15, 85).cpuAt(20, 85).cpuAt(25, 85); // pending at 15, fires at 25 (25 - 15 >= 10)
      assertThat(h.pipeline.firedCount(Severity.CRITICAL)).isEqualTo(1);
    }
  }

  @Test
  void eventAlertsAreCountedWhenRaisedAnewOnly() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      EventAlert oom = EventAlert.of("container-oom-killed", Severity.CRITICAL).withAgent("worker-7");
      h.pipeline.raise(oom);
      h.pipeline.raise(oom); // the same identity while active: an update, not a new firing
      assertThat(h.pipeline.firedCount(Severity.CRITICAL)).isEqualTo(1);
    }
  }

  @Test
  void aNullSeverityIsRejectedByName() {
    try (AlertHarness h = new AlertHarness(cpuRule().build())) {
      assertThatThrownBy(() -> h.pipeline.firedCount(null)).hasMessageContaining("severity");
    }
  }
}
