package io.github.resourcemanager.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a table as one JSON object: the metadata fields, {@code "columns"} (name, type, unit, description of
 * each column), then {@code "series"}: one object per group with its key fields, its {@code "columns"} (names)
 * and its {@code "rows"} (arrays of cells in that order).
 */
final class JsonTableWriter extends TableWriter {
  private final JsonGenerator json;
  private List<Column> columns = List.of();

  JsonTableWriter(Writer out) throws IOException {
    JsonFactory factory = JsonFactory.builder().build();
    this.json = factory.createGenerator(out);
    // The caller owns the writer: closing the generator must not close it.
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Override
  void begin(Map<String, Object> metadata, List<Column> columns) throws IOException {
    this.columns = List.copyOf(columns);
    json.writeStartObject();
    for (Map.Entry<String, Object> field : metadata.entrySet()) {
      json.writeFieldName(field.getKey());
      JsonValues.write(json, field.getValue());
    }
    json.writeArrayFieldStart("columns");
    for (Column column : columns) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("name", column.name());
      fields.put("type", column.kind().name().toLowerCase(java.util.Locale.ROOT));
      if (!column.unit().isEmpty()) {
        fields.put("unit", column.unit());
      }
      if (!column.description().isEmpty()) {
        fields.put("description", column.description());
      }
      JsonValues.write(json, fields);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("series");
  }

  @Override
  void beginGroup(Map<String, Object> keys, int[] groupColumns) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, Object> key : keys.entrySet()) {
      json.writeFieldName(key.getKey());
      JsonValues.write(json, key.getValue());
    }
    json.writeArrayFieldStart("columns");
    for (int index : groupColumns) {
      json.writeString(columns.get(index).name());
    }
    json.writeEndArray();
    json.writeArrayFieldStart("rows");
  }

  @Override
  void beginRow() throws IOException {
    json.writeStartArray();
  }

  @Override
  void time(long epochMillis) throws IOException {
    json.writeString(isoUtc(epochMillis));
  }

  @Override
  void text(@Nullable String value) throws IOException {
    json.writeString(value);
  }

  @Override
  void number(double value) throws IOException {
    JsonValues.number(json, value);
  }

  @Override
  void map(Map<String, String> value) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, String> e : value.entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  @Override
  void endRow() throws IOException {
    json.writeEndArray();
  }

  @Override
  void endGroup() throws IOException {
    json.writeEndArray(); // rows
    json.writeEndObject();
  }

  @Override
  void end() throws IOException {
    json.writeEndArray(); // series
    json.writeEndObject();
    json.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
