package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.alert.Names;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How one handler is subscribed: its name, which events it receives, its queue and its rate limit.
 *
 * <pre>{@code
 * HandlerOptions pager = HandlerOptions.ofDefaults().withName("pager")
 *     .withMinSeverity(Severity.CRITICAL)
 *     .withMatchers(LabelMatcher.equal("team", "db"))
 *     .withRateLimit(10, Duration.ofMinutes(1));
 * }</pre>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>name</td><td>{@code handler-N}</td><td>for logs and statistics; unique within a pipeline</td></tr>
 *   <tr><td>minSeverity</td><td>INFO</td><td>the least severity of the events received (see below)</td></tr>
 *   <tr><td>matchers</td><td>none</td><td>label conditions the alert must satisfy, all of them</td></tr>
 *   <tr><td>queueCapacity</td><td>1,000</td><td>events waiting for this handler; beyond it events are counted as overflowed</td></tr>
 *   <tr><td>rateLimit</td><td>20 per 10 s</td><td>events delivered per period (a resilience4j {@code RateLimiter}); beyond it they are counted as rate limited</td></tr>
 * </table>
 *
 * <p>The severity compared with {@code minSeverity} is the alert's current severity, except for
 * {@link AlertEvent.SeverityChanged} (the higher of the previous and the new severity, so a handler of critical
 * alerts hears that one went back to warning) and {@link AlertEvent.Resolved} (the alert's peak severity, so it hears
 * the end of every alert it heard of).
 *
 * @param name the handler's name for logs and statistics (letters, digits and {@code _ . : -}, starting with a
 *     letter), or empty to let the pipeline name it {@code handler-N}
 * @param minSeverity the least severity passed
 * @param matchers label conditions, all of which must hold
 * @param queueCapacity how many events may wait for the handler, 1 to {@value #MAX_QUEUE_CAPACITY}
 * @param rateLimit how many events the handler receives per {@code ratePeriod}, at least 1
 * @param ratePeriod the rate limiter's refresh period, positive
 */
public record HandlerOptions(Optional<String> name, Severity minSeverity, List<LabelMatcher> matchers,
    int queueCapacity, int rateLimit, Duration ratePeriod) {

  /** Default queue capacity: 1,000 events. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
  /** Largest allowed queue capacity. */
  public static final int MAX_QUEUE_CAPACITY = 1_000_000;
  /** Default number of events delivered per {@link #DEFAULT_RATE_PERIOD}: 20. */
  public static final int DEFAULT_RATE_LIMIT = 20;
  /** Default rate-limit period: 10 seconds. */
  public static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(10);

  private static final HandlerOptions DEFAULTS = new HandlerOptions(Optional.empty(), Severity.INFO, List.of(),
      DEFAULT_QUEUE_CAPACITY, DEFAULT_RATE_LIMIT, DEFAULT_RATE_PERIOD);

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public HandlerOptions {
    Names.requireNonNull("name", name);
    name.ifPresent(n -> Names.requireAlertName("handler name", n));
    Names.requireNonNull("minSeverity", minSeverity);
    Names.requireNonNull("matchers", matchers);
    for (int i = 0; i < matchers.size(); i++) {
      Names.requireNonNull("matchers[" + i + "]", matchers.get(i));
    }
    matchers = List.copyOf(matchers);
    if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
      throw new IllegalArgumentException("handler queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + ", was "
          + queueCapacity);
    }
    if (rateLimit < 1) {
      throw new IllegalArgumentException("handler rate limit must be at least 1 event per period, was " + rateLimit);
    }
    Durations.positiveNanos("handler rate-limit period", ratePeriod);
  }

  /** The defaults: every event, a queue of 1,000, 20 events per 10 s, a generated name. */
  public static HandlerOptions ofDefaults() {
    return DEFAULTS;
  }

  /**
   * These options with the handler's name.
   *
   * @throws IllegalArgumentException if the name is not 1 to 128 letters, digits and {@code _ . : -} starting with a
   *     letter
   */
  public HandlerOptions withName(String name) {
    return new HandlerOptions(Optional.of(Names.requireNonNull("name", name)), minSeverity, matchers, queueCapacity, rateLimit, ratePeriod);
  }

  /**
   * These options passing only events of alerts of at least this severity.
   *
   */
  public HandlerOptions withMinSeverity(Severity minSeverity) {
    return new HandlerOptions(name, minSeverity, matchers, queueCapacity, rateLimit, ratePeriod);
  }

  /**
   * These options passing only events of alerts whose labels satisfy every one of these matchers (replacing the
   * matchers given before).
   *
   * @throws NullPointerException if a matcher is null
   */
  public HandlerOptions withMatchers(LabelMatcher... matchers) {
    Names.requireNonNull("matchers", matchers);
    return new HandlerOptions(name, minSeverity, Arrays.asList(matchers), queueCapacity, rateLimit, ratePeriod);
  }

  /**
   * These options with a queue of {@code queueCapacity} events.
   *
   * @throws IllegalArgumentException if {@code queueCapacity} is not between 1 and {@value #MAX_QUEUE_CAPACITY}
   */
  public HandlerOptions withQueueCapacity(int queueCapacity) {
    return new HandlerOptions(name, minSeverity, matchers, queueCapacity, rateLimit, ratePeriod);
  }

  /**
   * These options delivering at most {@code events} per {@code period} to the handler.
   *
   * @throws IllegalArgumentException if {@code events} is below 1 or {@code period} is not positive
   */
  public HandlerOptions withRateLimit(int events, Duration period) {
    return new HandlerOptions(name, minSeverity, matchers, queueCapacity, events, period);
  }
}
