package io.github.resourcemanager.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint serving a {@link PrometheusMeterRegistry} for Prometheus to scrape: the Prometheus text format
 * (0.0.4), or OpenMetrics 1.0 when the request's {@code Accept} header asks for {@code application/openmetrics-text}
 * (as Prometheus' scraper does), gzip-compressed when {@code Accept-Encoding} allows it. Built on the JDK's HTTP server;
 * by default on the loopback address, port 9464, path {@code /metrics}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new ResourceManagerMetrics(rm).bindTo(registry);
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(9464).start()) {
 *   ... // Prometheus scrapes endpoint.uri()
 * }
 * }</pre>
 *
 * <p>Only {@code GET} and {@code HEAD} of the path are served ({@code 405} for other methods, {@code 404} for other
 * paths). Requests are served one at a time on one daemon thread, so a slow scraper cannot make the endpoint use more.
 * Thread-safe; {@link #close()} stops the server.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PrometheusEndpoint.class);

  /** The OpenMetrics content type the endpoint answers with when asked for it. */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  /** The Prometheus text format content type, the default. */
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String path;
  private final AtomicLong scrapes = new AtomicLong();

  private PrometheusEndpoint(Builder b) throws IOException {
    this.registry = b.registry;
    this.path = b.path;
    this.server = HttpServer.create(new InetSocketAddress(b.address, b.port), 16);
    this.executor = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "resource-prometheus-endpoint");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts an endpoint for {@code registry} with the defaults: loopback, port 9464, path {@code /metrics}.
   *
   * @throws IOException if the port cannot be bound
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry) throws IOException {
    return custom(registry).start();
  }

  /**
   * A builder for an endpoint serving {@code registry}.
   */
  public static Builder custom(PrometheusMeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /** The address and port the endpoint listens on (the port chosen by the system if 0 was given). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The URI Prometheus scrapes, e.g. {@code http://127.0.0.1:9464/metrics}. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + path);
  }

  /** How many scrapes the endpoint has answered with metrics. */
  public long scrapes() {
    return scrapes.get();
  }

  /** Stops serving and frees the port; requests in progress get up to one second. Idempotent. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(path)) {
        reply(exchange, 404, "not found; metrics are at " + path + "\n");
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "method " + method + " is not allowed; use GET or HEAD\n");
        return;
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      String contentType = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
          ? OPENMETRICS : TEXT;
      ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
      try {
        registry.scrape(body, contentType);
      } catch (RuntimeException | IOException e) {
        log.warn("scraping the Prometheus registry failed", e);
        reply(exchange, 500, "scraping the registry failed: " + e + "\n");
        return;
      }
      scrapes.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", contentType);
      String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
      byte[] bytes = body.toByteArray();
      if (gzip) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
          z.write(bytes);
        }
        bytes = zipped.toByteArray();
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("answering a scrape failed (the scraper may have gone)", e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public String toString() {
    return "PrometheusEndpoint{" + uri() + "}";
  }

  /** Configures and starts a {@link PrometheusEndpoint}. Not thread-safe. */
  public static final class Builder {
    private final PrometheusMeterRegistry registry;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port = 9464;
    private String path = "/metrics";

    private Builder(PrometheusMeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * The address to listen on; default the loopback address, so only this machine can scrape. Give the wildcard
     * address ({@code InetAddress.getByName("0.0.0.0")}) for a Prometheus on another host.
     */
    public Builder address(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The port; default 9464. 0 lets the system choose a free one ({@link PrometheusEndpoint#address()} tells which).
     *
     * @throws IllegalArgumentException if it is outside 0 to 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not allowed; give 0 (any free port) to 65535");
      }
      this.port = port;
      return this;
    }

    /**
     * The path metrics are served at; default {@code /metrics}.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}, or holds white space, {@code ?} or
     *     {@code #}
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
        throw new IllegalArgumentException("path \"" + path + "\" is not allowed; give an absolute path without white "
            + "space, '?' or '#', e.g. /metrics");
      }
      this.path = path;
      return this;
    }

    /**
     * Starts the endpoint.
     *
     * @throws IOException if the address and port cannot be bound
     */
    public PrometheusEndpoint start() throws IOException {
      return new PrometheusEndpoint(this);
    }
  }
}
