package io.github.resourcemanager.export;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the history a {@link ResourceManager} records as JSON or CSV: its machine, process and JVM metrics
 * ({@link ResourceManager#history(Metric, Duration)}), and the {@code agent.*} metrics of each agent's own history
 * ({@link Agent#history(Metric, Duration)}).
 *
 * <pre>{@code
 * HistoryExporter exporter = HistoryExporter.of(resourceManager);
 * exporter.write(ExportFormat.CSV, ExportOptions.custom()
 *     .window(Duration.ofHours(2)).step(Duration.ofMinutes(1)).build(), Path.of("metrics.csv"));
 * }</pre>
 *
 * <p><b>Layout.</b> Rows are grouped by source: first the machine (every sample in the window, oldest first),
 * then each agent in the order asked for (registration order by default). Columns are {@code time}
 * (ISO-8601 UTC), {@code agent} (the agent's id; empty for machine rows) and one per metric. JSON writes each
 * source as an object of its own ({@code "series"}) with only its own metric columns; CSV writes one table, in
 * which the machine rows have empty agent-metric cells and the agent rows empty machine-metric cells. A value
 * that was not measured is {@code null} in JSON and an empty cell in CSV. Units: CSV headers carry them in
 * brackets ({@code system.disk.read [bytes/s]}); JSON lists them in {@code "columns"}.
 *
 * <p><b>Downsampling.</b> With a {@link ExportOptions.Builder#step step}, the samples of each source are put
 * in buckets {@code [k * step, (k + 1) * step)} of epoch time, and each bucket gives one row, timed at its
 * start, whose values are the mean of the values measured in it; a metric with no measured value in a bucket
 * is written as missing. Buckets with no sample at all give no row. The first and last buckets of a window are
 * usually partial: they hold the samples that fall inside the window.
 *
 * <p><b>Consistency and memory.</b> The window is resolved once, against the ticker, when the export starts;
 * samples appended while it runs are not written. The output is streamed: the exporter holds a copy of the
 * selected metrics of one source's history at a time (24 bytes per sample and metric) and one row, never the
 * document.
 *
 * <p><b>Dependencies.</b> JSON is written with {@code com.fasterxml.jackson.core:jackson-databind} (jackson-core is
 * enough), CSV also with {@code com.fasterxml.jackson.dataformat:jackson-dataformat-csv}; this module depends on
 * both. A class-path application that excludes them gets an {@link IllegalStateException} naming the artifact from
 * {@code write}.
 *
 * <p>Thread-safe: histories may be appended to while an export reads them.
 */
public final class HistoryExporter {
  private final Histories histories;

  private HistoryExporter(Histories histories) {
    this.histories = histories;
  }

  /**
   * An exporter of the manager's machine history and of its agents' histories. Windows are measured back from the
   * manager's ticker; its clock gives the document's {@code generatedAt}.
   *
   */
  public static HistoryExporter of(ResourceManager manager) {
    return new HistoryExporter(new Histories(manager));
  }

  /**
   * Writes the history selected by {@code options} to {@code out}, which is flushed and left open.
   *
   * @return the number of rows written
   * @throws IllegalArgumentException if an agent asked for is not registered (nothing is written then)
   * @throws IllegalStateException if the Jackson module the format needs is not on the class path
   * @throws IOException if writing fails
   */
  public long write(ExportFormat format, ExportOptions options, Writer out) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(out, "out");
    Plan plan = plan(options);
    try (TableWriter table = Output.table(format, out, "exporting history")) {
      return plan.write(table);
    }
  }

  /**
   * Writes the history selected by {@code options} to {@code file} (UTF-8). The file is written next to its
   * destination under a temporary name and then moved over it, so an existing file is replaced whole or, if the
   * export fails, left as it was.
   *
   * @return the number of rows written
   * @throws IllegalArgumentException if an agent asked for is not registered
   * @throws IllegalStateException if the Jackson module the format needs is not on the class path
   * @throws IOException if writing fails
   */
  public long write(ExportFormat format, ExportOptions options, Path file) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(file, "file");
    Plan plan = plan(options);
    return Output.toFile(file, out -> {
      try (TableWriter table = Output.table(format, out, "exporting history")) {
        return plan.write(table);
      }
    });
  }

  /** Resolves agents, metrics and columns before anything is written, so bad input writes nothing. */
  private Plan plan(ExportOptions options) {
    long until = histories.ticker.read();
    long since = Histories.since(options.window(), until);
    List<Agent> agents = histories.agents(options.agents());
    List<Metric> machineMetrics;
    List<Metric> agentMetrics;
    if (options.metrics().isEmpty()) {
      machineMetrics = histories.metricsWithData(false, agents, since);
      agentMetrics = histories.metricsWithData(true, agents, since);
    } else {
      machineMetrics = Histories.ofScope(options.metrics(), false);
      agentMetrics = Histories.ofScope(options.metrics(), true);
    }
    return new Plan(options, since, until, agents, machineMetrics, agentMetrics);
  }

  private final class Plan {
    private final ExportOptions options;
    private final long since;
    private final long until;
    private final List<Agent> agents;
    private final List<Metric> machineMetrics;
    private final List<Metric> agentMetrics;
    private final List<Column> columns = new ArrayList<>();

    Plan(ExportOptions options, long since, long until, List<Agent> agents, List<Metric> machineMetrics,
        List<Metric> agentMetrics) {
      this.options = options;
      this.since = since;
      this.until = until;
      this.agents = agents;
      this.machineMetrics = machineMetrics;
      this.agentMetrics = agentMetrics;
      columns.add(Column.time("time"));
      columns.add(Column.text("agent"));
      for (Metric m : machineMetrics) {
        columns.add(Column.number(m.name(), m.unit().symbol(), m.description()));
      }
      for (Metric m : agentMetrics) {
        columns.add(Column.number(m.name(), m.unit().symbol(), m.description()));
      }
    }

    long write(TableWriter table) throws IOException {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("kind", "history");
      metadata.put("generatedAt", histories.now());
      metadata.put("window", options.window().orElse(null));
      metadata.put("step", options.step().orElse(null));
      metadata.put("aggregation", options.step().isPresent() ? "mean" : "none");
      table.begin(metadata, columns);
      long rows = 0;
      if (!machineMetrics.isEmpty()) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("agent", null);
        rows += group(table, histories.machine(), machineMetrics, 2, keys);
      }
      if (!agentMetrics.isEmpty()) {
        for (Agent agent : agents) {
          Map<String, Object> keys = new LinkedHashMap<>();
          keys.put("agent", agent.id());
          keys.put("labels", agent.labels());
          rows += group(table, histories.of(agent), agentMetrics, 2 + machineMetrics.size(), keys);
        }
      }
      table.end();
      return rows;
    }

    private long group(TableWriter table, Histories.Source history, List<Metric> metrics, int firstColumn,
        Map<String, Object> keys) throws IOException {
      int[] groupColumns = new int[metrics.size() + 1];
      groupColumns[0] = 0;
      for (int i = 0; i < metrics.size(); i++) {
        groupColumns[i + 1] = firstColumn + i;
      }
      table.beginGroup(keys, groupColumns);
      long rows = options.step().isPresent()
          ? SeriesRows.downsampled(table, history, metrics, since, until, options.step().get().toMillis())
          : SeriesRows.raw(table, history, metrics, since, until);
      table.endGroup();
      return rows;
    }
  }
}
