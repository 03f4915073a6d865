package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertEvent;
import java.time.Instant;

/**
 * Acknowledging an active alert stops its repeat notifications; withdrawing the acknowledgement resumes them, for
 * each handler that was told the alert fires the next one a repeat interval later. Both are events for the handlers. Guarded by the engine's lock.
 */
final class Acknowledgements {

  private final AlertBook book;

  Acknowledgements(AlertBook book) {
    this.book = book;
  }

  /** Acknowledges {@code slot}'s alert (replacing an earlier acknowledgement); returns the event to publish. */
  AlertEvent.Acknowledged acknowledge(AlertSlot slot, String by, String comment, long millis) {
    slot.acknowledged = true;
    slot.acknowledgedBy = by;
    slot.acknowledgeComment = comment;
    slot.acknowledgedAtMillis = millis;
    return new AlertEvent.Acknowledged(book.snapshot(slot), Instant.ofEpochMilli(millis));
  }

  /**
   * Withdraws the acknowledgement of {@code slot}'s alert; returns the event to publish.
   *
   * @throws IllegalStateException if the alert is not acknowledged
   */
  AlertEvent.Unacknowledged unacknowledge(AlertSlot slot, String by, long now, long millis) {
    if (!slot.acknowledged) {
      throw new IllegalStateException("alert " + Names.quote(slot.id) + " is not acknowledged");
    }
    slot.acknowledged = false;
    slot.acknowledgedBy = null;
    slot.acknowledgeComment = null;
    slot.notified.restart(now);
    return new AlertEvent.Unacknowledged(book.snapshot(slot), by, Instant.ofEpochMilli(millis));
  }
}
