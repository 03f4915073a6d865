package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertPipelineStats;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.CollectingAlertHandler;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.test.StderrCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A throwing, a slow and a blocking alert handler, and a throwing sample listener, next to a handler that collects:
 * the collector receives every event in order, sampling keeps its cadence (counted on the manual ticker, not the
 * wall clock), and what the faulty handlers could not take is counted in the pipeline's statistics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a handler that blocked sampling would hang here instead of failing
class HandlerFaultsReliabilityTest {

  private static final int SAMPLES = 200; // cpu alternates 90, 10: a Fired and a Resolved event per two samples
  private static final int BLOCKER_QUEUE = 10;
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build();

  private static HandlerOptions unlimited(String name, int queue) {
    return HandlerOptions.ofDefaults().withName(name).withQueueCapacity(queue).withRateLimit(1_000_000, Duration.ofDays(1));
  }

  private static void awaitSettled(ResourceManager rm, String handler) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
        .until(() -> rm.alerts().stats().handler(handler).isSettled());
  }

  private static String line(AlertEvent event) {
    return event.getClass().getSimpleName() + " " + event.alert().id();
  }

  @Test
  void collectorReceivesEveryEventSamplingKeepsItsCadenceAndFaultsAreCounted() throws Exception {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    double[] cpu = IntStream.range(0, SAMPLES).mapToDouble(i -> i % 2 == 0 ? 90 : 10).toArray();
    CollectingAlertHandler collector = new CollectingAlertHandler();
    CollectingAlertHandler slowReceived = new CollectingAlertHandler();
    CountDownLatch blockerHoldsAnEvent = new CountDownLatch(1);
    CountDownLatch releaseBlocker = new CountDownLatch(1);
    List<Long> sampleTimes = new CopyOnWriteArrayList<>();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(scheduler).clock(ticker.clock(Instant.EPOCH)).interval(INTERVAL)
        .source(ScriptedSource.named("scripted").values(Metric.SYSTEM_CPU_USAGE, cpu))
        .alertRule(CPU)
        .alertHandler(collector, unlimited("collector", 1_000))
        .alertHandler(event -> {
          throw new IllegalStateException("handler bug");
        }, unlimited("thrower", 1_000))
        .alertHandler(event -> {
          slowWork(); // a handler doing expensive work for every event
          slowReceived.handle(event);
        }, unlimited("slow", 1_000))
        .alertHandler(event -> {
          blockerHoldsAnEvent.countDown();
          releaseBlocker.await();
        }, unlimited("blocker", BLOCKER_QUEUE))
        .build()) {
      rm.addListener(sample -> sampleTimes.add(sample.tickNanos()));
      rm.addListener(sample -> {
        throw new IllegalStateException("listener bug");
      });

      rm.start();
      ticker.advance(Duration.ZERO); // sample 1 fires the first alert
      assertThat(blockerHoldsAnEvent.await(10, TimeUnit.SECONDS)).isTrue();
      ticker.advance(INTERVAL.multipliedBy(SAMPLES - 1)); // samples 2 .. 200, while the blocker holds event 1

      // Sampling kept its cadence: one sample per interval of ticker time, each evaluated once.
      assertThat(sampleTimes).containsExactlyElementsOf(
          LongStream.range(0, SAMPLES).map(i -> i * INTERVAL.toNanos()).boxed().toList());
      assertThat(rm.stats().ticks()).isEqualTo(SAMPLES);
      assertThat(rm.stats().listenerFailures()).isEqualTo(SAMPLES);
      assertThat(rm.alerts().stats().evaluations()).isEqualTo(SAMPLES);

      // The collector and the slow handler got every event, in order.
      List<String> expected = new ArrayList<>();
      for (int n = 1; n <= SAMPLES / 2; n++) {
        expected.add("Fired cpu-high#" + n);
        expected.add("Resolved cpu-high#" + n);
      }
      awaitSettled(rm, "collector");
      awaitSettled(rm, "thrower");
      awaitSettled(rm, "slow");
      assertThat(collector.events()).extracting(HandlerFaultsReliabilityTest::line).containsExactlyElementsOf(expected);
      assertThat(slowReceived.events()).extracting(HandlerFaultsReliabilityTest::line).containsExactlyElementsOf(expected);

      AlertPipelineStats stats = rm.alerts().stats();
      assertThat(stats.handler("collector")).isEqualTo(new HandlerStats("collector", SAMPLES, SAMPLES, 0, 0, 0, 0, null));
      assertThat(stats.handler("slow")).isEqualTo(new HandlerStats("slow", SAMPLES, SAMPLES, 0, 0, 0, 0, null));
      assertThat(stats.handler("thrower")).isEqualTo(new HandlerStats("thrower", SAMPLES, 0, SAMPLES, 0, 0, 0,
          "java.lang.IllegalStateException: handler bug"));
      // The blocker: Fired #1 in its hands, its queue full with the next BLOCKER_QUEUE events (Resolved #1 to
      // Fired #6), then Resolved #6 and every later Fired overflowed. It was never told #7 to #100 fired, so their
      // resolutions are not offered to it (Alertmanager notify/notify.go, DedupStage.needsUpdate: with no firing alert
      // left, a receiver is notified only if its last notification had firing alerts).
      int alerts = SAMPLES / 2;
      int lastQueued = BLOCKER_QUEUE / 2 + 1; // Fired #6
      int overflowed = 1 + (alerts - lastQueued); // Resolved #6, Fired #7 .. #100
      int received = 1 + BLOCKER_QUEUE + overflowed;
      assertThat(stats.handler("blocker")).isEqualTo(new HandlerStats("blocker", received, 0, 0, 0, overflowed,
          BLOCKER_QUEUE, null));

      releaseBlocker.countDown();
      awaitSettled(rm, "blocker");
      try (StderrCapture log = new StderrCapture()) {
        ticker.advance(INTERVAL); // the next evaluation logs what the blocker missed, once
        ticker.advance(INTERVAL);
        assertThat(rm.alerts().awaitDelivered(Duration.ofSeconds(20))).isTrue();
        // What it missed stays counted and is not delivered later: the event in its hands and its queue were.
        assertThat(rm.alerts().stats().handler("blocker")).isEqualTo(new HandlerStats("blocker", received,
            BLOCKER_QUEUE + 1, 0, 0, overflowed, 0, null));
        // The first event left out: sample BLOCKER_QUEUE + 2, one event in hand and BLOCKER_QUEUE queued before it.
        Instant firstLeftOut = Instant.EPOCH.plus(INTERVAL.multipliedBy(BLOCKER_QUEUE + 1));
        assertThat(log.linesContaining("alert handler 'blocker' missed")).singleElement().asString()
            .endsWith("alert handler 'blocker' missed 0 events over its rate limit and " + overflowed
                + " on a full queue since " + firstLeftOut + "; it receives events again");
        assertThat(log.linesContaining("missed")).hasSize(1); // the other handlers missed nothing
      }
      assertThat(collector.events()).hasSize(SAMPLES);
    }
  }

  private static volatile int sink;

  /** About a millisecond of real work: hashing a 256 KiB buffer. */
  private static void slowWork() throws java.security.NoSuchAlgorithmException {
    byte[] buffer = new byte[256 * 1024];
    buffer[0] = (byte) sink;
    sink = java.security.MessageDigest.getInstance("SHA-256").digest(buffer)[0];
  }
}
