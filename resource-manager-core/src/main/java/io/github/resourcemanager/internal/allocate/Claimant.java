package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.PriorityClass;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One party a {@link BuiltInStrategy} divides a pool among: a project dividing the global limits, or an agent
 * dividing its project's share.
 *
 * @param name the project's name or the agent's id; strategies break ties by list position, and the pool lists
 *     claimants in name order
 * @param weight a positive whole number; the weighted and dynamic strategies divide in proportion to it (and drf
 *     scales dominant shares by it)
 * @param priority lower numbers are served first (0 is the most critical); for agents the
 *     pool passes the negated {@link PriorityClass} value, so higher classes come first
 * @param minimum amounts this claimant never gets less of while the pool allows (may be empty)
 * @param limit amounts this claimant never gets more of (may be empty: no limit)
 * @param units the pieces this claimant's demand comes in, in the order they should be granted: the requests of a
 *     project's agents in admission order, or an agent's own request. {@code drf} grants whole units; the other
 *     strategies use their sum, {@link #demand()}
 * @param usage the amounts used now, as last measured (may be empty); {@code dynamic} reacts to it
 */
record Claimant(String name, long weight, int priority, ResourceVector minimum, ResourceVector limit,
                List<ResourceVector> units, ResourceVector usage) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the name is empty, the weight is not positive, or the minimum exceeds the
   *     limit
   */
  public Claimant {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("claimant name must not be empty");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("weight of " + name + " must be > 0, was " + weight);
    }
    Objects.requireNonNull(minimum, "minimum");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(usage, "usage");
    units = List.copyOf(units);
    for (Resource res : minimum.isEmpty() ? List.<Resource>of() : minimum.resources()) {
      long min = minimum.amount(res);
      long max = limit.amountOr(res, Vectors.ABSENT);
      if (max != Vectors.ABSENT && min > max) {
        throw new IllegalArgumentException("minimum " + res + "=" + res.format(min) + " of " + name
            + " exceeds its limit " + res + "=" + res.format(max));
      }
    }
  }

  /** A claimant with weight 1, priority 0, no minimum, no limit, no demand and no usage. */
  public static Claimant named(String name) {
    return new Claimant(name, 1, 0, ResourceVector.empty(), ResourceVector.empty(), List.of(), ResourceVector.empty());
  }

  /** This claimant with another weight. */
  public Claimant withWeight(long weight) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** This claimant with another priority (lower is served first). */
  public Claimant withPriority(int priority) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** This claimant with another minimum. */
  public Claimant withMinimum(ResourceVector minimum) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** This claimant with another limit. */
  public Claimant withLimit(ResourceVector limit) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** This claimant with other units of demand. */
  public Claimant withUnits(ResourceVector... units) {
    return new Claimant(name, weight, priority, minimum, limit, Arrays.asList(units), usage);
  }

  /** This claimant with other units of demand. */
  public Claimant withUnits(List<ResourceVector> units) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** This claimant with another usage. */
  public Claimant withUsage(ResourceVector usage) {
    return new Claimant(name, weight, priority, minimum, limit, units, usage);
  }

  /** The sum of the units: everything this claimant asks for. */
  public ResourceVector demand() {
    ResourceVector sum = ResourceVector.empty();
    for (ResourceVector unit : units) {
      sum = sum.plus(unit);
    }
    return sum;
  }
}
