package io.github.resourcemanager.alert;

import java.time.Instant;

/**
 * What an {@link AlertHandler} receives. Events about one alert implement {@link OfAlert}; a handler that
 * missed events (rate limited, or its queue was full) later receives a {@link Suppressed} summary.
 *
 * <pre>{@code
 * AlertHandler pager = event -> {
 *   if (event instanceof AlertEvent.Fired fired && fired.alert().severity().isAtLeast(Severity.CRITICAL)) {
 *     page(fired.alert());
 *   }
 * };
 * }</pre>
 *
 * Pending alerts are never notified. All events are immutable.
 */
public sealed interface AlertEvent permits AlertEvent.OfAlert, AlertEvent.Suppressed {

  /** When the event happened, from the pipeline's clock. */
  Instant time();

  /** An event about one alert; {@link #alert()} is the alert as of the event. */
  sealed interface OfAlert extends AlertEvent
      permits Fired, SeverityChanged, Repeated, Acknowledged, Unacknowledged, Resolved {

    /** The alert as of this event. */
    Alert alert();
  }

  /**
   * The alert started firing: a rule's condition held for its {@code for} duration, or an event alert was raised.
   *
   * @param alert the alert, firing
   * @param time when it fired
   */
  record Fired(Alert alert, Instant time) implements OfAlert {}

  /**
   * A firing alert's severity changed (escalation or de-escalation); it is the same alert.
   *
   * @param alert the alert, with its new severity
   * @param previous the severity before
   * @param time when it changed
   */
  record SeverityChanged(Alert alert, Severity previous, Instant time) implements OfAlert {}

  /**
   * A reminder that an unacknowledged alert is still firing, sent every repeat interval.
   *
   * @param alert the alert, still firing
   * @param repeat 1 for the first reminder of this alert, then 2, 3, ...
   * @param time when it was sent
   */
  record Repeated(Alert alert, int repeat, Instant time) implements OfAlert {}

  /**
   * Someone acknowledged the alert; repeats stop until it is unacknowledged. See {@link Alert#acknowledgement()}.
   *
   * @param alert the alert, acknowledged
   * @param time when
   */
  record Acknowledged(Alert alert, Instant time) implements OfAlert {}

  /**
   * Someone withdrew the acknowledgement; repeats resume.
   *
   * @param alert the alert, no longer acknowledged
   * @param by who withdrew it
   * @param time when
   */
  record Unacknowledged(Alert alert, String by, Instant time) implements OfAlert {}

  /**
   * The alert resolved; sent once. Pending alerts that clear are dropped without any event.
   *
   * @param alert the alert, resolved
   * @param time when it resolved
   */
  record Resolved(Alert alert, Instant time) implements OfAlert {}

  /**
   * A summary of events this handler did not receive since the previous summary: those beyond its rate limit
   * and those that found its queue full. Sent to the handler concerned only, ignoring its filter, once its rate
   * limiter and queue allow.
   *
   * @param handler the handler's subscription name
   * @param rateLimited events not delivered because the handler's rate limit was exhausted
   * @param overflowed events not delivered because the handler's queue was full
   * @param since when the first of these events was left out
   * @param time when this summary was made
   */
  record Suppressed(String handler, long rateLimited, long overflowed, Instant since, Instant time) implements AlertEvent {}
}
