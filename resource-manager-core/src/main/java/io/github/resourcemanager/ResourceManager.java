package io.github.resourcemanager;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationJson;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.History;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.MonitorConfig;
import io.github.resourcemanager.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Snapshot;
import io.github.resourcemanager.monitor.Summary;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: watches this machine, this process and the agents running in it.
 *
 * <pre>{@code
 * try (ResourceManager rm = ResourceManager.builder().interval(Duration.ofSeconds(1)).build()) {
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
  private static ResourceManager global;

  private final ResourceMonitor monitor;

  // ---- allocation and sharing (issue 6): null unless configured ----
  private final ResourcePool allocation;

  private ResourceManager(Builder builder) {
    this.monitor = new ResourceMonitor(builder.monitor.build());

    // ---- allocation and sharing (issue 6) ----
    // Registered after the alert and scaler listeners (their blocks come first), so enforcement sees their effects
    // of the same tick.
    this.allocation = builder.allocation == null ? null : ResourcePool.create(builder.allocation, monitor);
    if (allocation != null) {
      monitor.addListener(allocation);
    }
  }

  /** A builder with every setting at its default (see {@link MonitorConfig} for the table). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The shared instance, created with default settings and started on first use. Closing it is allowed; the
   * next call then creates a fresh one.
   */
  public static ResourceManager global() {
    synchronized (GLOBAL_LOCK) {
      if (global == null || global.monitor.isClosed()) {
        ResourceManager created = builder().build();
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

  /** Stops for good and releases threads and sources. Idempotent; a closed instance cannot be started. */
  @Override
  public void close() {
    // ---- allocation and sharing (issue 6) ----
    if (allocation != null) {
      allocation.close();
    }
    monitor.close();
  }

  /** The latest measured values of the machine, the process, the JVM and every agent. */
  public Snapshot currentUsage() {
    return monitor.latest();
  }

  /** The values of {@code metric} within {@code window} of now, oldest first. */
  public Series history(Metric metric, Duration window) {
    return monitor.history().series(requireSystemMetric(metric), window);
  }

  /** Statistics of {@code metric} within {@code window} of now. */
  public Summary summary(Metric metric, Duration window) {
    return monitor.history().summary(requireSystemMetric(metric), window);
  }

  /**
   * The values of an agent's {@code metric} within {@code window} of now, oldest first.
   *
   * @throws IllegalArgumentException if no agent has this id
   */
  public Series history(String agentId, Metric metric, Duration window) {
    return monitor.tracker().get(agentId).history().series(Objects.requireNonNull(metric, "metric"), window);
  }

  /**
   * Statistics of an agent's {@code metric} within {@code window} of now.
   *
   * @throws IllegalArgumentException if no agent has this id
   */
  public Summary summary(String agentId, Metric metric, Duration window) {
    return monitor.tracker().get(agentId).history().summary(Objects.requireNonNull(metric, "metric"), window);
  }

  /** The machine, process and JVM history. */
  public History history() {
    return monitor.history();
  }

  /** The registered agents, in registration order. */
  public List<Agent> agents() {
    return monitor.tracker().agents();
  }

  /** The tracker that attributes work to agents. */
  public AgentTracker tracker() {
    return monitor.tracker();
  }

  /** The underlying monitor: sources, statistics, listeners. */
  public ResourceMonitor monitor() {
    return monitor;
  }

  /** Adds a listener that receives every sample on the monitor thread. */
  public void addListener(SampleListener listener) {
    monitor.addListener(listener);
  }

  /** The ticker used for elapsed time. */
  public Ticker ticker() {
    return monitor.config().ticker();
  }

  /** The clock used for timestamps. */
  public Clock clock() {
    return monitor.config().clock();
  }

  // ---- allocation and sharing (issue 6) ----

  /**
   * The resource pool: shares, admission, overflow queue, enforcement and predictive allocation.
   *
   * @throws IllegalStateException if no allocation was configured with {@link Builder#allocation}
   */
  public ResourcePool allocation() {
    if (allocation == null) {
      throw new IllegalStateException("allocation is not configured; call ResourceManager.builder().allocation(...)");
    }
    return allocation;
  }

  private static Metric requireSystemMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    if (metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric + " is per agent; use history(agentId, metric, window)");
    }
    return metric;
  }

  /** Builds a {@link ResourceManager}. Not thread-safe. */
  public static final class Builder {
    private final MonitorConfig.Builder monitor = MonitorConfig.custom();
    private AllocationConfig allocation; // allocation and sharing (issue 6)

    private Builder() {}

    /** Time between samples; default 5 s. */
    public Builder interval(Duration interval) {
      monitor.interval(interval);
      return this;
    }

    /** How far back the machine history reaches; default 60 min. */
    public Builder historyRetention(Duration retention) {
      monitor.historyRetention(retention);
      return this;
    }

    /** How far back each agent's history reaches; default: as the machine history. */
    public Builder agentHistoryRetention(Duration retention) {
      monitor.agentHistoryRetention(retention);
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

    /** Real-time budget per tick for sources that may block; default min(interval, 2 s). */
    public Builder sourceTimeout(Duration timeout) {
      monitor.sourceTimeout(timeout);
      return this;
    }

    /** The most agents tracked at once; default 10,000. */
    public Builder maxAgents(int maxAgents) {
      monitor.maxAgents(maxAgents);
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

    /** The scheduler of the sampling task; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      monitor.scheduler(scheduler);
      return this;
    }

    // ---- allocation and sharing (issue 6) ----

    /**
     * Enables allocation and sharing with {@code config}. Its {@code checkInterval}, if set (seed 002), becomes the
     * sampling interval; a later {@link #interval} call overrides it.
     */
    public Builder allocation(AllocationConfig config) {
      this.allocation = Objects.requireNonNull(config, "allocation");
      config.checkInterval().ifPresent(monitor::interval);
      return this;
    }

    /**
     * Enables allocation and sharing with the configuration in a seed-002-style JSON file (needs jackson-databind);
     * see {@link AllocationJson}.
     *
     * @throws IllegalArgumentException naming the JSON path of the first invalid value
     * @throws IllegalStateException if jackson-databind is not on the class path
     */
    public Builder allocation(Path jsonFile) {
      return allocation(AllocationJson.read(jsonFile).build());
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
