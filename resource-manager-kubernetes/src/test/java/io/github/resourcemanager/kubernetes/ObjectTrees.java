package io.github.resourcemanager.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Kubernetes objects as JSON trees, compared field by field with quantities compared by value. */
final class ObjectTrees {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ObjectTrees() {}

  static JsonNode tree(HasMetadata o) {
    try {
      return JSON.readTree(Manifests.SERIALIZATION.asJson(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a YAML resource, read by Jackson alone (no Kubernetes model in between). */
  static List<JsonNode> yamlDocuments(String resource) {
    try (InputStream in = ObjectTrees.class.getResourceAsStream(resource)) {
      List<JsonNode> docs = new ArrayList<>();
      YAML.readerFor(JsonNode.class).readValues(in).forEachRemaining(n -> docs.add((JsonNode) n));
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(JsonNode n) {
    return (ObjectNode) n;
  }

  /**
   * The differences between {@code expected} and {@code actual}, one line per field path; strings that are
   * Kubernetes quantities of equal value ({@code 2000m} and {@code 2}) are equal.
   */
  static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> diffs = new ArrayList<>();
    compare("", expected, actual, diffs);
    return diffs;
  }

  private static void compare(String path, JsonNode e, JsonNode a, List<String> diffs) {
    if (e == null || a == null) {
      if (e != a) {
        diffs.add(path + ": expected " + e + ", was " + a);
      }
      return;
    }
    if (e.isObject() && a.isObject()) {
      Set<String> keys = new TreeSet<>();
      e.fieldNames().forEachRemaining(keys::add);
      a.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        compare(path + "." + k, e.get(k), a.get(k), diffs);
      }
      return;
    }
    if (e.isArray() && a.isArray()) {
      if (e.size() != a.size()) {
        diffs.add(path + ": expected " + e.size() + " items " + e + ", was " + a.size() + " " + a);
        return;
      }
      Iterator<JsonNode> ie = e.elements();
      Iterator<JsonNode> ia = a.elements();
      for (int i = 0; ie.hasNext(); i++) {
        compare(path + "[" + i + "]", ie.next(), ia.next(), diffs);
      }
      return;
    }
    if (e.isValueNode() && a.isValueNode()) {
      if (e.equals(a) || (e.isTextual() && a.isTextual() && sameQuantity(e.asText(), a.asText()))) {
        return;
      }
    }
    diffs.add(path + ": expected " + e + ", was " + a);
  }

  static boolean sameQuantity(String e, String a) {
    try {
      BigDecimal x = new Quantity(e).getNumericalAmount();
      BigDecimal y = new Quantity(a).getNumericalAmount();
      return x.compareTo(y) == 0;
    } catch (RuntimeException ex) {
      return false;
    }
  }
}
