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

/**
 * Immutable configuration of a {@link ResourceMonitor}. Build with {@link #custom()}; every setting has a
 * default, and {@link Builder#build()} rejects bad values with a message naming the setting.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>interval</td><td>5 s</td><td>time between samples</td></tr>
 *   <tr><td>historyTiers</td><td>{@value HistoryTiers#DEFAULT_SPEC}</td><td>raw window, then rollup steps and
 *       how long each is kept (machine and agents)</td></tr>
 *   <tr><td>historyRetention</td><td>the tiers' reach (24 h)</td><td>how far back the machine history reaches: cuts or
 *       extends the tiers</td></tr>
 *   <tr><td>agentHistoryTiers</td><td>= historyTiers</td><td>the tiers of agents' histories, for all agents or for
 *       those with a label</td></tr>
 *   <tr><td>agentHistoryRetention</td><td>= historyRetention</td><td>how far back each agent's history reaches</td></tr>
 *   <tr><td>historyBudget</td><td>64 MiB</td><td>the most bytes the histories' chunks hold together</td></tr>
 *   <tr><td>historyPrecision</td><td>52 bits</td><td>significant bits of mantissa kept per raw sample (52: exact;
 *       rollups keep at most 23)</td></tr>
 *   <tr><td>platformSources</td><td>true</td><td>sample the machine, this process and the JVM (Linux /proc fast path, else OSHI)</td></tr>
 *   <tr><td>sources</td><td>none</td><td>additional {@link ResourceSource}s, sampled after the platform ones</td></tr>
 *   <tr><td>sourceTimeout</td><td>min(interval, 2 s)</td><td>real-time budget per tick for sources that may block</td></tr>
 *   <tr><td>callbackTimeout</td><td>1 s</td><td>real-time deadline of each call into user code on the monitor's
 *       worker (inline sources, listeners, alert gauges, scale targets, enforcers); one that overruns is skipped until
 *       it returns</td></tr>
 *   <tr><td>maxAgents</td><td>10,000</td><td>most agents tracked at once</td></tr>
 *   <tr><td>maxMetrics</td><td>1,024</td><td>most distinct machine, process, JVM and custom metrics recorded</td></tr>
 *   <tr><td>maxAgentMetrics</td><td>32</td><td>most distinct per-agent metrics recorded (each agent's series)</td></tr>
 *   <tr><td>maxMetricsPerSource</td><td>256</td><td>most distinct metrics one source may write</td></tr>
 *   <tr><td>ticker / clock / scheduler</td><td>system</td><td>time and threads, replaceable in tests</td></tr>
 * </table>
 */
public final class MonitorConfig {

  /** Default time between samples: 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** Default history retention: the reach of the default tiers, 24 hours. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofHours(24);
  /** Default memory budget of the histories: 64 MiB. */
  public static final long DEFAULT_HISTORY_BUDGET = 64L << 20;
  /**
   * Default significant bits of mantissa kept per raw sample: 52, every value exactly. 23 (a {@code float}'s, relative
   * error at most 2^-24, about 6e-8) about halves what XOR encoding stores for measured values with full mantissas.
   */
  public static final int DEFAULT_HISTORY_PRECISION = 52;
  /** Default maximum number of tracked agents. */
  public static final int DEFAULT_MAX_AGENTS = 10_000;
  /** Upper bound of {@code maxAgents}. */
  public static final int MAX_AGENTS_LIMIT = 1_000_000;
  /** Upper bound of the number of samples a history may keep. */
  public static final int MAX_HISTORY_SAMPLES = 10_000_000;
  /** Default deadline of a call into user code on the monitor's worker: 1 second. */
  public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(1);
  /** Upper bound of {@code callbackTimeout}: 1 hour. */
  public static final Duration MAX_CALLBACK_TIMEOUT = Duration.ofHours(1);
  /** Default most distinct machine, process, JVM and custom metrics a monitor records. */
  public static final int DEFAULT_MAX_METRICS = 1_024;
  /** Default most distinct per-agent metrics a monitor records. */
  public static final int DEFAULT_MAX_AGENT_METRICS = 32;
  /** Default most distinct metrics one source may write. */
  public static final int DEFAULT_MAX_METRICS_PER_SOURCE = 256;

