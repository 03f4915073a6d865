package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An alert as it was at one moment: what queries return and events carry. Immutable. */
final class AlertSnapshot implements Alert {

  private final String id;
  private final String name;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final AlertState state;
  private final Severity severity;
  private final Severity peakSeverity;
  private final double value;
  private final Instant activeAt;
  private final @Nullable Instant firedAt; // null: not fired
  private final @Nullable Instant resolvedAt; // null: active
  private final @Nullable Acknowledgement acknowledgement; // null: not acknowledged
  private final boolean fromEvent;

  AlertSnapshot(String id, String name, Map<String, String> labels, Map<String, String> annotations, AlertState state,
      Severity severity, Severity peakSeverity, double value, Instant activeAt, @Nullable Instant firedAt, @Nullable Instant resolvedAt,
      @Nullable Acknowledgement acknowledgement, boolean fromEvent) {
    this.id = id;
    this.name = name;
    this.labels = labels;
    this.annotations = annotations;
    this.state = state;
    this.severity = severity;
    this.peakSeverity = peakSeverity;
    this.value = value;
    this.activeAt = activeAt;
    this.firedAt = firedAt;
    this.resolvedAt = resolvedAt;
    this.acknowledgement = acknowledgement;
    this.fromEvent = fromEvent;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public Map<String, String> annotations() {
    return annotations;
  }

  @Override
  public AlertState state() {
    return state;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public Severity peakSeverity() {
    return peakSeverity;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public Instant activeAt() {
    return activeAt;
  }

  @Override
  public Optional<Instant> firedAt() {
    return Optional.ofNullable(firedAt);
  }

  @Override
  public Optional<Instant> resolvedAt() {
    return Optional.ofNullable(resolvedAt);
  }

  @Override
  public Optional<Acknowledgement> acknowledgement() {
    return Optional.ofNullable(acknowledgement);
  }

  @Override
  public boolean isAcknowledged() {
    return acknowledgement != null;
  }

  @Override
  public boolean isFromEvent() {
    return fromEvent;
  }

  /** Equal to any {@link Alert} with the same properties, as {@link Alert} documents. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Alert a)) {
      return false;
    }
    return id.equals(a.id()) && name.equals(a.name()) && labels.equals(a.labels())
        && annotations.equals(a.annotations()) && state == a.state() && severity == a.severity()
        && peakSeverity == a.peakSeverity() && Double.compare(value, a.value()) == 0 && activeAt.equals(a.activeAt())
        && firedAt().equals(a.firedAt()) && resolvedAt().equals(a.resolvedAt())
        && acknowledgement().equals(a.acknowledgement()) && fromEvent == a.isFromEvent();
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, state, severity, value, activeAt, firedAt, resolvedAt, acknowledgement);
  }

  @Override
  public String toString() {
    return "Alert{" + id + " " + state + " " + severity + " value=" + Templates.formatValue(value) + " activeAt="
        + activeAt + (firedAt == null ? "" : " firedAt=" + firedAt) + (resolvedAt == null ? "" : " resolvedAt="
        + resolvedAt) + (acknowledgement == null ? "" : " acknowledgedBy=" + acknowledgement.by()) + " labels="
        + labels + "}";
  }
}
