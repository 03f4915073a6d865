package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard stays available to well-behaved clients: requests sent slowly or only in part are cut off after
 * {@code requestTimeout} (real sockets, real time), the event stream checks {@code Origin}, one client address may
 * hold only {@code maxStreamsPerClient} streams, and a non-loopback bind names its allowed host.
 */
class DashboardAvailabilityTest {

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .interval(Duration.ofSeconds(1)).defaultAlertRules(false));

  private static void firstSample(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 10);
    rm.start();
    ticker.advance(Duration.ZERO);
  }

  /** A raw connection from {@code local} (an address of this machine) to the dashboard; it writes {@code text}. */
  private static Socket send(Dashboard dashboard, InetAddress local, String text) throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), dashboard.port(), local, 0);
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Reads until the server closes the connection (or resets it) and returns what it sent. */
  private static String readUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder got = new StringBuilder();
    try {
      int b;
      while ((b = in.read()) != -1) {
        got.append((char) b);
      }
    } catch (SocketException reset) {
      // closed by the server while we were reading: as good as the end of the stream
    }
    return got.toString();
  }

  private static String statusLine(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\r') {
      line.append((char) b);
    }
    return line.toString();
  }

  @Test
  void halfSentRequestsAreCutOffAfterTheRequestTimeoutAndOtherClientsAreServed(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker);
    // maxClients 1: 1 + 4 server threads. Eight half-sent requests are more than there are threads.
    DashboardConfig config = DashboardConfig.custom().maxClients(1).requestTimeout(Duration.ofMillis(500)).build();
    try (Dashboard dashboard = Dashboard.start(rm, config)) {
      String host = "Host: 127.0.0.1:" + dashboard.port() + "\r\n";
      InetAddress local = InetAddress.getByName("127.0.0.1");
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) { // headers never finished
        slow.add(send(dashboard, local, "GET /api/alerts HTTP/1.1\r\n" + host));
      }
      for (int i = 0; i < 4; i++) { // a body announced and never sent whole
        slow.add(send(dashboard, local, "POST /api/alerts/acknowledge HTTP/1.1\r\n" + host
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":"));
      }
      long start = System.nanoTime();
      HttpResponse<String> alerts = Http.get(dashboard, "/api/alerts"); // times out after 10 s if starved
      Duration waited = Duration.ofNanos(System.nanoTime() - start);

      assertThat(alerts.statusCode()).isEqualTo(200);
      assertThat(Http.json(alerts).get("active")).isEmpty();
      // Generous bound: the slow ones are cut off after 500 ms each, at most two rounds on 5 threads.
      assertThat(waited).isLessThan(Duration.ofSeconds(5));
      for (Socket s : slow) {
        try (s) {
          assertThat(readUntilClosed(s)).as("nothing is answered to a request never read whole").isEmpty();
        }
      }
      assertThat(dashboard.stats().requestsTimedOut()).isEqualTo(8);
      // The server's threads are all free again: the page is served at once.
      assertThat(Http.get(dashboard, "/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRequestSentWholeWithinTheTimeoutIsServedOnTheSameKindOfConnection(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker);
    DashboardConfig config = DashboardConfig.custom().requestTimeout(Duration.ofMillis(500)).build();
    try (Dashboard dashboard = Dashboard.start(rm, config);
         Socket socket = send(dashboard, InetAddress.getByName("127.0.0.1"), "GET /api/alerts HTTP/1.1\r\nHost: "
             + "127.0.0.1:" + dashboard.port() + "\r\nConnection: close\r\n\r\n")) {
      String response = readUntilClosed(socket);
      assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("{\"active\":[],\"resolved\":[]}");
      assertThat(dashboard.stats().requestsTimedOut()).isZero();
    }
  }

  @Test
  void theEventStreamRefusesAnotherOriginLikeTheOtherEndpoints(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      HttpResponse<String> foreign = Http.CLIENT.send(HttpRequest.newBuilder(Http.uri(dashboard, "/api/events"))
          .header("Origin", "http://attacker.example").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(foreign.statusCode()).isEqualTo(403);
      assertThat(Http.json(foreign).get("error").asText()).isEqualTo("cross-origin event stream refused: Origin "
          + "\"http://attacker.example\" is not this dashboard");
      assertThat(dashboard.stats().requestsRefused()).isEqualTo(1);
      assertThat(dashboard.stats().clients()).isZero();

      HttpRequest own = HttpRequest.newBuilder(Http.uri(dashboard, "/api/events")).header("Origin", Http.origin(dashboard))
          .build();
      HttpResponse<java.util.stream.Stream<String>> stream = Http.CLIENT.send(own, HttpResponse.BodyHandlers.ofLines());
      try {
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body().filter(l -> l.startsWith("event: ")).findFirst()).contains("event: history");
      } finally {
        stream.body().close();
      }
    }
  }

  @Test
  void oneClientMayHoldOnlyMaxStreamsPerClientWhileOthersStillConnect(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws Exception {
    firstSample(rm, source, ticker);
    DashboardConfig config = DashboardConfig.custom().maxClients(8).maxStreamsPerClient(2).build();
    try (Dashboard dashboard = Dashboard.start(rm, config)) {
      EventStream first = EventStream.open(dashboard);
      EventStream second = EventStream.open(dashboard);
      first.awaitEvent(1);
      second.awaitEvent(1);

      HttpResponse<String> third = Http.get(dashboard, "/api/events");
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).contains("10");
      assertThat(Http.json(third).get("error").asText()).isEqualTo("too many live pages from 127.0.0.1: at most 2 "
          + "event streams per client (DashboardConfig maxStreamsPerClient)");
      assertThat(dashboard.stats().streamsRefused()).isEqualTo(1);

      // Another client (another loopback address of this machine) is not affected.
      try (Socket other = send(dashboard, InetAddress.getByName("127.0.0.2"), "GET /api/events HTTP/1.1\r\nHost: "
          + "127.0.0.1:" + dashboard.port() + "\r\n\r\n")) {
        assertThat(statusLine(other)).isEqualTo("HTTP/1.1 200 OK");
        await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.stats().clients() == 3);
      }

      first.close(); // the page goes away; a keep-alive or the next tick finds out
      ticker.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> dashboard.stats().clients() <= 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        ticker.advance(Duration.ofSeconds(1)); // ticks make the writers notice closed connections
        return dashboard.stats().clients() == 1;
      });
      try (EventStream again = EventStream.open(dashboard)) {
        assertThat(again.awaitEvent(1).name()).isEqualTo("history");
      }
      second.close();
    }
  }

  @Test
  void aNonLoopbackBindNamesItsAllowedHostAndAcceptsOnlyTheNamesItKnows(ResourceManager rm) throws Exception {
    DashboardConfig config = DashboardConfig.custom().bindAddress("0.0.0.0").allowedHost("build-box").build();
    try (Dashboard dashboard = Dashboard.start(rm, config)) {
      assertThat(dashboard.uri()).isEqualTo(URI.create("http://build-box:" + dashboard.port() + "/"));
      InetAddress local = InetAddress.getByName("127.0.0.1");
      for (String[] hostAndStatus : new String[][] {{"build-box", "HTTP/1.1 200 OK"},
          {"127.0.0.1", "HTTP/1.1 200 OK"}, {"attacker.example", "HTTP/1.1 403 Forbidden"}}) {
        try (Socket s = send(dashboard, local, "GET /api/alerts HTTP/1.1\r\nHost: " + hostAndStatus[0] + ":"
            + dashboard.port() + "\r\nConnection: close\r\n\r\n")) {
          assertThat(statusLine(s)).as(hostAndStatus[0]).isEqualTo(hostAndStatus[1]);
        }
      }
    }
  }
}
