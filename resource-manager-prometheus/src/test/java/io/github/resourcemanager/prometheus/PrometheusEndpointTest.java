package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scrape endpoint: formats, compression, address, path, methods, settings. */
@ExtendWith(ResourceManagerExtension.class)
class PrometheusEndpointTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  private record Response(int status, String contentType, String encoding, String allow, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static Response request(URI uri, String method, String accept, String acceptEncoding) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestMethod(method);
    if (accept != null) {
      c.setRequestProperty("Accept", accept);
    }
    if (acceptEncoding != null) {
      c.setRequestProperty("Accept-Encoding", acceptEncoding);
    }
    try {
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      byte[] body = in == null ? new byte[0] : in.readAllBytes();
      return new Response(status, c.getContentType(), c.getContentEncoding(), c.getHeaderField("Allow"), body);
    } finally {
      c.disconnect();
    }
  }

  private void sampleCpu(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, 75);
    new ResourceManagerMetrics(rm).bindTo(registry);
    rm.start();
    ticker.advance(Duration.ZERO);
  }

  @Test
  void servesThePrometheusTextFormatOnLoopbackByDefault(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws Exception {
    sampleCpu(rm, source, ticker);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(0).start()) {
      assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(endpoint.uri().getPath()).isEqualTo("/metrics");
      Response r = request(endpoint.uri(), "GET", null, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      // 75 % as the ratio 75 / 100, printed by the text format as Java's Double.toString(0.75)
      assertThat(r.text()).contains("\nresource_system_cpu_usage_ratio 0.75\n");
      assertThat(endpoint.scrapes()).isEqualTo(1);
    }
  }

  @Test
  void servesOpenMetricsWhenAskedAsPrometheusAsks(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws Exception {
    sampleCpu(rm, source, ticker);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(0).start()) {
      // The Accept header Prometheus 2.42's scraper sends (scrape/scrape.go, scrapeAcceptHeader)
      Response r = request(endpoint.uri(), "GET", "application/openmetrics-text;version=1.0.0,"
          + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", null);
      assertThat(r.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(r.text()).endsWith("# EOF\n").contains("resource_alerts_fired_total{severity=\"critical\"} 0.0");
    }
  }

  @Test
  void compressesWithGzipWhenAllowed(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws Exception {
    sampleCpu(rm, source, ticker);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(0).start()) {
      Response r = request(endpoint.uri(), "GET", null, "gzip");
      assertThat(r.encoding()).isEqualTo("gzip");
      String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(text).contains("\nresource_system_cpu_usage_ratio 0.75\n");
    }
  }

  @Test
  void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.custom(registry).port(0).path("/rm/metrics").start()) {
      assertThat(endpoint.uri().getPath()).isEqualTo("/rm/metrics");
      assertThat(request(endpoint.uri().resolve("/metrics"), "GET", null, null).status()).isEqualTo(404);
      Response post = request(endpoint.uri(), "POST", null, null);
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.allow()).isEqualTo("GET, HEAD");
      Response head = request(endpoint.uri(), "HEAD", null, null);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(endpoint.scrapes()).isEqualTo(1);
    }
  }

  @Test
  void closingFreesThePort() throws Exception {
    PrometheusEndpoint first = PrometheusEndpoint.custom(registry).port(0).start();
    int port = first.address().getPort();
    first.close();
    try (PrometheusEndpoint second = PrometheusEndpoint.custom(registry).port(port).start()) {
      assertThat(request(second.uri(), "GET", null, null).status()).isEqualTo(200);
    }
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> PrometheusEndpoint.custom(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> PrometheusEndpoint.custom(registry).port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 70000");
    assertThatThrownBy(() -> PrometheusEndpoint.custom(registry).path("metrics"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path \"metrics\"");
    assertThatThrownBy(() -> PrometheusEndpoint.custom(registry).address(null))
        .isInstanceOf(NullPointerException.class).hasMessage("address");
    assertThatThrownBy(() -> PrometheusEndpoint.custom(registry).path(null))
        .isInstanceOf(NullPointerException.class).hasMessage("path");
  }
}
