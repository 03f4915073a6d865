package io.github.resourcemanager.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.ResourcePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local web page that shows a {@link ResourceManager} live: charts of machine CPU, memory, disk and network rates
 * and of each agent's CPU and allocation rate, updated at every sample over Server-Sent Events; the active alerts
 * with an Acknowledge button that acknowledges them in the {@link io.github.resourcemanager.alert.AlertPipeline};
 * the recent scaler decisions; and the allocation shares when allocation is configured.
 *
 * <pre>{@code
 * try (ResourceManager rm = ResourceManager.custom().build();
 *      Dashboard dashboard = Dashboard.start(rm, 8080)) {
 *   rm.start();
 *   System.out.println("open " + dashboard.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Server.</b> The JDK's built-in {@code com.sun.net.httpserver.HttpServer}, bound to 127.0.0.1 by default,
 * with a small executor of its own ({@code maxClients} + 4 daemon threads named {@code resource-dashboard-N-M},
 * created on demand and ended when idle). Each open page holds one of those threads for its event stream; a
 * request must be sent whole within {@code requestTimeout}, so a slow or half-sent one cannot hold a thread.
 *
 * <p><b>Sampling is never held up.</b> The dashboard is a monitor listener that, on the monitor thread, only copies
 * the values the page shows and offers them to each watching page's bounded queue (dropping that page's oldest
 * when it has fallen behind); with no page open it does nothing at all. JSON is written on the server's threads.
 *
 * <p><b>Security.</b> Requests must name the dashboard in {@code Host} (DNS rebinding is refused); every GET is
 * read-only; the event stream and the one state change, acknowledging, are refused (403) when they come from
 * another origin, and acknowledging also needs the per-dashboard random token that only the page carries. The page inserts every
 * label, annotation, agent id and reason as text, and is served with a {@code Content-Security-Policy} that allows
 * only its own scripts. See {@code docs/dashboard.md}.
 *
 * <p>Thread-safe. {@link #close()} stops the server and ends its threads; it does not close the manager.
 */
public final class Dashboard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  private static final AtomicInteger DASHBOARDS = new AtomicInteger();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Thread names start with this, followed by the dashboard's number and the thread's. */
  static final String THREAD_PREFIX = "resource-dashboard-";

  private final ResourceManager rm;
  private final DashboardConfig config;
  private final EventHub hub;
  private final Routes routes;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final RequestDeadlines deadlines;
  private final InetSocketAddress address;
  private final URI uri;
  private final Object lifecycle = new Object();
  private boolean closed;

  private Dashboard(ResourceManager rm, DashboardConfig config) {
    this.rm = rm;
    this.config = config;
    this.hub = new EventHub(config.maxClients(), config.maxStreamsPerClient());
    ResourcePool pool;
    try {
      pool = rm.allocation();
    } catch (IllegalStateException notConfigured) {
      pool = null; // allocation is fixed when the manager is built: not configured now means never
    }
    String token = newToken();
    StaticFiles files = new StaticFiles(token);
    Payloads payloads = new Payloads(rm, config, pool);
    try {
      this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + DashboardConfig.hostLiteral(config.bindAddress()) + ":"
          + config.port() + " for the dashboard: " + e.getMessage(), e);
    }
    this.address = server.getAddress();
    // The guard needs the port, known once the server is bound; requests are accepted only after start() below.
    this.routes = new Routes(rm, config, payloads, hub, files,
        new RequestGuard(config.acceptedHostNames(), address.getPort(), token));
    this.uri = URI.create("http://" + config.publicHost() + ":" + address.getPort() + "/");

    // every page's stream, and four for the page, files and actions (a request slower than requestTimeout
    // holds one of those for requestTimeout at most)
    int threads = config.maxClients() + 4;
    String prefix = THREAD_PREFIX + DASHBOARDS.incrementAndGet() + "-";
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread t = new Thread(task, prefix + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    this.deadlines = new RequestDeadlines(executor, config.requestTimeout(), prefix + "deadlines");
    server.createContext("/", routes);
    server.setExecutor(deadlines);
  }

  /**
   * Starts a dashboard for {@code rm} on 127.0.0.1 at {@code port} (0: a free port), with the other settings at
   * their defaults.
   *
   * @throws IllegalArgumentException if {@code port} is not between 0 and 65535
   * @throws IllegalStateException if {@code rm} is closed
   * @throws UncheckedIOException if the port cannot be listened on (in use, not permitted)
   */
  public static Dashboard start(ResourceManager rm, int port) {
    Objects.requireNonNull(rm, "rm");
    return start(rm, DashboardConfig.custom().port(port).build());
  }

  /**
   * Starts a dashboard for {@code rm} with {@code config}. The manager need not be started yet; the page shows
   * samples as they come.
   *
   * @throws IllegalStateException if {@code rm} is closed
   * @throws UncheckedIOException if the address cannot be listened on (port in use, address not on this machine)
   */
  public static Dashboard start(ResourceManager rm, DashboardConfig config) {
    Objects.requireNonNull(rm, "rm");
    Objects.requireNonNull(config, "config");
    if (rm.isClosed()) {
      throw new IllegalStateException("the resource manager is closed; start a dashboard for an open one");
    }
    Dashboard dashboard = new Dashboard(rm, config);
    rm.addListener(dashboard.hub);
    dashboard.server.start();
    if (config.isLoopbackOnly()) {
      log.info("dashboard listening at {}", dashboard.uri);
    } else {
      log.warn("dashboard listening on {}:{}, reachable from other machines, at {} (allowed hosts {}); anyone who "
          + "reaches it can watch this process and acknowledge its alerts", DashboardConfig.hostLiteral(
          config.bindAddress()), dashboard.port(), dashboard.uri, String.join(", ", config.allowedHosts()));
    }
    return dashboard;
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The address the server listens on, with the actual port. */
  public InetSocketAddress address() {
    return address;
  }

  /** The port the server listens on: the configured one, or the free port chosen for port 0. */
  public int port() {
    return address.getPort();
  }

  /**
   * The page's address, e.g. {@code http://127.0.0.1:8080/}. For a dashboard bound to a non-loopback address (such
   * as 0.0.0.0) it names the first allowed host, the name the page is opened at from other machines:
   * {@code http://build-box:8080/}.
   */
  public URI uri() {
    return uri;
  }

  /** The settings. */
  public DashboardConfig config() {
    return config;
  }

  /** The counters: open pages, ticks sent and dropped, refused requests, acknowledgements. */
  public DashboardStats stats() {
    return new DashboardStats(hub.clients(), hub.published(), hub.sent(), hub.dropped(), routes.refused(),
        routes.acknowledgements(), deadlines.timedOut(), hub.streamsRefused());
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    synchronized (lifecycle) {
      return closed;
    }
  }

  /**
   * Stops listening, ends every open page's stream and the server's threads (waiting up to a few seconds for
   * requests in progress), and stops observing the manager, which stays open. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    rm.removeListener(hub);
    hub.close();
    server.stop(0);
    deadlines.close();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          log.warn("dashboard threads still running 4 s after close: {}", executor);
        }
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("dashboard at {} closed", uri);
  }

  @Override
  public String toString() {
    return "Dashboard{" + uri + (isClosed() ? ", closed" : "") + "}";
  }
}
