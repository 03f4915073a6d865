package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start, stop and close from many threads, close during a tick (from a listener and from another thread), and
 * what is left afterwards: no thread of the monitor (the {@code resource-monitor} task and its
 * {@code resource-monitor-source-*} workers) or of the alert pipeline ({@code resource-alerts-*} handlers), closed
 * sources, and a clear refusal to start again. Runs on the real {@code Scheduler.system()}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LifecycleReliabilityTest {

  private static final String CLOSED_START = "this monitor is closed and cannot be started again; create a new one";
  private static final String CLOSED_SAMPLE = "this monitor is closed";
  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.WARNING, 75).build();

  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  /** A manager sampling every 10 ms with a blocking source (its own worker) and an alert that fires at once. */
  private static ResourceManager manager(ScriptedSource source, List<String> handlerThreads) {
    return ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .interval(Duration.ofMillis(10)).historyRetention(Duration.ofMinutes(1)).source(source).alertRule(CPU)
        .alertHandler(event -> handlerThreads.add(Thread.currentThread().getName()),
            HandlerOptions.ofDefaults().withName("threads").withRateLimit(1_000_000, Duration.ofDays(1)))
        .build();
  }

  private static ScriptedSource blockingSource(String name) {
    return ScriptedSource.named(name).blocking().values(Metric.SYSTEM_CPU_USAGE, 95);
  }

  @Test
  void startStopSampleAndCloseFromSixteenThreadsAtOnceLeaveNothingRunning() throws Exception {
    Set<Thread> before = Threads.alive();
    List<String> handlerThreads = new CopyOnWriteArrayList<>();
    ScriptedSource source = blockingSource("lifecycle-race");
    ResourceManager rm = manager(source, handlerThreads);
    CyclicBarrier go = new CyclicBarrier(16);
    AtomicInteger refusals = new AtomicInteger();
    List<Future<?>> threads = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Random random = new Random(t);
      threads.add(callers.submit(() -> {
        go.await();
        for (int i = 0; i < 100; i++) {
          int op = random.nextInt(100);
          try {
            if (op < 40) {
              rm.start();
            } else if (op < 75) {
              rm.stop();
            } else if (op < 98) {
              rm.sampleNow();
            } else {
              rm.close();
            }
          } catch (IllegalStateException closed) {
            assertThat(closed.getMessage()).isIn(CLOSED_START, CLOSED_SAMPLE);
            refusals.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : threads) {
      Threads.awaitOrDump(f, 60, "a thread starting, stopping and closing the manager");
    }
    rm.close();

    MonitorStats stats = rm.stats();
    assertThat(stats.ticks()).isPositive();
    assertThat(stats.source("lifecycle-race").samples()).isPositive(); // its worker thread did exist
    assertThat(handlerThreads).isNotEmpty(); // and so did a handler thread
    assertThat(rm.isRunning()).isFalse();
    assertThat(source.isClosed()).isTrue();
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();
    assertThatThrownBy(rm::start).isInstanceOf(IllegalStateException.class).hasMessage(CLOSED_START);
    assertThatThrownBy(() -> rm.sampleNow()).isInstanceOf(IllegalStateException.class)
        .hasMessage(CLOSED_SAMPLE);
  }

  @Test
  void closeFromAListenerEndsTheTickItRunsInAndEveryThread() throws Exception {
    Set<Thread> before = Threads.alive();
    List<String> handlerThreads = new CopyOnWriteArrayList<>();
    ScriptedSource source = blockingSource("lifecycle-listener");
    ResourceManager rm = manager(source, handlerThreads);
    AtomicReference<Thread> monitorThread = new AtomicReference<>();
    CountDownLatch closed = new CountDownLatch(1);
    rm.addListener(sample -> {
      if (sample.sequence() == 3) {
        monitorThread.set(Thread.currentThread());
        rm.close(); // must not wait for the tick it is called from
        closed.countDown();
      }
    });

    rm.start();

    assertThat(closed.await(20, TimeUnit.SECONDS)).as("close() returned inside the listener").isTrue();
    assertThat(monitorThread.get().getName()).startsWith("resource-monitor-worker-");
    // The worker that ran the listener ends once the tick that closed the manager is over.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !monitorThread.get().isAlive());
    assertThat(rm.stats().ticks()).isEqualTo(3);
    assertThat(source.isClosed()).isTrue();
    assertThat(handlerThreads).isNotEmpty();
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();
    assertThatThrownBy(rm::start).isInstanceOf(IllegalStateException.class).hasMessage(CLOSED_START);
  }

  @Test
  void closeFromAnotherThreadWaitsForTheTickInProgressBeforeClosingTheSources() throws Exception {
    Set<Thread> before = Threads.alive();
    ScriptedSource source = blockingSource("lifecycle-waits");
    ResourceManager rm = manager(source, new CopyOnWriteArrayList<>());
    CountDownLatch inTick = new CountDownLatch(1);
    CountDownLatch releaseTick = new CountDownLatch(1);
    AtomicBoolean sourceClosedDuringTick = new AtomicBoolean(true);
    rm.addListener(sample -> {
      if (sample.sequence() == 2) {
        inTick.countDown();
        try {
          releaseTick.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sourceClosedDuringTick.set(source.isClosed());
      }
    });
    rm.start();
    assertThat(inTick.await(20, TimeUnit.SECONDS)).isTrue();

    Future<?> closing = callers.submit(rm::close);
    Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
    releaseTick.countDown();
    Threads.awaitOrDump(closing, 20, "close() of a manager whose tick was released");

    assertThat(sourceClosedDuringTick).isFalse();
    assertThat(source.isClosed()).isTrue();
    assertThat(rm.stats().ticks()).isEqualTo(2);
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();
  }

  @Test
  void closeFromAnotherThreadIsPromptWhileTheTicksListenerReadsTheMonitor() throws Exception {
    Set<Thread> before = Threads.alive();
    ScriptedSource source = blockingSource("lifecycle-reads");
    ResourceManager rm = manager(source, new CopyOnWriteArrayList<>());
    CountDownLatch inTick = new CountDownLatch(1);
    AtomicReference<Thread> closer = new AtomicReference<>();
    AtomicReference<MonitorStats> readDuringClose = new AtomicReference<>();
    rm.addListener(sample -> {
      if (sample.sequence() == 2) {
        inTick.countDown();
        // Wait until close() waits for this tick, then read the monitor as a metrics exporter would.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closer.get() != null
            && closer.get().getState() == Thread.State.TIMED_WAITING);
        readDuringClose.set(rm.stats());
      }
    });
    rm.start();
    assertThat(inTick.await(20, TimeUnit.SECONDS)).isTrue();

    Future<?> closing = callers.submit(() -> {
      closer.set(Thread.currentThread());
      rm.close();
    });
    // Well below the 10 s for which close() waits for a tick: reading the monitor must not block the tick.
    Threads.awaitOrDump(closing, 5, "close() while a listener reads the monitor's statistics");

    assertThat(readDuringClose.get().ticks()).isEqualTo(1); // the second tick was still running
    assertThat(rm.stats().ticks()).isEqualTo(2);
    assertThat(source.isClosed()).isTrue();
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();
  }

  @Test
  void closeEndsAnAlertHandlerThatIsStillBlockedAndTakesAMomentToReactToTheInterruption() throws Exception {
    Set<Thread> before = Threads.alive();
    ManualTicker ticker = new ManualTicker();
    CountDownLatch handling = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(ticker).scheduler(new ManualScheduler(ticker))
        .source(ScriptedSource.named("scripted").values(Metric.SYSTEM_CPU_USAGE, 95)).alertRule(CPU)
        .alertCloseTimeout(Duration.ofMillis(300))
        .alertHandler(event -> {
          handlerThread.set(Thread.currentThread());
          handling.countDown();
          try {
            never.await();
          } catch (InterruptedException closing) {
            // Closing a connection, flushing a buffer: a handler may need a moment once interrupted.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            throw closing;
          }
        }, HandlerOptions.ofDefaults().withName("stuck"))
        .build();
    rm.start();
    ticker.advance(Duration.ZERO);
    assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

    rm.close();

    assertThat(handlerThread.get().isAlive()).as("the interrupted handler's thread").isFalse();
    assertThat(Threads.libraryThreadsStartedSince(before)).isEmpty();
    assertThat(rm.alerts().stats().handler("stuck").failed()).isEqualTo(1); // the interrupted event, counted
  }

  @Test
  void everyPartRefusesWorkAfterCloseWithAClearError() {
    ScriptedSource source = blockingSource("lifecycle-refuses");
    ResourceManager rm = ResourceManager.custom().platformSources(false).source(source)
        .allocation(AllocationConfig.custom().machineCpus(2).build()).build();
    rm.start();
    rm.close();
    rm.close(); // idempotent

    assertThatThrownBy(rm::start).isInstanceOf(IllegalStateException.class).hasMessage(CLOSED_START);
    assertThatThrownBy(() -> rm.sampleNow()).isInstanceOf(IllegalStateException.class)
        .hasMessage(CLOSED_SAMPLE);
    assertThatThrownBy(() -> rm.alerts().raise(EventAlert.of("late", Severity.INFO)))
        .isInstanceOf(IllegalStateException.class).hasMessage("this alert pipeline is closed");
    assertThatThrownBy(() -> rm.allocation().admit("late-agent"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(rm.isRunning()).isFalse();
    rm.stop(); // harmless
  }
}
