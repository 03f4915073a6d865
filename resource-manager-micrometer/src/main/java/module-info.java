/**
 * Micrometer integration: a {@code MeterBinder} that exposes a resource manager's monitored metrics, alerts, scalers,
 * vertical recommendations and allocation to any Micrometer registry.
 *
 * <p>Micrometer is required, and transitively: the binder is a {@code MeterBinder} and its configuration names
 * Micrometer's {@code Tags} and {@code Meter.Id}. Its Maven scope is {@code provided} because the application brings
 * the registry, and with it the Micrometer version; the module resolves against whichever {@code micrometer.core} the
 * application puts on the module path.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.resourcemanager.micrometer {
  requires transitive io.github.resourcemanager;
  // Micrometer's jars are automatic modules (Automatic-Module-Name), and their types are part of this API.
  requires transitive micrometer.core;
  requires java.management;
  requires jdk.management;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.resourcemanager.micrometer;
}
