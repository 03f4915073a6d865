package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.allocate.Names;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one project, a group of agents that shares the global limits with other projects.
 * Projects that agents name without configuration get the defaults: no limit, no minimum, weight 1, served last by
 * the priority strategy, no quota, no limit range, the global enforcement policy. Immutable.
 */
public final class ProjectConfig {

  /**
   * The largest weight of a project or an agent: 1,000,000,000, as the largest value of a Kubernetes PriorityClass
   * users may set. With it the sum of the weights of any division fits a {@code long}, so shares are computed exactly
   * (whole parts by exact integer division, the remainder by the largest-remainder rule).
   */
  public static final long MAX_WEIGHT = 1_000_000_000L;

  /** The project agents belong to when they name none. */
  public static final String DEFAULT_PROJECT = "default";
  /** The priority of projects that set none: after every project that does. */
  public static final int LAST = Integer.MAX_VALUE;

  private final String name;
  private final ResourceVector limits;
  private final ResourceVector minimum;
  private final long weight;
  private final int priority;
  private final @Nullable Quota quota;
  private final @Nullable LimitRange limitRange;
  private final @Nullable EnforcementPolicy enforcement;

  private ProjectConfig(Builder b) {
    this.name = b.name;
    this.limits = b.limits;
    this.minimum = b.minimum;
    this.weight = b.weight;
    this.priority = b.priority;
    this.quota = b.quota;
    this.limitRange = b.limitRange;
    this.enforcement = b.enforcement;
    for (Resource r : minimum.resources()) {
      if (limits.has(r) && minimum.amount(r) > limits.amount(r)) {
        throw new IllegalArgumentException("project \"" + name + "\" minimum " + r + "=" + r.format(minimum.amount(r))
            + " exceeds its limit " + r + "=" + r.format(limits.amount(r)));
      }
    }
  }

  /**
   * A builder for project {@code name}.
   *
   * @throws IllegalArgumentException if the name is malformed
   */
  public static Builder custom(String name) {
    return new Builder(Names.require("project name", Objects.requireNonNull(name, "name")));
  }

  /** The project's name. */
  public String name() {
    return name;
  }

  /** The most the project's agents may use together (the JSON configuration's {@code perProjectLimits}); empty for none. */
  public ResourceVector limits() {
    return limits;
  }

  /** The least share the project keeps whatever the strategy; empty for none. */
  public ResourceVector minimum() {
    return minimum;
  }

  /** The project's weight for the weighted and dynamic strategies. */
  public long weight() {
    return weight;
  }

  /** The project's priority for the priority strategy; lower is served first, {@link #LAST} if unset. */
  public int priority() {
    return priority;
  }

  /** The project's quota, if any. */
  public Optional<Quota> quota() {
    return Optional.ofNullable(quota);
  }

  /** The project's limit range, if any. */
  public Optional<LimitRange> limitRange() {
    return Optional.ofNullable(limitRange);
  }

  /** The project's enforcement policy, if it has its own. */
  public Optional<EnforcementPolicy> enforcement() {
    return Optional.ofNullable(enforcement);
  }

  @Override
  public String toString() {
    return "ProjectConfig{" + name + ", limits " + limits + ", minimum " + minimum + ", weight " + weight
        + ", priority " + (priority == LAST ? "last" : priority) + "}";
  }

  /** Builds a {@link ProjectConfig}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private ResourceVector limits = ResourceVector.empty();
    private ResourceVector minimum = ResourceVector.empty();
    private long weight = 1;
    private int priority = LAST;
    private @Nullable Quota quota;
    private @Nullable LimitRange limitRange;
    private @Nullable EnforcementPolicy enforcement;

    private Builder(String name) {
      this.name = name;
    }

    /** The most the project's agents may use together. */
    public Builder limits(ResourceVector limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The least share the project keeps. */
    public Builder minimum(ResourceVector minimum) {
      this.minimum = Objects.requireNonNull(minimum, "minimum");
      return this;
    }

    /**
     * The project's weight, a whole number from 1 to {@value ProjectConfig#MAX_WEIGHT}: the weighted, dynamic and drf
     * strategies divide in proportion to it, exactly (see {@link ProjectConfig#MAX_WEIGHT}).
     *
     * @throws IllegalArgumentException if not between 1 and {@value ProjectConfig#MAX_WEIGHT}
     */
    public Builder weight(long weight) {
      if (weight < 1 || weight > MAX_WEIGHT) {
        throw new IllegalArgumentException("weight of project " + name + " must be from 1 to " + MAX_WEIGHT + ", was "
            + weight);
      }
      this.weight = weight;
      return this;
    }

    /**
     * The project's priority: 0 is served first.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder priority(int priority) {
      if (priority < 0) {
        throw new IllegalArgumentException("priority of project " + name + " must not be negative, was " + priority);
      }
      this.priority = priority;
      return this;
    }

    /** The project's quota. */
    public Builder quota(Quota quota) {
      this.quota = Objects.requireNonNull(quota, "quota");
      return this;
    }

    /** The project's limit range. */
    public Builder limitRange(LimitRange limitRange) {
      this.limitRange = Objects.requireNonNull(limitRange, "limitRange");
      return this;
    }

    /** The policy for the project's own limit and, unless they set their own, its agents'. */
    public Builder enforcement(EnforcementPolicy enforcement) {
      this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if the minimum exceeds the limit
     */
    public ProjectConfig build() {
      return new ProjectConfig(this);
    }
  }
}
