package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every event through SLF4J, one line each: fired, repeated and severity-changed events at a level that
 * follows the severity (INFO at info, WARNING at warn, CRITICAL and EMERGENCY at error), resolutions and
 * acknowledgements at info. Users reach it through {@link AlertHandler#logging()}.
 *
 * <pre>
 * FIRED cpu-high#1 CRITICAL value=85 since 2026-01-01T00:00:00Z labels={alertname=cpu-high} summary="CPU usage 85 % (CRITICAL, firing)"
 * </pre>
 *
 * Thread-safe.
 */
public final class LoggingAlertHandler implements AlertHandler {

  /** The default logger name. */
  public static final String DEFAULT_LOGGER = "io.github.resourcemanager.alerts";

  private final Logger logger;

  /** Logs to the logger {@value #DEFAULT_LOGGER}. */
  public LoggingAlertHandler() {
    this(DEFAULT_LOGGER);
  }

  /** Logs to the logger of this name. */
  public LoggingAlertHandler(String loggerName) {
    this.logger = LoggerFactory.getLogger(Names.requireText("loggerName", loggerName));
  }

  @Override
  public void handle(AlertEvent event) {
    String line = describe(event);
    if (event instanceof AlertEvent.Fired || event instanceof AlertEvent.Repeated
        || event instanceof AlertEvent.SeverityChanged) {
      switch (event.alert().severity()) {
        case INFO -> logger.info(line);
        case WARNING -> logger.warn(line);
        case CRITICAL, EMERGENCY -> logger.error(line);
      }
    } else {
      logger.info(line);
    }
  }

  /** The line logged for {@code event}. */
  static String describe(AlertEvent e) {
    Alert a = e.alert();
    StringBuilder sb = new StringBuilder();
    if (e instanceof AlertEvent.Fired) {
      sb.append("FIRED ");
    } else if (e instanceof AlertEvent.SeverityChanged c) {
      sb.append(c.previous().compareTo(a.severity()) < 0 ? "ESCALATED " : "DEESCALATED ");
    } else if (e instanceof AlertEvent.Repeated r) {
      sb.append("STILL FIRING (reminder ").append(r.repeat()).append(") ");
    } else if (e instanceof AlertEvent.Acknowledged) {
      sb.append("ACKNOWLEDGED ");
    } else if (e instanceof AlertEvent.Unacknowledged) {
      sb.append("UNACKNOWLEDGED ");
    } else {
      sb.append("RESOLVED ");
    }
    sb.append(a.id()).append(' ');
    if (e instanceof AlertEvent.SeverityChanged c) {
      sb.append(c.previous()).append(" -> ");
    }
    sb.append(a.severity()).append(" value=").append(Templates.formatValue(a.value()))
        .append(" since ").append(a.activeAt());
    a.resolvedAt().ifPresent(t -> sb.append(" resolved ").append(t));
    a.acknowledgement().ifPresent(ack -> sb.append(" by ").append(ack.by())
        .append(ack.comment().isEmpty() ? "" : " (" + ack.comment() + ")"));
    if (e instanceof AlertEvent.Unacknowledged u) {
      sb.append(" by ").append(u.by());
    }
    sb.append(" labels=").append(a.labels());
    for (Map.Entry<String, String> annotation : a.annotations().entrySet()) {
      sb.append(' ').append(annotation.getKey()).append("=\"").append(annotation.getValue()).append('"');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LoggingAlertHandler{" + logger.getName() + "}";
  }
}
