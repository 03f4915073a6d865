package io.github.resourcemanager.export;

/** The file formats the exporters write. */
public enum ExportFormat {
  /**
   * One JSON object with metadata, typed columns (with units) and one series per source (the machine, each
   * agent). Needs {@code com.fasterxml.jackson.core:jackson-databind} (or just jackson-core) on the class path.
   */
  JSON,
  /**
   * One CSV table with a header naming each column and its unit, e.g. {@code system.cpu.usage [%]}. Needs
   * {@code com.fasterxml.jackson.dataformat:jackson-dataformat-csv} on the class path.
   */
  CSV
}
