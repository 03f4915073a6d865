package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The figures of docs/scale-out.md: what one process with 1,000 agents costs Prometheus. A manager with the platform
 * sources on (this machine, this process, this JVM) and 1,000 registered agents in 10 projects, the default binder,
 * two samples (rates need two): the scrape's size in both formats, plain and gzip-compressed, and its series count.
 */
class ScaleOutFiguresTest {

  @Test
  void aProcessWithAThousandAgentsAddsFourSeriesPerAgentToPrometheus() throws Exception {
    ManualTicker ticker = new ManualTicker();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .interval(Duration.ofSeconds(5)).build();
         ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm)) {
      for (int i = 0; i < 1000; i++) {
        rm.tracker().register(String.format(Locale.ROOT, "agent-%04d", i), Map.of("project", "project-" + i % 10));
      }
      metrics.bindTo(registry);
      rm.start();
      ticker.advance(Duration.ZERO);
      ticker.advance(Duration.ofSeconds(5));

      String text = registry.scrape();
      String openMetrics = registry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
      long series = text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
      long agentSeries = text.lines().filter(l -> l.startsWith("resource_agent_")).count();
      long otherSeries = series - agentSeries;
      int textBytes = text.getBytes(StandardCharsets.UTF_8).length;
      int openMetricsBytes = openMetrics.getBytes(StandardCharsets.UTF_8).length;
      System.out.printf(Locale.ROOT, "scale-out figures, 1,000 agents: %d series (%d per-agent, %d machine, process, "
          + "JVM and alert series); text format %,d bytes (%,d gzip), OpenMetrics %,d bytes (%,d gzip); "
          + "%.0f bytes per agent series%n", series, agentSeries, otherSeries, textBytes, gzip(text),
          openMetricsBytes, gzip(openMetrics), (double) textBytes / series);

      // The tracker measures four metrics of every in-JVM agent: agent.cpu.usage, agent.cpu.time (a counter),
      // agent.memory.allocation and agent.threads: 4 x 1,000 series.
      assertThat(agentSeries).isEqualTo(4 * 1000);
      // alerts.active: 2 states x 4 severities; alerts.fired: 4 severities; then what the platform sources measure.
      assertThat(otherSeries).isGreaterThanOrEqualTo(8 + 4);
      assertThat(text.lines().filter(l -> l.startsWith("resource_agent_cpu_time_seconds_total{")).count())
          .isEqualTo(1000);
    } finally {
      registry.close();
    }
  }

  private static int gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.size();
  }
}
