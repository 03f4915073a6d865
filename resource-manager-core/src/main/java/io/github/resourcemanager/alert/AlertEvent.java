package io.github.resourcemanager.alert;

import java.time.Instant;

/**
 * What an {@link AlertHandler} receives: a change of one alert, carried with the alert as of that change.
 *
 * <pre>{@code
 * AlertHandler pager = event -> {
 *   if (event instanceof AlertEvent.Fired fired && fired.alert().severity().isAtLeast(Severity.CRITICAL)) {
 *     page(fired.alert());
 *   }
 * };
 * }</pre>
 *
 * Pending alerts are never notified. Events a handler misses (over its rate limit, or on its full queue) are not
 * delivered later: they are counted in its {@link HandlerStats} and logged with their count. All events are
 * immutable.
 */
public sealed interface AlertEvent
    permits AlertEvent.Fired, AlertEvent.SeverityChanged, AlertEvent.Repeated, AlertEvent.Acknowledged,
        AlertEvent.Unacknowledged, AlertEvent.Resolved {

  /** The alert as of this event. */
  Alert alert();

  /** When the event happened, from the pipeline's clock. */
  Instant time();

  /**
   * The alert started firing: a rule's condition held for its {@code for} duration, or an event alert was raised.
   * A handler that could not be told then because a silence muted the alert gets it at the first evaluation after
   * the silence, with that evaluation's time ({@link Alert#firedAt()} stays when it fired).
   *
   * @param alert the alert, firing
   * @param time when it fired, or when the handler was told
   */
  record Fired(Alert alert, Instant time) implements AlertEvent {}

  /**
   * A firing alert's severity changed (escalation or de-escalation); it is the same alert.
   *
   * @param alert the alert, with its new severity
   * @param previous the severity before
   * @param time when it changed
   */
  record SeverityChanged(Alert alert, Severity previous, Instant time) implements AlertEvent {}

  /**
   * A reminder that an unacknowledged alert is still firing, sent to a handler that was told it fires once strictly
   * more than the repeat interval has passed since that handler's last notification of it (as Alertmanager's
   * notification log decides per receiver).
   *
   * @param alert the alert, still firing
   * @param repeat 1 for the handler's first reminder of this alert, then 2, 3, ...
   * @param time when it was sent
   */
  record Repeated(Alert alert, int repeat, Instant time) implements AlertEvent {}

  /**
   * Someone acknowledged the alert; repeats stop until it is unacknowledged. See {@link Alert#acknowledgement()}.
   *
   * @param alert the alert, acknowledged
   * @param time when
   */
  record Acknowledged(Alert alert, Instant time) implements AlertEvent {}

  /**
   * Someone withdrew the acknowledgement; repeats resume.
   *
   * @param alert the alert, no longer acknowledged
   * @param by who withdrew it
   * @param time when
   */
  record Unacknowledged(Alert alert, String by, Instant time) implements AlertEvent {}

  /**
   * The alert resolved; sent once, and only to the handlers that were told the alert fires (as Alertmanager does).
   * Pending alerts that clear are dropped without any event. The alert's {@link Alert#value()} is that of the last
   * evaluation at which its condition held; its annotations say the value at resolution.
   *
   * @param alert the alert, resolved
   * @param time when it resolved
   */
  record Resolved(Alert alert, Instant time) implements AlertEvent {}
}
