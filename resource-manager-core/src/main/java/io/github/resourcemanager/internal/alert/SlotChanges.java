package io.github.resourcemanager.internal.alert;

/**
 * Receives what one step of an alert's state machine changed ({@link AlertSlot} flags), to record it in the alert
 * book and notify handlers. Called with the engine's lock held; must not block.
 */
interface SlotChanges {

  /** Applies {@code flags} (a non-zero combination of {@link AlertSlot}'s change flags) of {@code slot}. */
  void changed(AlertSlot slot, int flags, long nowNanos, long epochMillis);
}
