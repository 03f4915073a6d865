package io.github.resourcemanager.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the dashboard: the page, its static files, the read-only JSON endpoints, the event stream and
 * the acknowledge action. Runs on the server's threads. Thread-safe.
 */
final class Routes implements HttpHandler {

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";
  static final int MAX_BODY_BYTES = 4096;
  static final int MAX_COMMENT_LENGTH = 1000;
  static final String DEFAULT_COMMENT = "acknowledged on the dashboard";

  private static final Logger log = LoggerFactory.getLogger(Routes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  private final ResourceManager rm;
  private final DashboardConfig config;
  private final Payloads payloads;
  private final EventHub hub;
  private final StaticFiles files;
  private final RequestGuard guard;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong acknowledgements = new AtomicLong();

  Routes(ResourceManager rm, DashboardConfig config, Payloads payloads, EventHub hub, StaticFiles files,
      RequestGuard guard) {
    this.rm = rm;
    this.config = config;
    this.payloads = payloads;
    this.hub = hub;
    this.files = files;
    this.guard = guard;
  }

  long refused() {
    return refused.get();
  }

  long acknowledgements() {
    return acknowledgements.get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      // The whole request is read first, under the request deadline; after that the deadline no longer applies.
      byte[] body = readBody(exchange);
      if (!RequestDeadlines.requestRead()) {
        return; // too slow: the connection is being closed
      }
      route(exchange, body);
    } catch (IOException gone) {
      log.debug("dashboard client went away during {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          gone.toString());
    } catch (RuntimeException e) {
      log.warn("dashboard request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      try {
        send(exchange, 500, JSON_TYPE, Payloads.error("internal error: " + e));
      } catch (IOException | RuntimeException ignored) {
        // the response had already begun; the connection is closed with the exchange
      }
    } finally {
      exchange.close();
    }
  }

  /** Routes a request whose body has been read: {@code body} is null when it was longer than {@link #MAX_BODY_BYTES}. */
  private void route(HttpExchange ex, byte @Nullable [] body) throws IOException {
    if (!guard.isOwnHost(ex.getRequestHeaders().getFirst("Host"))) {
      refuse(ex, "unexpected Host header " + quote(ex.getRequestHeaders().getFirst("Host"))
          + "; open the dashboard at its own address");
      return;
    }
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    switch (path) {
      case "/", "/index.html" -> {
        if (allow(ex, "GET")) {
          send(ex, 200, "text/html; charset=utf-8", files.page());
        }
      }
      case "/api/snapshot" -> getJson(ex, payloads::snapshot);
      case "/api/alerts" -> getJson(ex, payloads::alerts);
      case "/api/decisions" -> getJson(ex, payloads::decisions);
      case "/api/allocation" -> getJson(ex, payloads::allocation);
      case "/api/history" -> getJson(ex, () -> payloads.history().json());
      case "/api/events" -> {
        if (allow(ex, "GET")) {
          stream(ex);
        }
      }
      case "/api/alerts/acknowledge" -> {
        if (allow(ex, "POST")) {
          acknowledge(ex, body);
        }
      }
      default -> {
        Optional<StaticFiles.File> file = path.startsWith("/static/")
            ? files.file(path.substring("/static/".length())) : Optional.empty();
        if (file.isEmpty()) {
          send(ex, 404, JSON_TYPE, Payloads.error("no such page: " + method + " " + path));
        } else if (allow(ex, "GET")) {
          send(ex, 200, file.get().contentType(), file.get().content());
        }
      }
    }
  }

  // ------------------------------------------------------------------ read-only endpoints

  private void getJson(HttpExchange ex, java.util.function.Supplier<byte[]> body) throws IOException {
    if (allow(ex, "GET")) {
      send(ex, 200, JSON_TYPE, body.get());
    }
  }

  /**
   * The event stream: a {@code history} event with the recorded window, then a {@code tick} event per sample,
   * and a comment when nothing was sent for a heartbeat. Holds this server thread while the page is open.
   */
  private void stream(HttpExchange ex) throws IOException {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (!guard.isOwnOrigin(origin)) {
      refuse(ex, "cross-origin event stream refused: Origin " + quote(origin) + " is not this dashboard");
      return;
    }
    java.net.InetAddress address = ex.getRemoteAddress().getAddress();
    EventHub.Client client = hub.register(address);
    if (client == null) {
      ex.getResponseHeaders().set("Retry-After", "10");
      if (hub.refusal(address) == EventHub.Refusal.TOO_MANY_FROM_CLIENT) {
        send(ex, 429, JSON_TYPE, Payloads.error("too many live pages from " + address.getHostAddress() + ": at most "
            + config.maxStreamsPerClient() + " event streams per client (DashboardConfig maxStreamsPerClient)"));
      } else {
        send(ex, 503, JSON_TYPE, Payloads.error("too many live pages: at most " + config.maxClients()
            + " event streams are served at once (DashboardConfig maxClients)"));
      }
      return;
    }
    try {
      Headers h = ex.getResponseHeaders();
      securityHeaders(h);
      h.set("Content-Type", "text/event-stream; charset=utf-8");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      // Registered before the history is read, so no sample falls between the two; those in both are skipped.
      Payloads.History history = payloads.history();
      out.write("retry: 2000\n".getBytes(StandardCharsets.US_ASCII));
      event(out, "history", -1, history.json());
      long lastTick = history.lastTickNanos();
      boolean haveHistory = lastTick != Long.MIN_VALUE;
      long heartbeatMillis = config.heartbeat().toMillis();
      while (true) {
        Frame frame = client.frames.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
        if (frame == Frame.END) {
          return;
        }
        if (frame == null) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } else if (!haveHistory || frame.tickNanos - lastTick > 0) {
          event(out, "tick", frame.sequence, frame.json(payloads));
          hub.countSent();
        }
      }
    } catch (InterruptedException closing) {
      Thread.currentThread().interrupt();
    } finally {
      hub.unregister(client);
    }
  }

