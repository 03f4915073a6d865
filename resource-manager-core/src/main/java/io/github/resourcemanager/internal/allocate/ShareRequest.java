package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ResourceVector;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BuiltInStrategy} is asked to divide.
 *
 * @param scope which division this is: {@code ""} for projects sharing the global limits, a project's name for its
 *     agents sharing the project's share; stateful strategies keep their state per scope
 * @param capacity the amounts to divide; a resource absent from it is unlimited and not divided (each claimant's
 *     share of it is its own limit, or absent)
 * @param claimants the claimants, in name order
 * @param nowNanos the {@link io.github.resourcemanager.Ticker} reading at which the division is made
 */
record ShareRequest(String scope, ResourceVector capacity, List<Claimant> claimants, long nowNanos) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if two claimants have the same name
   */
  public ShareRequest {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(capacity, "capacity");
    claimants = List.copyOf(claimants);
    boolean ascending = true;
    for (int i = 1; i < claimants.size() && ascending; i++) {
      ascending = claimants.get(i - 1).name().compareTo(claimants.get(i).name()) < 0;
    }
    if (!ascending) { // names in strictly ascending order are distinct; otherwise look for a repeat
      java.util.Set<String> names = new java.util.HashSet<>(claimants.size() * 2);
      for (Claimant c : claimants) {
        if (!names.add(c.name())) {
          throw new IllegalArgumentException("two claimants are named \"" + c.name() + "\" in scope \"" + scope + "\"");
        }
      }
    }
  }
}
