package io.github.resourcemanager.prometheus;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for a test: Debian's {@code prometheus} on the loopback interface, in a temporary directory,
 * on a free port, scraping the given targets and evaluating the given rule files every second. {@link #close()} stops
 * it by its PID (SIGTERM, then SIGKILL after 10 s); call it in a {@code finally} or use try-with-resources.
 */
final class PrometheusServer implements AutoCloseable {

  private final long pid;
  private final Process process;
  private final URI base;
  private final Path log;
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.pid = process.pid();
    this.base = base;
    this.log = log;
  }

  /** Starts Prometheus scraping {@code targets} (host:port) every second and evaluating {@code ruleFiles}. */
  static PrometheusServer start(Path dir, List<String> targets, List<Path> ruleFiles) throws IOException {
    Path binary = PrometheusBinaries.prometheus();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    StringBuilder config = new StringBuilder();
    config.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
    config.append("rule_files:\n");
    for (Path f : ruleFiles) {
      config.append("  - '").append(f.toAbsolutePath()).append("'\n");
    }
    config.append("scrape_configs:\n  - job_name: resource-manager\n    static_configs:\n      - targets:\n");
    for (String t : targets) {
      config.append("          - '").append(t).append("'\n");
    }
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config.toString());
    Path log = dir.resolve("prometheus.log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + configFile,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--web.console.templates=" + dir, "--web.console.libraries=" + dir));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    try {
      await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(server::ready);
    } catch (RuntimeException | Error e) {
      server.close();
      throw new AssertionError("Prometheus did not become ready; its log:\n" + server.log(), e);
    }
    return server;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + log());
    }
    try {
      HttpURLConnection c = (HttpURLConnection) base.resolve("/-/ready").toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** The server's log so far. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The result vector of an instant query ({@code data.result}). */
  JsonNode query(String promql) throws IOException, InterruptedException {
    JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return body.path("data").path("result");
  }

  /** The single value of an instant query, if it returned exactly one sample. */
  Optional<Double> value(String promql) throws IOException, InterruptedException {
    JsonNode result = query(promql);
    if (result.size() != 1) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
  }

  /** The active alerts ({@code data.alerts} of {@code /api/v1/alerts}). */
  JsonNode alerts() throws IOException, InterruptedException {
    return get("/api/v1/alerts").path("data").path("alerts");
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpURLConnection c = (HttpURLConnection) URI.create(base + pathAndQuery).toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(10_000);
    try {
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IOException("GET " + pathAndQuery + " answered " + status);
      }
      try (java.io.InputStream in = c.getInputStream()) {
        return json.readTree(in);
      }
    } finally {
      c.disconnect();
    }
  }

  /** Stops the server by its PID: SIGTERM, then SIGKILL if it has not exited within 10 s. */
  @Override
  public void close() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  long pid() {
    return pid;
  }
}
