package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Real samples recorded at 1 s on a developer machine for 65 minutes while the demo ran three agents and stress bursts
 * loaded the machine (the exporter's CSV, kept in the core module's test data): the machine's metrics and the agents'
 * per row. Values parse back to the exact doubles the monitor recorded.
 */
final class RecordedSamples {
  static final String RESOURCE = "demo-stress-1s.csv.gz";

  /** The recorded times of the machine's rows, in epoch milliseconds. */
  final long[] millis;
  /** The machine's metrics and values ({@code [row][metric]}, NaN where not measured). */
  final Metric[] machineMetrics;
  final double[][] machine;
  /** The recorded agents' ids, metrics and values ({@code [agent][row][metric]}). */
  final String[] agentIds;
  final Metric[] agentMetrics;
  final double[][][] agents;

  private RecordedSamples(long[] millis, Metric[] machineMetrics, double[][] machine, String[] agentIds, Metric[] agentMetrics,
      double[][][] agents) {
    this.millis = millis;
    this.machineMetrics = machineMetrics;
    this.machine = machine;
    this.agentIds = agentIds;
    this.agentMetrics = agentMetrics;
    this.agents = agents;
  }

  int rows() {
    return machine.length;
  }

  /** The number of recorded values: machine and agents, measured or not. */
  long values() {
    return (long) machine.length * machineMetrics.length + (long) agents.length * machine.length * agentMetrics.length;
  }

  static RecordedSamples load() {
    try (InputStream in = RecordedSamples.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the benchmarks jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
      String[] header = reader.readLine().split(",", -1);
      List<Integer> machineCols = new ArrayList<>();
      List<Integer> agentCols = new ArrayList<>();
      Metric[] byCol = new Metric[header.length];
      for (int i = 2; i < header.length; i++) {
        String name = header[i].trim();
        int unit = name.indexOf(" [");
        byCol[i] = Metric.named(unit < 0 ? name : name.substring(0, unit));
        (byCol[i].isAgentMetric() ? agentCols : machineCols).add(i);
      }
      List<double[]> machineRows = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      Map<String, List<double[]>> agentRows = new LinkedHashMap<>();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.split(",", -1);
        boolean isMachine = cells[1].isEmpty();
        List<Integer> cols = isMachine ? machineCols : agentCols;
        double[] v = new double[cols.size()];
        for (int k = 0; k < v.length; k++) {
          String cell = cells[cols.get(k)];
          v[k] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        }
        if (isMachine) {
          machineRows.add(v);
          times.add(java.time.Instant.parse(cells[0]).toEpochMilli());
        } else {
          agentRows.computeIfAbsent(cells[1], a -> new ArrayList<>()).add(v);
        }
      }
      Metric[] machineMetrics = machineCols.stream().map(i -> byCol[i]).toArray(Metric[]::new);
      Metric[] agentMetrics = agentCols.stream().map(i -> byCol[i]).toArray(Metric[]::new);
      int rows = machineRows.size();
      double[][][] agents = new double[agentRows.size()][][];
      int a = 0;
      for (List<double[]> r : agentRows.values()) {
        agents[a++] = r.subList(0, Math.min(rows, r.size())).toArray(new double[0][]);
      }
      return new RecordedSamples(times.stream().mapToLong(Long::longValue).toArray(), machineMetrics, machineRows.toArray(new double[0][]),
          agentRows.keySet().toArray(new String[0]), agentMetrics, agents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A source replaying the recordings: the machine's row and, for {@code agentCount} agents named {@code agent-N},
   * the row of recorded agent {@code N % 3}, shifted by {@code N * shift} rows so that agents do not move in step. One
   * row per call, cycling. Allocates nothing per call.
   */
  ResourceSource replay(boolean withMachine, int agentCount, int shift) {
    String[] ids = new String[agentCount];
    for (int i = 0; i < agentCount; i++) {
      ids[i] = "agent-" + i;
    }
    return new ResourceSource() {
      private int row;

      @Override
      public String name() {
        return "recorded";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void sample(SampleWriter out) {
        int rows = rows();
        if (withMachine) {
          double[] m = machine[row % rows];
          for (int k = 0; k < m.length; k++) {
            if (!Double.isNaN(m[k])) {
              out.set(machineMetrics[k], m[k]);
            }
          }
        }
        for (int i = 0; i < agentCount; i++) {
          double[][] recorded = agents[i % agents.length];
          double[] v = recorded[(int) ((row + (long) i * shift) % recorded.length)];
          for (int k = 0; k < v.length; k++) {
            if (!Double.isNaN(v[k])) {
              out.setAgent(ids[i], agentMetrics[k], v[k]);
            }
          }
        }
        row++;
      }
    };
  }
}
