package io.github.resourcemanager.export;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes one table, streamed row by row, in some format. The shared machinery of every export: history today;
 * anything with rows of times, texts and numbers (alerts, decisions) can be written the same way.
 *
 * <p>A document is: {@link #begin} with its metadata and all its columns, then any number of groups, each
 * {@link #beginGroup} with the values of the group's key columns and the subset of columns its rows fill,
 * rows of cells in that subset's order, {@link #endGroup}; then {@link #end}. JSON writes each group as an
 * object with its own columns and rows; CSV writes one flat table in which a group's key columns are repeated
 * on each of its rows and the columns it does not fill are empty.
 *
 * <p>Cells: {@link #time} for {@link Column.Kind#TIME}, {@link #text} for {@link Column.Kind#TEXT}, {@link #number}
 * for {@link Column.Kind#NUMBER}, {@link #map} for {@link Column.Kind#MAP}; a missing instant is written with
 * {@code text(null)}. {@code NaN} and infinities are written as null (JSON) or empty (CSV). Not
 * thread-safe; the implementations hold one row at most, never the document.
 */
abstract class TableWriter implements Closeable {

  /**
   * Starts the document.
   *
   * @param metadata fields written before the groups in JSON (values: text, numbers, booleans, null, lists and
   *     maps of those); not written in CSV
   * @param columns every column of the document, in CSV order
   */
  abstract void begin(Map<String, Object> metadata, List<Column> columns) throws IOException;

  /**
   * Starts a group of rows.
   *
   * @param keys the group's fields: in JSON written on the group object; in CSV, a key that names a column
   *     fills that column on every row of the group (text values only)
   * @param columns indexes (into the document's columns) of the cells each row of this group has, in order
   */
  abstract void beginGroup(Map<String, Object> keys, int[] columns) throws IOException;

  /** Starts a row of the current group. */
  abstract void beginRow() throws IOException;

  /** The next cell: an instant, from epoch milliseconds. */
  abstract void time(long epochMillis) throws IOException;

  /** The next cell: text, or null. */
  abstract void text(@Nullable String value) throws IOException;

  /** The next cell: a number; {@code NaN} and infinities are written as missing. */
  abstract void number(double value) throws IOException;

  /** The next cell: text keys to text values, in the map's order; an empty map is written as an empty object. */
  abstract void map(Map<String, String> value) throws IOException;

  /** Ends the current row. */
  abstract void endRow() throws IOException;

  /** Ends the current group. */
  abstract void endGroup() throws IOException;

  /** Ends the document and flushes it; the underlying writer stays open. */
  abstract void end() throws IOException;

  /** Formats epoch milliseconds as ISO-8601 UTC, e.g. {@code 2026-01-01T00:00:00Z} or {@code ...:00.250Z}. */
  static String isoUtc(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /**
   * Whether a finite value is written as an integer: integral values below 2^53 in magnitude are, so that
   * byte counts read {@code 1048576} rather than {@code 1048576.0}; both parse back to the same double.
   * Negative zero is not, so that it reads back as itself.
   */
  static boolean writtenAsLong(double value) {
    return value == Math.rint(value) && Math.abs(value) < 0x1p53 && Double.doubleToRawLongBits(value) != Long.MIN_VALUE;
  }
}
