package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the dashboard's endpoints, as a script or another program would use them. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern TOKEN = Pattern.compile("<meta name=\"dashboard-token\" content=\"([A-Za-z0-9_-]+)\">");

  private Http() {}

  static URI uri(Dashboard dashboard, String path) {
    return dashboard.uri().resolve(path);
  }

  static HttpResponse<String> get(Dashboard dashboard, String path) {
    return send(HttpRequest.newBuilder(uri(dashboard, path)).GET().timeout(Duration.ofSeconds(10)).build());
  }

  /** A POST with a JSON body and the given header name/value pairs. */
  static HttpResponse<String> post(Dashboard dashboard, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(dashboard, path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /** Acknowledges as the page does: same origin, the page's token, a JSON body. */
  static HttpResponse<String> acknowledgeAsThePage(Dashboard dashboard, String alertId) {
    return post(dashboard, "/api/alerts/acknowledge", "application/json",
        "{\"id\":\"" + alertId + "\",\"comment\":\"on it\"}",
        "Origin", origin(dashboard), RequestGuard.TOKEN_HEADER, token(dashboard));
  }

  static String origin(Dashboard dashboard) {
    return "http://127.0.0.1:" + dashboard.port();
  }

  /** The token, read from the page as the page's script reads it. */
  static String token(Dashboard dashboard) {
    HttpResponse<String> page = get(dashboard, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher m = TOKEN.matcher(page.body());
    assertThat(m.find()).as("token in the page").isTrue();
    return m.group(1);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
