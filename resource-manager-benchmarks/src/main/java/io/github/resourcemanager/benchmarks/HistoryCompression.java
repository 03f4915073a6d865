package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.Locale;

/**
 * Bytes per recorded value of the history on the recorded demo and stress data ({@link RecordedSamples}): 3,901 rows
 * of 24 machine metrics and of 4 metrics for each of 3 agents, replayed through a real {@link ResourceManager}
 * (platform sources off, a source writing the recorded values, a ticker reading the recorded times, raw samples
 * kept for the whole recording) so that the machine and the agents are laid out as in production.
 *
 * <ul>
 *   <li>{@code raw}: the uncompressed layout, 8 bytes per value plus the shared times: per row 8 bytes of time and 8
 *       per machine metric (the machine's rows), and 8 of time and sequence each and 8 per agent metric (the agents'
 *       table);
 *   <li>{@code compressed}: the compressed raw tier's chunks (times included, open chunks counted whole), exact
 *       values ({@code historyPrecision 52}, the default);
 *   <li>the same at 23 significant bits ({@code historyPrecision 23}), on a second line.
 * </ul>
 * Facebook's Gorilla paper reports 1.37 bytes per sample on its data (VLDB 2015, section 4.1.2).
 *
 * <p>usage: {@code java -cp benchmarks.jar io.github.resourcemanager.benchmarks.HistoryCompression}; prints two lines
 * starting with {@code history-bytes-per-sample}.
 */
public final class HistoryCompression {
  /** The target: bytes per sample with the raw tier on the recorded data. */
  static final double TARGET = 2.0;

  private HistoryCompression() {}

  public static void main(String[] args) {
    RecordedSamples data = RecordedSamples.load();
    int rows = data.rows();
    long values = data.values();
    long uncompressed = 8L * rows * (1 + data.machineMetrics.length)
        + 8L * rows * (2 + (long) data.agents.length * data.agentMetrics.length);
    double raw = (double) uncompressed / values;
    double exact = compressedBytes(data, 52) / (double) values;
    double atFloat = compressedBytes(data, 23) / (double) values;
    System.out.println(String.format(Locale.ROOT, "history-bytes-per-sample raw=%.3f compressed=%.3f "
        + "(exact values; %d values: %d rows of %d machine and %d x %d agent metrics; Gorilla paper: 1.37) "
        + "target <= %.1f: %s", raw, exact, values, rows, data.machineMetrics.length, data.agents.length,
        data.agentMetrics.length, TARGET, verdict(exact)));
    System.out.println(String.format(Locale.ROOT, "history-bytes-per-sample-23bit raw=%.3f compressed=%.3f "
        + "(historyPrecision 23: relative error <= 2^-24) target <= %.1f: %s", raw, atFloat, TARGET, verdict(atFloat)));
  }

  private static String verdict(double perSample) {
    return perSample <= TARGET ? "met" : String.format(Locale.ROOT, "MISSED by %.2f B", perSample - TARGET);
  }

  private static long compressedBytes(RecordedSamples data, int precision) {
    long[] now = {0};
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).defaultAlertRules(false)
        .ticker(() -> now[0]).interval(Duration.ofSeconds(1)).historyTiers("raw 2h")
        .historyBudget(ByteSize.ofGibibytes(1)).historyPrecision(precision)
        .source(data.replay(true, data.agents.length, 0)).build()) {
      for (int r = 0; r < data.rows(); r++) {
        now[0] = (data.millis[r] - data.millis[0]) * 1_000_000L; // the recorded times, jitter included
        rm.sampleNow();
      }
      MonitorStats stats = rm.stats();
      if (rm.agents().size() != data.agents.length) {
        throw new IllegalStateException("expected " + data.agents.length + " agents, found " + rm.agents().size());
      }
      return stats.historyBytesRetained();
    }
  }
}
