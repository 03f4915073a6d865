package io.github.resourcemanager.allocate;

import io.github.resourcemanager.internal.allocate.BuiltInStrategy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ResourcePool} divides resources: once to divide the global limits among projects, once per project to
 * divide the project's share among its agents. The claimants of a division are listed in name order; a project's
 * weight, priority, minimum and limits come from its {@link ProjectConfig}, an agent's weight and limits from its
 * {@link AgentSpec} and its priority from its {@link PriorityClass} (higher classes first).
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
 * <p>Choose one with the factories below (or {@link #named} for the names the JSON configuration uses); a
 * configuration accepts only these, so this interface is not for implementation. Each pool keeps its own state of
 * a strategy that has some ({@code dynamic}), even when pools share a configuration.
 */
public interface SharingStrategy {

  /** A short name for logs and events: equal, weighted, priority, dynamic, custom or drf. */
  String name();

  /** Whether the division depends on usage, so the pool divides again on every sample ({@code dynamic}). */
  boolean adaptsToUsage();

  /** Equal parts, water-filled under limits and above minimums. */
  static SharingStrategy equal() {
    return BuiltInStrategy.equal();
  }

  /** Parts in proportion to the claimants' weights, water-filled under limits and above minimums. */
  static SharingStrategy weighted() {
    return BuiltInStrategy.weighted();
  }

  /** Lower priority numbers are served first; see the class description. */
  static SharingStrategy priority() {
    return BuiltInStrategy.priority();
  }

  /**
   * Weighted shares adapted to usage, with the defaults: adjustment period 30 s, high mark 0.8, low mark 0.5,
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
    return BuiltInStrategy.dynamic(adjustmentPeriod, highMark, lowMark, reallocationFactor);
  }

  /** Explicit shares: each claimant's limit; see the class description. */
  static SharingStrategy custom() {
    return BuiltInStrategy.custom();
  }

  /** Dominant Resource Fairness over the claimants' units; see the class description. */
  static SharingStrategy drf() {
    return BuiltInStrategy.drf();
  }

  /**
   * The built-in strategy with this name, with default parameters.
   *
   * @throws IllegalArgumentException if the name is not one of equal, weighted, priority, dynamic, custom, drf
   */
  static SharingStrategy named(String name) {
    return switch (Objects.requireNonNull(name, "name")) {
      case "equal" -> equal();
      case "weighted" -> weighted();
      case "priority" -> priority();
      case "dynamic" -> dynamic();
      case "custom" -> custom();
      case "drf" -> drf();
      default -> throw new IllegalArgumentException("strategy \"" + name + "\""
          + " is not allowed; allowed: equal, weighted, priority, dynamic, custom, drf");
    };
  }
}
