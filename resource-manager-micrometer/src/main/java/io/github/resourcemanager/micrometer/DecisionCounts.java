package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleDecisionListener;
import io.github.resourcemanager.scale.ScaleDirection;
import io.github.resourcemanager.scale.ScaleOutcome;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts one scaler's decisions by direction and outcome, since the binder started listening. Registered as the
 * scaler's listener, so the scaler (and through it the manager) holds it; the counters' functions hold it too, which
 * is harmless: it refers to nothing of the manager. Thread-safe; counting allocates nothing.
 */
final class DecisionCounts implements ScaleDecisionListener {
  private static final int OUTCOMES = ScaleOutcome.values().length;

  private final AtomicLongArray counts = new AtomicLongArray(ScaleDirection.values().length * OUTCOMES);

  @Override
  public void onDecision(ScaleDecision decision) {
    counts.incrementAndGet(decision.direction().ordinal() * OUTCOMES + decision.outcome().ordinal());
  }

  /** The decisions counted with this direction and outcome. */
  long count(ScaleDirection direction, ScaleOutcome outcome) {
    return counts.get(direction.ordinal() * OUTCOMES + outcome.ordinal());
  }
}
