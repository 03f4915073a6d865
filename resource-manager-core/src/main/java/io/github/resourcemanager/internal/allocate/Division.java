package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Shares;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A division the pool adopted: the {@link Shares} in force from then on. Immutable. */
final class Division implements Shares {

  private final String strategy;
  private final @Nullable String profile; // null: no profile active
  private final ResourceVector global;
  private final Map<String, ResourceVector> projects;
  private final Map<String, ResourceVector> agents;

  /** Takes ownership of the maps, which the caller fills in the documented order and never changes afterwards. */
  Division(String strategy, @Nullable String profile, ResourceVector global, Map<String, ResourceVector> projects,
           Map<String, ResourceVector> agents) {
    this.strategy = strategy;
    this.profile = profile;
    this.global = global;
    this.projects = Collections.unmodifiableMap(projects);
    this.agents = Collections.unmodifiableMap(agents);
  }

  @Override
  public String strategy() {
    return strategy;
  }

  @Override
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  @Override
  public ResourceVector global() {
    return global;
  }

  @Override
  public Map<String, ResourceVector> projects() {
    return projects;
  }

  @Override
  public Map<String, ResourceVector> agents() {
    return agents;
  }

  /** Whether {@code other} gives every project and agent the same share under the same global limits. */
  boolean sameDivision(Division other) {
    return other != null && global.equals(other.global) && projects.equals(other.projects) && agents.equals(other.agents);
  }

  @Override
  public String toString() {
    return "Shares{" + strategy + (profile == null ? "" : ", profile " + profile) + ", global {" + global + "}, projects "
        + projects + ", " + agents.size() + " agents}";
  }
}
