/**
 * The fleet path to Prometheus: a scrape endpoint for the Micrometer binder's meters, and the library's alert rules
 * exported as a Prometheus rule file.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.resourcemanager.prometheus {
  requires transitive io.github.resourcemanager;
  requires transitive io.github.resourcemanager.micrometer;
  // Micrometer's jars are automatic modules (Automatic-Module-Name), and their types are part of this API.
  requires transitive micrometer.core;
  requires transitive micrometer.registry.prometheus;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires jdk.httpserver;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.resourcemanager.prometheus;
}
