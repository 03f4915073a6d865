package io.github.resourcemanager.allocate;

import java.time.Duration;
import java.util.List;

/**
 * Divides a pool of resources among claimants (SPI). The pool applies the strategy twice: once to divide the
 * global limits among projects, once per project to divide the project's share among its agents.
 *
 * <p>The built-in strategies divide with exact integer arithmetic (millicores, bytes, counts): a division leaves no
 * rounding drift, and the units left over after the whole parts are handed out one at a time to the claimants with
 * the largest remainders, ties in name order. Shares never exceed a claimant's limit and never fall below its
 * minimum (unless the minimums together exceed the pool).
 *
 * <table>
 *   <caption>Built-in strategies</caption>
 *   <tr><th>name</th><th>division</th></tr>
 *   <tr><td>{@link #equal() equal}</td><td>equal parts, water-filled: a claimant capped by its limit leaves the
 *       rest to the others; sums to the pool unless every claimant is capped</td></tr>
 *   <tr><td>{@link #weighted() weighted}</td><td>in proportion to the weights, water-filled like equal</td></tr>
 *   <tr><td>{@link #priority() priority}</td><td>lower priority numbers first: each level gets its demand (at least its
 *       minimums, at most its limits) from what the levels before it left, while the minimums of later levels stay
 *       reserved; a level that cannot have all its demand shares what is left equally; what no level demands goes
 *       to the levels in priority order, up to their limits</td></tr>
 *   <tr><td>{@link #dynamic() dynamic}</td><td>starts as weighted; a claimant using more than the high mark of its
 *       share for the adjustment period receives up to the reallocation factor of its share more, taken from
 *       claimants using less than the low mark for as long; never below a minimum or the donor's usage, never
 *       above a limit, the sum unchanged; recipients served and donors drawn in priority order</td></tr>
 *   <tr><td>{@link #custom() custom}</td><td>claimants with a limit get exactly their limit, which must fit in the
 *       pool; claimants without one share the rest equally</td></tr>
 *   <tr><td>{@link #drf() drf}</td><td>Dominant Resource Fairness (Ghodsi et al., NSDI 2011): progressive filling
 *       grants whole units to the claimant with the lowest (weighted) dominant share, ties in name order, until no
 *       claimant's next unit fits; a claimant's share is the sum of its granted units</td></tr>
 * </table>
 *
 * <p>Implementations are called by one thread at a time (under the pool's lock). A stateful strategy must compute
 * {@link #divide} without changing its state, and change it only in {@link #commit}, which the pool calls for
 * the divisions it adopts (admission tries divisions it may not adopt); give each pool its own instance of a
 * stateful strategy of your own (the pool copies the built-in {@code dynamic} one itself).
 */
public interface SharingStrategy {

  /** A short name for logs and events, e.g. {@code weighted}. */
  String name();

  /**
   * Divides {@code request.capacity()} among {@code request.claimants()}.
   *
   * @return one share per claimant, in the same order; the pool rejects (with {@link IllegalStateException}) a
   *     result whose shares exceed a claimant's limit or together exceed the capacity
   * @throws IllegalStateException if the claimants cannot be served (e.g. custom limits that do not fit); the change
   *     that caused the division is then refused
   */
  List<ResourceVector> divide(ShareRequest request);

  /** Records that the pool adopted {@code shares} as the result of {@code request}. Default: nothing. */
  default void commit(ShareRequest request, List<ResourceVector> shares) {}

  /** Whether the division depends on usage, so the pool divides again on every sample. Default false. */
  default boolean adaptsToUsage() {
    return false;
  }

  /**
   * Checks at configuration time that claimants can ever be served within {@code capacity}.
   *
   * @throws IllegalArgumentException naming the problem; default: accepts everything
   */
  default void validate(ResourceVector capacity, List<Claimant> claimants) {}

  /** Equal parts, water-filled under limits and above minimums. */
  static SharingStrategy equal() {
    return new PerResourceStrategy.Equal();
  }

  /** Parts in proportion to the claimants' weights, water-filled under limits and above minimums. */
  static SharingStrategy weighted() {
    return new PerResourceStrategy.Weighted();
  }

  /** Lower priority numbers are served first; see the class description. */
  static SharingStrategy priority() {
    return new PriorityStrategy();
  }

  /**
   * Weighted shares adapted to usage, with seed 002's defaults: adjustment period 30 s, high mark 0.8, low mark 0.5,
   * reallocation factor 0.2.
   */
  static SharingStrategy dynamic() {
    return dynamic(Duration.ofSeconds(30), 0.8, 0.5, 0.2);
  }

  /**
   * Weighted shares adapted to usage.
   *
   * @param adjustmentPeriod how long a claimant must stay above the high mark (or below the low mark) before shares
   *     move
   * @param highMark usage / share above which a claimant receives more, in (0, 1]
   * @param lowMark usage / share below which a claimant gives, in [0, highMark)
   * @param reallocationFactor the fraction of its share a claimant receives (or gives) at most per adjustment, in
   *     (0, 1]; all three fractions must have at most 6 decimals
   * @throws IllegalArgumentException naming the first invalid parameter
   */
  static SharingStrategy dynamic(Duration adjustmentPeriod, double highMark, double lowMark, double reallocationFactor) {
    return new DynamicStrategy(adjustmentPeriod, highMark, lowMark, reallocationFactor);
  }

  /** Explicit shares: each claimant's limit; see the class description. */
  static SharingStrategy custom() {
    return new PerResourceStrategy.Custom();
  }

  /** Dominant Resource Fairness over the claimants' units; see the class description. */
  static SharingStrategy drf() {
    return new DrfStrategy();
  }

  /**
   * The built-in strategy with this name, with default parameters.
   *
   * @throws IllegalArgumentException if the name is not one of equal, weighted, priority, dynamic, custom, drf
   */
  static SharingStrategy named(String name) {
    switch (name == null ? "" : name) {
      case "equal":
        return equal();
      case "weighted":
        return weighted();
      case "priority":
        return priority();
      case "dynamic":
        return dynamic();
      case "custom":
        return custom();
      case "drf":
        return drf();
      default:
        throw new IllegalArgumentException("strategy " + (name == null ? "null" : "\"" + name + "\"")
            + " is not allowed; allowed: equal, weighted, priority, dynamic, custom, drf");
    }
  }
}
