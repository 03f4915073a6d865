package io.github.resourcemanager.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Engine requests that docker-java does not model: one-shot stats and container creation from an inspected
 * configuration taken as raw JSON (so that no field docker-java does not know is lost).
 */
final class RawApi {
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final DockerHttpClient http;

  RawApi(DockerHttpClient http) {
    this.http = http;
  }

  /** GET {@code path}; the parsed answer. Error statuses become {@link DockerException}. */
  JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** GET {@code path} parsed into {@code type}. */
  <T> T get(String path, Class<T> type) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
        .path(path).build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      InputStream body = response.getBody();
      if (response.getStatusCode() >= 400) {
        throw refusal(response.getStatusCode(), body);
      }
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POST {@code body} as JSON to {@code path}; the parsed answer. Error statuses become {@link DockerException}. */
  JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  private JsonNode send(String method, String path, @Nullable JsonNode body) {
    try {
      DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method).path(path);
      if (body != null) {
        b.headers(Map.of("Content-Type", "application/json")).bodyBytes(JSON.writeValueAsBytes(body));
      }
      try (DockerHttpClient.Response response = http.execute(b.build())) {
        InputStream in = response.getBody();
        if (response.getStatusCode() >= 400) {
          throw refusal(response.getStatusCode(), in);
        }
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DockerException refusal(int status, InputStream body) throws IOException {
    String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
    String message = text;
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.hasNonNull("message")) {
        message = node.get("message").asText();
      }
    } catch (IOException notJson) {
      // keep the raw text
    }
    return new DockerException("{\"message\":\"" + message.replace("\"", "'") + "\"}", status);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