  private final Duration interval;
  private final Duration historyRetention;
  private final Duration agentHistoryRetention;
  private final boolean platformSources;
  private final List<ResourceSource> sources;
  private final Duration sourceTimeout;
  private final Duration callbackTimeout;
  private final int maxAgents;
  private final int maxMetrics;
  private final int maxAgentMetrics;
  private final int maxMetricsPerSource;
  private final Ticker ticker;
  private final Clock clock;
  private final Scheduler scheduler;
  private final @Nullable ThreadFactory threadFactory;
  private final int historyCapacity;
  private final int agentHistoryCapacity;
  private final HistoryTiers historyTiers;
  private final HistoryTiers agentHistoryTiers;
  private final List<ClassTiers> agentClassTiers;
  private final long historyBudget;
  private final int historyPrecision;

  private MonitorConfig(Builder b) {
    long intervalNanos = Durations.positiveNanos("interval", b.interval);
    this.interval = b.interval;
    HistoryTiers base = b.historyTiers == null ? HistoryTiers.ofDefaults().forInterval(b.interval) : b.historyTiers;
    HistoryTiers tiers = base;
    Duration historyRetention = b.historyRetention; // set (non-null) only by its setter
    if (historyRetention != null) {
      capacity("historyRetention", historyRetention, intervalNanos);
      tiers = base.reaching(historyRetention);
    }
    HistoryTiers agentTiers = b.agentHistoryTiers == null ? base : b.agentHistoryTiers;
    Duration agentHistoryRetention = b.agentHistoryRetention; // null: as the machine history
    if (agentHistoryRetention != null) {
      capacity("agentHistoryRetention", agentHistoryRetention, intervalNanos);
      agentTiers = agentTiers.reaching(agentHistoryRetention);
    } else if (historyRetention != null) {
      agentTiers = agentTiers.reaching(historyRetention);
    }
    this.historyTiers = checkTiers("historyTiers", tiers, interval);
    this.agentHistoryTiers = checkTiers("agentHistoryTiers", agentTiers, interval);
    List<ClassTiers> classes = new ArrayList<>();
    for (ClassTiers c : b.agentClassTiers) {
      classes.add(new ClassTiers(c.label(), c.value(), checkTiers("agentHistoryTiers", c.tiers(), interval)));
    }
    this.agentClassTiers = List.copyOf(classes);
    this.historyRetention = historyTiers.reach();
    this.agentHistoryRetention = agentHistoryTiers.reach();
    this.historyCapacity = capacity("historyRetention", historyTiers.raw(), intervalNanos);
    this.agentHistoryCapacity = capacity("agentHistoryRetention", agentHistoryTiers.raw(), intervalNanos);
    if (b.historyBudget < 1L << 20) {
      throw new IllegalArgumentException("historyBudget must be at least 1 MiB (1048576 bytes), was " + b.historyBudget
          + " bytes");
    }
    this.historyBudget = b.historyBudget;
    if (b.historyPrecision < 8 || b.historyPrecision > 52) {
      throw new IllegalArgumentException("historyPrecision must be between 8 and 52 significant bits (52 keeps values "
          + "exactly), was " + b.historyPrecision);
    }
    this.historyPrecision = b.historyPrecision;
    Duration timeout = b.sourceTimeout;
    this.sourceTimeout = timeout == null
        ? (interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2))
        : timeout;
    long timeoutNanos = Durations.positiveNanos("sourceTimeout", sourceTimeout);
    if (timeoutNanos > intervalNanos) {
      throw new IllegalArgumentException("sourceTimeout " + sourceTimeout + " must not exceed the interval " + interval);
    }
    this.callbackTimeout = b.callbackTimeout;
    long callbackNanos = Durations.positiveNanos("callbackTimeout", callbackTimeout);
    if (callbackNanos > MAX_CALLBACK_TIMEOUT.toNanos()) {
      throw new IllegalArgumentException("callbackTimeout " + callbackTimeout + " is not allowed; allowed: positive, at "
          + "most " + MAX_CALLBACK_TIMEOUT);
    }
    this.maxAgents = between("maxAgents", b.maxAgents, 1, MAX_AGENTS_LIMIT);
    this.maxMetrics = between("maxMetrics", b.maxMetrics, 1, io.github.resourcemanager.monitor.Metric.MAX_METRICS);
    this.maxAgentMetrics = between("maxAgentMetrics", b.maxAgentMetrics, 1, io.github.resourcemanager.monitor.Metric.MAX_METRICS);
    this.maxMetricsPerSource = between("maxMetricsPerSource", b.maxMetricsPerSource, 1,
        io.github.resourcemanager.monitor.Metric.MAX_METRICS);
    this.sources = List.copyOf(b.sources); // the setter refuses null
    this.platformSources = b.platformSources;
    this.ticker = b.ticker;
    this.clock = b.clock;
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

