package io.github.resourcemanager.test.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import io.github.resourcemanager.units.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ResourceManagerExtension.class)
class StressReportTest {

  @Test
  void recordsTheMonitorStatisticsBeforeAndAfter(ResourceManager rm, ManualTicker ticker, ManualScheduler scheduler,
      ScriptedSource source, Clock clock) throws Exception {
    source.values(Metric.SYSTEM_CPU_USAGE, 1);
    rm.start();
    ticker.advance(Duration.ZERO); // tick 1
    StressRun run = StressGenerator.start(StressConfig.custom().duration(Duration.ofSeconds(10)).threads(1)
        .manager(rm).ticker(ticker).scheduler(scheduler).clock(clock).build());
    ticker.advance(Duration.ofSeconds(10)); // ticks at 5 s and 10 s, then the run ends
    StressReport report = run.report();
    assertThat(report.monitorBefore().ticks()).isEqualTo(1);
    assertThat(report.monitorAfter().ticks()).isEqualTo(3);
    assertThat(report.monitorAfter().source("scripted").samples()).isEqualTo(3);
  }

  @Test
  void readsBackFromJsonWithEveryField(ManualTicker ticker, ManualScheduler scheduler, Clock clock, @TempDir Path dir)
      throws IOException {
    StressRun run = StressGenerator.start(StressConfig.custom().duration(Duration.ofSeconds(90))
        .memory(ByteSize.parse("2Mi")).threads(2).openFiles(1).directory(dir)
        .ticker(ticker).scheduler(scheduler).clock(clock).build());
    ticker.advance(Duration.ofSeconds(90));
    Path file = dir.resolve("report.json");
    run.report().writeJson(file);
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("outcome").asText()).isEqualTo("completed");
    assertThat(json.get("failure").isNull()).isTrue();
    assertThat(json.get("start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(json.get("end").asText()).isEqualTo("2026-01-01T00:01:30Z");
    assertThat(json.get("elapsed").asText()).isEqualTo("PT1M30S");
    assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(90);
    assertThat(json.get("targets").toString()).isEqualTo("{\"duration\":\"PT1M30S\",\"cpuPercent\":0.0,\"cpuThreads\":0,"
        + "\"memoryBytes\":2097152,\"threads\":2,\"openFiles\":1}");
    JsonNode achieved = json.get("achieved");
    assertThat(achieved.get("generatorCpuPercent").asDouble()).isZero();
    assertThat(achieved.get("peakMemoryBytes").asLong()).isEqualTo(2097152);
    assertThat(achieved.get("cpuThreads").asInt()).isZero();
    assertThat(achieved.get("threads").asInt()).isEqualTo(2);
    assertThat(achieved.get("openFiles").asInt()).isEqualTo(1);
    assertThat(achieved.get("processCpuPercent").isNumber()).isTrue();
    assertThat(json.get("monitor").isNull()).isTrue();
  }
}
