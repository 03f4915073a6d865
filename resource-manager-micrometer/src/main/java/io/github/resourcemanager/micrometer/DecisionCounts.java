package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Counts one scaler's decisions by direction and outcome, since the binder started listening. Registered as the
 * scaler's listener, so the scaler (and through it the manager) holds it; the counters' functions hold it too, which
 * is harmless: it refers to nothing of the manager. Thread-safe; counting allocates nothing.
 */
final class DecisionCounts implements Consumer<ScaleDecision> {
  private static final int OUTCOMES = ScaleOutcome.values().length;

  /** Which way a decision moves its target's size: the {@code direction} tag of the decision counters. */
  enum Direction {
    /** The desired size is larger than the current size. */
    UP,
    /** The desired size is smaller than the current size. */
    DOWN,
    /** The desired size is the current size. */
    NONE;

    /** The direction of {@code decision}: its desired size compared with its current size. */
    static Direction of(ScaleDecision decision) {
      return decision.desired() > decision.current() ? UP : decision.desired() < decision.current() ? DOWN : NONE;
    }
  }

  private final AtomicLongArray counts = new AtomicLongArray(Direction.values().length * OUTCOMES);

  @Override
  public void accept(ScaleDecision decision) {
    counts.incrementAndGet(slot(Direction.of(decision), decision.outcome()));
  }

  /** The decisions counted with this direction and outcome. */
  long count(Direction direction, ScaleOutcome outcome) {
    return counts.get(slot(direction, outcome));
  }

  /** The counter of a direction and an outcome: one slot per pair, so counting allocates nothing. */
  // Ordinals serve only as indexes into this object's own array, never stored or compared across versions, so the
  // enums' declaration order does not matter here.
  @SuppressWarnings("EnumOrdinal")
  private static int slot(Direction direction, ScaleOutcome outcome) {
    return direction.ordinal() * OUTCOMES + outcome.ordinal();
  }
}
