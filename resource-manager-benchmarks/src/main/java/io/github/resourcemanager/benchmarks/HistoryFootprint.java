package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.monitor.History;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the bytes a full uncompressed {@link History} (the reference the compressed one is measured against; see
 * {@link HistoryCompression} for that) retains, measured with JOL by walking the object graph from the history: 30 metrics kept for 3,600 samples (60 minutes at 1 s), filled as the monitor fills it. The same
 * measurement is asserted by {@code HistoryMemoryTest} in the core module.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.github.resourcemanager.benchmarks.HistoryFootprint [metrics]
 * [samples]}; run it with {@code -Djdk.attach.allowAttachSelf=true} so that JOL reads object sizes from the
 * JVM rather than from its model of the layout. Prints one line starting with {@code history-memory}.
 */
public final class HistoryFootprint {

  /** The purpose of that target: an hour of 30 metrics at 1 s under one megabyte (10^6 bytes). */
  static final long MEGABYTE = 1_000_000L;

  private HistoryFootprint() {}

  /** Measures and prints; arguments: the number of metrics (30) and of samples (3600). */
  public static void main(String[] args) {
    int metricCount = args.length > 0 ? positive("metrics", args[0]) : 30;
    int samples = args.length > 1 ? positive("samples", args[1]) : 3_600;

    List<Metric> metrics = metrics(metricCount);
    History history = History.uncompressed(samples, Ticker.system(), java.time.Duration.ZERO);
    double[] values = new double[Math.max(32, Metric.all().size())]; // the monitor's sample array
    for (int s = 0; s < samples; s++) {
      Arrays.fill(values, Double.NaN);
      for (Metric metric : metrics) {
        values[metric.index()] = s + metric.index();
      }
      history.append(s * 1_000_000_000L, 1_700_000_000_000L + s * 1_000L, values);
    }
    if (history.size() != samples || history.metrics().size() != metricCount) {
      throw new IllegalStateException("the history holds " + history.size() + " samples of "
          + history.metrics().size() + " metrics; expected " + samples + " of " + metricCount);
    }

    long bytes = GraphLayout.parseInstance(history).totalSize();
    double perMetricSample = (double) bytes / ((double) metricCount * samples);
    double timesShare = 8.0 / metricCount;
    double headersShare = perMetricSample - 8.0 - timesShare;
    // No target any more: the compressed, tiered store is the default, and this uncompressed store is the reference
    // its bytes per sample are compared with (history-bytes-per-sample).
    String verdict = "(the uncompressed store, the reference of history-bytes-per-sample)";
    System.out.println(String.format(Locale.ROOT,
        "history-memory metrics=%d samples=%d retained=%d B (JOL) per-metric-per-sample=%.3f B "
            + "(values 8 + shared times %.3f + headers and index %.3f) %s; "
            + "total %.3f MB (%s 1 MB)",
        metricCount, samples, bytes, perMetricSample, timesShare, headersShare, verdict,
        bytes / (double) MEGABYTE, bytes < MEGABYTE ? "under" : "OVER"));
  }

  /** The first {@code count} metrics by index, defining extra ones if fewer exist. */
  private static List<Metric> metrics(int count) {
    for (int i = 0; Metric.all().size() < count; i++) {
      Metric.of("bench.history.extra" + i, Unit.COUNT, "filler so that " + count + " metrics exist");
    }
    return Metric.all().subList(0, count);
  }

  private static int positive(String name, String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive integer, was \"" + text + "\"");
  }
}
