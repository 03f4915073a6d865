package io.github.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The threads the library starts can come from the caller: a thread factory or a scheduled executor. */
class InjectedThreadsTest {

  /** A factory that names its threads "app-N" and remembers them. */
  private static final class AppThreads implements ThreadFactory {
    final List<Thread> made = new CopyOnWriteArrayList<>();
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "app-" + n.incrementAndGet());
      t.setDaemon(true);
      made.add(t);
      return t;
    }
  }

  @Test
  void theSystemSchedulerRunsOnAThreadOfTheGivenFactory() throws Exception {
    AppThreads factory = new AppThreads();
    AtomicReference<Thread> runner = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(2);
    Scheduler.ScheduledTask task = Scheduler.system(factory).schedulePeriodic("tick", () -> {
      runner.set(Thread.currentThread());
      ran.countDown();
    }, Duration.ZERO, Duration.ofMillis(10));
    try {
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(runner.get().getName()).isEqualTo("app-1");
      assertThat(factory.made).containsExactly(runner.get());
    } finally {
      assertThat(task.cancel(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(runner.get().isAlive()).isFalse();
  }

  @Test
  void anExecutorSchedulerRunsOnTheExecutorAndNeverOverlapsRuns() throws Exception {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, new AppThreads());
    try {
      AtomicInteger concurrent = new AtomicInteger();
      AtomicInteger maxConcurrent = new AtomicInteger();
      List<String> threads = new CopyOnWriteArrayList<>();
      CountDownLatch ran = new CountDownLatch(5);
      Scheduler.ScheduledTask task = Scheduler.of(executor).schedulePeriodic("tick", () -> {
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        threads.add(Thread.currentThread().getName());
        // Real work taking most of a 5 ms period (these schedulers run in real time by design).
        LockSupport.parkNanos(Duration.ofMillis(3).toNanos());
        concurrent.decrementAndGet();
        ran.countDown();
      }, Duration.ZERO, Duration.ofMillis(5));
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(task.cancel(Duration.ofSeconds(10))).isTrue();
      assertThat(task.isCancelled()).isTrue();
      assertThat(maxConcurrent.get()).isEqualTo(1);
      assertThat(threads).allMatch(name -> name.startsWith("app-"));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void anExecutorSchedulerSkipsRunsWhoseWholePeriodPassedDuringAnOverrun() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      CountDownLatch secondRun = new CountDownLatch(2);
      Scheduler.ScheduledTask task = Scheduler.of(executor).schedulePeriodic("slow", () -> {
        if (secondRun.getCount() == 2) {
          long end = System.nanoTime() + Duration.ofMillis(55).toNanos(); // overruns a 10 ms period by 5 periods
          while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
          }
        }
        secondRun.countDown();
      }, Duration.ZERO, Duration.ofMillis(10));
      assertThat(secondRun.await(30, TimeUnit.SECONDS)).isTrue();
      task.cancel(Duration.ofSeconds(10));
      // 55 ms after a run due at 0 the next due runs are at 10, 20, ..., 50 (whole periods passed) and 60:
      // at least the four runs due at 10..40 are skipped, never run back to back.
      assertThat(task.skippedRuns()).isGreaterThanOrEqualTo(4);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void theManagersThreadFactoryMakesTheSamplingThreadTheTickWorkerSourceWorkersAndTheClosingThread() throws Exception {
    AppThreads factory = new AppThreads();
    AtomicReference<String> sourceThread = new AtomicReference<>();
    AtomicReference<String> listenerThread = new AtomicReference<>();
    CountDownLatch sampled = new CountDownLatch(2);
    ResourceSource blocking = new ResourceSource() {
      @Override
      public String name() {
        return "blocking";
      }

      @Override
      public boolean mayBlock() {
        return true;
      }

      @Override
      public void sample(SampleWriter out) {
        sourceThread.set(Thread.currentThread().getName());
        out.set(Metric.SYSTEM_CPU_USAGE, 1);
      }
    };
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(blocking)
        .interval(Duration.ofMillis(20)).historyRetention(Duration.ofMinutes(1)).threadFactory(factory).build()) {
      rm.addListener(sample -> {
        listenerThread.set(Thread.currentThread().getName());
        sampled.countDown();
      });
      rm.start();
      assertThat(sampled.await(30, TimeUnit.SECONDS)).isTrue();
    }
    // the sampling thread, the worker running the ticks' calls, the blocking source's worker, the thread closing the
    // sources (no call overran, so no replacement worker)
    assertThat(factory.made).hasSize(4);
    assertThat(factory.made).extracting(Thread::getName).containsExactlyInAnyOrder("app-1", "app-2", "app-3", "app-4");
    assertThat(sourceThread.get()).startsWith("app-");
    assertThat(listenerThread.get()).startsWith("app-");
    assertThat(factory.made).noneMatch(Thread::isAlive);
  }

  @Test
  void nullFactoriesAndExecutorsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> Scheduler.system(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("threadFactory");
    assertThatThrownBy(() -> Scheduler.of(null)).isInstanceOf(NullPointerException.class).hasMessage("executor");
    assertThatThrownBy(() -> ResourceManager.custom().threadFactory(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("threadFactory");
  }
}
