package io.github.resourcemanager.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A monitor with a {@link ValueSource}, driven by a {@link ManualTicker}, feeding an {@link AlertEngine}
 * without default rules, with a {@link CollectingAlertHandler} subscribed (no practical rate limit).
 * {@link #sampleAt(long)} moves time to that many seconds after {@link #START} and evaluates there.
 */
final class AlertHarness implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final ManualTicker ticker = new ManualTicker();
  final Clock clock = ticker.clock(START);
  final ValueSource values = new ValueSource();
  final ResourceMonitor monitor;
  final AlertEngine pipeline;
  final CollectingAlertHandler collected = new CollectingAlertHandler();
  Sample lastSample;

  AlertHarness(AlertRule... rules) {
    this(b -> {}, rules);
  }

  AlertHarness(Consumer<AlertPipelineConfig.Builder> configurer, AlertRule... rules) {
    monitor = new ResourceMonitor(MonitorConfig.custom().platformSources(false).source(values)
        .interval(Duration.ofSeconds(5)).ticker(ticker).clock(clock).build());
    AlertPipelineConfig.Builder config = AlertPipelineConfig.custom().defaultRules(false)
        .ticker(ticker).clock(clock).rules(List.of(rules));
    configurer.accept(config);
    pipeline = new AlertEngine(config.build());
    monitor.addListener(pipeline);
    monitor.addListener(sample -> lastSample = sample);
    pipeline.subscribe(collected, HandlerOptions.ofDefaults().withName("collector")
        .withRateLimit(1_000_000, Duration.ofDays(1)).withQueueCapacity(100_000));
  }

  static Instant at(long seconds) {
    return START.plusSeconds(seconds);
  }

  AlertHarness set(Metric metric, double value) {
    values.set(metric, value);
    return this;
  }

  /** Sets the CPU usage and samples at {@code seconds}. */
  AlertHarness cpuAt(long seconds, double cpu) {
    values.set(Metric.SYSTEM_CPU_USAGE, cpu);
    return sampleAt(seconds);
  }

  /** Moves the ticker to {@code seconds} after the start and takes one sample there. */
  AlertHarness sampleAt(long seconds) {
    long target = Duration.ofSeconds(seconds).toNanos();
    assertThat(target).as("samples go forward in time").isGreaterThanOrEqualTo(ticker.read());
    ticker.advance(Duration.ofNanos(target - ticker.read()));
    monitor.sampleNow();
    return this;
  }

  /** Moves the ticker to {@code seconds} after the start without sampling. */
  AlertHarness timeAt(long seconds) {
    ticker.advance(Duration.ofNanos(Duration.ofSeconds(seconds).toNanos() - ticker.read()));
    return this;
  }

  /** The only active alert. */
  Alert active() {
    List<Alert> active = pipeline.activeAlerts();
    assertThat(active).hasSize(1);
    return active.get(0);
  }

  /** Waits until every handler has dealt with every event published so far, then returns what the collector got. */
  List<AlertEvent> events() {
    awaitSettled();
    return collected.events();
  }

  void awaitSettled() {
    try {
      assertThat(pipeline.awaitDelivered(Duration.ofSeconds(10))).as("every event delivered within 10 s").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The events as short texts: type, alert id, severity, time in seconds since the start. */
  List<String> eventLines() {
    return events().stream().map(AlertHarness::line).toList();
  }

  static String line(AlertEvent event) {
    long seconds = Duration.between(START, event.time()).toSeconds();
    String extra = event instanceof AlertEvent.SeverityChanged c ? " from " + c.previous()
        : event instanceof AlertEvent.Repeated r ? " #" + r.repeat() : "";
    return event.getClass().getSimpleName() + " " + event.alert().id() + " " + event.alert().severity() + extra + " @"
        + seconds;
  }

  @Override
  public void close() {
    pipeline.close();
    monitor.close();
  }
}
