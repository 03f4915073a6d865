package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.monitor.ResourceSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Immutable configuration of a {@link ResourceMonitor}. Build with {@link #custom()}; every setting has a
 * default, and {@link Builder#build()} rejects bad values with a message naming the setting.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>interval</td><td>5 s</td><td>time between samples</td></tr>
 *   <tr><td>historyRetention</td><td>60 min</td><td>how far back the machine history reaches</td></tr>
 *   <tr><td>agentHistoryRetention</td><td>= historyRetention</td><td>how far back each agent's history reaches</td></tr>
 *   <tr><td>platformSources</td><td>true</td><td>sample the machine, this process and the JVM (Linux /proc fast path, else OSHI)</td></tr>
 *   <tr><td>sources</td><td>none</td><td>additional {@link ResourceSource}s, sampled after the platform ones</td></tr>
 *   <tr><td>sourceTimeout</td><td>min(interval, 2 s)</td><td>real-time budget per tick for sources that may block</td></tr>
 *   <tr><td>maxAgents</td><td>10,000</td><td>most agents tracked at once</td></tr>
 *   <tr><td>ticker / clock / scheduler</td><td>system</td><td>time and threads, replaceable in tests</td></tr>
 * </table>
 */
public final class MonitorConfig {

  /** Default time between samples: 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** Default history retention: 60 minutes. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofMinutes(60);
  /** Default maximum number of tracked agents. */
  public static final int DEFAULT_MAX_AGENTS = 10_000;
  /** Upper bound of {@code maxAgents}. */
  public static final int MAX_AGENTS_LIMIT = 1_000_000;
  /** Upper bound of the number of samples a history may keep. */
  public static final int MAX_HISTORY_SAMPLES = 10_000_000;

  private final Duration interval;
  private final Duration historyRetention;
  private final Duration agentHistoryRetention;
  private final boolean platformSources;
  private final List<ResourceSource> sources;
  private final Duration sourceTimeout;
  private final int maxAgents;
  private final Ticker ticker;
  private final Clock clock;
  private final Scheduler scheduler;
  private final @Nullable ThreadFactory threadFactory;
  private final int historyCapacity;
  private final int agentHistoryCapacity;

  private MonitorConfig(Builder b) {
    long intervalNanos = Durations.positiveNanos("interval", b.interval);
    this.interval = b.interval;
    this.historyRetention = b.historyRetention;
    this.agentHistoryRetention = b.agentHistoryRetention == null ? b.historyRetention : b.agentHistoryRetention;
    this.historyCapacity = capacity("historyRetention", historyRetention, intervalNanos);
    this.agentHistoryCapacity = capacity("agentHistoryRetention", agentHistoryRetention, intervalNanos);
    this.sourceTimeout = b.sourceTimeout == null
        ? (interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2))
        : b.sourceTimeout;
    long timeoutNanos = Durations.positiveNanos("sourceTimeout", sourceTimeout);
    if (timeoutNanos > intervalNanos) {
      throw new IllegalArgumentException("sourceTimeout " + sourceTimeout + " must not exceed the interval " + interval);
    }
    if (b.maxAgents < 1 || b.maxAgents > MAX_AGENTS_LIMIT) {
      throw new IllegalArgumentException("maxAgents must be between 1 and " + MAX_AGENTS_LIMIT + ", was " + b.maxAgents);
    }
    this.maxAgents = b.maxAgents;
    List<ResourceSource> copy = new ArrayList<>(b.sources.size());
    for (int i = 0; i < b.sources.size(); i++) {
      ResourceSource s = b.sources.get(i);
      if (s == null) {
        throw new IllegalArgumentException("sources[" + i + "] must not be null");
      }
      copy.add(s);
    }
    this.sources = List.copyOf(copy);
    this.platformSources = b.platformSources;
    this.ticker = require("ticker", b.ticker);
    this.clock = require("clock", b.clock);
    this.threadFactory = b.threadFactory;
    this.scheduler = b.scheduler != null ? b.scheduler
        : b.threadFactory != null ? Scheduler.system(b.threadFactory) : Scheduler.system();
  }

  private static int capacity(String field, Duration retention, long intervalNanos) {
    long retentionNanos = Durations.positiveNanos(field, retention);
    if (retentionNanos < intervalNanos) {
      throw new IllegalArgumentException(field + " " + retention + " must be at least the interval ("
          + Duration.ofNanos(intervalNanos) + ")");
    }
    long samples = (retentionNanos + intervalNanos - 1) / intervalNanos + 1; // both ends of the window
    if (samples > MAX_HISTORY_SAMPLES) {
      throw new IllegalArgumentException(field + " " + retention + " at interval " + Duration.ofNanos(intervalNanos)
          + " needs " + samples + " samples; at most " + MAX_HISTORY_SAMPLES + " are allowed");
    }
    return (int) samples;
  }

  private static <T> T require(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The default configuration. */
  public static MonitorConfig ofDefaults() {
    return custom().build();
  }

  /** Time between samples. */
  public Duration interval() {
    return interval;
  }

  /** How far back the machine history reaches. */
  public Duration historyRetention() {
    return historyRetention;
  }

  /** How far back each agent's history reaches. */
  public Duration agentHistoryRetention() {
    return agentHistoryRetention;
  }

  /** Samples kept by the machine history: retention / interval, plus one. */
  public int historyCapacity() {
    return historyCapacity;
  }

  /** Samples kept by each agent's history. */
  public int agentHistoryCapacity() {
    return agentHistoryCapacity;
  }

  /** Whether the platform's machine, process and JVM sources are sampled. */
  public boolean platformSources() {
    return platformSources;
  }

  /** The additional sources, in sampling order. */
  public List<ResourceSource> sources() {
    return sources;
  }

  /** Real-time budget per tick for sources that may block. */
  public Duration sourceTimeout() {
    return sourceTimeout;
  }

  /** The most agents tracked at once. */
  public int maxAgents() {
    return maxAgents;
  }

  /** The ticker for elapsed time. */
  public Ticker ticker() {
    return ticker;
  }

  /** The clock for timestamps shown to people. */
  public Clock clock() {
    return clock;
  }

  /** The factory of the monitor's threads (the sampling thread and source workers), or null for the library's own. */
  public @Nullable ThreadFactory threadFactory() {
    return threadFactory;
  }

  /** The scheduler that runs the sampling task. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** Builds a {@link MonitorConfig}. Not thread-safe. */
  public static final class Builder {
    private Duration interval = DEFAULT_INTERVAL;
    private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
    private Duration agentHistoryRetention;
    private boolean platformSources = true;
    private final List<ResourceSource> sources = new ArrayList<>();
    private Duration sourceTimeout;
    private int maxAgents = DEFAULT_MAX_AGENTS;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private @Nullable Scheduler scheduler;
    private @Nullable ThreadFactory threadFactory;

    private Builder() {}

    /** Time between samples; default 5 s. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** How far back the machine history reaches; default 60 min. */
    public Builder historyRetention(Duration retention) {
      this.historyRetention = retention;
      return this;
    }

    /** How far back each agent's history reaches; default: the machine history's retention. */
    public Builder agentHistoryRetention(Duration retention) {
      this.agentHistoryRetention = retention;
      return this;
    }

    /** Whether to sample the machine, this process and the JVM; default true. */
    public Builder platformSources(boolean enabled) {
      this.platformSources = enabled;
      return this;
    }

    /** Adds a source, sampled after the platform sources and those added before it. */
    public Builder source(ResourceSource source) {
      this.sources.add(source);
      return this;
    }

    /** Real-time budget per tick for sources that may block; default min(interval, 2 s). */
    public Builder sourceTimeout(Duration timeout) {
      this.sourceTimeout = timeout;
      return this;
    }

    /** The most agents tracked at once; default 10,000, at most 1,000,000. */
    public Builder maxAgents(int maxAgents) {
      this.maxAgents = maxAgents;
      return this;
    }

    /** The ticker for elapsed time; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** The clock for timestamps; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The scheduler of the sampling task; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The factory of the monitor's threads: the sampling thread (unless a scheduler is given) and the workers of
     * sources that may block; default: daemon threads named {@code resource-monitor} and
     * {@code resource-monitor-source-<name>}.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Validates the settings and builds the configuration.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public MonitorConfig build() {
      Objects.requireNonNull(sources);
      return new MonitorConfig(this);
    }
  }
}
