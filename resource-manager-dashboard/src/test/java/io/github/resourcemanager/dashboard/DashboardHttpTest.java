package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard over plain HTTP, as any client sees it: the page and its files, the JSON endpoints, the event
 * stream driven by a {@link ManualTicker}, and the rules for state changes.
 */
class DashboardHttpTest {

  private static final long GIB = 1L << 30;
  private static final long START_MILLIS = ResourceManagerExtension.START.toEpochMilli();
  private static final String SCRIPT_ANNOTATION = "<script>alert(1)</script> cpu at {{value}}";

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(1))
      .defaultAlertRules(false)
      .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 80).label("team", "<b>ops</b>")
          .annotation("summary", SCRIPT_ANNOTATION).build()));

  /** Takes the first sample (due at start) with cpu at {@code cpu} and returns the alert it raised, if any. */
  private static Optional<Alert> firstSample(ResourceManager rm, ScriptedSource source, ManualTicker ticker, double cpu) {
    source.values(Metric.SYSTEM_CPU_USAGE, cpu);
    rm.start();
    ticker.advance(Duration.ZERO);
    List<Alert> active = rm.alerts().activeAlerts();
    return active.isEmpty() ? Optional.empty() : Optional.of(active.get(0));
  }

  // ================================================================ binding and lifecycle

  @Test
  void bindsToTheLoopbackAddressByDefaultAndReportsTheChosenPort(ResourceManager rm) throws IOException {
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      assertThat(dashboard.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(dashboard.port()).isBetween(1, 65_535);
      assertThat(dashboard.uri()).isEqualTo(URI.create("http://127.0.0.1:" + dashboard.port() + "/"));
      assertThat(Http.get(dashboard, "/").statusCode()).isEqualTo(200);
      // Bound to 127.0.0.1 itself, not to every address: another address of this machine (127.0.0.2 is one on
      // Linux) finds nobody listening. Only loopback addresses are tried.
      InetAddress other = InetAddress.getByName("127.0.0.2");
      assertThatThrownBy(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other, dashboard.port()), 2000);
        }
      }).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void startingOnAPortInUseFailsNamingTheAddress(ResourceManager rm) {
    try (Dashboard first = Dashboard.start(rm, 0)) {
      assertThatThrownBy(() -> Dashboard.start(rm, first.port()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port() + " for the dashboard: ");
    }
  }

  @Test
  void startRefusesAClosedManagerAndMissingArguments(ResourceManager rm) {
    assertThatThrownBy(() -> Dashboard.start(null, 0)).isInstanceOf(NullPointerException.class)
        .hasMessage("rm");
    assertThatThrownBy(() -> Dashboard.start(null, DashboardConfig.ofDefaults())).isInstanceOf(NullPointerException.class)
        .hasMessage("rm");
    assertThatThrownBy(() -> Dashboard.start(rm, (DashboardConfig) null)).isInstanceOf(NullPointerException.class)
        .hasMessage("config");
    assertThatThrownBy(() -> Dashboard.start(rm, 65_536)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535 (0: any free port), was 65536");
    rm.close();
    assertThatThrownBy(() -> Dashboard.start(rm, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the resource manager is closed; start a dashboard for an open one");
  }

  @Test
  void closeEndsTheStreamsTheThreadsAndTheListenerButNotTheManager(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker, 10);
    Dashboard dashboard = Dashboard.start(rm, 0);
    String threadPrefix = serverThreadPrefix(dashboard);
    EventStream stream = EventStream.open(dashboard);
    stream.awaitEvent(1);
    assertThat(liveThreads(threadPrefix)).isNotEmpty();

    dashboard.close();
    dashboard.close(); // idempotent

    assertThat(dashboard.isClosed()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(stream::ended);
    assertThat(liveThreads(threadPrefix)).isEmpty();
    assertThatThrownBy(() -> Http.get(dashboard, "/")).isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
    long published = dashboard.stats().framesPublished();
    ticker.advance(Duration.ofSeconds(3));
    assertThat(dashboard.stats().framesPublished()).isEqualTo(published);
    assertThat(rm.isClosed()).isFalse();
    assertThat(rm.stats().ticks()).isEqualTo(4);
  }

  private static String serverThreadPrefix(Dashboard dashboard) throws Exception {
    // The page request runs on one of the dashboard's threads; its name gives the prefix of this dashboard's pool.
    Http.get(dashboard, "/");
    List<String> names = liveThreads(Dashboard.THREAD_PREFIX);
    assertThat(names).isNotEmpty();
    String name = names.get(names.size() - 1);
    return name.substring(0, name.lastIndexOf('-') + 1);
  }

  private static List<String> liveThreads(String prefix) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        names.add(t.getName());
      }
    }
    Collections.sort(names);
    return names;
  }

  // ================================================================ the page and its files

  @Test
  void thePageCarriesItsTokenItsScriptsAsFilesAndTheSecurityHeaders(ResourceManager rm) {
    try (Dashboard dashboard = Dashboard.start(rm, 0); Dashboard other = Dashboard.start(rm, 0)) {
      HttpResponse<String> page = Http.get(dashboard, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'; "
          + "script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(page.body()).contains("<script src=\"/static/uPlot.iife.min.js\" defer></script>",
          "<script src=\"/static/dashboard.js\" defer></script>");
      assertThat(page.body().split("<script", -1)).hasSize(3); // those two, and no inline script
      String token = Http.token(dashboard);
      assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes
      assertThat(Http.token(other)).isNotEqualTo(token);
    }
  }

  @Test
  void staticFilesAreServedByExactNameWithTheirTypes(ResourceManager rm) throws IOException {
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> uplot = Http.get(dashboard, "/static/uPlot.iife.min.js");
      assertThat(uplot.statusCode()).isEqualTo(200);
      assertThat(uplot.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
      assertThat(uplot.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(uplot.body()).isEqualTo(resource("static/uPlot.iife.min.js")).contains("uPlot (v1.6.32)");
      assertThat(Http.get(dashboard, "/static/uPlot.min.css").headers().firstValue("Content-Type"))
          .contains("text/css; charset=utf-8");
      assertThat(Http.get(dashboard, "/static/dashboard.js").body()).isEqualTo(resource("static/dashboard.js"));
      assertThat(Http.get(dashboard, "/static/uPlot.LICENSE").body()).contains("The MIT License (MIT)", "Leon Sorokin");
      for (String path : List.of("/static/", "/static/index.html", "/static/..%2Findex.html", "/static/../index.html",
          "/static/Dashboard.class", "/static/dashboard.JS")) {
        assertThat(Http.get(dashboard, path).statusCode()).as(path).isEqualTo(404);
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unknownPathsAre404(ResourceManager rm) {
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> missing = Http.get(dashboard, "/metrics");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(Http.json(missing).get("error").asText()).isEqualTo("no such page: GET /metrics");
      for (String path : List.of("/api", "/api/", "/api/alerts/", "/api/alerts/cpu-high", "/index.htm")) {
        assertThat(Http.get(dashboard, path).statusCode()).as(path).isEqualTo(404);
      }
    }
  }

  // ================================================================ read-only JSON

  @Test
  void snapshotReturnsTheLatestSampleOfTheMachineAndTheAgents(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    rm.tracker().register("worker-1");
    source.values(Metric.SYSTEM_MEMORY_USED, 3 * GIB).values(Metric.SYSTEM_MEMORY_TOTAL, 8 * GIB)
        .values(Metric.SYSTEM_DISK_READ, 2048).values(Metric.SYSTEM_NETWORK_TRANSMIT, 512)
        .agentValues("worker-1", Metric.AGENT_CPU_USAGE, 5.5)
        .agentValues("worker-1", Metric.AGENT_ALLOCATION_RATE, 4096);
    firstSample(rm, source, ticker, 12.5);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> response = Http.get(dashboard, "/api/snapshot");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
      JsonNode json = Http.json(response);
      assertThat(json.get("time").asText()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(json.get("t").asLong()).isEqualTo(START_MILLIS);
      JsonNode system = json.get("system");
      assertThat(system.get("system.cpu.usage").asDouble()).isEqualTo(12.5);
      assertThat(system.get("system.memory.used").asLong()).isEqualTo(3 * GIB);
      assertThat(system.get("system.memory.total").asLong()).isEqualTo(8 * GIB);
      assertThat(system.get("system.disk.read").asDouble()).isEqualTo(2048);
      assertThat(system.get("system.network.transmit").asDouble()).isEqualTo(512);
      assertThat(system.get("system.network.receive").isNull()).as("not measured is null").isTrue();
      assertThat(json.get("agents")).hasSize(1);
      JsonNode agent = json.get("agents").get(0);
      assertThat(agent.get("id").asText()).isEqualTo("worker-1");
      assertThat(agent.get("values").get("agent.cpu.usage").asDouble()).isEqualTo(5.5);
      assertThat(agent.get("values").get("agent.memory.allocation").asDouble()).isEqualTo(4096);
      assertThat(json.get("alerts")).isEmpty();
      assertThat(json.get("decisions")).isEmpty();
      assertThat(json.get("allocation").get("configured").asBoolean()).isFalse();
    }
  }

  @Test
  void alertsEndpointListsActiveAlertsWithTheirLabelsAndAnnotationsAsGiven(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      JsonNode json = Http.json(Http.get(dashboard, "/api/alerts"));
      assertThat(json.get("active")).hasSize(1);
      assertThat(json.get("resolved")).isEmpty();
      JsonNode a = json.get("active").get(0);
      assertThat(a.get("id").asText()).isEqualTo(alert.id());
      assertThat(a.get("name").asText()).isEqualTo("cpu-high");
      assertThat(a.get("state").asText()).isEqualTo("FIRING");
      assertThat(a.get("severity").asText()).isEqualTo("WARNING");
      assertThat(a.get("value").asDouble()).isEqualTo(90);
      assertThat(a.get("activeAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(a.get("acknowledged").asBoolean()).isFalse();
      assertThat(a.get("acknowledgement").isNull()).isTrue();
      assertThat(a.get("labels")).isEqualTo(Http.JSON.valueToTree(Map.of("alertname", "cpu-high", "team", "<b>ops</b>")));
      assertThat(a.get("annotations").get("summary").asText()).isEqualTo("<script>alert(1)</script> cpu at 90");
    }
  }

  @Test
  void readEndpointsAcceptOnlyGet(ResourceManager rm) {
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      String token = Http.token(dashboard);
      for (String path : List.of("/", "/api/snapshot", "/api/alerts", "/api/decisions", "/api/allocation",
          "/api/history", "/api/events", "/static/dashboard.js")) {
        HttpResponse<String> post = Http.post(dashboard, path, "application/json", "{}",
            "Origin", Http.origin(dashboard), RequestGuard.TOKEN_HEADER, token);
        assertThat(post.statusCode()).as(path).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).as(path).contains("GET");
      }
    }
  }

  // ================================================================ acknowledge

  @Test
  void acknowledgingThroughThePostAcknowledgesInTheAlertPipeline(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> response = Http.acknowledgeAsThePage(dashboard, alert.id());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode acknowledged = Http.json(response).get("alert");
      assertThat(acknowledged.get("id").asText()).isEqualTo(alert.id());
      assertThat(acknowledged.get("acknowledged").asBoolean()).isTrue();
      assertThat(acknowledged.get("acknowledgement").get("by").asText()).isEqualTo("dashboard");
      assertThat(acknowledged.get("acknowledgement").get("comment").asText()).isEqualTo("on it");

      Alert inLibrary = rm.alerts().find(alert.id()).orElseThrow();
      assertThat(inLibrary.isAcknowledged()).isTrue();
      assertThat(inLibrary.acknowledgement().orElseThrow())
          .isEqualTo(new Alert.Acknowledgement("dashboard", "on it", ResourceManagerExtension.START));
      assertThat(dashboard.stats().acknowledgements()).isEqualTo(1);
      assertThat(dashboard.stats().requestsRefused()).isZero();
    }
  }

  @Test
  void acknowledgementsAreRecordedAsTheConfiguredActorWithTheDefaultComment(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, DashboardConfig.custom().acknowledgedBy("ops-desk").build())) {
      HttpResponse<String> response = Http.post(dashboard, "/api/alerts/acknowledge", "application/json",
          "{\"id\":\"" + alert.id() + "\"}", RequestGuard.TOKEN_HEADER, Http.token(dashboard));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(rm.alerts().find(alert.id()).orElseThrow().acknowledgement().orElseThrow())
          .isEqualTo(new Alert.Acknowledgement("ops-desk", "acknowledged on the dashboard", ResourceManagerExtension.START));
    }
  }

  @Test
  void crossOriginAcknowledgeIsRefusedAndChangesNothing(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      String token = Http.token(dashboard);
      List<String> foreign = List.of("http://evil.example", "null", "http://127.0.0.1:" + (dashboard.port() == 1 ? 2 : 1),
          "https://127.0.0.1:" + dashboard.port(), "http://localhost.evil.example:" + dashboard.port());
      for (String origin : foreign) {
        HttpResponse<String> response = Http.post(dashboard, "/api/alerts/acknowledge", "application/json",
            "{\"id\":\"" + alert.id() + "\"}", "Origin", origin, RequestGuard.TOKEN_HEADER, token);
        assertThat(response.statusCode()).as(origin).isEqualTo(403);
        assertThat(Http.json(response).get("error").asText()).as(origin)
            .isEqualTo("cross-origin request refused: Origin \"" + origin + "\" is not this dashboard");
      }
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
      assertThat(dashboard.stats().requestsRefused()).isEqualTo(foreign.size());
      assertThat(dashboard.stats().acknowledgements()).isZero();
    }
  }

  @Test
  void acknowledgeWithoutTheTokenIsRefused(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> response = Http.post(dashboard, "/api/alerts/acknowledge", "application/json",
          "{\"id\":\"" + alert.id() + "\"}", "Origin", Http.origin(dashboard));
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(Http.json(response).get("error").asText())
          .isEqualTo("missing X-Dashboard-Token header; acknowledge from the dashboard page");
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
    }
  }

  @Test
  void acknowledgeWithAWrongTokenIsRefused(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0); Dashboard other = Dashboard.start(rm, 0)) {
      for (String wrong : List.of(Http.token(other), "", Http.token(dashboard).substring(1))) {
        HttpResponse<String> response = Http.post(dashboard, "/api/alerts/acknowledge", "application/json",
            "{\"id\":\"" + alert.id() + "\"}", RequestGuard.TOKEN_HEADER, wrong);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Http.json(response).get("error").asText())
            .isEqualTo("wrong X-Dashboard-Token header; acknowledge from the dashboard page");
      }
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
      assertThat(dashboard.stats().requestsRefused()).isEqualTo(3);
    }
  }

  @Test
  void aFormPostCannotAcknowledge(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      // What a cross-site form sends: its own origin, a form body, no token.
      HttpResponse<String> crossSite = Http.post(dashboard, "/api/alerts/acknowledge",
          "application/x-www-form-urlencoded", "id=" + alert.id(), "Origin", "http://evil.example");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      // Even with the token, only a JSON body is an acknowledgement.
      HttpResponse<String> formWithToken = Http.post(dashboard, "/api/alerts/acknowledge", "text/plain",
          "{\"id\":\"" + alert.id() + "\"}", RequestGuard.TOKEN_HEADER, Http.token(dashboard));
      assertThat(formWithToken.statusCode()).isEqualTo(415);
      assertThat(Http.json(formWithToken).get("error").asText())
          .isEqualTo("Content-Type must be application/json, was \"text/plain\"");
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
    }
  }

  @Test
  void acknowledgeIsOnlyAPost(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> get = Http.get(dashboard, "/api/alerts/acknowledge?id=" + alert.id());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("Allow")).contains("POST");
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
    }
  }

  @Test
  void acknowledgingAnUnknownOrMalformedRequestChangesNothing(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      String token = Http.token(dashboard);
      HttpResponse<String> unknown = Http.post(dashboard, "/api/alerts/acknowledge", "application/json",
          "{\"id\":\"disk-full#99\"}", RequestGuard.TOKEN_HEADER, token);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(Http.json(unknown).get("error").asText()).contains("disk-full#99");
      assertThat(status(dashboard, token, "not json")).isEqualTo(400);
      assertThat(status(dashboard, token, "[\"" + alert.id() + "\"]")).isEqualTo(400);
      assertThat(status(dashboard, token, "{}")).isEqualTo(400);
      assertThat(status(dashboard, token, "{\"id\":\"  \"}")).isEqualTo(400);
      assertThat(status(dashboard, token, "{\"id\":7}")).isEqualTo(400);
      assertThat(status(dashboard, token, "{\"id\":\"" + alert.id() + "\",\"comment\":5}")).isEqualTo(400);
      assertThat(status(dashboard, token, "{\"id\":\"" + alert.id() + "\",\"comment\":\"" + "x".repeat(1001) + "\"}"))
          .isEqualTo(400);
      assertThat(status(dashboard, token, "{\"id\":\"" + alert.id() + "\",\"comment\":\"" + "x".repeat(5000) + "\"}"))
          .isEqualTo(413);
      assertThat(rm.alerts().find(alert.id()).orElseThrow().isAcknowledged()).isFalse();
      assertThat(dashboard.stats().acknowledgements()).isZero();
    }
  }

  private static int status(Dashboard dashboard, String token, String body) {
    return Http.post(dashboard, "/api/alerts/acknowledge", "application/json", body, RequestGuard.TOKEN_HEADER, token)
        .statusCode();
  }

  @Test
  void acknowledgingAResolvedAlertIsAConflict(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 10);
    rm.start();
    ticker.advance(Duration.ZERO);
    String id = rm.alerts().activeAlerts().get(0).id();
    ticker.advance(Duration.ofSeconds(1)); // cpu 10: resolved
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> response = Http.acknowledgeAsThePage(dashboard, id);
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(Http.json(response).get("error").asText()).contains(id);
      JsonNode alerts = Http.json(Http.get(dashboard, "/api/alerts"));
      assertThat(alerts.get("active")).isEmpty();
      assertThat(alerts.get("resolved").get(0).get("id").asText()).isEqualTo(id);
      assertThat(alerts.get("resolved").get(0).get("resolvedAt").asText()).isEqualTo("2026-01-01T00:00:01Z");
    }
  }

  // ================================================================ Host header (DNS rebinding)

  @Test
  void requestsThatNameAnotherHostAreRefused(ResourceManager rm) throws IOException {
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      int port = dashboard.port();
      assertThat(rawStatusLine(port, "attacker.example:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
      assertThat(rawStatusLine(port, "127.0.0.1:" + (port + 1))).isEqualTo("HTTP/1.1 403 Forbidden");
      assertThat(rawStatusLine(port, "")).isEqualTo("HTTP/1.1 403 Forbidden");
      assertThat(rawStatusLine(port, "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(rawStatusLine(port, "127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(dashboard.stats().requestsRefused()).isEqualTo(3);
    }
  }

  /** Sends a GET of the alerts with this Host header over a raw socket (HttpClient will not set Host). */
  private static String rawStatusLine(int port, String host) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/alerts HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  // ================================================================ event stream

  @Test
  void theEventStreamStartsWithTheHistoryAndSendsOneTickPerSample(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 20, 30, 40).values(Metric.SYSTEM_MEMORY_USED, 100, 200, 300, 400);
    rm.start();
    ticker.advance(Duration.ofSeconds(1)); // samples 1 and 2
    try (Dashboard dashboard = Dashboard.start(rm, 0); EventStream stream = EventStream.open(dashboard)) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");

      EventStream.Event history = stream.awaitEvent(1);
      assertThat(history.name()).isEqualTo("history");
      JsonNode h = history.json();
      assertThat(h.get("t").toString()).isEqualTo("[" + START_MILLIS + "," + (START_MILLIS + 1000) + "]");
      assertThat(h.get("system").get("system.cpu.usage").toString()).isEqualTo("[10.0,20.0]");
      assertThat(h.get("system").get("system.memory.used").toString()).isEqualTo("[100.0,200.0]");
      assertThat(h.get("windowMillis").asLong()).isEqualTo(600_000);

      ticker.advance(Duration.ofSeconds(1)); // sample 3
      EventStream.Event third = stream.awaitEvent(2);
      assertThat(third.name()).isEqualTo("tick");
      assertThat(third.id()).isEqualTo("3");
      assertThat(third.json().get("sequence").asLong()).isEqualTo(3);
      assertThat(third.json().get("t").asLong()).isEqualTo(START_MILLIS + 2000);
      assertThat(third.json().get("system").get("system.cpu.usage").asDouble()).isEqualTo(30);
      assertThat(third.json().get("system").get("system.memory.used").asDouble()).isEqualTo(300);

      ticker.advance(Duration.ofSeconds(1)); // sample 4
      EventStream.Event fourth = stream.awaitEvent(3);
      assertThat(fourth.id()).isEqualTo("4");
      assertThat(fourth.json().get("system").get("system.cpu.usage").asDouble()).isEqualTo(40);
      assertThat(stream.events()).extracting(EventStream.Event::name).containsExactly("history", "tick", "tick");
      assertThat(dashboard.stats().eventsSent()).isEqualTo(2);
      assertThat(dashboard.stats().framesPublished()).isEqualTo(2);
      assertThat(dashboard.stats().clients()).isEqualTo(1);
    }
  }

  @Test
  void aPageThatConnectsLateGetsTheRecentHistoryFirst(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws Exception {
    source.values(Metric.SYSTEM_CPU_USAGE, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    rm.start();
    ticker.advance(Duration.ofSeconds(5)); // samples at 0..5 s
    // From the next sample on, the source reports the agent (which registers it): its 7th call writes 56.
    source.agentValues("late-agent", Metric.AGENT_CPU_USAGE, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59);
    ticker.advance(Duration.ofSeconds(4)); // samples at 6..9 s, the agent in each
    DashboardConfig config = DashboardConfig.custom().historyWindow(Duration.ofSeconds(5)).build();
    try (Dashboard dashboard = Dashboard.start(rm, config); EventStream stream = EventStream.open(dashboard)) {
      JsonNode h = stream.awaitEvent(1).json();
      List<Long> times = new ArrayList<>();
      for (long s = 4; s <= 9; s++) {
        times.add(START_MILLIS + s * 1000);
      }
      assertThat(h.get("t").toString()).isEqualTo(times.toString().replace(" ", ""));
      assertThat(h.get("system").get("system.cpu.usage").toString()).isEqualTo("[4.0,5.0,6.0,7.0,8.0,9.0]");
      assertThat(h.get("agents")).hasSize(1);
      JsonNode agent = h.get("agents").get(0);
      assertThat(agent.get("id").asText()).isEqualTo("late-agent");
      // Unknown before the sample at 6 s: nothing (null) before it.
      assertThat(agent.get("values").get("agent.cpu.usage").toString()).isEqualTo("[null,null,56.0,57.0,58.0,59.0]");
    }
  }

  @Test
  void theNextTickShowsAnAcknowledgementMadeOnThePage(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws Exception {
    Alert alert = firstSample(rm, source, ticker, 90).orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0); EventStream stream = EventStream.open(dashboard)) {
      JsonNode history = stream.awaitEvent(1).json();
      assertThat(history.get("alerts").get(0).get("acknowledged").asBoolean()).isFalse();
      assertThat(Http.acknowledgeAsThePage(dashboard, alert.id()).statusCode()).isEqualTo(200);
      ticker.advance(Duration.ofSeconds(1));
      JsonNode tick = stream.awaitEvent(2).json();
      JsonNode shown = tick.get("alerts").get(0);
      assertThat(shown.get("id").asText()).isEqualTo(alert.id());
      assertThat(shown.get("acknowledged").asBoolean()).isTrue();
      assertThat(shown.get("acknowledgement").get("by").asText()).isEqualTo("dashboard");
    }
  }

  @Test
  void nothingIsCopiedOnTheMonitorThreadWhileNoPageWatches(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker, 10);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      ticker.advance(Duration.ofSeconds(5));
      assertThat(dashboard.stats().framesPublished()).isZero();
      try (EventStream stream = EventStream.open(dashboard)) {
        stream.awaitEvent(1);
        ticker.advance(Duration.ofSeconds(2));
        stream.awaitEvent(3);
        assertThat(dashboard.stats().framesPublished()).isEqualTo(2);
      }
    }
  }

  @Test
  void aPageThatFallsBehindLosesItsOldestTicksWhileSamplingGoesOn(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) {
    EventHub hub = new EventHub(1, 1);
    rm.addListener(hub);
    EventHub.Client stalled = hub.register(java.net.InetAddress.getLoopbackAddress()); // nobody drains its queue
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    rm.start();
    ticker.advance(Duration.ofSeconds(69)); // 70 samples
    assertThat(rm.stats().ticks()).isEqualTo(70);
    assertThat(rm.stats().listenerFailures()).isZero();
    assertThat(stalled.frames).hasSize(EventHub.QUEUE_CAPACITY);
    assertThat(stalled.frames.peek().sequence).isEqualTo(70 - EventHub.QUEUE_CAPACITY + 1);
    assertThat(hub.dropped()).isEqualTo(70 - EventHub.QUEUE_CAPACITY);
    assertThat(hub.published()).isEqualTo(70);
  }

  @Test
  void pagesBeyondMaxClientsAreTurnedAwayUntilOneLeaves(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws Exception {
    firstSample(rm, source, ticker, 10);
    DashboardConfig config = DashboardConfig.custom().maxClients(1).heartbeat(Duration.ofMillis(100)).build();
    try (Dashboard dashboard = Dashboard.start(rm, config)) {
      EventStream first = EventStream.open(dashboard);
      first.awaitEvent(1);
      HttpResponse<String> second = Http.get(dashboard, "/api/events");
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).contains("10");
      assertThat(Http.json(second).get("error").asText())
          .isEqualTo("too many live pages: at most 1 event streams are served at once (DashboardConfig maxClients)");
      await().atMost(Duration.ofSeconds(5)).until(() -> !first.comments().isEmpty());
      assertThat(first.comments().get(0)).isEqualTo(": keep-alive");

      first.close(); // the page goes away; the next keep-alive write finds out
      await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.stats().clients() == 0);
      try (EventStream third = EventStream.open(dashboard)) {
        assertThat(third.awaitEvent(1).name()).isEqualTo("history");
      }
    }
  }
}
