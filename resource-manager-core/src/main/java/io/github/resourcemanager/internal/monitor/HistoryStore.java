package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import java.util.List;

/**
 * Where a {@link History} keeps its samples: the compressed, tiered {@link AgentTable} (the machine's history is a
 * table of one slot, an agent's is its slot of the tracker's table), or plain rows of 8-byte values
 * ({@link RowStore}, the uncompressed reference). Each store guards itself; times are ticker readings.
 */
interface HistoryStore {

  int capacity();

  int size();

  void append(long tickNanos, long epochMillis, double[] values);

  void append(long tickNanos, long epochMillis, double[] values, int[] written, int count);

  double latest(Metric metric);

  long latestTickNanos();

  long latestEpochMillis();

  List<Metric> metrics();

  /**
   * The samples since a ticker reading, from the finest tier that holds them: a series whose step is
   * {@link java.time.Duration#ZERO} for raw samples (the history knows their interval), the rollup's step otherwise.
   */
  Series series(Metric metric, long sinceTickNanos);

  int forEach(Metric metric, long sinceTickNanos, History.ValueVisitor visitor);

  long bufferBytes();
}
