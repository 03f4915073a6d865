package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the alerts of an {@link AlertPipeline} as JSON or CSV: the active ones (pending and firing) and the
 * resolved ones it still keeps, one row per alert.
 *
 * <pre>{@code
 * AlertExporter.of(resourceManager).write(ExportFormat.CSV, Path.of("alerts.csv"));
 * AlertExporter.of(resourceManager).write(ExportFormat.JSON, EnumSet.of(AlertState.FIRING), writer);
 * }</pre>
 *
 * <p><b>Columns</b>, in this order: {@code id}, {@code name}, {@code state} ({@code pending}, {@code firing},
 * {@code resolved}), {@code severity} (now, or when it resolved), {@code peakSeverity} ({@code info},
 * {@code warning}, {@code critical}, {@code emergency}), {@code value} (the watched value at the latest evaluation;
 * missing when there was no data), {@code unit} (the unit of the rule's metric; empty for gauge rules and event
 * alerts), {@code agent} (per-agent alerts), {@code source} ({@code rule} or {@code event}), {@code activeAt},
 * {@code firedAt}, {@code resolvedAt}, {@code acknowledgedBy}, {@code acknowledgedAt}, {@code acknowledgeComment},
 * {@code labels} and {@code annotations}. Times are ISO-8601 UTC, missing when they have not happened. Labels and
 * annotations are JSON objects in JSON and the text of that JSON object in one CSV cell
 * ({@code {"alertname":"cpu-high"}}), so any name or value reads back unchanged.
 *
 * <p><b>Order.</b> By {@code activeAt}, oldest first; alerts active at the same time keep the pipeline's order
 * (active ones before resolved ones).
 *
 * <p><b>What is kept.</b> The resolved alerts written are those the pipeline still keeps: the manager's
 * {@link ResourceManager.Builder#resolvedAlertRetention(java.time.Duration) resolvedAlertRetention} (1 h by default)
 * and at most {@link ResourceManager.Builder#resolvedAlertHistorySize(int) resolvedAlertHistorySize} (1,000) of
 * them. The document does not repeat these settings (the pipeline does not publish them); whoever configured the
 * manager knows how far back a resolved list reaches. An alert that changes while the export runs is written as the
 * pipeline returned it when the export started.
 *
 * <p>JSON is written with {@code com.fasterxml.jackson.core:jackson-databind}, CSV also with
 * {@code com.fasterxml.jackson.dataformat:jackson-dataformat-csv}, as for {@link HistoryExporter}. Thread-safe.
 */
public final class AlertExporter {
  private static final Set<AlertState> ALL = EnumSet.allOf(AlertState.class);

  private static final List<Column> COLUMNS = List.of(
      Column.text("id"), Column.text("name"), Column.text("state"), Column.text("severity"),
      Column.text("peakSeverity"), Column.number("value", "", "the watched value at the latest evaluation"),
      Column.text("unit"), Column.text("agent"), Column.text("source"), Column.time("activeAt"),
      Column.time("firedAt"), Column.time("resolvedAt"), Column.text("acknowledgedBy"),
      Column.time("acknowledgedAt"), Column.text("acknowledgeComment"), Column.map("labels"),
      Column.map("annotations"));

  private final AlertPipeline pipeline;
  private final Clock clock;

  private AlertExporter(AlertPipeline pipeline, Clock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /**
   * An exporter of the manager's alert pipeline ({@link ResourceManager#alerts()}); the manager's clock gives the
   * document's {@code generatedAt}.
   *
   */
  public static AlertExporter of(ResourceManager manager) {
    Objects.requireNonNull(manager, "manager");
    return new AlertExporter(manager.alerts(), manager.clock());
  }

  /**
   * Writes every alert (pending, firing and the resolved ones kept) to {@code out}, which is flushed and left open.
   *
   * @return the number of alerts written
   * @throws IllegalStateException if the Jackson module the format needs is not on the class path
   * @throws IOException if writing fails
   */
  public long write(ExportFormat format, Writer out) throws IOException {
    return write(format, ALL, out);
  }

  /**
   * Writes the alerts in {@code states} to {@code out}, which is flushed and left open.
   *
   * @return the number of alerts written
   * @throws IllegalArgumentException if {@code states} is empty
   * @throws IllegalStateException if the Jackson module the format needs is not on the class path
   * @throws IOException if writing fails
   */
  public long write(ExportFormat format, Set<AlertState> states, Writer out) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    List<Alert> alerts = select(states);
    try (TableWriter table = Output.table(format, out, "exporting alerts")) {
      return write(table, states, alerts);
    }
  }

  /**
   * Writes every alert to {@code file} (UTF-8), replacing it whole; see {@link #write(ExportFormat, Writer)}.
   *
   * @return the number of alerts written
   */
  public long write(ExportFormat format, Path file) throws IOException {
    return write(format, ALL, file);
  }

  /**
   * Writes the alerts in {@code states} to {@code file} (UTF-8). The file is written next to its destination under
   * a temporary name and moved over it, so an existing file is replaced whole or, if the export fails, left as it was.
   *
   * @return the number of alerts written
   * @throws IllegalArgumentException if {@code states} is empty
   * @throws IllegalStateException if the Jackson module the format needs is not on the class path
   * @throws IOException if writing fails
   */
  public long write(ExportFormat format, Set<AlertState> states, Path file) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(file, "file");
    List<Alert> alerts = select(states);
    return Output.toFile(file, out -> {
      try (TableWriter table = Output.table(format, out, "exporting alerts")) {
        return write(table, states, alerts);
      }
    });
  }

  /** The alerts in {@code states}, by activeAt (stable: active before resolved, each in the pipeline's order). */
  private List<Alert> select(Set<AlertState> states) {
    Objects.requireNonNull(states, "states");
    if (states.isEmpty()) {
      throw new IllegalArgumentException("states must not be empty; use any of " + ALL);
    }
    for (AlertState s : states) {
      Objects.requireNonNull(s, "states element");
    }
    List<Alert> alerts = new ArrayList<>();
    if (states.contains(AlertState.PENDING) || states.contains(AlertState.FIRING)) {
      for (Alert a : pipeline.activeAlerts()) {
        if (states.contains(a.state())) {
          alerts.add(a);
        }
      }
    }
    if (states.contains(AlertState.RESOLVED)) {
      List<Alert> resolved = new ArrayList<>(pipeline.resolvedAlerts()); // most recently resolved first
      for (int i = resolved.size() - 1; i >= 0; i--) {
        alerts.add(resolved.get(i));
      }
    }
    alerts.sort(Comparator.comparing(Alert::activeAt));
    return alerts;
  }

  private long write(TableWriter table, Collection<AlertState> states, List<Alert> alerts) throws IOException {
    Map<String, String> units = new HashMap<>();
    for (AlertRule rule : pipeline.rules()) {
      units.put(rule.name(), rule.metrics().isEmpty() ? "" : rule.metrics().get(0).unit().symbol());
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("kind", "alerts");
    metadata.put("generatedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS));
    List<Object> stateNames = new ArrayList<>();
    for (AlertState s : AlertState.values()) {
      if (states.contains(s)) {
        stateNames.add(lower(s));
      }
    }
    metadata.put("states", stateNames);
    table.begin(metadata, COLUMNS);
    int[] all = new int[COLUMNS.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    table.beginGroup(Map.of(), all);
    for (Alert a : alerts) {
      table.beginRow();
      table.text(a.id());
      table.text(a.name());
      table.text(lower(a.state()));
      table.text(lower(a.severity()));
      table.text(lower(a.peakSeverity()));
      table.number(a.value());
      table.text(a.isFromEvent() ? "" : units.getOrDefault(a.name(), ""));
      table.text(a.agent().orElse(null));
      table.text(a.isFromEvent() ? "event" : "rule");
      time(table, a.activeAt());
      time(table, a.firedAt().orElse(null));
      time(table, a.resolvedAt().orElse(null));
      Alert.Acknowledgement ack = a.acknowledgement().orElse(null);
      table.text(ack == null ? null : ack.by());
      time(table, ack == null ? null : ack.at());
      table.text(ack == null ? null : ack.comment());
      table.map(a.labels());
      table.map(a.annotations());
      table.endRow();
    }
    table.endGroup();
    table.end();
    return alerts.size();
  }

  private static void time(TableWriter table, @Nullable Instant time) throws IOException {
    if (time == null) {
      table.text(null);
    } else {
      table.time(time.toEpochMilli());
    }
  }

  /** {@code firing}, {@code warning}: the lowercase names Prometheus and Alertmanager use. */
  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
