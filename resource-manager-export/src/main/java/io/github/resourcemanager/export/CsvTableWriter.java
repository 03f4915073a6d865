package io.github.resourcemanager.export;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a table as CSV (RFC 4180 quoting, {@code \n} line ends): a header of every column, a column's unit in
 * brackets after its name ({@code system.cpu.usage [%]}), then the rows of all groups one after another. A
 * group's text keys that name a column fill that column; columns a group does not have are empty, as are
 * values that were not measured. A map cell holds the map as JSON object text, e.g. {@code {"team":"infra"}}.
 */
final class CsvTableWriter extends TableWriter {
  private static final int[] NO_GROUP = new int[0];
  private final Writer out;
  private @Nullable CsvGenerator csv; // made by begin()
  private List<Column> columns = List.of();
  // The row being assembled, in document column order: a group fills only some columns, so cells are placed
  // by position and the row is written once complete. One row is all this writer ever holds.
  private Object[] row = new Object[0];
  private Object[] groupKeys = new Object[0];
  private int[] groupColumns = NO_GROUP;
  private int cell;

  CsvTableWriter(Writer out) {
    this.out = out;
  }

  @Override
  void begin(Map<String, Object> metadata, List<Column> columns) throws IOException {
    this.columns = List.copyOf(columns);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
    for (Column column : columns) {
      schema.addColumn(column.header(), column.kind() == Column.Kind.NUMBER
          ? CsvSchema.ColumnType.NUMBER : CsvSchema.ColumnType.STRING);
    }
    CsvFactory factory = CsvFactory.builder().build();
    csv = factory.createGenerator(out);
    csv.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    // Quote only where RFC 4180 needs it, so headers such as "system.cpu.usage [%]" stay bare.
    csv.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    csv.setSchema(schema.build());
    row = new Object[columns.size()];
    groupKeys = new Object[columns.size()];
  }

  @Override
  void beginGroup(Map<String, Object> keys, int[] groupColumns) {
    Arrays.fill(groupKeys, null);
    for (int i = 0; i < columns.size(); i++) {
      Object key = keys.get(columns.get(i).name());
      if (key instanceof String text) {
        groupKeys[i] = text;
      }
    }
    this.groupColumns = groupColumns.clone();
  }

  @Override
  void beginRow() {
    System.arraycopy(groupKeys, 0, row, 0, row.length);
    cell = 0;
  }

  @Override
  void time(long epochMillis) {
    put(isoUtc(epochMillis));
  }

  @Override
  void text(@Nullable String value) {
    put(value);
  }

  @Override
  void number(double value) {
    put(Double.isFinite(value) ? (Object) value : null);
  }

  /** A map is one cell holding its JSON object text, so that any key and value survive CSV quoting and read back. */
  @Override
  void map(Map<String, String> value) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JsonFactory.builder().build().createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<String, String> e : value.entrySet()) {
        json.writeStringField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
    }
    put(text.toString());
  }

  private CsvGenerator csv() {
    return Objects.requireNonNull(csv, "begin() writes the header first");
  }

  private void put(@Nullable Object value) {
    if (cell >= groupColumns.length) {
      throw new IllegalStateException("row has more cells than the group's " + groupColumns.length + " columns");
    }
    row[groupColumns[cell++]] = value;
  }

  @Override
  void endRow() throws IOException {
    csv().writeStartArray();
    for (Object value : row) {
      if (value == null) {
        csv().writeNull();
      } else if (value instanceof Double d) {
        if (writtenAsLong(d)) {
          csv().writeNumber(d.longValue());
        } else {
          csv().writeNumber(d);
        }
      } else {
        csv().writeString((String) value);
      }
    }
    csv().writeEndArray();
  }

  @Override
  void endGroup() {
    groupColumns = NO_GROUP;
  }

  @Override
  void end() throws IOException {
    csv().flush();
  }

  @Override
  public void close() throws IOException {
    if (csv != null) {
      csv().close();
    }
  }
}
