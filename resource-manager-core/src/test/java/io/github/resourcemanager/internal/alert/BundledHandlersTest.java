package io.github.resourcemanager.internal.alert;

import static io.github.resourcemanager.internal.alert.AlertHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.test.CollectingAlertHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundledHandlersTest {

  private static Alert alert(AlertState state, Severity severity, Alert.Acknowledgement ack) {
    return new AlertSnapshot("cpu-high#1", "cpu-high", Map.of("alertname", "cpu-high"), Map.of("summary", "CPU at 85 %"), state,
        severity, Severity.CRITICAL, 85, at(0), at(5), state == AlertState.RESOLVED ? at(60) : null, ack, false);
  }

  @Test
  void loggingHandlerWritesOneLinePerEvent() {
    Alert firing = alert(AlertState.FIRING, Severity.CRITICAL, null);
    assertThat(LoggingAlertHandler.describe(new AlertEvent.Fired(firing, at(5)))).isEqualTo(
        "FIRED cpu-high#1 CRITICAL value=85 since 2026-01-01T00:00:00Z labels={alertname=cpu-high} summary=\"CPU at 85 %\"");
    assertThat(LoggingAlertHandler.describe(new AlertEvent.SeverityChanged(firing, Severity.WARNING, at(5)))).isEqualTo(
        "ESCALATED cpu-high#1 WARNING -> CRITICAL value=85 since 2026-01-01T00:00:00Z labels={alertname=cpu-high} "
            + "summary=\"CPU at 85 %\"");
    assertThat(LoggingAlertHandler.describe(new AlertEvent.Repeated(firing, 2, at(5)))).startsWith(
        "STILL FIRING (reminder 2) cpu-high#1 CRITICAL");
    Alert acked = alert(AlertState.FIRING, Severity.CRITICAL, new Alert.Acknowledgement("alice", "on it", at(7)));
    assertThat(LoggingAlertHandler.describe(new AlertEvent.Acknowledged(acked, at(7)))).isEqualTo(
        "ACKNOWLEDGED cpu-high#1 CRITICAL value=85 since 2026-01-01T00:00:00Z by alice (on it) labels={alertname=cpu-high} "
            + "summary=\"CPU at 85 %\"");
    assertThat(LoggingAlertHandler.describe(new AlertEvent.Unacknowledged(firing, "bob", at(8)))).startsWith(
        "UNACKNOWLEDGED cpu-high#1 CRITICAL value=85 since 2026-01-01T00:00:00Z by bob labels=");
    assertThat(LoggingAlertHandler.describe(new AlertEvent.Resolved(alert(AlertState.RESOLVED, Severity.WARNING, null),
        at(60)))).isEqualTo("RESOLVED cpu-high#1 WARNING value=85 since 2026-01-01T00:00:00Z resolved "
            + "2026-01-01T00:01:00Z labels={alertname=cpu-high} summary=\"CPU at 85 %\"");
  }

  @Test
  void loggingHandlerLogsEveryKindOfEventWithoutThrowing() {
    LoggingAlertHandler handler = new LoggingAlertHandler();
    for (Severity s : Severity.values()) {
      handler.handle(new AlertEvent.Fired(alert(AlertState.FIRING, s, null), at(0)));
    }
    handler.handle(new AlertEvent.Resolved(alert(AlertState.RESOLVED, Severity.INFO, null), at(0)));
    assertThat(handler.toString()).isEqualTo("LoggingAlertHandler{io.github.resourcemanager.alerts}");
    assertThat(AlertHandler.logging()).hasToString("LoggingAlertHandler{io.github.resourcemanager.alerts}");
    assertThat(AlertHandler.logging("ops.alerts")).hasToString("LoggingAlertHandler{ops.alerts}");
  }

  @Test
  void collectingHandlerKeepsTheLatestEventsUpToItsCapacity() {
    CollectingAlertHandler collected = new CollectingAlertHandler(2);
    Alert firing = alert(AlertState.FIRING, Severity.CRITICAL, null);
    AlertEvent fired = new AlertEvent.Fired(firing, at(0));
    AlertEvent repeated = new AlertEvent.Repeated(firing, 1, at(60));
    AlertEvent resolved = new AlertEvent.Resolved(alert(AlertState.RESOLVED, Severity.CRITICAL, null), at(61));
    collected.handle(fired);
    collected.handle(repeated);
    collected.handle(resolved);
    assertThat(collected.events()).containsExactly(repeated, resolved);
    assertThat(collected.evicted()).isEqualTo(1);
    assertThat(collected.events(AlertEvent.Repeated.class)).containsExactly((AlertEvent.Repeated) repeated);
    assertThat(collected.eventsOf("cpu-high#1")).containsExactly(repeated, resolved);
    collected.clear();
    assertThat(collected.size()).isZero();
    assertThatThrownBy(() -> new CollectingAlertHandler(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be at least 1, was 0");
  }
}
