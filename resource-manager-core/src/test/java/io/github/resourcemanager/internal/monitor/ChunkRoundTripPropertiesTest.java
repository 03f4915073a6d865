package io.github.resourcemanager.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any sequence of doubles, and any sequence of times, reads back bit for bit from a chunk: every NaN payload,
 * both infinities, negative zero, subnormals, counters that reset, and times that jump anywhere in the range of a
 * long (the delta-of-delta wraps as a long does, and so does its inverse).
 */
class ChunkRoundTripPropertiesTest {

  /** Doubles a history meets, and the ones that break naive encoders. */
  private static Gen<Double> anyDouble() {
    List<Double> special = List.of(Double.NaN, -Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0001L),
        Double.longBitsToDouble(0xfff8_dead_beef_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1.0, 100.0);
    return Generate.oneOf(
        doubles().any(),
        Generate.pick(special),
        longs().all().map(Double::longBitsToDouble),          // every bit pattern, NaN payloads included
        integers().between(-1_000, 1_000).map(i -> i / 8.0)); // short mantissas: long runs of equal windows
  }

  /** Sequences: independent values, and counters that grow and reset to zero, the case rates are taken from. */
  private static Gen<double[]> sequences() {
    Gen<double[]> independent = lists().of(anyDouble()).ofSizeBetween(1, 300)
        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
    Gen<double[]> counters = lists().of(integers().between(0, 5_000)).ofSizeBetween(1, 300).map(steps -> {
      double[] v = new double[steps.size()];
      double total = 0;
      for (int i = 0; i < v.length; i++) {
        int step = steps.get(i);
        total = step % 97 == 0 ? 0 : total + step * 4096.0; // a reset now and then, as after a restart
        v[i] = total;
      }
      return v;
    });
    return Generate.oneOf(independent, counters);
  }

  private static Gen<long[]> times() {
    Gen<long[]> anywhere = lists().of(longs().all()).ofSizeBetween(1, 300)
        .map(l -> l.stream().mapToLong(Long::longValue).toArray());
    Gen<long[]> ticks = lists().of(longs().between(-3_000_000L, 3_000_000L)).ofSizeBetween(1, 300).map(jitter -> {
      long[] t = new long[jitter.size()];
      long start = Long.MAX_VALUE - 100_000_000_000L; // a ticker wrapping past Long.MAX_VALUE, as nanoTime may
      for (int i = 0; i < t.length; i++) {
        t[i] = start + i * 1_000_000_000L + jitter.get(i);
      }
      return t;
    });
    return Generate.oneOf(anywhere, ticks);
  }

  /** Writes {@code values} as rows of {@code columns} into one chunk and reads them back. */
  private static double[] throughAChunk(double[] values, int columns) {
    int rows = values.length / columns;
    long[] chunk = new long[ChunkPool.wordsFor(values.length * 77 + 64)];
    long[] prev = new long[columns];
    int[] window = new int[columns];
    Arrays.fill(window, Chunks.NO_WINDOW);
    int pos = 0;
    double[] row = new double[columns];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(values, r * columns, row, 0, columns);
      int expected = pos + Chunks.rowBits(row, columns, prev, window, 0);
      pos = Chunks.writeRow(chunk, pos, row, columns, prev, window, 0);
      assertThat(pos).isEqualTo(expected); // the size check that decides when a chunk is full is exact
    }
    double[] out = new double[rows * columns];
    long[] readPrev = new long[columns];
    int[] readWindow = new int[columns];
    Arrays.fill(readWindow, Chunks.NO_WINDOW);
    Chunks.Cursor cursor = new Chunks.Cursor();
    for (int r = 0; r < rows; r++) {
      assertThat(Chunks.readRow(chunk, cursor, pos, readPrev, readWindow, columns)).isTrue();
      for (int c = 0; c < columns; c++) {
        out[r * columns + c] = Double.longBitsToDouble(readPrev[c]);
      }
    }
    assertThat(cursor.pos).isEqualTo(pos);
    return out;
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void anySequenceOfDoublesReadsBackBitForBitFromOneColumn() {
    qt().forAll(sequences()).checkAssert(values ->
        assertThat(bits(throughAChunk(values, 1))).containsExactly(bits(values)));
  }

  @Test
  void anySequenceOfDoublesReadsBackBitForBitFromRowsOfSeveralColumns() {
    qt().forAll(sequences(), integers().between(2, 7)).checkAssert((values, columns) -> {
      double[] whole = Arrays.copyOf(values, values.length - values.length % columns);
      assertThat(bits(throughAChunk(whole, columns))).containsExactly(bits(whole));
    });
  }

  @Test
  void anySequenceOfTimesReadsBackExactlyFromATimeColumn() {
    qt().forAll(times()).checkAssert(times -> {
      TimeColumn column = new TimeColumn();
      ChunkPool pool = ChunkPool.unbounded();
      for (long t : times) {
        column.append(t, pool);
      }
      Plan plan = new Plan();
      column.collect(0, times.length, plan);
      long[] out = new long[times.length];
      Chunks.Cursor cursor = new Chunks.Cursor();
      for (int i = 0; i < plan.timeCount; i++) {
        assertThat(TimeColumn.decode(plan.timeChunks[i], plan.timeFirst[i], plan.timeRows[i], plan.timeBits[i], 0,
            times.length, 0, out, cursor)).isTrue();
      }
      assertThat(out).containsExactly(times);
    });
  }

  @Test
  void roundingKeepsTheAskedBitsOfMantissaAndLeavesSpecialValuesAlone() {
    // 1 + 2^-30 rounds to 1 at 23 bits; 1 + 2^-23 + 2^-24 (a tie) rounds to even: 1 + 2^-22
    assertThat(Chunks.round(1 + Math.scalb(1.0, -30), 23)).isEqualTo(1.0);
    assertThat(Chunks.round(1 + Math.scalb(1.0, -23) + Math.scalb(1.0, -24), 23)).isEqualTo(1 + Math.scalb(1.0, -22));
    assertThat(Chunks.round(-0.0, 23)).isEqualTo(-0.0);
    assertThat(Double.doubleToRawLongBits(Chunks.round(-0.0, 23))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Chunks.round(Double.MAX_VALUE, 23)).isFinite();
    assertThat(Chunks.round(Double.POSITIVE_INFINITY, 23)).isInfinite();
    assertThat(Chunks.round(Double.NaN, 23)).isNaN();
    qt().forAll(doubles().any()).checkAssert(v -> {
      double r = Chunks.round(v, 23);
      if (!Double.isFinite(v)) { // NaN and the infinities are kept as they are, bit for bit
        assertThat(Double.doubleToRawLongBits(r)).isEqualTo(Double.doubleToRawLongBits(v));
        return;
      }
      // relative error at most half a unit in the 23rd place: 2^-24. A subnormal has no implicit leading bit, so the
      // 23 bits kept are of its stored field: the error is at most half a unit of bit 29 of it, 2^28 x 2^-1074
      double bound = Math.abs(v) >= Double.MIN_NORMAL
          ? Math.abs(v) * Math.scalb(1.0, -24) * (1 + 1e-12)
          : Math.scalb(1.0, 28 - 1074);
      assertThat(Math.abs(r - v)).isLessThanOrEqualTo(bound);
      assertThat(Long.numberOfTrailingZeros(Double.doubleToRawLongBits(r))).isGreaterThanOrEqualTo(52 - 23);
    });
  }
}
