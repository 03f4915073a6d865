/**
 * resource-manager: watches the machine, the process, the JVM and the agents running in it, keeps history, raises
 * alerts, decides scaling and shares resources among agents.
 *
 * <p>Exported packages are the API: {@code io.github.resourcemanager} (the {@link
 * io.github.resourcemanager.ResourceManager} facade, time and threads), {@code .monitor} (metrics, samples, agents,
 * the source SPI), {@code .alert} (rules, alerts, handlers), {@code .scale} (scalers and their configurations),
 * {@code .allocate} (sharing, admission, enforcement) and {@code .units} (quantities). Packages under
 * {@code io.github.resourcemanager.internal} are the implementation and may change in any release.
 */
module io.github.resourcemanager {
  requires java.management;
  requires jdk.management;
  requires org.slf4j;
  requires com.github.oshi;
  requires io.github.resilience4j.ratelimiter;
  requires static transitive org.jspecify;
  // Optional: reading allocation configuration files (JSON). Without it those methods say which jar to add.
  requires static com.fasterxml.jackson.databind;

  exports io.github.resourcemanager;
  exports io.github.resourcemanager.units;
  exports io.github.resourcemanager.monitor;
  exports io.github.resourcemanager.alert;
  exports io.github.resourcemanager.scale;
  exports io.github.resourcemanager.allocate;
}
