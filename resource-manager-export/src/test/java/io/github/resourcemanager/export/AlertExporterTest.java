package io.github.resourcemanager.export;

import static io.github.resourcemanager.export.ExportFiles.csv;
import static io.github.resourcemanager.export.ExportFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AlertExporterTest {
  private static final AlertRule CPU = AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
      .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 90)
      .annotation("summary", "CPU at {{value}} %").build();
  private static final AlertRule AGENT_CPU = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
      .threshold(Severity.WARNING, 25).forDuration(Duration.ofSeconds(5)).label("tier", "batch").build();

  @RegisterExtension
  static final ResourceManagerExtension EXTENSION = ResourceManagerExtension.configure(b -> b
      .defaultAlertRules(false).alertRule(CPU).alertRule(AGENT_CPU));

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The story: a per-agent alert pending at 0 s, firing at 5 s, acknowledged at 10 s; a CPU alert from 5 s
   * (WARNING), CRITICAL at 10 s, resolved at 15 s; an event alert raised at 12 s.
   */
  private static void story(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    rm.tracker().register("w1", Map.of("team", "infra"));
    source.values(Metric.SYSTEM_CPU_USAGE, 50, 80, 95, 60).agentValues("w1", Metric.AGENT_CPU_USAGE, 30);
    rm.start();
    ticker.advance(Duration.ofSeconds(10));
    rm.acknowledge("agent-cpu-high/w1#1", "alice", "on it, \"really\"");
    ticker.advance(Duration.ofSeconds(2));
    rm.alerts().raise(EventAlert.of("oom-killed", Severity.CRITICAL).withAgent("w1").withValue(137)
        .withAnnotation("summary", "killed, out of memory"));
    ticker.advance(Duration.ofSeconds(3));
  }

  private static String export(ResourceManager rm, ExportFormat format, Set<AlertState> states) throws IOException {
    StringWriter out = new StringWriter();
    AlertExporter.of(rm).write(format, states, out);
    return out.toString();
  }

  @Test
  void csvHasOneRowPerAlertOrderedByActiveAtWithEveryField(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws IOException {
    story(rm, source, ticker);
    List<List<String>> lines = csv(export(rm, ExportFormat.CSV, EnumSet.allOf(AlertState.class)));
    assertThat(lines).containsExactly(
        List.of("id", "name", "state", "severity", "peakSeverity", "value", "unit", "agent", "source", "activeAt",
            "firedAt", "resolvedAt", "acknowledgedBy", "acknowledgedAt", "acknowledgeComment", "labels", "annotations"),
        List.of("agent-cpu-high/w1#1", "agent-cpu-high", "firing", "warning", "warning", "30", "%", "w1", "rule",
            "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", "", "alice", "2026-01-01T00:00:10Z", "on it, \"really\"",
            "{\"team\":\"infra\",\"tier\":\"batch\",\"alertname\":\"agent-cpu-high\",\"agent\":\"w1\"}", "{}"),
        // resolved at 15 (60 does not match): the value of its last match at 10 (Prometheus rules/alerting.go,
        // AlertingRule.Eval sets Value only for alerts in the query result); the annotation says the value at resolution
        List.of("cpu-high#2", "cpu-high", "resolved", "critical", "critical", "95", "%", "", "rule",
            "2026-01-01T00:00:05Z", "2026-01-01T00:00:05Z", "2026-01-01T00:00:15Z", "", "", "",
            "{\"alertname\":\"cpu-high\"}", "{\"summary\":\"CPU at 60 %\"}"),
        List.of("oom-killed/w1#3", "oom-killed", "firing", "critical", "critical", "137", "", "w1", "event",
            "2026-01-01T00:00:12Z", "2026-01-01T00:00:12Z", "", "", "", "",
            "{\"agent\":\"w1\",\"alertname\":\"oom-killed\"}", "{\"summary\":\"killed, out of memory\"}"));
  }

  @Test
  void csvLabelCellsReadBackAsTheSameMaps(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    story(rm, source, ticker);
    List<List<String>> lines = csv(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.FIRING)));
    assertThat(JSON.readValue(lines.get(1).get(15), Map.class))
        .isEqualTo(rm.alerts().find("agent-cpu-high/w1#1").orElseThrow().labels());
    assertThat(JSON.readValue(lines.get(2).get(16), Map.class))
        .isEqualTo(Map.of("summary", "killed, out of memory"));
  }

  @Test
  void jsonCarriesMetadataTypedColumnsAndObjectsForLabels(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws IOException {
    story(rm, source, ticker);
    JsonNode doc = json(export(rm, ExportFormat.JSON, EnumSet.allOf(AlertState.class)));
    assertThat(doc.get("kind").asText()).isEqualTo("alerts");
    assertThat(doc.get("generatedAt").asText()).isEqualTo("2026-01-01T00:00:15Z");
    assertThat(doc.get("states").toString()).isEqualTo("[\"pending\",\"firing\",\"resolved\"]");
    assertThat(doc.fieldNames()).toIterable().containsExactly("kind", "generatedAt", "states", "columns", "series");
    assertThat(doc.get("columns").get(5).toString())
        .isEqualTo("{\"name\":\"value\",\"type\":\"number\",\"description\":\"the watched value at the latest evaluation\"}");
    assertThat(doc.get("columns").get(9).toString()).isEqualTo("{\"name\":\"activeAt\",\"type\":\"time\"}");
    assertThat(doc.get("columns").get(15).toString()).isEqualTo("{\"name\":\"labels\",\"type\":\"map\"}");
    JsonNode rows = doc.get("series").get(0).get("rows");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).toString()).isEqualTo("[\"cpu-high#2\",\"cpu-high\",\"resolved\",\"critical\",\"critical\","
        + "95,\"%\",null,\"rule\",\"2026-01-01T00:00:05Z\",\"2026-01-01T00:00:05Z\",\"2026-01-01T00:00:15Z\",null,null,"
        + "null,{\"alertname\":\"cpu-high\"},{\"summary\":\"CPU at 60 %\"}]");
    assertThat(rows.get(0).get(15).get("team").asText()).isEqualTo("infra");
  }

  @Test
  void aPendingAlertHasNoFiredAtAndAnUnmeasuredValueIsMissing(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker) throws IOException {
    source.agentValues("w2", Metric.AGENT_CPU_USAGE, 40, Double.NaN);
    rm.start();
    ticker.advance(Duration.ZERO);
    JsonNode pending = json(export(rm, ExportFormat.JSON, EnumSet.of(AlertState.PENDING))).get("series").get(0).get("rows");
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).get(2).asText()).isEqualTo("pending");
    assertThat(pending.get(0).get(5).asDouble()).isEqualTo(40);
    assertThat(pending.get(0).get(10).isNull()).isTrue();
    assertThat(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.FIRING))).isEqualTo("id,name,state,severity,"
        + "peakSeverity,value,unit,agent,source,activeAt,firedAt,resolvedAt,acknowledgedBy,acknowledgedAt,"
        + "acknowledgeComment,labels,annotations\n");
  }

  @Test
  void statesSelectWhichAlertsAreWritten(ResourceManager rm, ScriptedSource source, ManualTicker ticker)
      throws IOException {
    story(rm, source, ticker);
    List<List<String>> resolved = csv(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.RESOLVED)));
    assertThat(resolved).extracting(row -> row.get(0)).containsExactly("id", "cpu-high#2");
    List<List<String>> firing = csv(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.FIRING)));
    assertThat(firing).extracting(row -> row.get(0)).containsExactly("id", "agent-cpu-high/w1#1", "oom-killed/w1#3");
  }

  @Test
  void writesAFileAndReturnsTheNumberOfAlerts(ResourceManager rm, ScriptedSource source, ManualTicker ticker,
      @TempDir Path dir) throws IOException {
    story(rm, source, ticker);
    Path file = dir.resolve("alerts.json");
    assertThat(AlertExporter.of(rm).write(ExportFormat.JSON, file)).isEqualTo(3);
    assertThat(json(Files.readString(file)).get("series").get(0).get("rows")).hasSize(3);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void resolvedAlertsAreThoseTheManagerKeepsAtMostResolvedAlertHistorySize(ManualTicker ticker) throws IOException {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .clock(ticker.clock(ResourceManagerExtension.START)).resolvedAlertHistorySize(2).build()) {
      for (String name : List.of("first", "second", "third")) {
        String id = rm.alerts().raise(EventAlert.of(name, Severity.WARNING)).id();
        ticker.advance(Duration.ofSeconds(1));
        rm.alerts().resolve(id);
      }
      // three resolved, two kept: the most recently resolved ones, by activeAt
      assertThat(csv(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.RESOLVED))))
          .extracting(row -> row.get(1)).containsExactly("name", "second", "third");
    }
  }

  @Test
  void resolvedAlertsAreThoseTheManagerKeepsForResolvedAlertRetention(ManualTicker ticker) throws IOException {
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(ticker)
        .clock(ticker.clock(ResourceManagerExtension.START)).resolvedAlertRetention(Duration.ofMinutes(1)).build()) {
      rm.alerts().resolve(rm.alerts().raise(EventAlert.of("early", Severity.WARNING)).id()); // resolved at 0 s
      ticker.advance(Duration.ofSeconds(30));
      rm.alerts().resolve(rm.alerts().raise(EventAlert.of("late", Severity.WARNING)).id()); // resolved at 30 s
      ticker.advance(Duration.ofSeconds(31)); // 61 s: "early" resolved more than 1 min ago, "late" 31 s ago
      assertThat(csv(export(rm, ExportFormat.CSV, EnumSet.of(AlertState.RESOLVED))))
          .extracting(row -> row.get(1)).containsExactly("name", "late");
    }
  }

  @Test
  void rejectsAnEmptySelectionOfStatesAndNullArguments(ResourceManager rm) {
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> AlertExporter.of(rm).write(ExportFormat.CSV, Set.of(), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("states must not be empty; use any of [PENDING, FIRING, RESOLVED]");
    assertThatThrownBy(() -> AlertExporter.of(rm).write(null, out))
        .isInstanceOf(NullPointerException.class).hasMessage("format");
    assertThatThrownBy(() -> AlertExporter.of((ResourceManager) null))
        .isInstanceOf(NullPointerException.class).hasMessage("manager");
    assertThat(out.toString()).isEmpty();
  }
}
