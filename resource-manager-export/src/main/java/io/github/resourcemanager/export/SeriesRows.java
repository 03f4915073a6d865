package io.github.resourcemanager.export;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import java.io.IOException;
import java.util.List;

/**
 * Turns the series of several metrics of one history (the machine's, or one agent's) into rows of a table: time,
 * then one value per metric.
 *
 * <p>The series are copied one after another while the monitor may append; all of them are cut at {@code until}
 * (the ticker reading when the export started), and start at the latest first sample among them (a sample can be
 * dropped from the ring between two copies), so every row has a value (or NaN) from every metric at the same sample
 * time.
 */
final class SeriesRows {
  private SeriesRows() {}

  /** Writes one row per sample; returns the number of rows. */
  static long raw(TableWriter table, Histories.Source history, List<Metric> metrics, long since, long until) throws IOException {
    Aligned a = Aligned.read(history, metrics, since, until);
    long rows = 0;
    for (int r = 0; r < a.rows; r++) {
      table.beginRow();
      table.time(a.series[0].epochMillis(a.first[0] + r));
      for (int k = 0; k < a.series.length; k++) {
        table.number(a.series[k].value(a.first[k] + r));
      }
      table.endRow();
      rows++;
    }
    return rows;
  }

  /** Writes one row per step-aligned bucket holding samples, with the mean of each metric; returns the number of rows. */
  static long downsampled(TableWriter table, Histories.Source history, List<Metric> metrics, long since, long until,
      long stepMillis) throws IOException {
    Aligned a = Aligned.read(history, metrics, since, until);
    int n = a.series.length;
    double[] sums = new double[n];
    int[] counts = new int[n];
    long rows = 0;
    long bucket = 0;
    boolean open = false;
    for (int r = 0; r < a.rows; r++) {
      long millis = a.series[0].epochMillis(a.first[0] + r);
      long start = Math.floorDiv(millis, stepMillis) * stepMillis;
      if (open && start != bucket) {
        flush(table, bucket, sums, counts);
        rows++;
      }
      if (!open || start != bucket) {
        bucket = start;
        open = true;
      }
      for (int k = 0; k < n; k++) {
        double v = a.series[k].value(a.first[k] + r);
        if (!Double.isNaN(v)) {
          sums[k] += v;
          counts[k]++;
        }
      }
    }
    if (open) {
      flush(table, bucket, sums, counts);
      rows++;
    }
    return rows;
  }

  private static void flush(TableWriter table, long bucket, double[] sums, int[] counts) throws IOException {
    table.beginRow();
    table.time(bucket);
    for (int k = 0; k < sums.length; k++) {
      table.number(counts[k] == 0 ? Double.NaN : sums[k] / counts[k]);
      sums[k] = 0;
      counts[k] = 0;
    }
    table.endRow();
  }

  /** The series of several metrics over the same sample times: rows r = 0..rows-1 at index first[k] + r. */
  private static final class Aligned {
    final Series[] series;
    final int[] first;
    final int rows;

    private Aligned(Series[] series, int[] first, int rows) {
      this.series = series;
      this.first = first;
      this.rows = rows;
    }

    static Aligned read(Histories.Source history, List<Metric> metrics, long since, long until) {
      int n = metrics.size();
      Series[] series = new Series[n];
      for (int k = 0; k < n; k++) {
        series[k] = history.read(metrics.get(k), since);
      }
      int[] first = new int[n];
      if (series[0].isEmpty()) {
        return new Aligned(series, first, 0);
      }
      // Sample times are shared by all metrics of a history, so series differ only by samples dropped at the
      // old end or appended at the new end between the copies.
      long start = series[0].tickNanos(0);
      for (Series s : series) {
        if (s.isEmpty()) {
          return new Aligned(series, first, 0);
        }
        if (s.tickNanos(0) - start > 0) {
          start = s.tickNanos(0);
        }
      }
      int rows = Integer.MAX_VALUE;
      for (int k = 0; k < n; k++) {
        Series s = series[k];
        int i = 0;
        while (i < s.size() && s.tickNanos(i) - start < 0) {
          i++;
        }
        int end = i;
        while (end < s.size() && s.tickNanos(end) - until <= 0) {
          end++;
        }
        first[k] = i;
        rows = Math.min(rows, end - i);
      }
      return new Aligned(series, first, rows);
    }
  }
}
