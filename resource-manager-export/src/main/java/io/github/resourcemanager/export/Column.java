package io.github.resourcemanager.export;

import java.util.Objects;

/**
 * One column of an exported table: a name, an optional unit and description, and the kind of its cells.
 *
 * @param name the column's name, e.g. {@code system.cpu.usage}
 * @param unit the unit symbol, e.g. {@code %} or {@code bytes/s}; empty when the values have none
 * @param description one line for people; empty when there is none
 * @param kind what the cells hold
 */
record Column(String name, String unit, String description, Kind kind) {

  /** What a column's cells hold. */
  enum Kind {
    /** An instant, written as ISO-8601 UTC text. */
    TIME,
    /** Text, or null. */
    TEXT,
    /** A number, or null when it was not measured. */
    NUMBER,
    /** Text keys to text values (labels, annotations): an object in JSON, the object's JSON text in CSV. */
    MAP
  }

  Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
  }

  static Column time(String name) {
    return new Column(name, "", "", Kind.TIME);
  }

  static Column text(String name) {
    return new Column(name, "", "", Kind.TEXT);
  }

  static Column map(String name) {
    return new Column(name, "", "", Kind.MAP);
  }

  static Column number(String name, String unit, String description) {
    return new Column(name, unit, description, Kind.NUMBER);
  }

  /** The CSV header of this column: the name, followed by the unit in brackets when there is one. */
  String header() {
    return unit.isEmpty() ? name : name + " [" + unit + "]";
  }
}