  private static int between(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is not allowed; allowed: between " + min + " and " + max);
    }
    return value;
  }

  // Raw windows and rollup windows are checked against the interval like retentions; the first rollup step must be
  // at least the interval, or its buckets would hold no sample.
  private static HistoryTiers checkTiers(String field, HistoryTiers tiers, Duration interval) {
    if (!tiers.steps().isEmpty() && tiers.steps().get(0).compareTo(interval) < 0) {
      throw new IllegalArgumentException(field + " \"" + tiers + "\" is not allowed: its first step "
          + HistoryTiers.format(tiers.steps().get(0)) + " is shorter than the interval " + interval + "; use "
          + HistoryTiers.SYNTAX);
    }
    if (tiers.raw().compareTo(interval) < 0) {
      throw new IllegalArgumentException(field + " \"" + tiers + "\" is not allowed: its raw window is shorter than "
          + "the interval " + interval + "; use " + HistoryTiers.SYNTAX);
    }
    return tiers;
  }

  /** The tiers of the agents carrying label {@code label=value}. */
  record ClassTiers(String label, String value, HistoryTiers tiers) {}

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

  /** Raw samples kept by the machine history: raw window / interval, plus one. */
  public int historyCapacity() {
    return historyCapacity;
  }

  /** Raw samples kept by each agent's history (unless its label selects other tiers). */
  public int agentHistoryCapacity() {
    return agentHistoryCapacity;
  }

  /** The tiers of the machine history. */
  HistoryTiers historyTiers() {
    return historyTiers;
  }

  /** The tiers of agents' histories, unless their labels select others. */
  HistoryTiers agentHistoryTiers() {
    return agentHistoryTiers;
  }

  /** Tiers of agents selected by a label, in the order configured; the first match wins. */
  List<ClassTiers> agentClassTiers() {
    return agentClassTiers;
  }

  /** The most bytes the histories' chunks hold together. */
  public long historyBudget() {
    return historyBudget;
  }

  /** Significant bits of mantissa kept per recorded value (52: exactly). */
  public int historyPrecision() {
    return historyPrecision;
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

  /** Real-time deadline of each call into user code on the monitor's worker. */
  public Duration callbackTimeout() {
    return callbackTimeout;
  }

  /** The most agents tracked at once. */
  public int maxAgents() {
    return maxAgents;
  }

  /** The most distinct machine, process, JVM and custom metrics recorded. */
  public int maxMetrics() {
    return maxMetrics;
  }

  /** The most distinct per-agent metrics recorded. */
  public int maxAgentMetrics() {
    return maxAgentMetrics;
  }

  /** The most distinct metrics one source may write. */
  public int maxMetricsPerSource() {
    return maxMetricsPerSource;
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
    private @Nullable Duration historyRetention;
    private @Nullable Duration agentHistoryRetention;
    private @Nullable HistoryTiers historyTiers;
    private @Nullable HistoryTiers agentHistoryTiers;
    private final List<ClassTiers> agentClassTiers = new ArrayList<>();
    private long historyBudget = DEFAULT_HISTORY_BUDGET;
    private int historyPrecision = DEFAULT_HISTORY_PRECISION;
    private boolean platformSources = true;
    private final List<ResourceSource> sources = new ArrayList<>();
    private @Nullable Duration sourceTimeout; // null: min(interval, 2 s)
    private Duration callbackTimeout = DEFAULT_CALLBACK_TIMEOUT;
    private int maxAgents = DEFAULT_MAX_AGENTS;
    private int maxMetrics = DEFAULT_MAX_METRICS;
    private int maxAgentMetrics = DEFAULT_MAX_AGENT_METRICS;
    private int maxMetricsPerSource = DEFAULT_MAX_METRICS_PER_SOURCE;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private @Nullable Scheduler scheduler;
    private @Nullable ThreadFactory threadFactory;

    private Builder() {}

    /** Time between samples; default 5 s. */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How far back the machine history reaches; default: the tiers' reach (24 h). Cuts or extends the tiers. */
    public Builder historyRetention(Duration retention) {
      this.historyRetention = Objects.requireNonNull(retention, "historyRetention");
      return this;
    }

    /**
     * The tiers of the machine history, and of agents' unless set apart; see {@link HistoryTiers}.
     *
     * @throws IllegalArgumentException naming the setting, the text and the syntax if it is malformed
     */
    public Builder historyTiers(String tiers) {
      this.historyTiers = HistoryTiers.parse("historyTiers", tiers);
      return this;
    }

    /**
     * The tiers of agents' histories: for every agent if {@code label} is null, else for agents carrying the label
     * {@code key=value} it names (the first matching setting wins).
     *
     * @throws IllegalArgumentException naming the setting if the label or the tiers are malformed
     */
    public Builder agentHistoryTiers(@Nullable String label, String tiers) {
      HistoryTiers parsed = HistoryTiers.parse("agentHistoryTiers", tiers);
      if (label == null) {
        this.agentHistoryTiers = parsed;
        return this;
      }
      int eq = label.indexOf('=');
      if (eq <= 0 || eq == label.length() - 1) {
        throw new IllegalArgumentException("agentHistoryTiers label \"" + label + "\" is not allowed; use key=value, "
            + "e.g. class=batch");
      }
      agentClassTiers.add(new ClassTiers(label.substring(0, eq), label.substring(eq + 1), parsed));
      return this;
    }

    /** The most bytes the histories' chunks hold together; default 64 MiB, at least 1 MiB. */
    public Builder historyBudget(long bytes) {
      this.historyBudget = bytes;
      return this;
    }

    /** Significant bits of mantissa kept per raw sample, 8 to 52 (exact); default 52. */
    public Builder historyPrecision(int bits) {
      this.historyPrecision = bits;
      return this;
    }

    /** How far back each agent's history reaches; default (or null): the machine history's retention. */
    public Builder agentHistoryRetention(@Nullable Duration retention) {
      this.agentHistoryRetention = retention; // null: back to the default, the machine's retention
      return this;
    }

    /** Whether to sample the machine, this process and the JVM; default true. */
    public Builder platformSources(boolean enabled) {
      this.platformSources = enabled;
      return this;
    }

    /** Adds a source, sampled after the platform sources and those added before it. */
    public Builder source(ResourceSource source) {
      this.sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /** Real-time budget per tick for sources that may block; default (or null) min(interval, 2 s). */
    public Builder sourceTimeout(@Nullable Duration timeout) {
      this.sourceTimeout = timeout;
      return this;
    }

    /** The most agents tracked at once; default 10,000, at most 1,000,000. */
    public Builder maxAgents(int maxAgents) {
      this.maxAgents = maxAgents;
      return this;
    }

    /** Real-time deadline of each call into user code on the monitor's worker; default 1 s, at most 1 h. */
    public Builder callbackTimeout(Duration timeout) {
      this.callbackTimeout = Objects.requireNonNull(timeout, "callbackTimeout");
      return this;
    }

    /** The most distinct machine, process, JVM and custom metrics recorded; default 1,024. */
    public Builder maxMetrics(int maxMetrics) {
      this.maxMetrics = maxMetrics;
      return this;
    }

    /** The most distinct per-agent metrics recorded; default 32. */
    public Builder maxAgentMetrics(int maxAgentMetrics) {
      this.maxAgentMetrics = maxAgentMetrics;
      return this;
    }

    /** The most distinct metrics one source may write; default 256. */
    public Builder maxMetricsPerSource(int maxMetricsPerSource) {
      this.maxMetricsPerSource = maxMetricsPerSource;
      return this;
    }

    /** The ticker for elapsed time; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The clock for timestamps; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
      return new MonitorConfig(this);
    }
  }
}
