package io.github.resourcemanager.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes plain Java values (text, numbers, booleans, null, instants, durations, lists and maps) as JSON. */
final class JsonValues {
  private JsonValues() {}

  /** Writes {@code tree} as one JSON document to {@code out}, flushed and left open. */
  static void document(Writer out, Object tree) throws IOException {
    try (JsonGenerator json = JsonFactory.builder().build().createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(json, tree);
      json.flush();
    }
  }

  static void write(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof Double d) {
      number(json, d);
    } else if (value instanceof Float f) {
      number(json, f);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Instant i) {
      json.writeString(i.toString());
    } else if (value instanceof Duration d) {
      json.writeString(d.toString());
    } else if (value instanceof Enum<?> e) {
      json.writeString(e.toString());
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName(String.valueOf(entry.getKey()));
        write(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object element : list) {
        write(json, element);
      }
      json.writeEndArray();
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: " + value);
    }
  }

  /** A number; {@code NaN} and infinities (not representable in JSON) are written as null. */
  static void number(JsonGenerator json, double value) throws IOException {
    if (!Double.isFinite(value)) {
      json.writeNull();
    } else if (TableWriter.writtenAsLong(value)) {
      json.writeNumber((long) value);
    } else {
      json.writeNumber(value);
    }
  }
}
