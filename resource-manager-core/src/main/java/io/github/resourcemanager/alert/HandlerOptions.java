package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.Durations;
import java.time.Duration;

/**
 * How one handler is subscribed: its name, filter, queue and rate limit.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>name</td><td>{@code handler-N}</td><td>for logs and statistics; unique within a pipeline</td></tr>
 *   <tr><td>filter</td><td>{@link AlertFilter#all()}</td><td>which events the handler receives</td></tr>
 *   <tr><td>queueCapacity</td><td>1,000</td><td>events waiting for this handler; beyond it events are counted as overflowed</td></tr>
 *   <tr><td>rateLimit</td><td>20 per 10 s</td><td>events delivered per period (a resilience4j {@code RateLimiter}); beyond it they are counted as rate limited</td></tr>
 * </table>
 */
public final class HandlerOptions {

  /** Default queue capacity: 1,000 events. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
  /** Largest allowed queue capacity. */
  public static final int MAX_QUEUE_CAPACITY = 1_000_000;
  /** Default number of events delivered per {@link #DEFAULT_RATE_PERIOD}: 20. */
  public static final int DEFAULT_RATE_LIMIT = 20;
  /** Default rate-limit period: 10 seconds. */
  public static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(10);

  private static final HandlerOptions DEFAULTS = custom().build();

  private final String name;
  private final AlertFilter filter;
  private final int queueCapacity;
  private final int rateLimit;
  private final Duration ratePeriod;

  private HandlerOptions(Builder b) {
    if (b.name != null) {
      Names.requireAlertName("handler name", b.name);
    }
    this.name = b.name;
    this.filter = Names.requireNonNull("handler filter", b.filter);
    if (b.queueCapacity < 1 || b.queueCapacity > MAX_QUEUE_CAPACITY) {
      throw new IllegalArgumentException("handler queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + ", was "
          + b.queueCapacity);
    }
    this.queueCapacity = b.queueCapacity;
    if (b.rateLimit < 1) {
      throw new IllegalArgumentException("handler rate limit must be at least 1 event per period, was " + b.rateLimit);
    }
    this.rateLimit = b.rateLimit;
    Durations.positiveNanos("handler rate-limit period", b.ratePeriod);
    this.ratePeriod = b.ratePeriod;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The defaults: all events, queue of 1,000, 20 events per 10 s, a generated name. */
  public static HandlerOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The name given, or null to let the pipeline name the handler {@code handler-N}. */
  String nameOrNull() {
    return name;
  }

  /** Which events the handler receives. */
  public AlertFilter filter() {
    return filter;
  }

  /** How many events may wait for the handler. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** How many events the handler receives per {@link #ratePeriod()}. */
  public int rateLimit() {
    return rateLimit;
  }

  /** The rate limiter's refresh period. */
  public Duration ratePeriod() {
    return ratePeriod;
  }

  /** Builds {@link HandlerOptions}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private AlertFilter filter = AlertFilter.all();
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private Duration ratePeriod = DEFAULT_RATE_PERIOD;

    private Builder() {}

    /** The handler's name for logs and statistics: letters, digits and {@code _ . : -}, starting with a letter. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Which events the handler receives; default all. */
    public Builder filter(AlertFilter filter) {
      this.filter = filter;
      return this;
    }

    /** How many events may wait for the handler; default 1,000. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** At most {@code events} per {@code period} reach the handler; default 20 per 10 s. */
    public Builder rateLimit(int events, Duration period) {
      this.rateLimit = events;
      this.ratePeriod = period;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public HandlerOptions build() {
      return new HandlerOptions(this);
    }
  }
}
