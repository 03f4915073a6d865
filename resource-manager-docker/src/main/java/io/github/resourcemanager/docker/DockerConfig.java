package io.github.resourcemanager.docker;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach the Docker engine and how long to wait for it. Immutable; build with {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>dockerHost</td><td>{@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}</td><td>the engine's
 *       address ({@code unix://}, {@code tcp://})</td></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td><td>time to open a connection</td></tr>
 *   <tr><td>requestTimeout</td><td>60 s</td><td>time to wait for an answer (covers a container's stop timeout)</td></tr>
 *   <tr><td>statsTimeout</td><td>1 s</td><td>real-time budget of one {@link DockerStatsSource} tick (it lists the
 *       agent containers; their stats stream in); keep it below the monitor's {@code sourceTimeout}</td></tr>
 *   <tr><td>eventsRetryDelay</td><td>500 ms</td><td>first wait before reconnecting the event stream; doubles</td></tr>
 *   <tr><td>eventsMaxRetryDelay</td><td>10 s</td><td>longest wait between reconnection attempts</td></tr>
 *   <tr><td>ticker / clock</td><td>system</td><td>elapsed time / timestamps</td></tr>
 * </table>
 *
 * <p>No API version is pinned: requests go to the engine's unversioned API, which the engine serves at its own
 * current version.
 */
public final class DockerConfig {

  /** The engine address used when {@code DOCKER_HOST} is not set. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

  private final URI dockerHost;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration statsTimeout;
  private final Duration eventsRetryDelay;
  private final Duration eventsMaxRetryDelay;
  private final Ticker ticker;
  private final Clock clock;

  private DockerConfig(Builder b) {
    this.dockerHost = parseHost(b.dockerHost);
    Durations.positiveNanos("connectTimeout", b.connectTimeout);
    Durations.positiveNanos("requestTimeout", b.requestTimeout);
    Durations.positiveNanos("statsTimeout", b.statsTimeout);
    Durations.positiveNanos("eventsRetryDelay", b.eventsRetryDelay);
    Durations.positiveNanos("eventsMaxRetryDelay", b.eventsMaxRetryDelay);
    if (b.eventsMaxRetryDelay.compareTo(b.eventsRetryDelay) < 0) {
      throw new IllegalArgumentException("eventsMaxRetryDelay " + b.eventsMaxRetryDelay
          + " must be at least eventsRetryDelay " + b.eventsRetryDelay);
    }
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.statsTimeout = b.statsTimeout;
    this.eventsRetryDelay = b.eventsRetryDelay;
    this.eventsMaxRetryDelay = b.eventsMaxRetryDelay;
    if (b.ticker == null) {
      throw new IllegalArgumentException("ticker must not be null");
    }
    if (b.clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    this.ticker = b.ticker;
    this.clock = b.clock;
  }

  private static URI parseHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("dockerHost must not be empty; use e.g. " + DEFAULT_DOCKER_HOST
          + " or tcp://127.0.0.1:2375");
    }
    URI uri;
    try {
      uri = URI.create(host.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dockerHost \"" + host + "\" is not a URI; use e.g. " + DEFAULT_DOCKER_HOST
          + " or tcp://127.0.0.1:2375", e);
    }
    String scheme = uri.getScheme();
    if (!"unix".equals(scheme) && !"tcp".equals(scheme) && !"npipe".equals(scheme)) {
      throw new IllegalArgumentException("dockerHost \"" + host + "\" has scheme " + scheme
          + "; allowed: unix, tcp, npipe");
    }
    return uri;
  }

  /** A builder with every setting at its default, the engine address taken from {@code DOCKER_HOST}. */
  public static Builder custom() {
    return new Builder(System.getenv());
  }

  /** The default configuration: {@code DOCKER_HOST} or the default socket. */
  public static DockerConfig ofDefaults() {
    return custom().build();
  }

  static Builder custom(Map<String, String> environment) {
    return new Builder(environment);
  }

  /** The engine's address. */
  public URI dockerHost() {
    return dockerHost;
  }

  /** Time to open a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time to wait for an answer. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Real-time budget of one stats tick. */
  public Duration statsTimeout() {
    return statsTimeout;
  }

  /** First wait before reconnecting the event stream. */
  public Duration eventsRetryDelay() {
    return eventsRetryDelay;
  }

  /** Longest wait between reconnection attempts of the event stream. */
  public Duration eventsMaxRetryDelay() {
    return eventsMaxRetryDelay;
  }

  /** The ticker for elapsed time. */
  public Ticker ticker() {
    return ticker;
  }

  /** The clock for timestamps. */
  public Clock clock() {
    return clock;
  }

  /** Builds a {@link DockerConfig}. Not thread-safe. */
  public static final class Builder {
    private String dockerHost;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration statsTimeout = Duration.ofSeconds(1);
    private Duration eventsRetryDelay = Duration.ofMillis(500);
    private Duration eventsMaxRetryDelay = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder(Map<String, String> environment) {
      String fromEnv = environment.get("DOCKER_HOST");
      this.dockerHost = fromEnv == null || fromEnv.isBlank() ? DEFAULT_DOCKER_HOST : fromEnv;
    }

    /** The engine's address, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}. */
    public Builder dockerHost(String dockerHost) {
      this.dockerHost = dockerHost;
      return this;
    }

    /** Time to open a connection; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Time to wait for an answer; default 60 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Real-time budget of one stats tick; default 1 s. */
    public Builder statsTimeout(Duration timeout) {
      this.statsTimeout = timeout;
      return this;
    }

    /** First wait before reconnecting the event stream; default 500 ms, doubling up to the maximum. */
    public Builder eventsRetryDelay(Duration delay) {
      this.eventsRetryDelay = delay;
      return this;
    }

    /** Longest wait between reconnection attempts of the event stream; default 10 s. */
    public Builder eventsMaxRetryDelay(Duration delay) {
      this.eventsMaxRetryDelay = delay;
      return this;
    }

    /** The ticker for elapsed time; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** The clock for timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Validates and builds the configuration.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public DockerConfig build() {
      return new DockerConfig(this);
    }
  }

  @Override
  public String toString() {
    return "DockerConfig[dockerHost=" + dockerHost + ", requestTimeout=" + requestTimeout + ", statsTimeout="
        + statsTimeout + "]";
  }
}
