package io.github.resourcemanager.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads exported documents back with the same libraries that wrote them. */
final class ExportFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CsvMapper CSV = new CsvMapper();

  private ExportFiles() {}

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** Every line of a CSV document, header first, each as its cells. */
  static List<List<String>> csv(String text) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
      while (it.hasNext()) {
        rows.add(Arrays.asList(it.next()));
      }
    }
    return rows;
  }

  /** The cells of a JSON array as text (null stays null), to compare rows with one assertion. */
  static List<Object> cells(JsonNode row) {
    List<Object> cells = new ArrayList<>();
    for (JsonNode cell : row) {
      cells.add(cell.isNull() ? null : cell.isNumber() ? (Object) cell.doubleValue() : cell.asText());
    }
    return cells;
  }
}
