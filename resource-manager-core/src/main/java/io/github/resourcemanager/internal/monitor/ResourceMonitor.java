package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.SourceStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples its sources on a fixed interval, records the values in a {@link History}, tracks agents and passes
 * each sample to its listeners.
 *
 * <p>One periodic task, named {@code resource-monitor}, runs every tick. The tick's work is a list of
 * {@link TickStep}s that a {@link Supervisor} runs on a worker thread ({@code resource-monitor-worker-N}) while the
 * task's thread waits and watches the clock: the sources write their values (blocking sources on their own threads
 * under the source timeout, the others on the worker), the agent tracker adds per-agent values, the sample is
 * appended to the machine history and each agent's history, and the listeners run in order. A call into user code
 * that throws anything but a fatal JVM error is logged once per run of failures, counted and skipped for that tick;
 * one that has not returned by the callback timeout is reported, left to its thread and skipped until it returns,
 * while a new worker carries on with the rest of the tick. The loop goes on, on time.
 *
 * <p>Lifecycle: {@link #start()} twice is harmless; {@link #stop()} then {@link #start()} resumes sampling;
 * {@link #close()} stops for good, closes the sources and ends every thread the monitor started, except threads
 * still inside a call into user code that never returns (daemon threads, logged). Thread-safe; no query waits for
 * a call into user code.
 */
public final class ResourceMonitor implements AutoCloseable {

  /** The name of the sampling task and of its thread under the system scheduler. */
  public static final String THREAD_NAME = "resource-monitor";
  /** The name of the threads that run the tick's steps, followed by {@code -N}. */
  public static final String WORKER_NAME = THREAD_NAME + "-worker";

  private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  /** Slack on top of the callback timeout for the thread of a stopped task to end. */
  private static final long CLOSE_SLACK_NANOS = 1_000_000_000L;

  private final MonitorConfig config;
  private final Ticker ticker;
  private final Clock clock;
  private final History history;
  private final Histories histories;
  private final ThreadTracker tracker;
  private final MetricBudget budget;
  private final SourceRunner[] inline;
  private final SourceRunner[] isolated;
  private final List<SourceRunner> all = new ArrayList<>();
  private final int cpus;
  private final long sourceTimeoutNanos;
  private final long callbackTimeoutNanos;
  private final Supervisor supervisor;

  // The tick's steps: an array republished when listeners change, so a tick iterates it without allocating.
  private final Object listenersLock = new Object();
  private final List<Listener> listeners = new ArrayList<>(); // guarded by listenersLock
  private volatile TickStep[] program;
  private final TickStep[] sourceSteps;

  private final ReentrantLock tickLock = new ReentrantLock();
  // Replaced by a copy when a step is abandoned, so that a listener still inside its call keeps a sample nobody
  // writes any more.
  private volatile TickSample sample = new TickSample();
  private volatile long sequence;
  private volatile long tickNanos;
  private volatile long tickEpochMillis;
  private volatile long isolatedDeadline;
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong skippedBeforeStop = new AtomicLong();

  private final Object lifecycle = new Object();
  private Scheduler.@Nullable ScheduledTask task;
  private final List<Scheduler.ScheduledTask> stopping = new ArrayList<>(); // cancelled, their last run may still end
  private volatile boolean closed;
  private volatile boolean closedFromTick;
  private final AtomicBoolean sourcesClosed = new AtomicBoolean();

  /** Creates a monitor; it samples nothing until {@link #start()} or {@link #sampleNow()}. */
  public ResourceMonitor(MonitorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = config.ticker();
    this.clock = config.clock();
    this.histories = new Histories(config);
    this.history = histories.machine();
    this.tracker = new ThreadTracker(config.maxAgents(), histories.agents(), ticker, config.interval());
    this.budget = new MetricBudget(config.maxMetrics(), config.maxAgentMetrics());
    for (Metric m : ThreadTracker.OWN_METRICS) {
      budget.admit(m); // the tracker writes these for every agent
    }
    this.cpus = SystemFacts.detect().logicalCpus();
    this.sourceTimeoutNanos = config.sourceTimeout().toNanos();
    this.callbackTimeoutNanos = config.callbackTimeout().toNanos();
    this.supervisor = new Supervisor(WORKER_NAME, config.threadFactory(), callbackTimeoutNanos, this::replaceSample);
    List<ResourceSource> sources = new ArrayList<>();
    if (config.platformSources()) {
      sources.addAll(PlatformSources.create());
    }
    sources.addAll(config.sources());
    List<String> names = new ArrayList<>();
    for (ResourceSource source : sources) {
      String name = source.name();
      if (names.contains(name)) {
        throw new IllegalArgumentException("two sources are named \"" + name + "\"; source names must be unique: " + names);
      }
      names.add(name);
      all.add(new SourceRunner(source, THREAD_NAME, config.threadFactory(), config.maxMetricsPerSource(), budget));
    }
    this.inline = all.stream().filter(r -> !r.isolated()).toArray(SourceRunner[]::new);
    this.isolated = all.stream().filter(SourceRunner::isolated).toArray(SourceRunner[]::new);
    List<TickStep> steps = new ArrayList<>();
    steps.add(new LibraryStep("begin the tick", this::beginTick, TickStep.NO_DEADLINE));
    for (SourceRunner runner : inline) {
      steps.add(runner.callStep(() -> tickNanos));
    }
    steps.add(new LibraryStep("merge the sources' values", this::mergeInline, TickStep.NO_DEADLINE));
    // Waits for the blocking sources up to the source timeout: its deadline is that plus the callback timeout.
    steps.add(new LibraryStep("wait for the blocking sources", this::finishIsolated,
        sourceTimeoutNanos + callbackTimeoutNanos));
    steps.add(new LibraryStep("record the sample", this::record, TickStep.NO_DEADLINE));
    this.sourceSteps = steps.toArray(new TickStep[0]);
    rebuildProgram();
  }

  /** Starts sampling every interval. Harmless if already started. */
  public void start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("this monitor is closed and cannot be started again; create a new one");
      }
      if (task != null) {
        return;
      }
      task = config.scheduler().schedulePeriodic(THREAD_NAME, this::scheduledTick, Duration.ZERO, config.interval());
      log.debug("monitor started: interval {}, {} sources", config.interval(), all.size());
    }
  }

  /** Stops sampling, waiting for a tick in progress. History and agents are kept; {@link #start()} resumes. */
  public void stop() {
    Scheduler.ScheduledTask t;
    synchronized (lifecycle) {
      t = detachTask();
    }
    awaitStopped(t, supervisor.isWorker(Thread.currentThread()) ? Duration.ofNanos(1) : STOP_TIMEOUT);
  }

  /** Takes the scheduled task out of service, to be cancelled outside the lock. Lock held. */
  private Scheduler.@Nullable ScheduledTask detachTask() {
    Scheduler.ScheduledTask t = task;
    if (t != null) {
      task = null;
      stopping.add(t);
    }
    return t;
  }

  // Cancelling waits for a run in progress, whose listeners may ask this monitor for its state (stats(),
  // isRunning()): so it happens outside the lifecycle lock, or each would wait for the other until the timeout.
  private void awaitStopped(Scheduler.@Nullable ScheduledTask t, Duration timeout) {
    if (t == null) {
      return;
    }
    t.cancel(timeout);
    synchronized (lifecycle) {
      stopping.remove(t);
      skippedBeforeStop.addAndGet(t.skippedRuns());
    }
  }

  /** Whether sampling is scheduled. */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return task != null;
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops sampling for good, closes the sources and ends the monitor's threads. Idempotent. The tick in progress
   * finishes first, for up to one callback timeout; after that it is ended at its current call (left at that call's
   * deadline). The sources' {@code close()} calls then get one callback timeout together. So this returns within
   * {@link #closeBound()}, whatever a callback does; a call that never returns keeps its (daemon) thread, which is
   * logged. Called from a listener or source during a tick, it does not wait for that tick: the rest of the tick runs,
   * then the tick's thread closes the sources.
   */
  @Override
  public void close() {
    Scheduler.ScheduledTask t;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true; // from here start() and sampleNow() refuse, so no tick starts after the one in progress
      t = detachTask();
    }
    tracker.close();
    for (SourceRunner runner : isolated) {
      runner.stopWorker(); // a tick waiting for them goes on at once
    }
    if (supervisor.isWorker(Thread.currentThread())) {
      closedFromTick = true;
      awaitStopped(t, Duration.ofNanos(1));
      return;
    }
    boolean locked = false;
    try {
      if (t != null) {
        t.cancel(Duration.ofNanos(callbackTimeoutNanos)); // the scheduled tick in progress finishes...
      }
      locked = tickLock.tryLock(callbackTimeoutNanos, TimeUnit.NANOSECONDS); // ...and so does one of sampleNow()
      if (!locked) {
        supervisor.stopRuns(); // ...or is ended at its current call's deadline
        locked = tickLock.tryLock(callbackTimeoutNanos + CLOSE_SLACK_NANOS, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitStopped(t, Duration.ofNanos(CLOSE_SLACK_NANOS));
    try {
      if (!locked) {
        log.warn("a tick was still running when close() gave up waiting; closing the sources without waiting for it");
      }
      closeSources();
    } finally {
      if (locked) {
        tickLock.unlock();
      }
    }
  }

  /**
   * How long {@link #close()} takes at most, give or take scheduling delays: three callback timeouts (the tick in
   * progress, its current call if it had to be ended, the sources' {@code close()} calls) plus two seconds for
   * threads to end.
   */
  public Duration closeBound() {
    return Duration.ofNanos(3 * callbackTimeoutNanos + 2 * CLOSE_SLACK_NANOS);
  }

  // The sources' close() calls are user code too: they run on a worker of their own. Waiting for the blocking
  // sources' threads and for the close() calls takes one callback timeout at most, together.
  private void closeSources() {
    if (!sourcesClosed.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    long joinDeadline = start + callbackTimeoutNanos / 2;
    for (SourceRunner runner : isolated) {
      runner.awaitWorker(joinDeadline);
    }
    supervisor.shutdown();
    if (!all.isEmpty()) {
      TickStep[] closing = new TickStep[all.size()];
      for (int i = 0; i < closing.length; i++) {
        closing[i] = all.get(i).closeStep();
      }
      Supervisor closer = new Supervisor(THREAD_NAME + "-close", config.threadFactory(), callbackTimeoutNanos, null);
      long budget = Math.max(callbackTimeoutNanos / 2, start + callbackTimeoutNanos - System.nanoTime());
      if (!closer.run(closing, budget)) {
        log.warn("the sources did not all close within {}; close() returned without waiting for them",
            Durations.format(System.nanoTime() - start));
      }
      closer.shutdown();
      closer.awaitWorker(CLOSE_SLACK_NANOS / 2);
    }
    supervisor.awaitWorker(CLOSE_SLACK_NANOS / 2);
  }

  private void scheduledTick() {
    try {
      sampleNow();
    } catch (IllegalStateException closedMeanwhile) {
      // close() raced with the schedule; nothing to do
    }
  }

  /**
   * Takes one sample now, as a scheduled tick would, and returns when the listeners have run (or been left behind at
   * the callback timeout). Ticks never overlap: this waits for a tick in progress.
   *
   * @throws IllegalStateException if the monitor is closed, or if called from a listener or source during a tick
   */
  public void sampleNow() {
    if (supervisor.isWorker(Thread.currentThread())) {
      throw new IllegalStateException("sampleNow() was called from a listener or source during a tick; a tick cannot "
          + "wait for another one that runs after it");
    }
    tickLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("this monitor is closed");
      }
      supervisor.run(program);
    } finally {
      tickLock.unlock();
      if (closedFromTick) {
        closeSources();
      }
    }
  }

  // ---------------------------------------------------------------- the tick's own steps (on the worker)

  private void beginTick() {
    long now = ticker.read();
    long epochMillis = clock.millis();
    long seq = sequence + 1;
    sequence = seq;
    tickNanos = now;
    tickEpochMillis = epochMillis;
    TickSample s = sample;
    s.begin(now, epochMillis, seq);
    tracker.beginTick(s);
    for (int i = 0; i < isolated.length; i++) {
      isolated[i].start(now);
    }
    isolatedDeadline = System.nanoTime() + sourceTimeoutNanos;
  }

  private void mergeInline() {
    TickSample s = sample;
    for (int i = 0; i < inline.length; i++) {
      inline[i].mergeIfFresh(s, tracker);
    }
  }

  private void finishIsolated() {
    long deadline = isolatedDeadline;
    TickSample s = sample;
    for (int i = 0; i < isolated.length; i++) {
      isolated[i].finish(deadline, s, tracker);
    }
  }

  private void record() {
    TickSample s = sample;
    long now = tickNanos;
    tracker.completeTick(s, now, cpus);
    history.append(now, tickEpochMillis, s.rawValues());
  }

  private void endTick() {
    ticks.incrementAndGet();
  }

  /** On the supervising thread, when a step is abandoned: the rest of the tick works on a copy of the sample. */
  private void replaceSample() {
    sample = sample.copy();
  }

  /** The sample of the tick in progress (or the last one), for the steps of stepped listeners. */
  private Sample currentSample() {
    return sample;
  }

  /** A step of the library's own bookkeeping. */
  private static final class LibraryStep extends TickStep {
    private final Runnable work;

    LibraryStep(String description, Runnable work, long deadlineNanos) {
      super(description, deadlineNanos);
      this.work = work;
    }

    @Override
    protected void run() {
      work.run();
    }

    @Override
    protected void overran(long elapsedNanos) {
      log.warn("the monitor's own step '{}' did not finish within {}; the tick went on without it", description(),
          Durations.format(elapsedNanos));
    }
  }

  // ---------------------------------------------------------------- listeners

  /**
   * Adds a listener; it receives every later sample, after the listeners added before it.
   *
   * @throws IllegalStateException if the monitor is closed
   */
  public void addListener(SampleListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (listenersLock) {
      requireOpen("add a listener");
      List<TickStep> steps = listener instanceof SteppedListener stepped
          ? List.copyOf(stepped.tickSteps(this::currentSample))
          : List.of(new ListenerStep(listener));
      listeners.add(new Listener(listener, steps));
      rebuildProgram();
    }
  }

  /**
   * Removes a listener; returns whether it was registered. Allowed after {@link #close()}, so that cleanup code may
   * run in any order; it changes nothing the monitor does.
   */
  public boolean removeListener(SampleListener listener) {
    synchronized (listenersLock) {
      for (int i = 0; i < listeners.size(); i++) {
        if (listeners.get(i).listener.equals(listener)) {
          listeners.remove(i);
          rebuildProgram();
          return true;
        }
      }
      return false;
    }
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new IllegalStateException("this monitor is closed; cannot " + what);
    }
  }

  private void rebuildProgram() {
    List<TickStep> steps = new ArrayList<>(List.of(sourceSteps));
    synchronized (listenersLock) {
      for (Listener l : listeners) {
        steps.addAll(l.steps);
      }
    }
    steps.add(new LibraryStep("end the tick", this::endTick, TickStep.NO_DEADLINE));
    program = steps.toArray(new TickStep[0]);
  }

  /** The listener counter, shared with the parts whose own listeners (decisions, allocation events) fail. */
  public AtomicLong listenerFailureCounter() {
    return listenerFailures;
  }

  private record Listener(SampleListener listener, List<TickStep> steps) {}

  /**
   * A plain listener's call, with its run of consecutive failures. A listener that throws on every tick would
   * otherwise write a stack trace every second: the first failure of a run is logged at warn with its stack trace,
   * the rest at debug, and the recovery at info, as {@link SourceRunner} does for sources.
   */
  private final class ListenerStep extends TickStep {
    final SampleListener listener;
    private long consecutiveFailures; // for logging only; the workers run it one after the other

    ListenerStep(SampleListener listener) {
      super("listener " + listener);
      this.listener = listener;
    }

    @Override
    protected void run() {
      TickSample s = sample;
      try {
        listener.onSample(s);
      } catch (Throwable t) {
        listenerFailures.incrementAndGet();
        try {
          if (++consecutiveFailures == 1) {
            log.warn("sample listener {} failed on sample {}; the other listeners still ran (further failures are "
                + "logged at debug until it succeeds again)", listener, s.sequence(), t);
          } else {
            log.debug("sample listener {} failed again on sample {} ({} in a row)", listener, s.sequence(),
                consecutiveFailures, t);
          }
        } catch (Throwable logging) {
          Faults.rethrowIfFatal(logging);
        }
        Faults.rethrowIfFatal(t);
        return;
      }
      if (consecutiveFailures > 0) {
        log.info("sample listener {} succeeded again after {} failed samples", listener, consecutiveFailures);
        consecutiveFailures = 0;
      }
    }

    @Override
    protected void overran(long elapsedNanos) {
      log.warn("sample listener {} did not return within {}; the tick went on without it, and it is skipped until the "
          + "call returns", listener, Durations.format(elapsedNanos));
    }

    @Override
    protected void returned(long elapsedNanos) {
      log.info("sample listener {} returned after {}; it receives samples again from the next tick", listener,
          Durations.format(elapsedNanos));
    }
  }

  /** The machine, process and JVM history. */
  public History history() {
    return history;
  }

  /** The agent tracker. */
  public ThreadTracker tracker() {
    return tracker;
  }

  /** The configuration. */
  public MonitorConfig config() {
    return config;
  }

  /** The logical CPU count used for CPU percentages. */
  public int cpuCount() {
    return cpus;
  }

  /** The sources in sampling order: the platform's first, then the configured ones. */
  public List<ResourceSource> sources() {
    List<ResourceSource> result = new ArrayList<>(all.size());
    for (SourceRunner runner : all) {
      result.add(runner.source());
    }
    return List.copyOf(result);
  }

  /** The monitor's counters. Never waits for a tick. */
  public MonitorStats stats() {
    List<SourceStats> sources = new ArrayList<>(all.size());
    long dropped = 0;
    for (SourceRunner runner : all) {
      SourceStats st = runner.stats();
      dropped += st.droppedValues();
      sources.add(st);
    }
    List<String> stuck = new ArrayList<>();
    for (TickStep step : program) {
      if (step.isStuck()) {
        stuck.add(step.description());
      }
    }
    long skipped;
    synchronized (lifecycle) {
      skipped = skippedBeforeStop.get();
      if (task != null) {
        skipped += task.skippedRuns();
      }
      for (Scheduler.ScheduledTask t : stopping) {
        skipped += t.skippedRuns();
      }
    }
    return new MonitorStats(ticks.get(), skipped, listenerFailures.get(), supervisor.overruns(),
        tracker.droppedValues(), dropped, stuck, sources, histories.bytesByTier());
  }

  /** The threads that run ticks and have run them (for allocation measurements in tests): the current worker. */
  public boolean isWorkerThread(Thread thread) {
    return supervisor.isWorker(thread);
  }

  /** Worker threads started so far: one, plus one per call abandoned at its deadline. */
  public long workersStarted() {
    return supervisor.workersStarted();
  }

  /**
   * The latest recorded value of every metric and of every agent's metrics, or empty before the first sample.
   */
  public Optional<Sample> latest() {
    long tick = history.latestTickNanos();
    if (tick == Long.MIN_VALUE) {
      return Optional.empty();
    }
    Map<Metric, Double> values = new LinkedHashMap<>();
    for (Metric m : history.metrics()) {
      double v = history.latest(m);
      if (!Double.isNaN(v)) {
        values.put(m, v);
      }
    }
    List<Agent> agents = new ArrayList<>();
    Map<String, Map<Metric, Double>> agentValues = new LinkedHashMap<>();
    for (TrackedAgent agent : tracker.trackedAgents()) {
      Map<Metric, Double> perAgent = new LinkedHashMap<>();
      History h = agent.history();
      for (Metric m : h.metrics()) {
        double v = h.latest(m);
        if (!Double.isNaN(v)) {
          perAgent.put(m, v);
        }
      }
      agents.add(agent);
      agentValues.put(agent.id(), perAgent);
    }
    return Optional.of(new FrozenSample(tick, history.latestEpochMillis(), ticks.get(), values, agents, agentValues));
  }
}
