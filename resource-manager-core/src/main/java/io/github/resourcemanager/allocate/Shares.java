package io.github.resourcemanager.allocate;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The shares in force: the global limits, each project's share of them and each agent's share of its project's.
 * Projects are listed in name order; agents by project, then by id. A resource absent from a share is not limited
 * at that level. Immutable and thread-safe.
 */
public final class Shares {

  private final String strategy;
  private final String profile;
  private final ResourceVector global;
  private final Map<String, ResourceVector> projects;
  private final Map<String, ResourceVector> agents;

  /** Takes ownership of the maps, which the caller fills in the documented order and never changes afterwards. */
  Shares(String strategy, String profile, ResourceVector global, Map<String, ResourceVector> projects,
         Map<String, ResourceVector> agents) {
    this.strategy = strategy;
    this.profile = profile;
    this.global = global;
    this.projects = Collections.unmodifiableMap(projects);
    this.agents = Collections.unmodifiableMap(agents);
  }

  /** The name of the strategy that divided them. */
  public String strategy() {
    return strategy;
  }

  /** The active profile, if any. */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /** The global limits in force (after the profile). */
  public ResourceVector global() {
    return global;
  }

  /** Each project's share, by name. */
  public Map<String, ResourceVector> projects() {
    return projects;
  }

  /** Each admitted agent's share of its project's share, by id (listed by project, then id). */
  public Map<String, ResourceVector> agents() {
    return agents;
  }

  /**
   * The share of project {@code name}.
   *
   * @throws IllegalArgumentException if there is no such project
   */
  public ResourceVector project(String name) {
    ResourceVector v = projects.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no project \"" + name + "\"; projects: " + projects.keySet());
    }
    return v;
  }

  /**
   * The share of admitted agent {@code id}.
   *
   * @throws IllegalArgumentException if no admitted agent has this id
   */
  public ResourceVector agent(String id) {
    ResourceVector v = agents.get(id);
    if (v == null) {
      throw new IllegalArgumentException("no admitted agent \"" + id + "\"");
    }
    return v;
  }

  boolean sameDivision(Shares other) {
    return other != null && global.equals(other.global) && projects.equals(other.projects) && agents.equals(other.agents);
  }

  @Override
  public String toString() {
    return "Shares{" + strategy + (profile == null ? "" : ", profile " + profile) + ", global {" + global + "}, projects "
        + projects + ", " + agents.size() + " agents}";
  }
}
