package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.internal.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of an {@link AlertEngine}. Users set it through {@code ResourceManager.Builder}, so
 * {@link Builder#build()} rejects bad values with a message naming the builder's setting (in parentheses below).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>defaultRules (defaultAlertRules)</td><td>true</td><td>include {@link AlertRule#defaultRules()}</td></tr>
 *   <tr><td>rules (alertRule, alertRules)</td><td>none</td><td>threshold rules; one named like a default rule replaces it</td></tr>
 *   <tr><td>repeatInterval (alertRepeatInterval)</td><td>4 h</td><td>reminder period of a firing, unacknowledged alert (Alertmanager's {@code repeat_interval})</td></tr>
 *   <tr><td>resolvedRetention (resolvedAlertRetention)</td><td>1 h</td><td>how long resolved alerts are kept</td></tr>
 *   <tr><td>resolvedHistorySize (resolvedAlertHistorySize)</td><td>1,000</td><td>at most this many resolved alerts are kept</td></tr>
 *   <tr><td>maxHandlers (maxAlertHandlers)</td><td>16</td><td>most handlers subscribed at once, and most handler threads</td></tr>
 *   <tr><td>maxEventAlerts (maxEventAlerts)</td><td>10,000</td><td>most event alerts active at once; raising a new one beyond is refused</td></tr>
 *   <tr><td>closeTimeout (alertCloseTimeout)</td><td>2 s</td><td>how long {@link AlertEngine#close()} waits for queued events to be delivered</td></tr>
 *   <tr><td>handlerExecutor (alertHandlerExecutor)</td><td>own threads</td><td>where handler deliveries run; by default the pipeline's daemon threads {@code resource-alerts-N-M}</td></tr>
 *   <tr><td>ticker / clock</td><td>system</td><td>durations and timestamps (the facade passes the monitor's)</td></tr>
 * </table>
 */
public final class AlertPipelineConfig {

  /** Default repeat interval: 4 hours, as Alertmanager's {@code repeat_interval}. */
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  /** Default retention of resolved alerts: 1 hour, the monitor's default history retention. */
  public static final Duration DEFAULT_RESOLVED_RETENTION = Duration.ofHours(1);
  /** Default number of resolved alerts kept. */
  public static final int DEFAULT_RESOLVED_HISTORY_SIZE = 1_000;
  /** Largest allowed number of resolved alerts kept. */
  public static final int MAX_RESOLVED_HISTORY_SIZE = 1_000_000;
  /** Default maximum number of handlers. */
  public static final int DEFAULT_MAX_HANDLERS = 16;
  /** Largest allowed maximum number of handlers. */
  public static final int MAX_HANDLERS_LIMIT = 256;
  /** Default maximum number of event alerts active at once, as the monitor's default {@code maxAgents}. */
  public static final int DEFAULT_MAX_EVENT_ALERTS = 10_000;
  /** Largest allowed maximum number of active event alerts. */
  public static final int MAX_EVENT_ALERTS_LIMIT = 1_000_000;
  /** Default time {@code close()} waits for handlers. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final List<AlertRule> rules;
  private final boolean defaultRules;
  private final Duration repeatInterval;
  private final Duration resolvedRetention;
  private final int resolvedHistorySize;
  private final int maxHandlers;
  private final int maxEventAlerts;
  private final Duration closeTimeout;
  private final @Nullable Executor handlerExecutor; // null: the pipeline's own threads
  private final Ticker ticker;
  private final Clock clock;

  private AlertPipelineConfig(Builder b) {
    Map<String, AlertRule> byName = new LinkedHashMap<>();
    if (b.defaultRules) {
      for (AlertRule r : AlertRule.defaultRules()) {
        byName.put(r.name(), r);
      }
    }
    Map<String, AlertRule> given = new LinkedHashMap<>();
    for (int i = 0; i < b.rules.size(); i++) {
      AlertRule r = b.rules.get(i);
      if (r == null) {
        throw new IllegalArgumentException("rules[" + i + "] must not be null");
      }
      if (given.put(r.name(), r) != null) {
        throw new IllegalArgumentException("two rules are named " + Names.quote(r.name())
            + "; rule names must be unique within a pipeline (a rule named like a default rule replaces it)");
      }
      byName.put(r.name(), r); // replaces a default of the same name in place
    }
    this.rules = List.copyOf(byName.values());
    this.defaultRules = b.defaultRules;
    this.repeatInterval = b.repeatInterval;
    Durations.positiveNanos("alertRepeatInterval", b.repeatInterval);
    this.resolvedRetention = b.resolvedRetention;
    Durations.positiveNanos("resolvedAlertRetention", b.resolvedRetention);
    if (b.resolvedHistorySize < 0 || b.resolvedHistorySize > MAX_RESOLVED_HISTORY_SIZE) {
      throw new IllegalArgumentException("resolvedAlertHistorySize must be between 0 and " + MAX_RESOLVED_HISTORY_SIZE
          + ", was " + b.resolvedHistorySize);
    }
    this.resolvedHistorySize = b.resolvedHistorySize;
    if (b.maxHandlers < 1 || b.maxHandlers > MAX_HANDLERS_LIMIT) {
      throw new IllegalArgumentException("maxAlertHandlers must be between 1 and " + MAX_HANDLERS_LIMIT + ", was "
          + b.maxHandlers);
    }
    this.maxHandlers = b.maxHandlers;
    if (b.maxEventAlerts < 1 || b.maxEventAlerts > MAX_EVENT_ALERTS_LIMIT) {
      throw new IllegalArgumentException("maxEventAlerts must be between 1 and " + MAX_EVENT_ALERTS_LIMIT + ", was "
          + b.maxEventAlerts);
    }
    this.maxEventAlerts = b.maxEventAlerts;
    this.closeTimeout = b.closeTimeout;
    Durations.nonNegativeNanos("alertCloseTimeout", b.closeTimeout);
    this.handlerExecutor = b.handlerExecutor;
    this.ticker = Names.requireNonNull("ticker", b.ticker);
    this.clock = Names.requireNonNull("clock", b.clock);
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The default configuration: the default rules, own handler threads, system ticker and clock. */
  public static AlertPipelineConfig ofDefaults() {
    return custom().build();
  }

  /** The rules evaluated: the defaults (unless turned off, and unless replaced by name), then the others, in order. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** Whether the default rules were requested. */
  public boolean defaultRules() {
    return defaultRules;
  }

  /** Reminder period of a firing, unacknowledged alert. */
  public Duration repeatInterval() {
    return repeatInterval;
  }

  /** How long resolved alerts are kept. */
  public Duration resolvedRetention() {
    return resolvedRetention;
  }

  /** How many resolved alerts are kept at most. */
  public int resolvedHistorySize() {
    return resolvedHistorySize;
  }

  /** Most handlers subscribed at once. */
  public int maxHandlers() {
    return maxHandlers;
  }

  /** Most event alerts active at once. */
  public int maxEventAlerts() {
    return maxEventAlerts;
  }

  /** How long {@code close()} waits for queued events. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** The executor handler deliveries run on; empty: the pipeline's own daemon threads. */
  public Optional<Executor> handlerExecutor() {
    return Optional.ofNullable(handlerExecutor);
  }

  /** The ticker for durations. */
  public Ticker ticker() {
    return ticker;
  }

  /** The clock for timestamps. */
  public Clock clock() {
    return clock;
  }

  /** Builds an {@link AlertPipelineConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<AlertRule> rules = new ArrayList<>();
    private boolean defaultRules = true;
    private Duration repeatInterval = DEFAULT_REPEAT_INTERVAL;
    private Duration resolvedRetention = DEFAULT_RESOLVED_RETENTION;
    private int resolvedHistorySize = DEFAULT_RESOLVED_HISTORY_SIZE;
    private int maxHandlers = DEFAULT_MAX_HANDLERS;
    private int maxEventAlerts = DEFAULT_MAX_EVENT_ALERTS;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private @Nullable Executor handlerExecutor;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Adds a rule; one named like a default rule replaces that default. */
    public Builder rule(AlertRule rule) {
      rules.add(rule);
      return this;
    }

    /** Adds rules, in order. */
    public Builder rules(List<AlertRule> rules) {
      this.rules.addAll(Names.requireNonNull("rules", rules));
      return this;
    }

    /** Whether to include {@link AlertRule#defaultRules()}; default true. */
    public Builder defaultRules(boolean enabled) {
      this.defaultRules = enabled;
      return this;
    }

    /** Reminder period of a firing, unacknowledged alert; default 4 h. */
    public Builder repeatInterval(Duration repeatInterval) {
      this.repeatInterval = repeatInterval;
      return this;
    }

    /** How long resolved alerts are kept; default 1 h. */
    public Builder resolvedRetention(Duration resolvedRetention) {
      this.resolvedRetention = resolvedRetention;
      return this;
    }

    /** How many resolved alerts are kept at most; default 1,000; 0 keeps none. */
    public Builder resolvedHistorySize(int size) {
      this.resolvedHistorySize = size;
      return this;
    }

    /** Most handlers subscribed at once (and handler threads); default 16, at most 256. */
    public Builder maxHandlers(int maxHandlers) {
      this.maxHandlers = maxHandlers;
      return this;
    }

    /**
     * Most event alerts active at once (each distinct name and labels, e.g. one per container that was OOM-killed);
     * default 10,000, at most 1,000,000. Raising a new one beyond is refused with an {@link IllegalStateException};
     * raising an active one again is always possible.
     */
    public Builder maxEventAlerts(int maxEventAlerts) {
      this.maxEventAlerts = maxEventAlerts;
      return this;
    }

    /** How long {@code close()} waits for queued events to be delivered; default 2 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** The executor handler deliveries run on; null (the default) for the pipeline's own daemon threads. */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = executor;
      return this;
    }

    /** The ticker for durations; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** The clock for timestamps; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public AlertPipelineConfig build() {
      return new AlertPipelineConfig(this);
    }
  }
}
