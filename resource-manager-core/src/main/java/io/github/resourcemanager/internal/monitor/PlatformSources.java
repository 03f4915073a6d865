package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.ResourceSource;
import java.util.List;

/** Picks the sources for this platform: the /proc fast path on Linux, OSHI elsewhere, plus the JVM's own. */
final class PlatformSources {
  private PlatformSources() {}

  static List<ResourceSource> create() {
    ResourceSource machine = LinuxProcSource.isSupported() ? new LinuxProcSource() : new OshiSource();
    return List.of(machine, new JvmSource());
  }
}
