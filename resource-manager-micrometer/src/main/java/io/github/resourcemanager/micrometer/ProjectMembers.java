package io.github.resourcemanager.micrometer;

import java.util.List;
import java.util.Map;

/**
 * The admitted agents of each project as of the binder's last allocation refresh, read by the project usage gauges.
 * Owned by the binder and referring to nothing of the manager, so the gauges' functions may hold it. Thread-safe: the
 * map is immutable and replaced whole.
 */
final class ProjectMembers {
  private volatile Map<String, List<String>> byProject = Map.of();

  void update(Map<String, List<String>> byProject) {
    this.byProject = Map.copyOf(byProject);
  }

  /** The admitted agents of {@code project}; empty if it has none. */
  List<String> of(String project) {
    return byProject.getOrDefault(project, List.of());
  }
}
