package io.github.resourcemanager.alert;

/**
 * Receives the events of an {@link AlertPipeline}: fired, severity changed, repeated, acknowledged,
 * unacknowledged, resolved, and summaries of events it missed ({@link AlertEvent.Suppressed}).
 *
 * <p>A handler is called on the pipeline's handler threads, never on the sampling thread, one event at a time
 * and in order. Each handler has its own bounded queue and rate limiter, so a handler that is slow, blocks or
 * throws affects neither the other handlers nor sampling; what it throws is counted and logged.
 */
@FunctionalInterface
public interface AlertHandler {

  /**
   * Handles one event.
   *
   * @throws Exception if handling fails; the pipeline counts and logs it and goes on with the next event
   */
  void handle(AlertEvent event) throws Exception;
}
