/**
 * resource-manager export: the history and alerts a {@code ResourceManager} keeps, written as JSON or CSV, and
 * analytics over them (peaks, bottlenecks, efficiency of allocations, threshold and limit suggestions).
 *
 * <p>The one exported package, {@code io.github.resourcemanager.export}, is the API. It reads the manager through its
 * public API only. JSON and CSV are written with Jackson's streaming generators (jackson-core and
 * jackson-dataformat-csv), which this module requires; no Jackson type appears in its API.
 */
module io.github.resourcemanager.export {
  requires transitive io.github.resourcemanager;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.csv;

  exports io.github.resourcemanager.export;
}
