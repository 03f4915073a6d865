package io.github.resourcemanager.allocate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shares in force: the global limits, each project's share of them and each agent's share of its project's.
 * Projects are listed in name order; agents by project, then by id. A resource absent from a share is not limited
 * at that level. Immutable and thread-safe: {@link ResourcePool#shares()} hands out a new one whenever the shares
 * change.
 */
public interface Shares {

  /** The name of the strategy that divided them. */
  String strategy();

  /** The active profile, if any. */
  Optional<String> profile();

  /** The global limits in force (after the profile). */
  ResourceVector global();

  /** Each project's share, by name, in name order. */
  Map<String, ResourceVector> projects();

  /** Each admitted agent's share of its project's share, by id (listed by project, then id). */
  Map<String, ResourceVector> agents();

  /**
   * The share of project {@code name}.
   *
   * @throws IllegalArgumentException if there is no such project
   */
  default ResourceVector project(String name) {
    ResourceVector v = projects().get(Objects.requireNonNull(name, "name"));
    if (v == null) {
      throw new IllegalArgumentException("no project \"" + name + "\"; projects: " + projects().keySet());
    }
    return v;
  }

  /**
   * The share of admitted agent {@code id}.
   *
   * @throws IllegalArgumentException if no admitted agent has this id
   */
  default ResourceVector agent(String id) {
    ResourceVector v = agents().get(Objects.requireNonNull(id, "id"));
    if (v == null) {
      throw new IllegalArgumentException("no admitted agent \"" + id + "\"");
    }
    return v;
  }
}
