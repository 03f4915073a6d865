package io.github.resourcemanager.test.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.units.ByteSize;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StressRunTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  @TempDir
  Path dir;

  /** Memory, parked threads and files for 10 s of manual time; no CPU load. */
  private StressConfig.Builder held() {
    return StressConfig.custom().duration(Duration.ofSeconds(10)).memory(ByteSize.parse("8Mi")).threads(3).openFiles(2)
        .directory(dir).ticker(ticker).scheduler(scheduler).clock(ticker.clock(START));
  }

  private static List<String> liveStressThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("stress-cpu-") || n.startsWith("stress-idle-")).sorted().toList();
  }

  private void assertEverythingReleased(StressRun run) throws IOException {
    StressProgress progress = run.progress();
    assertThat(progress.done()).isTrue();
    assertThat(progress.memoryBytes()).isZero();
    assertThat(progress.threads()).isZero();
    assertThat(progress.openFiles()).isZero();
    assertThat(liveStressThreads()).isEmpty();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void holdsWhatItWasAskedForWhileRunning() throws IOException {
    try (StressRun run = StressGenerator.start(held().build())) {
      StressProgress progress = run.progress();
      assertThat(progress.memoryBytes()).isEqualTo(8L << 20);
      assertThat(progress.threads()).isEqualTo(3);
      assertThat(progress.openFiles()).isEqualTo(2);
      assertThat(progress.done()).isFalse();
      assertThat(liveStressThreads()).containsExactly("stress-idle-0", "stress-idle-1", "stress-idle-2");
      try (Stream<Path> files = Files.list(run.fileDirectory())) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("stress-0.tmp", "stress-1.tmp");
      }
    }
  }

  @Test
  void endsByItselfWhenTheDurationHasPassedAndReleasesEverything() throws IOException {
    StressRun run = StressGenerator.start(held().build());
    ticker.advance(Duration.ofMillis(9_990));
    assertThat(run.isDone()).isFalse();
    assertThat(run.progress().fraction()).isEqualTo(0.999);
    ticker.advance(Duration.ofMillis(10));
    assertThat(run.isDone()).isTrue();
    StressReport report = run.report();
    assertThat(report.outcome()).isEqualTo(StressOutcome.COMPLETED);
    assertThat(report.failure()).isNull();
    assertThat(report.start()).isEqualTo(START);
    assertThat(report.end()).isEqualTo(START.plusSeconds(10));
    assertThat(report.elapsed()).isEqualTo(Duration.ofSeconds(10));
    assertThat(report.targets()).isEqualTo(new StressReport.Targets(Duration.ofSeconds(10), 0, 0, 8L << 20, 3, 2));
    assertThat(report.achieved().peakMemoryBytes()).isEqualTo(8L << 20);
    assertThat(report.achieved().threads()).isEqualTo(3);
    assertThat(report.achieved().openFiles()).isEqualTo(2);
    assertThat(report.achieved().cpuThreads()).isZero();
    assertThat(report.achieved().generatorCpuPercent()).isZero();
    assertEverythingReleased(run);
    assertThat(run.progress().fraction()).isEqualTo(1);
  }

  @Test
  void closingEndsTheRunEarlyAndReleasesEverything() throws IOException {
    StressRun run = StressGenerator.start(held().build());
    ticker.advance(Duration.ofSeconds(4));
    run.close();
    assertThat(run.report().outcome()).isEqualTo(StressOutcome.CLOSED);
    assertThat(run.report().elapsed()).isEqualTo(Duration.ofSeconds(4));
    assertEverythingReleased(run);
    run.close(); // idempotent
    assertThat(run.report().outcome()).isEqualTo(StressOutcome.CLOSED);
  }

  @Test
  void interruptingTheWaitingThreadEndsTheRunAndReleasesEverything() throws Exception {
    StressRun run = StressGenerator.start(held().build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      try {
        run.await();
      } catch (InterruptedException e) {
        thrown.set(e);
      }
    }, "waiter");
    waiter.start();
    await().until(() -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    waiter.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(run.report().outcome()).isEqualTo(StressOutcome.INTERRUPTED);
    assertEverythingReleased(run);
  }

  @Test
  void interruptingABlockingRunReleasesEverythingBeforeItThrows() throws Exception {
    StressConfig config = held().build();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        StressGenerator.run(config);
        thrown.complete(null);
      } catch (Throwable e) {
        thrown.complete(e);
      }
    }, "caller");
    caller.start();
    await().until(() -> liveStressThreads().size() == 3 && caller.getState() == Thread.State.WAITING);
    caller.interrupt();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(liveStressThreads()).isEmpty();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void interruptingOneOfItsThreadsEndsTheRunAndReleasesEverything() throws Exception {
    StressRun run = StressGenerator.start(held().build());
    Thread idle = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("stress-idle-1"))
        .findFirst().orElseThrow();
    idle.interrupt();
    assertThat(run.await(Duration.ofSeconds(10))).isTrue();
    assertThat(run.report().outcome()).isEqualTo(StressOutcome.INTERRUPTED);
    assertEverythingReleased(run);
  }

  @Test
  void failingToTakeAResourceReleasesWhatWasTakenBeforeThrowing() throws IOException {
    AtomicInteger opened = new AtomicInteger();
    StressConfig config = held().openFiles(5).fileOpener(file -> {
      if (opened.incrementAndGet() == 3) {
        throw new IOException("no more files for you");
      }
      return java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
    }).build();
    assertThatThrownBy(() -> StressGenerator.start(config)).isInstanceOf(IOException.class).hasMessage("no more files for you");
    assertThat(opened).hasValue(3);
    assertThat(liveStressThreads()).isEmpty();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
    assertThat(scheduler.activeTasks()).isZero();
  }

  @Test
  void aFailingThreadEndsTheRunAsFailedAndReleasesEverything() throws Exception {
    StressConfig config = held().cpuPercent(1).onCpuPeriod(() -> {
      throw new IllegalStateException("boom");
    }).build();
    StressRun run = StressGenerator.start(config);
    assertThat(run.await(Duration.ofSeconds(10))).isTrue();
    assertThat(run.report().outcome()).isEqualTo(StressOutcome.FAILED);
    assertThat(run.report().failure()).isEqualTo("java.lang.IllegalStateException: boom");
    assertEverythingReleased(run);
  }

  @Test
  void theMemoryItHeldCanBeCollectedOnceReleased() throws IOException {
    StressRun run = StressGenerator.start(held().build());
    WeakReference<byte[]> chunk = run.firstMemoryChunk();
    assertThat(chunk.get()).hasSize(1 << 20);
    run.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return chunk.get() == null;
    });
  }

  @Test
  void theRunStopsCheckingTheDeadlineOnceEnded() throws IOException {
    StressRun run = StressGenerator.start(held().build());
    assertThat(scheduler.activeTasks()).isEqualTo(1);
    run.close();
    assertThat(scheduler.activeTasks()).isZero();
  }

  @Test
  void eachCpuThreadIsBudgetedItsShareOfEveryPeriod() throws IOException {
    // 75 % of 4 CPUs is 3 CPUs' worth: on 3 threads a whole period each, on 6 threads half of it.
    Machine fourCpus = new Machine(4, 1L << 30, 100);
    try (StressRun run = StressGenerator.start(held().machine(fourCpus).cpuPercent(75).build())) {
      assertThat(run.cpuBudgetNanos()).isEqualTo(CpuLoad.PERIOD_NANOS);
    }
    try (StressRun run = StressGenerator.start(held().machine(fourCpus).cpuPercent(75).cpuThreads(6).build())) {
      assertThat(run.cpuBudgetNanos()).isEqualTo(CpuLoad.PERIOD_NANOS / 2);
    }
    try (StressRun run = StressGenerator.start(held().machine(fourCpus).cpuPercent(10).build())) {
      assertThat(run.cpuBudgetNanos()).isEqualTo(20_000_000L); // 0.4 of one CPU
    }
  }

  @Test
  void cpuLoadNeverExceedsItsTarget() throws Exception {
    // Real time: CPU is real. A quarter of the machine for 600 ms. How much below the target it lands depends on
    // what else the machine runs (the load never makes up for CPU it did not get), so only the bound is exact.
    StressConfig config = StressConfig.custom().duration(Duration.ofMillis(600)).cpuPercent(25).build();
    StressReport report = StressGenerator.run(config);
    assertThat(report.outcome()).isEqualTo(StressOutcome.COMPLETED);
    assertThat(report.achieved().cpuThreads()).isEqualTo(config.cpuThreads());
    assertThat(report.achieved().generatorCpuPercent()).isLessThanOrEqualTo(25 + 1.0).isPositive();
    assertThat(report.achieved().processCpuPercent()).isGreaterThanOrEqualTo(report.achieved().generatorCpuPercent() - 1);
    assertThat(liveStressThreads()).isEmpty();
  }
}
