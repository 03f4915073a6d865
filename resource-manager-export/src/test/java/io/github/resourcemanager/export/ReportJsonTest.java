package io.github.resourcemanager.export;

import static io.github.resourcemanager.test.ResourceManagerExtension.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ResourceManagerExtension.class)
class ReportJsonTest {

  @Test
  void peakReportReadsBackWithEveryField(ResourceManager rm, ScriptedSource source, ManualTicker ticker) throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 93.5).agentValues("alpha", Metric.AGENT_CPU_USAGE, 4, 2);
    rm.start();
    ticker.advance(Duration.ofSeconds(5));
    StringWriter out = new StringWriter();
    Analytics.of(rm).peaks(Duration.ofHours(1), List.of(Metric.SYSTEM_CPU_USAGE, Metric.AGENT_CPU_USAGE)).writeJson(out);
    assertThat(ExportFiles.json(out.toString()).toString()).isEqualTo("{\"kind\":\"peaks\","
        + "\"generatedAt\":\"2026-01-01T00:00:05Z\",\"window\":\"PT1H\",\"peaks\":["
        + "{\"metric\":\"system.cpu.usage\",\"unit\":\"%\",\"agent\":null,\"value\":93.5,\"time\":\"2026-01-01T00:00:05Z\"},"
        + "{\"metric\":\"agent.cpu.usage\",\"unit\":\"%\",\"agent\":\"alpha\",\"value\":4,\"time\":\"2026-01-01T00:00:00Z\"}]}");
  }

  @Test
  void bottleneckReportReadsBackWithCriteriaAndRuns(ResourceManager rm, ScriptedSource source, ManualTicker ticker,
      @TempDir Path dir) throws IOException {
    source.values(Metric.SYSTEM_CPU_USAGE, 90, 97, 50).values(Metric.SYSTEM_LOAD_1M, 1);
    rm.start();
    ticker.advance(Duration.ofSeconds(10));
    BottleneckCriteria criteria = BottleneckCriteria.custom().threshold(Metric.SYSTEM_LOAD_1M, 4).percentThreshold(80)
        .minDuration(Duration.ofSeconds(5)).build();
    Path file = dir.resolve("bottlenecks.json");
    Analytics.of(rm).bottlenecks(Duration.ofHours(1), criteria).writeJson(file);
    JsonNode doc = ExportFiles.json(Files.readString(file));
    assertThat(doc.get("kind").asText()).isEqualTo("bottlenecks");
    assertThat(doc.get("generatedAt").asText()).isEqualTo(START.plusSeconds(10).toString());
    assertThat(doc.get("thresholds").toString()).isEqualTo("{\"system.load.1m\":4}");
    assertThat(doc.get("percentThreshold").asDouble()).isEqualTo(80);
    assertThat(doc.get("minDuration").asText()).isEqualTo("PT5S");
    assertThat(doc.get("ranking").asText()).isEqualTo("time-above");
    assertThat(doc.get("bottlenecks").toString()).isEqualTo("[{\"metric\":\"system.cpu.usage\",\"unit\":\"%\","
        + "\"agent\":null,\"threshold\":80,\"timeAbove\":\"PT5S\",\"timeAboveSeconds\":5,\"longestRun\":\"PT5S\","
        + "\"peak\":97,\"peakTime\":\"2026-01-01T00:00:05Z\",\"severity\":0.2125,\"runs\":[{\"start\":\"2026-01-01T00:00:00Z\","
        + "\"end\":\"2026-01-01T00:00:05Z\",\"duration\":\"PT5S\",\"peak\":97}]}]");
  }
}
