package io.github.resourcemanager.test.stress;

import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.monitor.MonitorStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stress run in progress: it holds its load until its duration passes, {@link #close()} is called, the thread
 * waiting in {@link #await()} or one of its own threads is interrupted, or something fails; then it releases
 * everything (stops its threads, drops its memory, closes and deletes its files) and its {@link #report()} is
 * ready. Start one with {@link StressGenerator#start}.
 *
 * <p>Thread-safe. Releasing happens exactly once, on whichever thread ends the run; {@link #close()} and
 * {@link #await()} return only after it is complete.
 */
public final class StressRun implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StressRun.class);
  private static final Duration CHECK_PERIOD = Duration.ofMillis(20);
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

  private final StressConfig config;
  private final MemoryLoad memory = new MemoryLoad();
  private final FileLoad files = new FileLoad();
  // Set while taking the resources, under this run's lock, which releasing also holds: a run ended by one of
  // its threads while it is still starting releases only once everything has been taken.
  private volatile @Nullable ThreadLoad threads;
  private volatile @Nullable CpuLoad cpu;
  private Scheduler.@Nullable ScheduledTask check;

  private final AtomicBoolean ending = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final long startTick;
  private final long startReal;
  private final long startProcessCpu;
  private final Instant start;
  private final @Nullable MonitorStats monitorBefore; // null without a manager
  private final @Nullable ManagerWatch watch; // null without a manager
  private volatile long peakMemory;
  private volatile int peakThreads;
  private volatile int peakFiles;
  private volatile int cpuThreadsStarted;
  private volatile @Nullable StressReport report; // null until the run has ended

  private StressRun(StressConfig config) {
    this.config = config;
    this.startTick = config.ticker().read();
    this.startReal = System.nanoTime();
    this.startProcessCpu = processCpuNanos();
    this.start = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    this.monitorBefore = config.manager().map(m -> m.stats()).orElse(null);
    this.watch = config.manager().map(ManagerWatch::start).orElse(null);
  }

  /**
   * Takes the resources and starts the clock. If taking any of them fails, whatever was taken is released before
   * the failure is thrown.
   */
  static StressRun start(StressConfig config) throws IOException {
    StressRun run = new StressRun(config);
    try {
      run.acquire();
    } catch (IOException | RuntimeException | Error e) {
      run.finish(StressOutcome.FAILED, e);
      throw e;
    }
    return run;
  }

  // Order: the held resources first, the CPU load last, so nothing burns CPU while the rest may still fail.
  private synchronized void acquire() throws IOException {
    if (config.memoryBytes() > 0) {
      memory.acquire(config.memoryBytes());
      peakMemory = memory.held();
    }
    if (config.threads() > 0) {
      threads = new ThreadLoad(config.threads(), this);
      threads.start();
      peakThreads = threads.alive();
    }
    if (config.openFiles() > 0) {
      files.acquire(config.directory(), config.openFiles(), config.fileOpener);
      peakFiles = files.openCount();
    }
    if (config.cpuThreads() > 0) {
      double share = config.cpuPercent() / 100 * config.cpus() / config.cpuThreads();
      cpu = new CpuLoad(config.cpuThreads(), share, this, config.onCpuPeriod);
      cpu.start();
      cpuThreadsStarted = cpu.threadCount();
    }
    Duration period = config.duration().compareTo(CHECK_PERIOD) < 0 ? config.duration() : CHECK_PERIOD;
    check = config.scheduler().schedulePeriodic("stress-deadline", this::checkDeadline, period, period);
    log.debug("stress run started: {}", config);
  }

  private void checkDeadline() {
    if (!ending.get() && config.ticker().read() - startTick >= config.duration().toNanos()) {
      finish(StressOutcome.COMPLETED, null);
    }
  }

  /** Called by the run's own threads when they are interrupted from outside or fail. */
  void finishFromWorker(StressOutcome outcome, @Nullable Throwable failure) {
    if (failure != null) {
      log.warn("stress run thread {} failed; releasing the run", Thread.currentThread().getName(), failure);
    }
    // Released from a thread of its own: a worker cannot join itself, and the run must not count as ended
    // while that worker is still alive.
    Thread releaser = new Thread(() -> finish(outcome, failure), "stress-release");
    releaser.setDaemon(true);
    releaser.start();
  }

  /** Ends the run once: releases everything, then publishes the report. Later calls return at once. */
  private void finish(StressOutcome outcome, @Nullable Throwable failure) {
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    try {
      // Release first, allocating as little as possible before: the run may be ending because the heap ran out.
      long endTick = config.ticker().read();
      Throwable releaseFailure = release();
      Duration elapsed = Duration.ofNanos(Math.max(0, Math.min(config.duration().toNanos(), endTick - startTick)));
      Instant end = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
      long real = System.nanoTime() - startReal;
      double cpuShare = real <= 0 ? Double.NaN : 100.0 / ((double) real * config.cpus());
      long processCpu = processCpuNanos();
      double processPercent = startProcessCpu < 0 || processCpu < 0 ? Double.NaN : (processCpu - startProcessCpu) * cpuShare;
      double generatorPercent = cpu == null ? 0 : cpu.cpuNanos() * cpuShare;
      ManagerWatch.Result seen = stopWatching();
      Throwable reported = failure != null ? failure : releaseFailure;
      StressOutcome finalOutcome = failure == null && releaseFailure != null ? StressOutcome.FAILED : outcome;
      report = new StressReport(finalOutcome, reported == null ? null : reported.toString(), start, end, elapsed,
          new StressReport.Targets(config.duration(), config.cpuPercent(), config.cpuThreads(), config.memoryBytes(),
              config.threads(), config.openFiles()),
          new StressReport.Achieved(processPercent, generatorPercent, peakMemory, cpuThreadsStarted, peakThreads, peakFiles),
          monitorBefore, config.manager().map(m -> m.stats()).orElse(null),
          seen == null ? null : seen.alerts(), seen == null ? null : seen.scaling());
      log.debug("stress run ended: {}", report.outcome());
    } finally {
      ended.countDown();
    }
  }

  /** Stops watching the manager; its figures, or null without a manager (or if reading them failed, which is logged). */
  private ManagerWatch.@Nullable Result stopWatching() {
    if (watch == null) {
      return null;
    }
    try {
      return watch.stop();
    } catch (RuntimeException e) {
      log.warn("stress run could not read the alerts and scaling decisions of its manager", e);
      return null;
    }
  }

  /** Releases everything; every step runs even if an earlier one fails. Returns the first failure, or null. */
  private synchronized @Nullable Throwable release() {
    Throwable failure = null;
    if (check != null) {
      check.cancel(CANCEL_TIMEOUT);
    }
    if (cpu != null) {
      cpu.stop();
    }
    if (threads != null) {
      threads.stop();
    }
    memory.release();
    IOException filesFailure = files.release();
    if (filesFailure != null) {
      log.warn("stress run could not delete all of its temporary files", filesFailure);
      failure = filesFailure;
    }
    return failure;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The configuration of this run. */
  public StressConfig config() {
    return config;
  }

  /** Whether the run has ended and released everything. */
  public boolean isDone() {
    return report != null;
  }

  /**
   * Waits until the run ends. If the waiting thread is interrupted, the run is ended (outcome
   * {@link StressOutcome#INTERRUPTED}) and released before the exception is thrown.
   */
  public void await() throws InterruptedException {
    try {
      ended.await();
    } catch (InterruptedException e) {
      finish(StressOutcome.INTERRUPTED, null);
      awaitRelease();
      throw e;
    }
  }

  /**
   * Waits at most {@code timeout} for the run to end; returns whether it has. Interruption as {@link #await()}.
   */
  public boolean await(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      finish(StressOutcome.INTERRUPTED, null);
      awaitRelease();
      throw e;
    }
  }

  /** Where the run stands now. */
  public StressProgress progress() {
    StressReport done = report;
    Duration elapsed = done != null ? done.elapsed()
        : Duration.ofNanos(Math.max(0, Math.min(config.duration().toNanos(), config.ticker().read() - startTick)));
    long real = System.nanoTime() - startReal;
    double generator = done != null ? done.achieved().generatorCpuPercent()
        : cpu == null || real <= 0 ? 0 : cpu.cpuNanos() * 100.0 / ((double) real * config.cpus());
    ThreadLoad t = threads;
    return new StressProgress(elapsed, config.duration(), generator, memory.held(), t == null ? 0 : t.alive(),
        files.openCount(), done != null);
  }

  /**
   * The report of the run.
   *
   * @throws IllegalStateException if the run has not ended yet
   */
  public StressReport report() {
    StressReport r = report;
    if (r == null) {
      throw new IllegalStateException("the stress run has not ended yet; await() it or close() it first");
    }
    return r;
  }

  /** Ends the run now if it is still going (outcome {@link StressOutcome#CLOSED}) and waits until it is released. */
  @Override
  public void close() {
    finish(StressOutcome.CLOSED, null);
    awaitRelease();
  }

  private void awaitRelease() {
    boolean interrupted = false;
    while (true) {
      try {
        ended.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- for tests in this package

  /** The directory of the temporary files, or null if the run has none. */
  @Nullable Path fileDirectory() {
    return files.directory();
  }

  /** The CPU time each CPU thread may use per period, or 0 without CPU load. */
  long cpuBudgetNanos() {
    CpuLoad c = cpu;
    return c == null ? 0 : c.budgetNanos();
  }

  /** The watch of the configured manager, or null without one. */
  @Nullable ManagerWatch watch() {
    return watch;
  }

  WeakReference<byte[]> firstMemoryChunk() {
    return memory.firstChunk();
  }
}
