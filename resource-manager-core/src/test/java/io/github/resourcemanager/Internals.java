package io.github.resourcemanager;

import io.github.resourcemanager.internal.alert.AlertEngine;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;

/** Reaches a manager's parts that the API keeps out of sight, for this library's own tests. */
public final class Internals {
  private Internals() {}

  /** The manager's sampling loop. */
  public static ResourceMonitor monitor(ResourceManager rm) {
    return rm.monitor();
  }

  /** The manager's alert pipeline engine. */
  public static AlertEngine alerts(ResourceManager rm) {
    return rm.alertEngine();
  }
}
