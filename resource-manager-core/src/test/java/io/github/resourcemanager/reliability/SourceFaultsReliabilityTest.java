package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.SourceStats;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand ticks with faulty sources next to healthy ones: one source throws on every tenth call, one hangs
 * past the tick budget for half the run, a listener throws on every tenth sample. The healthy sources are recorded
 * at every tick, the loop never stops, and every fault is counted exactly once.
 *
 * <p>Time is the manual ticker's; only the hang costs real time, once: the source timeout (2 s) at the tick where
 * it starts hanging. A monitor that waited for the hung source at every tick would need hours and hits the timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceFaultsReliabilityTest {

  private static final int TICKS = 10_000;
  private static final int HANG_ENDS_AFTER_TICK = 5_000;
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration SOURCE_TIMEOUT = Duration.ofSeconds(2);

  private static double[] oneToTicks() {
    return IntStream.rangeClosed(1, TICKS).asDoubleStream().toArray();
  }

  @Test
  void healthySourcesAreRecordedAtEveryTickAndEveryFaultIsCountedExactly() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScriptedSource inline = ScriptedSource.named("healthy-inline").values(Metric.SYSTEM_MEMORY_USED, oneToTicks());
    ScriptedSource isolated = ScriptedSource.named("healthy-isolated").blocking()
        .values(Metric.SYSTEM_THREADS, oneToTicks());
    ScriptedSource throwing = ScriptedSource.named("throwing").values(Metric.SYSTEM_CPU_USAGE, 50)
        .values(Metric.SYSTEM_LOAD_1M, 1.5).failEvery(10);
    ScriptedSource hanging = ScriptedSource.named("hanging").blocking().values(Metric.SYSTEM_SWAP_USED, 7)
        .hangOnCall(2);
    AtomicLong samplesWithEveryHealthyValue = new AtomicLong();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(scheduler).clock(ticker.clock(Instant.EPOCH))
        .interval(INTERVAL).historyRetention(INTERVAL.multipliedBy(TICKS)).sourceTimeout(SOURCE_TIMEOUT)
        .source(hanging).source(throwing).source(isolated).source(inline).build()) {
      rm.addListener(sample -> {
        if (sample.value(Metric.SYSTEM_MEMORY_USED) == sample.sequence()
            && sample.value(Metric.SYSTEM_THREADS) == sample.sequence()) {
          samplesWithEveryHealthyValue.incrementAndGet();
        }
      });
      rm.addListener(sample -> {
        if (sample.sequence() % 10 == 0) {
          throw new IllegalStateException("listener fault at sample " + sample.sequence());
        }
      });
      rm.start();

      ticker.advance(INTERVAL.multipliedBy(HANG_ENDS_AFTER_TICK - 1)); // ticks 1 .. 5,000; call 2 hangs from tick 2
      assertThat(hanging.calls()).isEqualTo(2);
      hanging.release();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hanging.completedCalls() == 2);
      ticker.advance(INTERVAL.multipliedBy(TICKS - HANG_ENDS_AFTER_TICK)); // ticks 5,001 .. 10,000

      MonitorStats stats = rm.stats();
      assertThat(rm.isRunning()).isTrue();
      assertThat(scheduler.activeTasks()).isEqualTo(1);
      assertThat(stats.ticks()).isEqualTo(TICKS);
      assertThat(stats.skippedTicks()).isZero();
      assertThat(stats.listenerFailures()).isEqualTo(TICKS / 10);
      assertThat(samplesWithEveryHealthyValue.get()).isEqualTo(TICKS);

      assertThat(stats.source("healthy-inline")).isEqualTo(new SourceStats("healthy-inline", false, TICKS, 0, 0, 0, null));
      assertThat(stats.source("healthy-isolated")).isEqualTo(new SourceStats("healthy-isolated", true, TICKS, 0, 0, 0, null));
      assertThat(stats.source("throwing")).isEqualTo(new SourceStats("throwing", false, TICKS - TICKS / 10, TICKS / 10, 0, 0,
          "java.lang.IllegalStateException: scripted failure on call 10000 after 1 values"));
      SourceStats hung = stats.source("hanging");
      assertThat(hung.samples()).isEqualTo(1 + TICKS - HANG_ENDS_AFTER_TICK);
      assertThat(hung.timeouts()).isEqualTo(HANG_ENDS_AFTER_TICK - 1);
      assertThat(hung.failures()).isZero();
      assertThat(hanging.calls()).isEqualTo(2 + TICKS - HANG_ENDS_AFTER_TICK); // never called while busy

      Duration all = INTERVAL.multipliedBy(TICKS);
      assertThat(rm.history(Metric.SYSTEM_MEMORY_USED, all).values()).containsExactly(oneToTicks());
      assertThat(rm.history(Metric.SYSTEM_THREADS, all).values()).containsExactly(oneToTicks());
      // half of a failing call's values were written before it threw: none of them may be recorded
      double[] cpu = IntStream.rangeClosed(1, TICKS).mapToDouble(t -> t % 10 == 0 ? Double.NaN : 50).toArray();
      double[] load = IntStream.rangeClosed(1, TICKS).mapToDouble(t -> t % 10 == 0 ? Double.NaN : 1.5).toArray();
      assertThat(rm.history(Metric.SYSTEM_CPU_USAGE, all).values()).containsExactly(cpu);
      assertThat(rm.history(Metric.SYSTEM_LOAD_1M, all).values()).containsExactly(load);
      Series swap = rm.history(Metric.SYSTEM_SWAP_USED, all);
      assertThat(swap.value(0)).isEqualTo(7);
      assertThat(IntStream.range(1, HANG_ENDS_AFTER_TICK).filter(i -> !Double.isNaN(swap.value(i)))).isEmpty();
      assertThat(IntStream.range(HANG_ENDS_AFTER_TICK, TICKS).filter(i -> swap.value(i) != 7)).isEmpty();
    }
  }
}
