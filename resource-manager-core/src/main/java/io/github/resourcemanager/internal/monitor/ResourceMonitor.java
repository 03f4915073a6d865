package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.Ticker;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples its sources on a fixed interval, records the values in a {@link History}, tracks agents and passes
 * each sample to its listeners.
 *
 * <p>One periodic task, named {@code resource-monitor}, runs every tick: the sources write their values
 * (blocking sources on their own threads under a time budget), the agent tracker adds per-agent values, the
 * sample is appended to the machine history and each agent's history, and the listeners run in order. A
 * source or listener that throws is logged, counted and skipped for that tick; the loop goes on.
 *
 * <p>Lifecycle: {@link #start()} twice is harmless; {@link #stop()} then {@link #start()} resumes sampling;
 * {@link #close()} stops for good, closes the sources and ends every thread the monitor started. Thread-safe.
 */
public final class ResourceMonitor implements AutoCloseable {

  /** The name of the sampling task and of its thread under the system scheduler. */
  public static final String THREAD_NAME = "resource-monitor";

  private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final MonitorConfig config;
  private final Ticker ticker;
  private final Clock clock;
  private final History history;
  private final Histories histories;
  private final ThreadTracker tracker;
  private final SourceRunner[] inline;
  private final SourceRunner[] isolated;
  private final List<SourceRunner> all = new ArrayList<>();
  // An array republished on change rather than a CopyOnWriteArrayList: iterating that allocates an iterator
  // per tick, and the tick must allocate nothing.
  private final Object listenersLock = new Object();
  private volatile ListenerSlot[] listeners = new ListenerSlot[0];
  private final int cpus;
  private final long sourceTimeoutNanos;

  private final ReentrantLock tickLock = new ReentrantLock();
  private final TickSample sample = new TickSample();
  private long sequence;
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong skippedBeforeStop = new AtomicLong();

  private final Object lifecycle = new Object();
  private Scheduler.ScheduledTask task;
  private final List<Scheduler.ScheduledTask> stopping = new ArrayList<>(); // cancelled, their last run may still end
  private volatile boolean closed;

  /** Creates a monitor; it samples nothing until {@link #start()} or {@link #sampleNow()}. */
  public ResourceMonitor(MonitorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = config.ticker();
    this.clock = config.clock();
    this.histories = new Histories(config);
    this.history = histories.machine();
    this.tracker = new ThreadTracker(config.maxAgents(), histories.agents(), ticker, config.interval());
    this.cpus = SystemFacts.detect().logicalCpus();
    this.sourceTimeoutNanos = config.sourceTimeout().toNanos();
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
      all.add(new SourceRunner(source, THREAD_NAME, config.threadFactory()));
    }
    this.inline = all.stream().filter(r -> !r.isolated()).toArray(SourceRunner[]::new);
    this.isolated = all.stream().filter(SourceRunner::isolated).toArray(SourceRunner[]::new);
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
    awaitStopped(t);
  }

  /** Takes the scheduled task out of service, to be cancelled outside the lock. Lock held. */
  private Scheduler.ScheduledTask detachTask() {
    Scheduler.ScheduledTask t = task;
    if (t != null) {
      task = null;
      stopping.add(t);
    }
    return t;
  }

  // Cancelling waits for a run in progress, whose listeners may ask this monitor for its state (stats(),
  // isRunning()): so it happens outside the lifecycle lock, or each would wait for the other until the timeout.
  private void awaitStopped(Scheduler.ScheduledTask t) {
    if (t == null) {
      return;
    }
    t.cancel(STOP_TIMEOUT);
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

  /** Stops sampling for good, closes the sources and ends the monitor's threads. Idempotent. */
  @Override
  public void close() {
    Scheduler.ScheduledTask t;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true; // from here start() refuses, so no task can be scheduled after the one detached here
      t = detachTask();
    }
    awaitStopped(t);
    // Wait for a tick running on another thread (sampleNow) before closing the sources under it,
    // unless close() was called from inside a tick (a listener), which must not wait for itself.
    boolean ownTick = tickLock.isHeldByCurrentThread();
    if (!ownTick) {
      tickLock.lock();
    }
    try {
      for (SourceRunner runner : all) {
        runner.close(1_000);
      }
    } finally {
      if (!ownTick) {
        tickLock.unlock();
      }
    }
  }

  private void scheduledTick() {
    try {
      sampleNow();
    } catch (IllegalStateException closedMeanwhile) {
      // close() raced with the schedule; nothing to do
    }
  }

  /**
   * Takes one sample now on the calling thread, as a scheduled tick would, and returns when the listeners
   * have run. Ticks never overlap: this waits for a tick in progress.
   *
   * @throws IllegalStateException if the monitor is closed
   */
  public void sampleNow() {
    tickLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("this monitor is closed");
      }
      tick();
    } finally {
      tickLock.unlock();
    }
  }

  private void tick() {
    long now = ticker.read();
    long epochMillis = clock.millis();
    sample.begin(now, epochMillis, ++sequence);
    tracker.beginTick(sample);
    for (int i = 0; i < isolated.length; i++) {
      isolated[i].start(now);
    }
    long deadline = System.nanoTime() + sourceTimeoutNanos;
    for (int i = 0; i < inline.length; i++) {
      inline[i].runInline(now, sample, tracker);
    }
    for (int i = 0; i < isolated.length; i++) {
      isolated[i].finish(deadline, sample, tracker);
    }
    tracker.completeTick(sample, now, cpus);
    history.append(now, epochMillis, sample.rawValues());
    ListenerSlot[] current = listeners;
    for (int i = 0; i < current.length; i++) {
      current[i].deliver(sample, sequence, listenerFailures);
    }
    ticks.incrementAndGet();
  }

  /** Adds a listener; it receives every later sample, after the listeners added before it. */
  public void addListener(SampleListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (listenersLock) {
      ListenerSlot[] grown = Arrays.copyOf(listeners, listeners.length + 1);
      grown[grown.length - 1] = new ListenerSlot(listener);
      listeners = grown;
    }
  }

  /** Removes a listener; returns whether it was registered. */
  public boolean removeListener(SampleListener listener) {
    synchronized (listenersLock) {
      ListenerSlot[] current = listeners;
      for (int i = 0; i < current.length; i++) {
        if (current[i].listener.equals(listener)) {
          ListenerSlot[] shrunk = new ListenerSlot[current.length - 1];
          System.arraycopy(current, 0, shrunk, 0, i);
          System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
          listeners = shrunk;
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A listener and its run of consecutive failures. A listener that throws on every tick would otherwise write a
   * stack trace every second: the first failure of a run is logged at warn with its stack trace, the rest at debug,
   * and the recovery at info, as {@link SourceRunner} does for sources. Touched only under the tick lock.
   */
  private static final class ListenerSlot {
    final SampleListener listener;
    private long consecutiveFailures;

    ListenerSlot(SampleListener listener) {
      this.listener = listener;
    }

    void deliver(TickSample sample, long sequence, AtomicLong failures) {
      try {
        listener.onSample(sample);
      } catch (Throwable t) {
        SourceRunner.rethrowIfFatal(t);
        failures.incrementAndGet();
        if (++consecutiveFailures == 1) {
          log.warn("sample listener {} failed on sample {}; the other listeners still ran (further failures are "
              + "logged at debug until it succeeds again)", listener, sequence, t);
        } else {
          log.debug("sample listener {} failed again on sample {} ({} in a row)", listener, sequence,
              consecutiveFailures, t);
        }
        return;
      }
      if (consecutiveFailures > 0) {
        log.info("sample listener {} succeeded again after {} failed samples", listener, consecutiveFailures);
        consecutiveFailures = 0;
      }
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

  /** The monitor's counters. */
  public MonitorStats stats() {
    List<SourceStats> sources = new ArrayList<>(all.size());
    for (SourceRunner runner : all) {
      sources.add(runner.stats());
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
    return new MonitorStats(ticks.get(), skipped, listenerFailures.get(), tracker.droppedValues(), sources,
        histories.bytesByTier());
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