  private static void event(OutputStream out, String name, long id, byte[] data) throws IOException {
    StringBuilder head = new StringBuilder(48);
    if (id >= 0) {
      head.append("id: ").append(id).append('\n');
    }
    head.append("event: ").append(name).append("\ndata: ");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(data); // compact JSON: one line, newlines inside strings are escaped
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  // ------------------------------------------------------------------ acknowledge

  private void acknowledge(HttpExchange ex, byte @Nullable [] body) throws IOException {
    Headers in = ex.getRequestHeaders();
    if (!guard.isOwnOrigin(in.getFirst("Origin"))) {
      refuse(ex, "cross-origin request refused: Origin " + quote(in.getFirst("Origin")) + " is not this dashboard");
      return;
    }
    if (!guard.isToken(in.getFirst(RequestGuard.TOKEN_HEADER))) {
      refuse(ex, (in.getFirst(RequestGuard.TOKEN_HEADER) == null ? "missing " : "wrong ") + RequestGuard.TOKEN_HEADER
          + " header; acknowledge from the dashboard page");
      return;
    }
    String type = in.getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      send(ex, 415, JSON_TYPE, Payloads.error("Content-Type must be application/json, was " + quote(type)));
      return;
    }
    if (body == null) {
      send(ex, 413, JSON_TYPE, Payloads.error("request body must be at most " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      send(ex, 400, JSON_TYPE, Payloads.error("request body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    if (json == null || !json.isObject() || !json.path("id").isTextual() || json.get("id").asText().isBlank()) {
      send(ex, 400, JSON_TYPE, Payloads.error("request body must be a JSON object with the alert's \"id\" as a "
          + "non-blank string, e.g. {\"id\":\"cpu-high#3\",\"comment\":\"looking into it\"}"));
      return;
    }
    JsonNode commentNode = json.get("comment");
    if (commentNode != null && !commentNode.isNull() && !commentNode.isTextual()) {
      send(ex, 400, JSON_TYPE, Payloads.error("\"comment\" must be a string, was " + commentNode.getNodeType()));
      return;
    }
    String comment = commentNode == null || commentNode.isNull() ? DEFAULT_COMMENT : commentNode.asText();
    if (comment.length() > MAX_COMMENT_LENGTH) {
      send(ex, 400, JSON_TYPE, Payloads.error("\"comment\" must be at most " + MAX_COMMENT_LENGTH
          + " characters, was " + comment.length()));
      return;
    }
    String id = json.get("id").asText();
    Alert alert;
    try {
      alert = rm.alerts().acknowledge(id, config.acknowledgedBy(), comment);
    } catch (IllegalArgumentException noSuchAlert) {
      send(ex, 404, JSON_TYPE, Payloads.error(Objects.requireNonNullElse(noSuchAlert.getMessage(),
          "no active alert has the id \"" + id + "\"")));
      return;
    } catch (IllegalStateException resolvedOrClosed) {
      send(ex, 409, JSON_TYPE, Payloads.error(Objects.requireNonNullElse(resolvedOrClosed.getMessage(),
          "alert \"" + id + "\" has resolved, or the manager is closed")));
      return;
    }
    acknowledgements.incrementAndGet();
    log.info("alert {} acknowledged on the dashboard as {}", id, config.acknowledgedBy());
    send(ex, 200, JSON_TYPE, payloads.alert(alert));
  }

  /**
   * The request body, or null if it is longer than {@link #MAX_BODY_BYTES}. A longer body is not read: closing
   * the stream lets the JDK server discard what is left up to its drain limit (64 KiB) and keep the connection, or
   * close the connection beyond that; never unbounded.
   */
  private static byte @Nullable [] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    boolean tooLong = false;
    if (length != null) {
      try {
        tooLong = Long.parseLong(length.trim()) > MAX_BODY_BYTES;
      } catch (NumberFormatException e) {
        tooLong = true;
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      if (tooLong) {
        return null;
      }
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  // ------------------------------------------------------------------ responses

  /** Whether the method is the one allowed; otherwise answers 405 naming it. */
  private static boolean allow(HttpExchange ex, String method) throws IOException {
    if (method.equals(ex.getRequestMethod())) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", method);
    send(ex, 405, JSON_TYPE, Payloads.error("method " + ex.getRequestMethod() + " is not allowed on "
        + ex.getRequestURI().getRawPath() + "; use " + method));
    return false;
  }

  private void refuse(HttpExchange ex, String why) throws IOException {
    refused.incrementAndGet();
    log.warn("dashboard refused {} {} from {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
        ex.getRemoteAddress(), why);
    send(ex, 403, JSON_TYPE, Payloads.error(why));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    Headers h = ex.getResponseHeaders();
    securityHeaders(h);
    h.set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void securityHeaders(Headers h) {
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Cache-Control", "no-store");
  }

  private static String quote(@Nullable String s) {
    return s == null ? "(none)" : "\"" + s + "\"";
  }
}
