package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The arithmetic behind {@link SharingStrategy}'s factories: every strategy a configuration accepts is one of these
 * (the constructor is package-private, so there are no others).
 *
 * <p>The pool calls a strategy under its lock, so one thread at a time. A stateful strategy computes {@link #divide}
 * without changing its state, and changes it only in {@link #commit}, which the pool calls for the divisions it
 * adopts (admission tries divisions it may not adopt); {@link #forPool} gives each pool its own state.
 */
public abstract class BuiltInStrategy implements SharingStrategy {

  BuiltInStrategy() {}

  /** Equal parts, water-filled. */
  public static SharingStrategy equal() {
    return new PerResourceStrategy.Equal();
  }

  /** Parts by weight, water-filled. */
  public static SharingStrategy weighted() {
    return new PerResourceStrategy.Weighted();
  }

  /** Lower priority numbers first. */
  public static SharingStrategy priority() {
    return new PriorityStrategy();
  }

  /**
   * Weighted shares that follow usage.
   *
   * @throws IllegalArgumentException naming the first invalid parameter
   */
  public static SharingStrategy dynamic(Duration adjustmentPeriod, double highMark, double lowMark,
                                        double reallocationFactor) {
    return new DynamicStrategy(adjustmentPeriod, highMark, lowMark, reallocationFactor);
  }

  /** Explicit shares: the limits. */
  public static SharingStrategy custom() {
    return new PerResourceStrategy.Custom();
  }

  /** Dominant Resource Fairness. */
  public static SharingStrategy drf() {
    return new DrfStrategy();
  }

  /**
   * Returns {@code strategy} if it is a built-in one.
   *
   * @throws NullPointerException if {@code strategy} is null
   * @throws IllegalArgumentException if it is not one of {@link SharingStrategy}'s
   */
  public static SharingStrategy requireBuiltIn(SharingStrategy strategy) {
    of(strategy);
    return strategy;
  }

  /**
   * Checks at configuration time that {@code projects} can ever be served within {@code capacity}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static void checkProjects(SharingStrategy strategy, ResourceVector capacity, Collection<ProjectConfig> projects) {
    List<Claimant> claimants = new ArrayList<>(projects.size());
    for (ProjectConfig p : projects) {
      claimants.add(new Claimant(p.name(), p.weight(), p.priority(), p.minimum(), p.limits(), List.of(),
          ResourceVector.empty()));
    }
    claimants.sort((a, c) -> a.name().compareTo(c.name()));
    of(strategy).validate(capacity, claimants);
  }

  /** The built-in strategy {@code strategy} is. */
  static BuiltInStrategy of(SharingStrategy strategy) {
    Objects.requireNonNull(strategy, "strategy");
    if (!(strategy instanceof BuiltInStrategy builtIn)) {
      throw new IllegalArgumentException("strategy " + strategy.name() + " (" + strategy.getClass().getName()
          + ") is not allowed; use one of SharingStrategy's: equal, weighted, priority, dynamic, custom, drf");
    }
    return builtIn;
  }

  @Override
  public boolean adaptsToUsage() {
    return false;
  }

  /**
   * Divides {@code request.capacity()} among {@code request.claimants()}: a fresh {@link ClaimantTable} divided by
   * {@link #divide(ClaimantTable, long[][])}. Allocates; the pool's recomputation divides its kept tables instead.
   *
   * @return one share per claimant, in the same order
   * @throws IllegalStateException if the claimants cannot be served (custom limits that do not fit); the change that
   *     caused the division is then refused
   */
  List<ResourceVector> divide(ShareRequest request) {
    ClaimantTable t = ClaimantTable.of(request);
    long[][] out = t.absentMatrix();
    divide(t, out);
    divided(request, t);
    return ClaimantTable.vectors(out, t.n, t.active);
  }

  /**
   * Divides {@code t.capacity} among the claimants of {@code t} into {@code out[i][k]} (at least {@code t.n} rows of
   * {@code t.resources}; ABSENT where a share has no amount), without changing the strategy's state. Allocates
   * nothing once {@code t}'s workspace has grown, unless the claimants changed since the last division of the same
   * scope.
   *
   * @throws IllegalStateException if the claimants cannot be served (custom limits that do not fit)
   */
  abstract void divide(ClaimantTable t, long[][] out);

  /** Called after {@link #divide(ShareRequest)} divided {@code t} for {@code request}. Default: nothing. */
  void divided(ShareRequest request, ClaimantTable t) {}

  /** Records that the pool adopted {@code shares} as the result of {@code request}. Default: nothing. */
  void commit(ShareRequest request, List<ResourceVector> shares) {}

  /** Records that the pool adopted the last division of {@code t}. Default: nothing. */
  void commit(ClaimantTable t) {}

  /**
   * Checks at configuration time that {@code claimants} can ever be served within {@code capacity}.
   *
   * @throws IllegalArgumentException naming the problem; default: accepts everything
   */
  void validate(ResourceVector capacity, List<Claimant> claimants) {}

  /** The strategy a new pool uses: this one, or a copy without state for a stateful strategy. */
  BuiltInStrategy forPool() {
    return this;
  }

  @Override
  public String toString() {
    return name();
  }
}
