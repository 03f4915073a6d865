package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Metric;
import java.util.List;

/**
 * Where a {@link History} keeps its samples: its own rows ({@link RowStore}), or an agent's share of the
 * tracker's {@link AgentTable}. Each store guards itself; times are ticker readings.
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

  ArraySeries series(Metric metric, long sinceTickNanos);

  int forEach(Metric metric, long sinceTickNanos, History.ValueVisitor visitor);

  long bufferBytes();
}
