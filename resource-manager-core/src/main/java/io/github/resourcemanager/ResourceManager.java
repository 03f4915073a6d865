package io.github.resourcemanager;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.internal.alert.AlertEngine;
import io.github.resourcemanager.internal.alert.AlertPipelineConfig;
import io.github.resourcemanager.internal.allocate.MonitoredPool;
import io.github.resourcemanager.internal.monitor.Metrics;
import io.github.resourcemanager.internal.monitor.MonitorConfig;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.internal.scale.AbstractScaler;
import io.github.resourcemanager.internal.scale.HistogramRecommender;
import io.github.resourcemanager.internal.scale.Scalers;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.Scaler;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.ByteSize;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: watches this machine, this process and the agents running in it.
 *
 * <pre>{@code
 * try (ResourceManager rm = ResourceManager.custom().interval(Duration.ofSeconds(1)).build()) {
 *   rm.start();
 *   rm.tracker().register("agent-7");
 *   try (var scope = rm.tracker().enter("agent-7")) {
 *     work();
 *   }
 *   Summary cpu = rm.summary(Metric.SYSTEM_CPU_USAGE, Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Instances are independent of each other. {@link #global()} offers one shared, lazily started instance
 * for code that wants a single process-wide monitor. Thread-safe.
 */
public final class ResourceManager implements AutoCloseable {

  private static final Object GLOBAL_LOCK = new Object();
  private static @Nullable ResourceManager global;

  // The data flow, in listener order: monitor -> alerts -> scalers and the vertical recommender -> allocation.
  private final ResourceMonitor monitor;
  private final AlertEngine alerts;
  private final Map<String, AbstractScaler> scalers;
  private final @Nullable HistogramRecommender verticalRecommender; // null when not configured
  private final @Nullable MonitoredPool allocation; // null unless configured

  private ResourceManager(Builder builder) {
    this.monitor = new ResourceMonitor(builder.monitor.build());
    // Alerts: built on the monitor's ticker and clock, and the monitor's first listener, so alerts see each sample
    // before scalers and allocation act on it.
    AlertEngine pipeline = null;
    try {
      pipeline = new AlertEngine(builder.alerting
          .ticker(monitor.config().ticker()).clock(monitor.config().clock()).build());
      for (int i = 0; i < builder.alertHandlers.size(); i++) {
        pipeline.subscribe(builder.alertHandlers.get(i), builder.alertHandlerOptions.get(i));
      }
    } catch (RuntimeException invalid) {
      if (pipeline != null) {
        pipeline.close();
      }
      monitor.close(); // release the sources opened above before reporting the bad alert setting
      throw invalid;
    }
    this.alerts = pipeline;
    monitor.addListener(alerts);

    // Scaling: listeners after the alert pipeline.
    Clock clock = monitor.config().clock();
    int cpuCount = monitor.cpuCount();
    Map<String, AbstractScaler> createdScalers = new LinkedHashMap<>();
    for (Map.Entry<String, BiFunction<Clock, Integer, AbstractScaler>> e : builder.scalerFactories.entrySet()) {
      AbstractScaler scaler = e.getValue().apply(clock, cpuCount);
      scaler.countListenerFailuresIn(monitor.listenerFailureCounter());
      createdScalers.put(e.getKey(), scaler);
      monitor.addListener(scaler);
    }
    this.scalers = Collections.unmodifiableMap(createdScalers);
    this.verticalRecommender = builder.verticalRecommenderConfig == null ? null
        : Scalers.verticalRecommender(builder.verticalRecommenderConfig, cpuCount);
    if (verticalRecommender != null) {
      monitor.addListener(verticalRecommender);
    }

    // Allocation and sharing: the last listener, so enforcement sees the alerts and scaling decisions of the same
    // tick.
    this.allocation = builder.allocation == null ? null : MonitoredPool.create(builder.allocation, monitor);
    if (allocation != null) {
      monitor.addListener(allocation);
    }
  }

  /** A builder with every setting at its default (each setter of {@link Builder} gives its default). */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * The shared instance, created with default settings and started on first use. Closing it is allowed; the
   * next call then creates a fresh one.
   */
  public static ResourceManager global() {
    synchronized (GLOBAL_LOCK) {
      if (global == null || global.monitor.isClosed()) {
        ResourceManager created = custom().build();
        created.start();
        global = created;
      }
      return global;
    }
  }

  /** Starts sampling. Harmless if already started. */
  public void start() {
    monitor.start();
  }

  /** Stops sampling; {@link #start()} resumes it. History and agents are kept. */
  public void stop() {
    monitor.stop();
  }

  /** Whether sampling is running. */
  public boolean isRunning() {
    return monitor.isRunning();
  }

  /**
   * Stops for good and releases threads and sources. Idempotent; a closed instance cannot be started, and every
   * method that would change its state (sampling, adding listeners, registering or entering agents,
   * raising, resolving, silencing or acknowledging alerts, subscribing handlers, admitting or releasing agents,
   * recomputing shares, recording runs, adding scaler listeners, feeding the vertical recommender) throws
   * {@link IllegalStateException}; queries keep answering. Removing a listener, unsubscribing a handler or
   * unregistering an agent stays allowed, so that cleanup code may run in any order: it changes nothing the closed
   * manager does.
   *
   * <p>Returns within 3 × {@link Builder#callbackTimeout callbackTimeout} + 2 × {@link Builder#alertCloseTimeout
   * alertCloseTimeout} + 2 s (9 s with the defaults), even when a source, listener, gauge, target, enforcer or handler
   * never returns: the tick in progress may finish for one callback timeout, then is ended at its current call's
   * deadline (a second one); the sources' {@code close()} calls get one callback timeout together, the alert handlers
   * two close timeouts. A thread still inside a call that never returns is a daemon thread, left to end on its own
   * (and logged). Called from a listener, it does not wait for the tick it is called from.
   */
  @Override
  public void close() {
    monitor.close();
    alerts.close(); // after the monitor, so no sample arrives while it shuts down
    for (AbstractScaler scaler : scalers.values()) {
      scaler.close();
    }
    if (verticalRecommender != null) {
      verticalRecommender.close();
    }
    if (allocation != null) {
      allocation.close();
    }
  }

  /**
   * The latest measured values of the machine, the process, the JVM and every agent, as an immutable sample; empty
   * before the first sample.
   */
  public Optional<Sample> currentUsage() {
    return monitor.latest();
  }

  /**
   * The most recent recorded value of a machine, process or JVM {@code metric}, or {@code NaN} if there is none.
   * Allocates nothing.
   *
   * @throws IllegalArgumentException if {@code metric} is a per-agent metric
   */
  public double latest(Metric metric) {
    return monitor.history().latest(Metrics.requireSystemMetric(metric));
  }

  /** The machine, process and JVM metrics that have a value in the history, in the order they first had one. */
  public List<Metric> metrics() {
    return monitor.history().metrics();
  }

  /**
   * The values of a machine, process or JVM {@code metric} within {@code window} of now, oldest first.
   *
   * @throws IllegalArgumentException if {@code metric} is a per-agent metric, or {@code window} is negative
   */
  public Series history(Metric metric, Duration window) {
    return monitor.history().series(Metrics.requireSystemMetric(metric), window);
  }

  /**
   * Statistics of a machine, process or JVM {@code metric} within {@code window} of now.
   *
   * @throws IllegalArgumentException if {@code metric} is a per-agent metric, or {@code window} is negative
   */
  public Summary summary(Metric metric, Duration window) {
    return monitor.history().summary(Metrics.requireSystemMetric(metric), window);
  }

  /**
   * The values of an agent's {@code metric} within {@code window} of now, oldest first.
   *
   * @throws IllegalArgumentException if no agent has this id, {@code metric} is not a per-agent metric, or
   *     {@code window} is negative
   */
  public Series history(String agentId, Metric metric, Duration window) {
    return monitor.tracker().get(Objects.requireNonNull(agentId, "agentId")).history(metric, window);
  }

  /**
   * Statistics of an agent's {@code metric} within {@code window} of now.
   *
   * @throws IllegalArgumentException if no agent has this id, {@code metric} is not a per-agent metric, or
   *     {@code window} is negative
   */
  public Summary summary(String agentId, Metric metric, Duration window) {
    return monitor.tracker().get(Objects.requireNonNull(agentId, "agentId")).summary(metric, window);
  }

  /** The registered agents, in registration order. */
  public List<Agent> agents() {
    return monitor.tracker().agents();
  }

  /** The tracker that attributes work to agents. */
  public AgentTracker tracker() {
    return monitor.tracker();
  }

  /** The sampling loop; for this library's own tests and wiring, not part of the API. */
  ResourceMonitor monitor() {
    return monitor;
  }

  /** The monitor's counters: ticks, skipped ticks, listener failures, and each source's. */
  public MonitorStats stats() {
    return monitor.stats();
  }

  /**
   * Takes one sample now, as a scheduled tick would, and returns when the listeners have run. The tick runs on the
   * monitor's worker thread while the calling thread waits, so a call into user code that does not return within the
   * callback timeout is left behind rather than holding the caller: this returns within the tick's own time plus one
   * callback timeout per call that gets stuck. Ticks never overlap: this waits for a tick in progress.
   *
   * @throws IllegalStateException if the manager is closed, or if called from a listener or source during a tick
   */
  public void sampleNow() {
    monitor.sampleNow();
  }

  /** The time between samples. */
  public Duration interval() {
    return monitor.config().interval();
  }

  /** The logical CPU count that CPU percentages are shares of. */
  public int cpuCount() {
    return monitor.cpuCount();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return monitor.isClosed();
  }

  /**
   * Adds a listener that receives every later sample on the monitor's worker thread, after the listeners added before
   * it. A listener that throws (anything but a fatal JVM error) is counted in {@link MonitorStats#listenerFailures()}
   * and logged once per run of failures; one that has not returned within the callback timeout is counted in
   * {@link MonitorStats#callbackTimeouts()}, left behind and skipped until it returns. The other listeners run either
   * way.
   *
   * @throws NullPointerException if {@code listener} is null
   * @throws IllegalStateException if the manager is closed
   */
  public void addListener(SampleListener listener) {
    monitor.addListener(listener);
  }

  /**
   * Removes a listener added with {@link #addListener}; returns whether it was registered. Allowed after
   * {@link #close()} (as are the other removals: scaler and pool listeners, alert handlers), so that cleanup code may
   * run in any order.
   */
  public boolean removeListener(SampleListener listener) {
    return monitor.removeListener(listener);
  }

  /** The ticker used for elapsed time. */
  public Ticker ticker() {
    return monitor.config().ticker();
  }

  /** The clock used for timestamps. */
  public Clock clock() {
    return monitor.config().clock();
  }


  /** The alert pipeline: active and resolved alerts, handlers, silences, event alerts. */
  public AlertPipeline alerts() {
    return alerts;
  }

  /** The alert pipeline's engine; for this library's own tests and wiring, not part of the API. */
  AlertEngine alertEngine() {
    return alerts;
  }

  /**
   * Acknowledges an active alert: its repeat notifications stop. See {@link AlertPipeline#acknowledge}.
   *
   * @throws IllegalArgumentException if no active alert has this id
   * @throws IllegalStateException if the alert has resolved
   */
  public Alert acknowledge(String alertId, String by, String comment) {
    return alerts.acknowledge(alertId, by, comment);
  }

  /**
   * Withdraws the acknowledgement of an active alert. See {@link AlertPipeline#unacknowledge}.
   *
   * @throws IllegalArgumentException if no active alert has this id
   * @throws IllegalStateException if the alert is not acknowledged or has resolved
   */
  public Alert unacknowledge(String alertId, String by) {
    return alerts.unacknowledge(alertId, by);
  }



  /** The scalers configured with {@link Builder#dynamicScaler} and {@link Builder#horizontalScaler}, in order. */
  public List<Scaler> scalers() {
    return List.copyOf(scalers.values());
  }

  /**
   * The scaler named {@code name}.
   *
   * @throws IllegalArgumentException if no scaler has this name
   */
  public Scaler scaler(String name) {
    Scaler scaler = scalers.get(Objects.requireNonNull(name, "name"));
    if (scaler == null) {
      throw new IllegalArgumentException("unknown scaler \"" + name + "\"; configured scalers: " + scalers.keySet());
    }
    return scaler;
  }

  /** The vertical recommender configured with {@link Builder#verticalRecommender}, if any. */
  public Optional<VerticalRecommender> verticalRecommender() {
    return Optional.ofNullable(verticalRecommender);
  }


  /**
   * The resource pool: shares, admission, overflow queue, enforcement and predictive allocation.
   *
   * @throws IllegalStateException if no allocation was configured with {@link Builder#allocation}
   */
  public ResourcePool allocation() {
    if (allocation == null) {
      throw new IllegalStateException("allocation is not configured; call ResourceManager.custom().allocation(...)");
    }
    return allocation;
  }

  /** Builds a {@link ResourceManager}. Not thread-safe. */
  public static final class Builder {
    private final MonitorConfig.Builder monitor = MonitorConfig.custom();
    private final AlertPipelineConfig.Builder alerting = AlertPipelineConfig.custom();
    private final List<AlertHandler> alertHandlers = new ArrayList<>();
    private final List<HandlerOptions> alertHandlerOptions = new ArrayList<>();
    private final Map<String, BiFunction<Clock, Integer, AbstractScaler>> scalerFactories = new LinkedHashMap<>();
    private @Nullable VerticalRecommenderConfig verticalRecommenderConfig;
    private @Nullable AllocationConfig allocation;

    private Builder() {}


    /** Adds a threshold rule; one named like a default rule ({@link AlertRule#defaultRules()}) replaces it. */
    public Builder alertRule(AlertRule rule) {
      alerting.rule(rule);
      return this;
    }

    /** Adds threshold rules, in order; one named like a default rule ({@link AlertRule#defaultRules()}) replaces it. */
    public Builder alertRules(List<AlertRule> rules) {
      alerting.rules(rules);
      return this;
    }

    /** Whether the default rules ({@link AlertRule#defaultRules()}: CPU, memory, disk, network, open files) are evaluated; default true. */
    public Builder defaultAlertRules(boolean enabled) {
      alerting.defaultRules(enabled);
      return this;
    }

    /**
     * How often a firing, unacknowledged alert is notified again (Alertmanager's {@code repeat_interval}): each handler
     * gets a reminder once strictly more than this has passed since its last notification of the alert; default
     * 4 h. Validated by {@link #build()}: positive.
     */
    public Builder alertRepeatInterval(Duration interval) {
      alerting.repeatInterval(interval);
      return this;
    }

    /** How long resolved alerts stay in {@code alerts().resolvedAlerts()}; default 1 h. Validated by {@link #build()}: positive. */
    public Builder resolvedAlertRetention(Duration retention) {
      alerting.resolvedRetention(retention);
      return this;
    }

    /** How many resolved alerts are kept at most; default 1,000; 0 keeps none. Validated by {@link #build()}: 0 to 1,000,000. */
    public Builder resolvedAlertHistorySize(int size) {
      alerting.resolvedHistorySize(size);
      return this;
    }

    /**
     * Most alert handlers subscribed at once, and most threads the pipeline starts for them; default 16. Validated
     * by {@link #build()}: 1 to 256.
     */
    public Builder maxAlertHandlers(int maxHandlers) {
      alerting.maxHandlers(maxHandlers);
      return this;
    }

    /**
     * Most event alerts active at once (each distinct name and labels); default 10,000. Raising a new one beyond is
     * refused with an {@link IllegalStateException}; raising an active one again is always possible. Validated by
     * {@link #build()}: 1 to 1,000,000.
     */
    public Builder maxEventAlerts(int maxEventAlerts) {
      alerting.maxEventAlerts(maxEventAlerts);
      return this;
    }

    /**
     * How long {@link ResourceManager#close()} waits for queued alert events to be delivered, and then again for
     * interrupted handlers to return; default 2 s. Validated by {@link #build()}: not negative.
     */
    public Builder alertCloseTimeout(Duration timeout) {
      alerting.closeTimeout(timeout);
      return this;
    }

    /**
     * Runs alert handler deliveries on {@code executor} instead of the pipeline's own daemon threads
     * {@code resource-alerts-N-M}. Each handler still receives its events one at a time and in order, one task per
     * run of queued events; a handler that blocks holds one of the executor's threads. The executor must run tasks
     * on threads other than the caller's (a direct executor would run handlers on the sampling thread). The manager
     * never shuts it down: on close it waits for the deliveries under way, as with its own threads, then interrupts
     * the threads still delivering.
     *
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder alertHandlerExecutor(Executor executor) {
      alerting.handlerExecutor(Objects.requireNonNull(executor, "executor"));
      return this;
    }

    /** Subscribes an alert handler with the default options (every event, 20 per 10 s). */
    public Builder alertHandler(AlertHandler handler) {
      return alertHandler(handler, HandlerOptions.ofDefaults());
    }

    /** Subscribes an alert handler with these options (validated by {@link #build()}). */
    public Builder alertHandler(AlertHandler handler, HandlerOptions options) {
      alertHandlers.add(Objects.requireNonNull(handler, "handler"));
      alertHandlerOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }



    /**
     * Adds a threshold scaler that decides on every sample, after the alert pipeline.
     *
     * @throws NullPointerException naming the parameter if an argument is null
     * @throws IllegalArgumentException if the name is empty or a scaler with this name was already added
     */
    public Builder dynamicScaler(String name, ScaleTarget target, DynamicScalerConfig config) {
      Scalers.validate(name, target, config);
      addScaler(name, (clock, cpuCount) -> Scalers.dynamic(name, target, config, clock));
      return this;
    }

    /**
     * Adds a Kubernetes-HPA scaler that decides every sync period on the samples, after the alert pipeline.
     *
     * @throws NullPointerException naming the parameter if an argument is null
     * @throws IllegalArgumentException if the name is empty, a scaler with this name was already added, or a metric
     *     needs replicas the target does not report
     */
    public Builder horizontalScaler(String name, ScaleTarget target, HorizontalScalerConfig config) {
      Scalers.validate(name, target, config);
      addScaler(name, (clock, cpuCount) -> Scalers.horizontal(name, target, config, clock, cpuCount));
      return this;
    }

    /**
     * Adds a vertical recommender fed with every agent's samples.
     *
     * @throws NullPointerException if {@code config} is null
     */
    public Builder verticalRecommender(VerticalRecommenderConfig config) {
      this.verticalRecommenderConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    private void addScaler(String name, BiFunction<Clock, Integer, AbstractScaler> factory) {
      if (scalerFactories.containsKey(name)) {
        throw new IllegalArgumentException("a scaler named \"" + name + "\" was already added; scaler names must be unique: "
            + scalerFactories.keySet());
      }
      scalerFactories.put(name, factory);
    }

    /** Time between samples; default 5 s. */
    public Builder interval(Duration interval) {
      monitor.interval(interval);
      return this;
    }

    /**
     * How far back the machine history reaches; default: the reach of the history tiers, 24 h. The tiers are cut
     * or extended to it (a retention within the raw window keeps raw samples only).
     */
    public Builder historyRetention(Duration retention) {
      monitor.historyRetention(retention);
      return this;
    }

    /** How far back each agent's history reaches; default (or null): as the machine history. */
    public Builder agentHistoryRetention(@Nullable Duration retention) {
      monitor.agentHistoryRetention(retention);
      return this;
    }

    /**
     * The resolutions the histories keep (the machine's, and the agents' unless {@link #agentHistoryTiers} sets
     * theirs): raw samples for a recent window, then rollups at coarser steps, each for a longer window, e.g.
     * {@code "raw 10m, 1m for 6h, 5m for 24h"} (the default). A rollup keeps, per bucket and metric, the count of
     * samples, their mean, min, max, median and 95th percentile. Each step must be a whole multiple of the one before
     * it and at least the interval; durations take the units {@code ms s m h d}. Queries read the finest tier that
     * holds their window; {@link Series#step()} says which.
     *
     * @throws IllegalArgumentException naming the setting, the text and the syntax if it is malformed
     * @throws NullPointerException if {@code tiers} is null
     */
    public Builder historyTiers(String tiers) {
      monitor.historyTiers(tiers);
      return this;
    }

    /**
     * The resolutions every agent's history keeps, as {@link #historyTiers}; default: those of the machine history.
     *
     * @throws IllegalArgumentException naming the setting, the text and the syntax if it is malformed
     * @throws NullPointerException if {@code tiers} is null
     */
    public Builder agentHistoryTiers(String tiers) {
      monitor.agentHistoryTiers(null, tiers);
      return this;
    }

    /**
     * The resolutions kept for the agents of one class: those registered with the label {@code label}, written
     * {@code key=value} (e.g. {@code "class=batch"}), as {@link #historyTiers}. When several classes match an agent,
     * the first added wins; agents of no class keep {@link #agentHistoryTiers}.
     *
     * @throws IllegalArgumentException naming the setting if the label is not {@code key=value} or the tiers are
     *     malformed
     * @throws NullPointerException if an argument is null
     */
    public Builder agentHistoryTiers(String label, String tiers) {
      monitor.agentHistoryTiers(Objects.requireNonNull(label, "label"), tiers);
      return this;
    }

    /**
     * The most memory the histories' chunks hold together, machine and agents; default 64 MiB, at least 1 MiB. When a
     * tick leaves them above it, the oldest raw samples of the least recently active agents are dropped first (their
     * rollups keep them at a coarser step), then rollups, finest first. {@link MonitorStats#historyBytes()} shows
     * what each tier holds.
     *
     * @throws NullPointerException if {@code budget} is null
     */
    public Builder historyBudget(ByteSize budget) {
      monitor.historyBudget(Objects.requireNonNull(budget, "budget").bytes());
      return this;
    }

    /**
     * Significant bits of mantissa kept per raw sample, 8 to 52; default 52, every value exactly. 23 (a
     * {@code float}'s: relative error at most 2^-24, about 6e-8) stores measured values with full mantissas in about
     * half the bytes. Rollups keep at most 23 bits. The latest value of each metric ({@link #latest}, the samples
     * listeners see) is always exact.
     */
    public Builder historyPrecision(int significantBits) {
      monitor.historyPrecision(significantBits);
      return this;
    }

    /** Whether to sample the machine, this process and the JVM; default true. */
    public Builder platformSources(boolean enabled) {
      monitor.platformSources(enabled);
      return this;
    }

    /** Adds a source, sampled after the platform sources. */
    public Builder source(ResourceSource source) {
      monitor.source(source);
      return this;
    }

    /** Real-time budget per tick for sources that may block; default (or null) min(interval, 2 s). */
    public Builder sourceTimeout(@Nullable Duration timeout) {
      monitor.sourceTimeout(timeout);
      return this;
    }

    /** The most agents tracked at once; default 10,000. Validated by {@link #build()}: 1 to 1,000,000. */
    public Builder maxAgents(int maxAgents) {
      monitor.maxAgents(maxAgents);
      return this;
    }

    /**
     * The real-time deadline of each call into user code that runs on the monitor's worker thread: sources that do
     * not block, sample listeners, alert gauges, scale targets (through their scaler) and the allocation's enforcers
     * and event listeners; default 1 s. A call that has not returned by then is reported (a WARN line and
     * {@link MonitorStats#callbackTimeouts()}), left to its thread, and skipped until it returns; a new worker thread
     * carries on with the rest of the tick, so the monitor keeps its cadence and no query waits for the call. Keep it
     * well above what the callbacks normally take: one that merely runs late is skipped for the ticks until it
     * returns. Validated by {@link #build()}: positive, at most 1 h.
     */
    public Builder callbackTimeout(Duration timeout) {
      monitor.callbackTimeout(timeout);
      return this;
    }

    /**
     * The most distinct machine, process, JVM and custom metrics recorded; default 1,024. Values of further metrics
     * are dropped and counted ({@link MonitorStats#droppedMetricValues()}). Validated by {@link #build()}: 1 to
     * {@link Metric#MAX_METRICS}.
     */
    public Builder maxMetrics(int maxMetrics) {
      monitor.maxMetrics(maxMetrics);
      return this;
    }

    /**
     * The most distinct per-agent metrics recorded, so the most series each agent has; default 32 (the tracker's own
     * four included). Values of further metrics are dropped and counted. Validated by {@link #build()}: 1 to
     * {@link Metric#MAX_METRICS}.
     */
    public Builder maxAgentMetrics(int maxAgentMetrics) {
      monitor.maxAgentMetrics(maxAgentMetrics);
      return this;
    }

    /**
     * The most distinct metrics one source may write; default 256. Values of further metrics are dropped and counted
     * in its {@link io.github.resourcemanager.monitor.SourceStats#droppedValues()}. Validated by {@link #build()}: 1 to
     * {@link Metric#MAX_METRICS}.
     */
    public Builder maxMetricsPerSource(int maxMetricsPerSource) {
      monitor.maxMetricsPerSource(maxMetricsPerSource);
      return this;
    }

    /** The ticker for elapsed time; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      monitor.ticker(ticker);
      return this;
    }

    /** The clock for timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      monitor.clock(clock);
      return this;
    }

    /**
     * The scheduler of the sampling task; default {@link Scheduler#system()} (or a thread of the
     * {@link #threadFactory} when one is given).
     */
    public Builder scheduler(Scheduler scheduler) {
      monitor.scheduler(scheduler);
      return this;
    }

    /**
     * The factory of the monitor's threads: the sampling thread (unless a {@link #scheduler} is given), the worker
     * that runs each tick's calls (and its replacements, one per call left behind at the callback timeout), the
     * workers of sources that may block, and the thread that closes the sources. Default: daemon threads named
     * {@code resource-monitor}, {@code resource-monitor-worker-N}, {@code resource-monitor-source-<source name>} and
     * {@code resource-monitor-close-N}.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      monitor.threadFactory(threadFactory);
      return this;
    }


    /**
     * Enables allocation and sharing with {@code config}. Its {@code checkInterval}, if set, becomes the sampling
     * interval; a later {@link #interval} call overrides it.
     */
    public Builder allocation(AllocationConfig config) {
      this.allocation = Objects.requireNonNull(config, "config");
      config.checkInterval().ifPresent(monitor::interval);
      return this;
    }

    /**
     * Enables allocation and sharing with the configuration in a JSON file (needs jackson-databind); see
     * {@link AllocationConfig#custom(Path)}.
     *
     * @throws IllegalArgumentException naming the JSON path of the first invalid value
     * @throws IllegalStateException if jackson-databind is not on the class path
     */
    public Builder allocation(Path jsonFile) {
      return allocation(AllocationConfig.custom(jsonFile).build());
    }

    /**
     * Validates the settings and builds the manager, not yet started.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public ResourceManager build() {
      return new ResourceManager(this);
    }
  }
}
