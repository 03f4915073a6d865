package io.github.resourcemanager.allocate;

import java.util.List;
import java.util.Objects;

/**
 * A named set of global limits that replaces the configured ones while the profile is active, such as "peak" and
 * "idle" hours or "ci" and "dev" machines. Resources the profile does not name keep their configured
 * limits.
 *
 * <p>A profile is active when selected by name (configuration or an environment variable such as
 * {@code RESOURCE_PROFILE=ci}) or, failing that, when the current time is in one of its windows; see
 * {@link AllocationConfig} for the order.
 *
 * @param name lowercase letters, digits, {@code -} and {@code _}
 * @param limits the global limits while active
 * @param windows the daily windows in which the profile is active by time; empty for profiles chosen by name only
 */
public record Profile(String name, ResourceVector limits, List<TimeWindow> windows) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the name is malformed
   */
  public Profile {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("profile name \"" + name + "\""
          + " is not allowed; use 1 to 63 lowercase letters, digits, - and _, starting with a letter or digit");
    }
    Objects.requireNonNull(limits, "limits");
    windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
  }

  /** A profile chosen by name only. */
  public static Profile of(String name, ResourceVector limits) {
    return new Profile(name, limits, List.of());
  }

  /** A profile active during {@code windows} (e.g. {@code "09:00-17:00"}), also choosable by name. */
  public static Profile during(String name, ResourceVector limits, String... windows) {
    Objects.requireNonNull(windows, "windows");
    return new Profile(name, limits, java.util.Arrays.stream(windows).map(TimeWindow::parse).toList());
  }
}
