package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * 65 minutes of real samples taken at 1 s on a developer machine while the demo ran three agents ("cruncher",
 * "allocator", "napper") and stress bursts loaded the machine, as the exporter writes them: {@code time, agent}, then
 * one column per metric with its unit in brackets; machine rows have an empty agent. Values are Java's shortest
 * decimal form of each double, so they parse back to the exact doubles the monitor recorded.
 */
final class RecordedData {
  static final String RESOURCE = "demo-stress-1s.csv.gz";

  /** The rows of one agent (or of the machine, id ""), oldest first. */
  record Rows(String agent, List<Metric> metrics, List<Instant> times, List<double[]> values) {}

  private RecordedData() {}

  /** Every agent's rows and the machine's (under ""), in the order they first appear. */
  static Map<String, Rows> load() {
    try (InputStream in = RecordedData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
      String[] header = reader.readLine().split(",", -1);
      Metric[] metrics = new Metric[header.length];
      for (int i = 2; i < header.length; i++) {
        String name = header[i].trim();
        int unit = name.indexOf(" [");
        metrics[i] = Metric.named(unit < 0 ? name : name.substring(0, unit));
      }
      Map<String, List<String[]>> byAgent = new LinkedHashMap<>();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.split(",", -1);
        byAgent.computeIfAbsent(cells[1], a -> new ArrayList<>()).add(cells);
      }
      Map<String, Rows> result = new LinkedHashMap<>();
      for (Map.Entry<String, List<String[]>> e : byAgent.entrySet()) {
        List<Integer> used = new ArrayList<>();
        for (int i = 2; i < header.length; i++) {
          final int col = i;
          if (e.getValue().stream().anyMatch(c -> !c[col].isEmpty())) {
            used.add(i);
          }
        }
        List<Metric> ms = new ArrayList<>();
        for (int i : used) {
          ms.add(metrics[i]);
        }
        List<Instant> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (String[] cells : e.getValue()) {
          times.add(Instant.parse(cells[0]));
          double[] v = new double[used.size()];
          for (int k = 0; k < v.length; k++) {
            String cell = cells[used.get(k)];
            v[k] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
          }
          values.add(v);
        }
        result.put(e.getKey(), new Rows(e.getKey(), List.copyOf(ms), times, values));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
