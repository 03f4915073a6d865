package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.alert.LoggingAlertHandler;

/**
 * Receives the events of an {@link AlertPipeline}: fired, severity changed, repeated, acknowledged,
 * unacknowledged and resolved.
 *
 * <p>A handler is called on the pipeline's handler threads (or the executor given to
 * {@code ResourceManager.Builder.alertHandlerExecutor}), never on the sampling thread, one event at a time and in
 * order. Each handler has its own bounded queue and rate limiter, so a handler that is slow, blocks or throws
 * affects neither the other handlers nor sampling; what it throws is counted and logged.
 */
@FunctionalInterface
public interface AlertHandler {

  /**
   * Handles one event.
   *
   * @throws Exception if handling fails; the pipeline counts and logs it and goes on with the next event
   */
  void handle(AlertEvent event) throws Exception;

  /**
   * A handler that logs every event through SLF4J to the logger {@code io.github.resourcemanager.alerts}, one line
   * each: fired, repeated and severity-changed events at a level that follows the severity (INFO at info, WARNING
   * at warn, CRITICAL and EMERGENCY at error), resolutions and acknowledgements at info.
   *
   * <pre>
   * FIRED cpu-high#1 CRITICAL value=85 since 2026-01-01T00:00:00Z labels={alertname=cpu-high} summary="CPU usage 85 % (CRITICAL, firing)"
   * </pre>
   */
  static AlertHandler logging() {
    return new LoggingAlertHandler();
  }

  /**
   * A handler that logs every event as {@link #logging()} does, to the logger named {@code loggerName}.
   *
   * @throws IllegalArgumentException if {@code loggerName} is blank
   */
  static AlertHandler logging(String loggerName) {
    return new LoggingAlertHandler(loggerName);
  }
}
