package io.github.resourcemanager.scale;

/**
 * Receives every decision of a {@link Scaler}, on the thread that decided (the monitor thread when the scaler
 * observes a resource manager). Must return quickly; a listener that throws is logged and the others still run.
 */
@FunctionalInterface
public interface ScaleDecisionListener {

  /** Called once per decision, after the target was resized (or the resize failed). */
  void onDecision(ScaleDecision decision);
}
