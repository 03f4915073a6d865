package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two places where threads meet without a lock, checked lincheck-style against what a sequential execution
 * allows (there is no jcstress in the build; {@code History} and the pipeline's state are guarded by locks):
 * the hand-off between the pipeline, which queues events for a handler and schedules a drain with a
 * compare-and-set, and the handler thread that drains and clears the flag; and the agent tracker's attribution,
 * where threads add their own CPU time at scope boundaries while the monitor reads them from outside, both through
 * atomics and monotonic checkpoints.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockFreeReliabilityTest {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Test
  void everyQueuedEventIsDrainedExactlyOnceInOrderWhateverTheHandOffInterleaving() {
    int cycles = 50_000;
    ManualTicker ticker = new ManualTicker();
    List<String> received = new ArrayList<>(); // one drain at a time: the handler is never called concurrently
    AtomicBoolean concurrentCall = new AtomicBoolean();
    AtomicBoolean inHandler = new AtomicBoolean();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH))
        .alertHandler(event -> {
          if (!inHandler.compareAndSet(false, true)) {
            concurrentCall.set(true);
          }
          received.add(event.getClass().getSimpleName());
          if (received.size() % 1_000 == 0) {
            Thread.onSpinWait(); // vary the drain's pace against the producer's
          }
          inHandler.set(false);
        }, HandlerOptions.ofDefaults().withName("drained").withQueueCapacity(HandlerOptions.MAX_QUEUE_CAPACITY)
            .withRateLimit(Integer.MAX_VALUE, Duration.ofDays(1)))
        .build()) {
      EventAlert event = EventAlert.of("flap", Severity.INFO).withResolveAfter(Duration.ZERO);
      for (int i = 0; i < cycles; i++) {
        rm.alerts().raise(event); // queues Fired and schedules a drain unless one is running
        rm.alerts().resolve(event); // queues Resolved, racing the drain that may just be clearing its flag
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
          .until(() -> rm.alerts().stats().handler("drained").isSettled());
      HandlerStats stats = rm.alerts().stats().handler("drained");
      assertThat(stats).isEqualTo(new HandlerStats("drained", 2L * cycles, 2L * cycles, 0, 0, 0, 0, null));
      assertThat(concurrentCall).isFalse();
      assertThat(received).hasSize(2 * cycles);
      for (int i = 0; i < received.size(); i++) {
        assertThat(received.get(i)).isEqualTo(i % 2 == 0 ? "Fired" : "Resolved");
      }
    }
  }

  @Test
  void cpuTimeAttributedWhileTheMonitorReadsOpenScopesIsNeitherLostNorCountedTwice() throws Exception {
    int threads = 8;
    int scopesPerThread = 300;
    ManualTicker ticker = new ManualTicker();
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(new ManualScheduler(ticker)).clock(ticker.clock(Instant.EPOCH)).build()) {
      Agent agent = rm.tracker().register("shared");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier go = new CyclicBarrier(threads + 1);
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          go.await();
          long inner = 0; // CPU time of the work itself: the scope's window contains it
          long outer = 0; // CPU time around entering and closing: it contains the scope's window
          for (int s = 0; s < scopesPerThread; s++) {
            long before = CPU.getCurrentThreadCpuTime();
            try (AgentScope scope = agent.enter()) {
              long start = CPU.getCurrentThreadCpuTime();
              long x = 0;
              for (int i = 0; i < 20_000; i++) {
                x += i * 31L ^ x;
              }
              if (x == 42) {
                throw new AssertionError("unreachable");
              }
              inner += CPU.getCurrentThreadCpuTime() - start;
            }
            outer += CPU.getCurrentThreadCpuTime() - before;
          }
          return new long[] {inner, outer};
        }));
      }
      go.await();
      // The monitor reads the threads inside the scope again and again meanwhile, from its own thread.
      while (results.stream().anyMatch(f -> !f.isDone())) {
        rm.sampleNow();
      }
      long inner = 0;
      long outer = 0;
      for (Future<long[]> f : results) {
        long[] r = Threads.awaitOrDump(f, 30, "a thread entering scopes");
        inner += r[0];
        outer += r[1];
      }
      pool.shutdown();
      rm.sampleNow();
      long attributed = agent.cpuTime().toNanos();
      assertThat(attributed).as("attributed CPU time").isBetween(inner, outer);
    }
  }
}
