package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.AllocationMeter;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluating rules when nothing changes allocates nothing (the JMH AlertBenchmark measures the same with -prof gc). */
class AlertPipelineAllocationTest {

  private static final Metric[] WATCHED = {Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_DISK_READ,
      Metric.SYSTEM_NETWORK_RECEIVE, Metric.PROCESS_OPEN_FILES, Metric.JVM_HEAP_USED};

  @Test
  void steadyStateEvaluationOfAThousandRulesAllocatesNothing() {
    List<AlertRule> rules = new ArrayList<>();
    for (int i = 0; i < 990; i++) {
      // One rule in ten is breached (firing, unchanged), the others are not; some have hysteresis and keepFiringFor.
      AlertRule.Builder b = AlertRule.custom().name("rule-" + i).metric(WATCHED[i % WATCHED.length])
          .threshold(Severity.WARNING, i % 10 == 0 ? 10 : 1e12).threshold(Severity.CRITICAL, 2e12)
          .annotation("summary", "{{metric}} at {{value}}");
      if (i % 3 == 0) {
        b.clearThreshold(5).keepFiringFor(java.time.Duration.ofMinutes(1));
      }
      rules.add(b.build());
    }
    for (int i = 0; i < 9; i++) {
      rules.add(AlertRule.custom().name("agent-rule-" + i).metric(Metric.AGENT_CPU_USAGE)
          .threshold(Severity.WARNING, i == 0 ? 50 : 99).build());
    }
    rules.add(AlertRule.custom().name("gauge-rule").gauge("constant", () -> 42).threshold(Severity.INFO, 40).build());
    try (AlertHarness h = new AlertHarness(rules.toArray(new AlertRule[0]))) {
      // A handler left with events over its rate limit: the report of what it missed waits for the next period,
      // checked every tick.
      String limited = h.pipeline.subscribe(e -> {}, HandlerOptions.ofDefaults().withName("limited")
          .withRateLimit(1, java.time.Duration.ofHours(1)));
      for (Metric m : WATCHED) {
        h.set(m, 100);
      }
      for (int a = 0; a < 50; a++) {
        h.values.setAgent("agent-" + a, Metric.AGENT_CPU_USAGE, a % 5 == 0 ? 80 : 10);
      }
      h.sampleAt(0);
      h.pipeline.raise(EventAlert.of("oom", Severity.CRITICAL).withAgent("agent-1"));
      Sample sample = h.lastSample;
      assertThat(h.pipeline.activeAlerts()).hasSize(99 + 10 + 1 + 1);
      int eventsBefore = h.events().size();

      long bytes = AllocationMeter.leastBytesAllocated(200, () -> h.pipeline.onSample(sample));

      assertThat(h.pipeline.stats().handler(limited).rateLimited()).isEqualTo(110);
      assertThat(bytes).isZero();
      assertThat(h.events()).hasSize(eventsBefore); // nothing changed: steady state
    }
  }
}
