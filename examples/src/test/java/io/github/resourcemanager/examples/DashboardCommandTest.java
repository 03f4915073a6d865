package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code dashboard} command against the live machine: it prints its address and serves the page there. */
class DashboardCommandTest {
  private static final Pattern ADDRESS = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli() {
    CommandLine cmd = Cli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd;
  }

  /** Runs the command on a thread of its own; {@code thread} receives it, so a test can interrupt it as Ctrl-C does. */
  private static CompletableFuture<Integer> start(CommandLine cmd, CompletableFuture<Thread> thread, String... args) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t = new Thread(() -> exit.complete(cmd.execute(args)), "dashboard-command");
    thread.complete(t);
    t.start();
    return exit;
  }

  @Test
  void servesForTheGivenDurationAndEndsWithExitCodeZero() throws Exception {
    assertThat(cli().execute("dashboard", "--port", "0", "--duration", "1s", "--interval", "200ms", "--agents", "0"))
        .isZero();
    assertThat(out.toString()).matches("dashboard: http://127\\.0\\.0\\.1:\\d+/\\Rserving for 1s\\R");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void servesThePageAtThePrintedAddressUntilInterrupted() throws Exception {
    CommandLine cmd = cli();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Integer> exit = start(cmd, thread, "dashboard", "--port", "0", "--duration", "0", "--interval",
        "200ms", "--agents", "1");
    await().atMost(Duration.ofSeconds(20)).until(() -> ADDRESS.matcher(out.toString()).find() || exit.isDone());
    Matcher m = ADDRESS.matcher(out.toString());
    assertThat(m.find()).as("the address is printed; output: %s, errors: %s", out, err).isTrue();
    URI page = URI.create(m.group(1));
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> html = client.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.body()).contains("<title>resource-manager dashboard</title>");
    HttpResponse<String> snapshot = client.send(HttpRequest.newBuilder(page.resolve("/api/snapshot")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(snapshot.statusCode()).isEqualTo(200);
    assertThat(snapshot.body()).contains("\"system.cpu.usage\"", "\"allocation\":{\"configured\":false}");

    assertThat(out.toString()).contains("serving until Ctrl-C");
    assertThat(exit).isNotDone();
    thread.get().interrupt(); // what Ctrl-C does to the command's thread
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(130);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void helpListsTheDashboardCommand() {
    assertThat(cli().execute("--help")).isZero();
    assertThat(out.toString()).contains("dashboard");
    assertThat(cli().execute("dashboard", "--help")).isZero();
    assertThat(out.toString()).contains("--port=PORT", "--bind=ADDRESS", "--duration=DURATION", "until Ctrl-C",
        "--threshold=METRIC=VALUE", "--demo", "--allowed-host=HOST");
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    assertThat(cli().execute("dashboard", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--port must be between 0 and 65535 (0: any free port), was 70000")
        .contains("Usage: resource-manager dashboard");
  }

  @Test
  void aHostNameAsBindAddressIsAUsageError() {
    assertThat(cli().execute("dashboard", "--bind", "localhost")).isEqualTo(2);
    assertThat(err.toString()).startsWith(
        "--bind must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or 0.0.0.0, was \"localhost\"");
  }

  @Test
  void aNegativeDurationIsAUsageError() {
    assertThat(cli().execute("dashboard", "--duration", "PT-1S")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--duration must not be negative (0 serves until Ctrl-C), was PT-1S");
  }

  @Test
  void aNonLoopbackBindWithoutAllowedHostsIsAUsageError() {
    assertThat(cli().execute("dashboard", "--bind", "0.0.0.0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--bind 0.0.0.0 is not a loopback address, so other machines can reach the "
        + "dashboard: name the hosts it will be opened at with --allowed-host");
    assertThat(cli().execute("dashboard", "--bind", "0.0.0.0", "--allowed-host", "bad host")).isEqualTo(2);
    assertThat(err.toString()).contains("--allowed-host must be a host name or IP literal without port (build-box, "
        + "10.0.0.5, [fd00::5]), was \"bad host\"");
  }

  @Test
  void aThresholdThatCanNeverFireIsAUsageError() {
    assertThat(cli().execute("dashboard", "--threshold", "system.memory.usage=101")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--threshold': 'system.memory.usage=101' can never "
        + "fire: system.memory.usage is a percentage, at most 100");
  }

  @Test
  void theDemoAndAThresholdBringEveryPanelToLife() throws Exception {
    CommandLine cmd = cli();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Integer> exit = start(cmd, thread, "dashboard", "--port", "0", "--duration", "0", "--interval",
        "200ms", "--agents", "1", "--demo", "--threshold", "jvm.heap.max=1");
    await().atMost(Duration.ofSeconds(20)).until(() -> ADDRESS.matcher(out.toString()).find() || exit.isDone());
    Matcher m = ADDRESS.matcher(out.toString());
    assertThat(m.find()).as("the address is printed; output: %s, errors: %s", out, err).isTrue();
    URI page = URI.create(m.group(1));
    HttpClient client = HttpClient.newHttpClient();
    // the threshold's rule fires at its first sample: the JVM's maximum heap is above 1 byte
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(client, page, "/api/alerts"))
        .contains("\"name\":\"jvm.heap.max-high\"", "\"state\":\"FIRING\""));
    // the demo's scaler evaluates every sample: its latest evaluation is a row
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(client, page, "/api/decisions"))
        .contains("\"scaler\":\"" + DashboardCommand.DEMO_SCALER + "\"", "\"latest\":true"));
    // allocation shares for the demo agents, the wave among them
    assertThat(get(client, page, "/api/allocation")).contains("\"configured\":true", "\"strategy\":\"weighted\"",
        "\"name\":\"wave\"", "\"name\":\"cruncher\"", "\"name\":\"interactive\"", "\"name\":\"batch\"");
    assertThat(get(client, page, "/api/snapshot")).contains("\"id\":\"wave\"");
    thread.get().interrupt();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(130);
  }

  private static String get(HttpClient client, URI page, String path) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(page.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
