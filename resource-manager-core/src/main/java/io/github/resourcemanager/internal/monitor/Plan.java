package io.github.resourcemanager.internal.monitor;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a query reads, gathered under the table's lock and decoded outside it: the chunks holding the rows of one
 * slot at one tier (closed chunks shared, the open one copied) and the chunks of their times. If the table released
 * a chunk meanwhile (its generation moved on), the reader decodes again under the lock.
 */
final class Plan {
  long from;              // first row wanted
  long to;                // one past the last row wanted
  long sinceTime;         // rows before this time (or whose bucket ends before it) are left out
  int column;             // the metric's column, -1 if the table has none for it
  int fields;             // values per column in a row
  long generation;
  long stepNanos;         // 0 for raw
  double @Nullable [] partial;       // the open bucket of a rollup tier, or null
  long partialTime;

  int timeCount;
  long[][] timeChunks = new long[4][];
  long[] timeFirst = new long[4];
  int[] timeRows = new int[4];
  int[] timeBits = new int[4];

  int valueCount;
  long[][] valueChunks = new long[4][];
  long[] valueFirst = new long[4];
  int[] valueRows = new int[4];
  int[] valueBits = new int[4];
  int[] valueColumns = new int[4];

  void addTimes(long[] chunk, long first, int rows, int bits) {
    if (timeCount == timeChunks.length) {
      int n = timeCount * 2;
      timeChunks = Arrays.copyOf(timeChunks, n);
      timeFirst = Arrays.copyOf(timeFirst, n);
      timeRows = Arrays.copyOf(timeRows, n);
      timeBits = Arrays.copyOf(timeBits, n);
    }
    timeChunks[timeCount] = chunk;
    timeFirst[timeCount] = first;
    timeRows[timeCount] = rows;
    timeBits[timeCount] = bits;
    timeCount++;
  }

  void addValues(long[] chunk, long first, int rows, int bits, int columns) {
    if (valueCount == valueChunks.length) {
      int n = valueCount * 2;
      valueChunks = Arrays.copyOf(valueChunks, n);
      valueFirst = Arrays.copyOf(valueFirst, n);
      valueRows = Arrays.copyOf(valueRows, n);
      valueBits = Arrays.copyOf(valueBits, n);
      valueColumns = Arrays.copyOf(valueColumns, n);
    }
    valueChunks[valueCount] = chunk;
    valueFirst[valueCount] = first;
    valueRows[valueCount] = rows;
    valueBits[valueCount] = bits;
    valueColumns[valueCount] = columns;
    valueCount++;
  }

  void reset() {
    Arrays.fill(timeChunks, null);
    Arrays.fill(valueChunks, null);
    timeCount = 0;
    valueCount = 0;
    partial = null;
  }
}
