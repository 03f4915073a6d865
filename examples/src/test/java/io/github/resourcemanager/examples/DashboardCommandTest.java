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

  @Test
  void servesThePageAtThePrintedAddressForTheGivenDuration() throws Exception {
    CommandLine cmd = cli();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
        cmd.execute("dashboard", "--port", "0", "--duration", "3s", "--interval", "200ms", "--agents", "1"));
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

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("serving for 3s");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void helpListsTheDashboardCommand() {
    assertThat(cli().execute("--help")).isZero();
    assertThat(out.toString()).contains("dashboard");
    assertThat(cli().execute("dashboard", "--help")).isZero();
    assertThat(out.toString()).contains("--port=PORT", "--bind=ADDRESS", "--duration=DURATION", "until Ctrl-C");
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
    assertThat(err.toString()).startsWith("--duration must not be negative, was PT-1S");
  }
}
