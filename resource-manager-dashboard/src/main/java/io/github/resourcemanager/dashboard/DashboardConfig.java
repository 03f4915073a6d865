package io.github.resourcemanager.dashboard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link Dashboard}. Immutable and thread-safe; build one with {@link #custom()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code bindAddress}</td><td>127.0.0.1</td><td>the address the server listens on</td></tr>
 *   <tr><td>{@code port}</td><td>0</td><td>the TCP port; 0 picks a free one ({@link Dashboard#port()} tells which)</td></tr>
 *   <tr><td>{@code historyWindow}</td><td>10 min</td><td>how much history a page gets when it connects, and keeps</td></tr>
 *   <tr><td>{@code maxClients}</td><td>8</td><td>live pages (event streams) served at once; more get 503</td></tr>
 *   <tr><td>{@code heartbeat}</td><td>15 s</td><td>real time between keep-alive comments on an idle event stream</td></tr>
 *   <tr><td>{@code decisions}</td><td>10</td><td>recent scaler decisions shown, newest first</td></tr>
 *   <tr><td>{@code acknowledgedBy}</td><td>dashboard</td><td>who an acknowledgement made on the page is recorded as</td></tr>
 *   <tr><td>{@code allowedHosts}</td><td>none</td><td>host names accepted in {@code Host}/{@code Origin} besides
 *       localhost, 127.0.0.1, [::1] and the bind address; at least one is required to bind a non-loopback
 *       address</td></tr>
 *   <tr><td>{@code requestTimeout}</td><td>10 s</td><td>real time a client has to send a whole request; a slower or
 *       half-sent one is cut off, so it cannot hold a server thread</td></tr>
 *   <tr><td>{@code maxStreamsPerClient}</td><td>4</td><td>live pages one client address may hold at once; more get
 *       429</td></tr>
 * </table>
 */
public final class DashboardConfig {

  /** The default bind address: the IPv4 loopback address, so only this machine can reach the page. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  /** The default history a page receives when it connects: 10 minutes. */
  public static final Duration DEFAULT_HISTORY_WINDOW = Duration.ofMinutes(10);
  /** The default number of live pages served at once. */
  public static final int DEFAULT_MAX_CLIENTS = 8;
  /** The default real time between keep-alive comments on an idle event stream. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  /** The default number of recent scaler decisions shown. */
  public static final int DEFAULT_DECISIONS = 10;
  /** Who acknowledgements made on the page are recorded as, by default. */
  public static final String DEFAULT_ACKNOWLEDGED_BY = "dashboard";
  /** The default real time a client has to send a whole request: 10 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** The default number of live pages one client address may hold at once. */
  public static final int DEFAULT_MAX_STREAMS_PER_CLIENT = 4;

  static final int MAX_CLIENTS_LIMIT = 256;
  static final int MAX_DECISIONS = 1000;
  static final Duration MAX_HISTORY_WINDOW = Duration.ofHours(24);

  private final InetAddress bindAddress;
  private final int port;
  private final Duration historyWindow;
  private final int maxClients;
  private final Duration heartbeat;
  private final int decisions;
  private final String acknowledgedBy;
  private final List<String> allowedHosts;
  private final Duration requestTimeout;
  private final int maxStreamsPerClient;

  private DashboardConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.historyWindow = b.historyWindow;
    this.maxClients = b.maxClients;
    this.heartbeat = b.heartbeat;
    this.decisions = b.decisions;
    this.acknowledgedBy = b.acknowledgedBy;
    this.allowedHosts = List.copyOf(b.allowedHosts);
    this.requestTimeout = b.requestTimeout;
    this.maxStreamsPerClient = b.maxStreamsPerClient;
  }

  /** A builder with every setting at its default. */
  public static Builder custom() {
    return new Builder();
  }

  /** The defaults: 127.0.0.1, a free port. */
  public static DashboardConfig ofDefaults() {
    return custom().build();
  }

  /** The address the server listens on. */
  public InetAddress bindAddress() {
    return bindAddress;
  }

  /** The configured port; 0 means a free port chosen when the dashboard starts. */
  public int port() {
    return port;
  }

  /** How much history a page receives when it connects, and keeps in its charts. */
  public Duration historyWindow() {
    return historyWindow;
  }

  /** The most live pages (event streams) served at once. */
  public int maxClients() {
    return maxClients;
  }

  /** Real time between keep-alive comments on an event stream that has nothing else to send. */
  public Duration heartbeat() {
    return heartbeat;
  }

  /** How many recent scaler decisions the page shows. */
  public int decisions() {
    return decisions;
  }

  /** Who acknowledgements made on the page are recorded as in the alert pipeline. */
  public String acknowledgedBy() {
    return acknowledgedBy;
  }

  /** Host names accepted besides the loopback names and the bind address, lowercase. */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** Real time a client has to send a whole request (line, headers, body) before its connection is closed. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The most live pages (event streams) one client address may hold at once. */
  public int maxStreamsPerClient() {
    return maxStreamsPerClient;
  }

  /** Whether the bind address is a loopback address, so that only this machine can reach the page. */
  public boolean isLoopbackOnly() {
    return bindAddress.isLoopbackAddress();
  }

  /**
   * The host the page's address names: the bind address for a loopback one; for any other, the first allowed
   * host, the name people on the network open it at.
   */
  String publicHost() {
    if (bindAddress.isLoopbackAddress()) {
      return hostLiteral(bindAddress);
    }
    return allowedHosts.get(0);
  }

  /** The host names (without port) that requests may name in {@code Host} and {@code Origin}. */
  Set<String> acceptedHostNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("[::1]");
    if (!bindAddress.isAnyLocalAddress()) {
      names.add(hostLiteral(bindAddress));
    }
    names.addAll(allowedHosts);
    return names;
  }

  /**
   * The address as a host appears in a URL, {@code Host} and {@code Origin}: dotted IPv4, or bracketed IPv6 in the
   * canonical form browsers use (RFC 5952: lowercase, no leading zeros, the longest run of zero groups as ::).
   */
  static String hostLiteral(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 1 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.append(']').toString();
  }

  @Override
  public String toString() {
    return "DashboardConfig{bind " + hostLiteral(bindAddress) + ":" + port + ", history " + historyWindow
        + ", maxClients " + maxClients + ", heartbeat " + heartbeat + ", decisions " + decisions
        + ", acknowledgedBy " + acknowledgedBy + (allowedHosts.isEmpty() ? "" : ", allowedHosts " + allowedHosts)
        + ", requestTimeout " + requestTimeout + ", maxStreamsPerClient " + maxStreamsPerClient + "}";
  }

  /** Builds a {@link DashboardConfig}; each setter validates its value at once. Not thread-safe. */
  public static final class Builder {
    private InetAddress bindAddress = literal(DEFAULT_BIND_ADDRESS);
    private int port;
    private Duration historyWindow = DEFAULT_HISTORY_WINDOW;
    private int maxClients = DEFAULT_MAX_CLIENTS;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int decisions = DEFAULT_DECISIONS;
    private String acknowledgedBy = DEFAULT_ACKNOWLEDGED_BY;
    private final List<String> allowedHosts = new ArrayList<>();
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxStreamsPerClient = DEFAULT_MAX_STREAMS_PER_CLIENT;

    private Builder() {}

    /**
     * The address to listen on; default 127.0.0.1. Anything but a loopback address exposes the page, its data and
     * its acknowledge button to whoever can reach that address, and needs at least one {@link #allowedHost}.
     */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The address to listen on, as an IP literal ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}); host names are
     * refused so that configuring never waits for a name lookup.
     *
     * @throws IllegalArgumentException if {@code address} is not an IPv4 or IPv6 literal
     */
    public Builder bindAddress(String address) {
      return bindAddress(literal(Objects.requireNonNull(address, "address")));
    }

    /**
     * The TCP port; default 0, a free port chosen at start.
     *
     * @throws IllegalArgumentException if {@code port} is not between 0 and 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535 (0: any free port), was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How much history a page receives when it connects; default 10 minutes.
     *
     * @throws IllegalArgumentException if {@code window} is not positive or longer than 24 hours
     */
    public Builder historyWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isZero() || window.isNegative() || window.compareTo(MAX_HISTORY_WINDOW) > 0) {
        throw new IllegalArgumentException("historyWindow must be positive and at most 24 hours (PT24H), was " + window);
      }
      this.historyWindow = window;
      return this;
    }

    /**
     * The most live pages served at once; default 8. Each holds one server thread while it is open.
     *
     * @throws IllegalArgumentException if {@code maxClients} is not between 1 and 256
     */
    public Builder maxClients(int maxClients) {
      if (maxClients < 1 || maxClients > MAX_CLIENTS_LIMIT) {
        throw new IllegalArgumentException("maxClients must be between 1 and " + MAX_CLIENTS_LIMIT + ", was " + maxClients);
      }
      this.maxClients = maxClients;
      return this;
    }

    /**
     * Real time between keep-alive comments on an idle event stream; default 15 s. It is how soon a page that went
     * away without closing its connection is noticed when no sample is being sent.
     *
     * @throws IllegalArgumentException if {@code heartbeat} is shorter than 100 ms or longer than 10 minutes
     */
    public Builder heartbeat(Duration heartbeat) {
      Objects.requireNonNull(heartbeat, "heartbeat");
      if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || heartbeat.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("heartbeat must be between 100 ms (PT0.1S) and 10 minutes (PT10M), was " + heartbeat);
      }
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * How many recent scaler decisions the page shows; default 10.
     *
     * @throws IllegalArgumentException if {@code decisions} is not between 0 and 1000
     */
    public Builder decisions(int decisions) {
      if (decisions < 0 || decisions > MAX_DECISIONS) {
        throw new IllegalArgumentException("decisions must be between 0 and " + MAX_DECISIONS + ", was " + decisions);
      }
      this.decisions = decisions;
      return this;
    }

    /**
     * Who acknowledgements made on the page are recorded as; default {@code dashboard}.
     *
     * @throws IllegalArgumentException if {@code by} is blank
     */
    public Builder acknowledgedBy(String by) {
      Objects.requireNonNull(by, "by");
      if (by.isBlank()) {
        throw new IllegalArgumentException("acknowledgedBy must not be blank, was \"" + by + "\"");
      }
      this.acknowledgedBy = by;
      return this;
    }

    /**
     * Adds a host name that requests may use in {@code Host} and {@code Origin} besides localhost, 127.0.0.1,
     * [::1] and the bind address; needed when the page is reached under another name (a bind address of 0.0.0.0
     * reached as {@code http://build-box:8080}). Any other {@code Host} is refused, which defeats DNS rebinding.
     *
     * @throws IllegalArgumentException if {@code host} is not a host name or IP literal without port
     */
    public Builder allowedHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty() || host.length() > 253 || !host.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]")) {
        throw new IllegalArgumentException("allowedHost must be a host name or IP literal without port (build-box, "
            + "10.0.0.5, [fd00::5]), was \"" + host + "\"");
      }
      allowedHosts.add(host.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Real time a client has to send a whole request (its line, headers and body); default 10 s. A client that is
     * slower, or stops half-way, has its connection closed, so that it cannot hold one of the server's threads
     * and starve the other clients. Event streams are not limited: the deadline ends once the request is read.
     *
     * @throws IllegalArgumentException if {@code timeout} is shorter than 100 ms or longer than 5 minutes
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("requestTimeout must be between 100 ms (PT0.1S) and 5 minutes (PT5M), was "
            + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The most live pages (event streams) one client address may hold at once; default 4. A client beyond it gets
     * 429 (Too Many Requests), so one client cannot take every one of the {@code maxClients} streams.
     *
     * @throws IllegalArgumentException if {@code max} is not between 1 and 256
     */
    public Builder maxStreamsPerClient(int max) {
      if (max < 1 || max > MAX_CLIENTS_LIMIT) {
        throw new IllegalArgumentException("maxStreamsPerClient must be between 1 and " + MAX_CLIENTS_LIMIT + ", was " + max);
      }
      this.maxStreamsPerClient = max;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if the bind address is not a loopback address and no {@code allowedHost} is
     *     given: a page reachable from other machines must say which names it is reached at
     */
    public DashboardConfig build() {
      if (!bindAddress.isLoopbackAddress() && allowedHosts.isEmpty()) {
        throw new IllegalArgumentException("bindAddress " + hostLiteral(bindAddress).replace("[", "").replace("]", "")
            + " is not a loopback address, so other machines can reach the dashboard: name the hosts it will be "
            + "opened at with allowedHost (e.g. this machine's name, build-box); allowedHosts was empty");
      }
      return new DashboardConfig(this);
    }

    private static InetAddress literal(String address) {
      if (!isIpLiteral(address)) {
        throw new IllegalArgumentException("bindAddress must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or "
            + "0.0.0.0, was \"" + address + "\"");
      }
      try {
        return InetAddress.getByName(address); // a literal: parsed, never looked up
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException("bindAddress must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or "
            + "0.0.0.0, was \"" + address + "\"", e);
      }
    }

    static boolean isIpLiteral(String s) {
      if (s.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
        return true;
      }
      // IPv6: hex groups and colons, optionally an embedded IPv4 tail; InetAddress validates the rest.
      return s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DashboardConfig c && bindAddress.equals(c.bindAddress) && port == c.port
        && historyWindow.equals(c.historyWindow) && maxClients == c.maxClients && heartbeat.equals(c.heartbeat)
        && decisions == c.decisions && acknowledgedBy.equals(c.acknowledgedBy) && allowedHosts.equals(c.allowedHosts)
        && requestTimeout.equals(c.requestTimeout) && maxStreamsPerClient == c.maxStreamsPerClient;
  }

  @Override
  public int hashCode() {
    return Objects.hash(bindAddress, port, historyWindow, maxClients, heartbeat, decisions, acknowledgedBy, allowedHosts,
        requestTimeout, maxStreamsPerClient);
  }
}
