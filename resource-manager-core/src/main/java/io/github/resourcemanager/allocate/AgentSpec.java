package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.allocate.Names;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An agent asking to be admitted: its id, its project, its {@link Resources}, its priority class. Immutable.
 *
 * <pre>{@code
 * AgentSpec spec = AgentSpec.custom("test-runner").project("auth-service")
 *     .resources(Resources.of(requests, limits)).priorityClass("high").build();
 * }</pre>
 */
public final class AgentSpec {

  private final String id;
  private final String project;
  private final Resources resources;
  private final @Nullable String priorityClass;
  private final long weight;
  private final @Nullable EnforcementPolicy enforcement;

  private AgentSpec(Builder b) {
    this.id = b.id;
    this.project = b.project;
    this.resources = b.resources;
    this.priorityClass = b.priorityClass;
    this.weight = b.weight;
    this.enforcement = b.enforcement;
  }

  /**
   * A builder for agent {@code id}, in the {@link ProjectConfig#DEFAULT_PROJECT default} project with no resources.
   *
   * @throws IllegalArgumentException if the id is malformed
   */
  public static Builder custom(String id) {
    return new Builder(Names.require("agent id", Objects.requireNonNull(id, "id")));
  }

  /** The agent's id, as tracked by the monitor. */
  public String id() {
    return id;
  }

  /** The agent's project. */
  public String project() {
    return project;
  }

  /** What the agent requests and may use at most. */
  public Resources resources() {
    return resources;
  }

  /** The name of the agent's priority class, if it names one. */
  public Optional<String> priorityClass() {
    return Optional.ofNullable(priorityClass);
  }

  /** The agent's weight when its project's share is divided among its agents. */
  public long weight() {
    return weight;
  }

  /** The agent's own enforcement policy, if any (else its project's, else the global one). */
  public Optional<EnforcementPolicy> enforcement() {
    return Optional.ofNullable(enforcement);
  }

  /** A builder holding this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.project = project;
    b.resources = resources;
    b.priorityClass = priorityClass;
    b.weight = weight;
    b.enforcement = enforcement;
    return b;
  }

  @Override
  public String toString() {
    return "AgentSpec{" + id + " in " + project + ", " + resources + (priorityClass == null ? "" : ", " + priorityClass) + "}";
  }

  /** Builds an {@link AgentSpec}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String project = ProjectConfig.DEFAULT_PROJECT;
    private Resources resources = Resources.none();
    private @Nullable String priorityClass;
    private long weight = 1;
    private @Nullable EnforcementPolicy enforcement;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * The agent's project.
     *
     * @throws IllegalArgumentException if the name is malformed
     */
    public Builder project(String project) {
      this.project = Names.require("project name", Objects.requireNonNull(project, "project"));
      return this;
    }

    /** What the agent requests and may use at most. */
    public Builder resources(Resources resources) {
      this.resources = Objects.requireNonNull(resources, "resources");
      return this;
    }

    /** The agent's priority class, by name. */
    public Builder priorityClass(String name) {
      this.priorityClass = Objects.requireNonNull(name, "priorityClass");
      return this;
    }

    /**
     * The agent's weight within its project, a whole number from 1 to {@value ProjectConfig#MAX_WEIGHT}.
     *
     * @throws IllegalArgumentException if not between 1 and {@value ProjectConfig#MAX_WEIGHT}
     */
    public Builder weight(long weight) {
      if (weight < 1 || weight > ProjectConfig.MAX_WEIGHT) {
        throw new IllegalArgumentException("weight of agent " + id + " must be from 1 to " + ProjectConfig.MAX_WEIGHT
            + ", was " + weight);
      }
      this.weight = weight;
      return this;
    }

    /** The agent's own enforcement policy. */
    public Builder enforcement(EnforcementPolicy enforcement) {
      this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
      return this;
    }

    /** Builds the spec. */
    public AgentSpec build() {
      return new AgentSpec(this);
    }
  }
}
