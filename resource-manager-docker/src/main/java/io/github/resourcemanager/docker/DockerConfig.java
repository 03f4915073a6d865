package io.github.resourcemanager.docker;

import io.github.resourcemanager.Ticker;
import java.net.URI;
import java.net.URISyntaxException;
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
 *       address: {@code unix:///path}, {@code tcp://host:port[/prefix]}, {@code npipe:////./pipe/name}; checked
 *       strictly (whitespace, a missing port, a query, a host in a socket address are errors naming the setting, or
 *       {@code DOCKER_HOST} when it came from there)</td></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td><td>time to open a connection</td></tr>
 *   <tr><td>requestTimeout</td><td>60 s</td><td>longest time one request to the engine may take, answer included
 *       (covers a container's stop timeout); enforced on {@code unix://} too</td></tr>
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
    this.dockerHost = parseHost(b.dockerHost, b.dockerHostSetting);
    DurationSettings.positiveNanos("connectTimeout", b.connectTimeout);
    DurationSettings.positiveNanos("requestTimeout", b.requestTimeout);
    DurationSettings.positiveNanos("statsTimeout", b.statsTimeout);
    DurationSettings.positiveNanos("eventsRetryDelay", b.eventsRetryDelay);
    DurationSettings.positiveNanos("eventsMaxRetryDelay", b.eventsMaxRetryDelay);
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

  private static final String HOST_FORMS = "unix:///path/to/docker.sock, tcp://host:port (optionally followed by "
      + "a path prefix such as /v1), npipe:////./pipe/name";

  /**
   * Checks an engine address strictly: one of the forms in HOST_FORMS, nothing around it, no part the transport would
   * ignore (user info, query, fragment, a host in a socket address), a port for {@code tcp}.
   */
  private static URI parseHost(String host, String setting) {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(setting + " must not be empty; allowed: " + HOST_FORMS);
    }
    String shown = setting + " \"" + host + "\"";
    if (!host.equals(host.strip())) {
      throw new IllegalArgumentException(shown + " has whitespace around it; allowed: " + HOST_FORMS);
    }
    URI uri;
    try {
      uri = new URI(host);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(shown + " is not a URI (" + e.getReason() + " at index " + e.getIndex()
          + "); allowed: " + HOST_FORMS, e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe"))) {
      throw new IllegalArgumentException(shown + " has scheme " + (scheme == null ? "none" : scheme)
          + "; allowed schemes: unix, tcp, npipe (" + HOST_FORMS + ")");
    }
    if (uri.isOpaque()) {
      throw new IllegalArgumentException(shown + " must start with " + scheme + "://; allowed: " + HOST_FORMS);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(shown + " has a " + (uri.getRawQuery() != null ? "query"
          : uri.getRawFragment() != null ? "fragment" : "user info") + ", which the engine address cannot have; "
          + "allowed: " + HOST_FORMS);
    }
    if (scheme.equals("tcp")) {
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException(shown + " needs a host and a port (tcp://host:port); allowed: " + HOST_FORMS);
      }
    } else {
      if (uri.getRawAuthority() != null) {
        throw new IllegalArgumentException(shown + " names a host (" + uri.getRawAuthority() + "); a " + scheme
            + " address is a path: " + scheme + ":///path; allowed: " + HOST_FORMS);
      }
      if (uri.getPath() == null || uri.getPath().length() <= 1) {
        throw new IllegalArgumentException(shown + " has no path; allowed: " + HOST_FORMS);
      }
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
    private String dockerHostSetting = "dockerHost";
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration statsTimeout = Duration.ofSeconds(1);
    private Duration eventsRetryDelay = Duration.ofMillis(500);
    private Duration eventsMaxRetryDelay = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder(Map<String, String> environment) {
      String fromEnv = environment.get("DOCKER_HOST");
      if (fromEnv == null || fromEnv.isEmpty()) {
        this.dockerHost = DEFAULT_DOCKER_HOST;
      } else {
        this.dockerHost = fromEnv;
        this.dockerHostSetting = "DOCKER_HOST (environment)";
      }
    }

    /**
     * The engine's address: {@code unix:///path}, {@code tcp://host:port} (optionally with a path prefix) or
     * {@code npipe:////./pipe/name}, exactly, with nothing around it. Overrides {@code DOCKER_HOST}.
     */
    public Builder dockerHost(String dockerHost) {
      this.dockerHost = dockerHost;
      this.dockerHostSetting = "dockerHost";
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
