package io.github.resourcemanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Active alerts by state and severity; per-handler counters from the pipeline's statistics. */
class AlertMetricsTest {

  private static final Duration TICK = Duration.ofSeconds(5);

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b.interval(TICK)
      .defaultAlertRules(false)
      .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 80).threshold(Severity.CRITICAL, 90).forDuration(Duration.ofSeconds(10)).build())
      .alertRule(AlertRule.custom().name("memory-high").metric(Metric.SYSTEM_MEMORY_USAGE)
          .threshold(Severity.WARNING, 80).build()));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double active(String state, String severity) {
    return registry.get("resource.alerts.active").tags("state", state, "severity", severity).gauge().value();
  }

  private double events(String handler, String outcome) {
    return registry.get("resource.alert.handler.events").tags("handler", handler, "outcome", outcome)
        .functionCounter().count();
  }

  @Test
  void everyStateAndSeverityHasAGaugeFromTheStart(ResourceManager rm) {
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(registry.find("resource.alerts.active").gauges()).hasSize(8);
    for (String state : new String[] {"pending", "firing"}) {
      for (String severity : new String[] {"info", "warning", "critical", "emergency"}) {
        assertThat(active(state, severity)).isZero();
      }
    }
  }

  @Test
  void activeAlertsAreCountedByStateAndSeverity(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 85, 85, 95).values(Metric.SYSTEM_MEMORY_USAGE, 85, 50);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO); // cpu 85: pending (for 10 s); memory 85: firing at once
    assertThat(active("pending", "warning")).isEqualTo(1);
    assertThat(active("firing", "warning")).isEqualTo(1);

    ticker.advance(TICK); // cpu still pending (5 s of 10); memory resolved
    assertThat(active("pending", "warning")).isEqualTo(1);
    assertThat(active("firing", "warning")).isZero();

    ticker.advance(TICK); // cpu 95 for 10 s: firing, critical
    assertThat(active("pending", "warning")).isZero();
    assertThat(active("firing", "critical")).isEqualTo(1);
    assertThat(active("firing", "warning")).isZero();
  }

  @Test
  void handlerCountersFollowTheHandlersStatistics(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    CollectingAlertHandler collected = new CollectingAlertHandler();
    rm.alerts().subscribe(collected, HandlerOptions.ofDefaults().withName("collector"));
    rm.alerts().subscribe(event -> {
      throw new IllegalStateException("pager is down");
    }, HandlerOptions.ofDefaults().withName("pager"));
    source.values(Metric.SYSTEM_MEMORY_USAGE, 85);
    new ResourceManagerMetrics(rm).bindTo(registry);
    assertThat(events("collector", "delivered")).isZero();

    rm.start();
    ticker.advance(Duration.ZERO); // memory-high fires: one event for each handler, delivered on their threads
    await().atMost(Duration.ofSeconds(10)).until(() -> rm.alerts().stats().handlers().stream().allMatch(h -> h.isSettled()));
    assertThat(events("collector", "delivered")).isEqualTo(1);
    assertThat(events("collector", "failed")).isZero();
    assertThat(events("pager", "failed")).isEqualTo(1);
    assertThat(events("pager", "delivered")).isZero();
    assertThat(events("pager", "rate_limited")).isZero();
    assertThat(events("pager", "overflowed")).isZero();
    assertThat(registry.get("resource.alert.handler.queued").tag("handler", "pager").gauge().value()).isZero();
  }

  @Test
  void rateLimitedEventsAreCounted(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.alerts().subscribe(new CollectingAlertHandler(),
        HandlerOptions.ofDefaults().withName("slow").withRateLimit(1, Duration.ofHours(1)));
    source.values(Metric.SYSTEM_MEMORY_USAGE, 85, 50, 85); // fires, resolves, fires again
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(TICK.multipliedBy(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> rm.alerts().stats().handler("slow").isSettled());
    assertThat(events("slow", "delivered")).isEqualTo(1);
    assertThat(events("slow", "rate_limited")).isEqualTo(2);
  }

  @Test
  void handlersComeAndGoWithTheirMeters(ResourceManager rm, ManualTicker ticker) {
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(registry.find("resource.alert.handler.events").functionCounters()).isEmpty();

    CollectingAlertHandler late = new CollectingAlertHandler();
    rm.alerts().subscribe(late, HandlerOptions.ofDefaults().withName("late"));
    ticker.advance(TICK);
    assertThat(registry.find("resource.alert.handler.events").tag("handler", "late").functionCounters()).hasSize(4);
    assertThat(registry.find("resource.alert.handler.queued").tag("handler", "late").gauges()).hasSize(1);

    assertThat(rm.alerts().unsubscribe(late)).isTrue();
    ticker.advance(TICK);
    assertThat(registry.find("resource.alert.handler.events").functionCounters()).isEmpty();
    assertThat(registry.find("resource.alert.handler.queued").gauges()).isEmpty();
  }

  @Test
  void aHandlerSubscribedAnewUnderTheSameNameKeepsItsMetersWhichCountTheNewHandler(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) throws InterruptedException {
    CollectingAlertHandler first = new CollectingAlertHandler();
    rm.alerts().subscribe(first, HandlerOptions.ofDefaults().withName("pager"));
    source.values(Metric.SYSTEM_MEMORY_USAGE, 85);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO); // memory-high fires: one event for the first handler
    assertThat(rm.alerts().awaitDelivered(Duration.ofSeconds(10))).isTrue();
    assertThat(events("pager", "delivered")).isEqualTo(1);

    rm.alerts().unsubscribe(first);
    rm.alerts().subscribe(new CollectingAlertHandler(), HandlerOptions.ofDefaults().withName("pager"));
    ticker.advance(TICK); // memory still high: no new event
    assertThat(registry.find("resource.alert.handler.events").tag("handler", "pager").functionCounters()).hasSize(4);
    assertThat(events("pager", "delivered")).isZero();
  }
}
