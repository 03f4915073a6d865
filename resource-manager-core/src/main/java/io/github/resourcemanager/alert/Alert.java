package io.github.resourcemanager.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable view of one alert at one moment: what the pipeline's queries return and what events carry.
 *
 * <p>An alert is one episode of a breach of one identity (the rule or event name plus labels, including the
 * agent for per-agent rules): a sustained breach is one alert, however many evaluations it lasts, and a breach
 * after the alert resolved is a new alert with a new {@link #id()}.
 *
 * <p>Timestamps come from the pipeline's {@link java.time.Clock} (the monitor's clock at the sample that caused
 * the change); durations such as {@code for} are measured with the {@link io.github.resourcemanager.Ticker}.
 */
public final class Alert {

  /**
   * Who acknowledged an alert, when and why.
   *
   * @param by who acknowledged it
   * @param comment why; may be empty
   * @param at when, from the pipeline's clock
   */
  public record Acknowledgement(String by, String comment, Instant at) {
    /** Validates the fields. */
    public Acknowledgement {
      Names.requireText("acknowledgement by", by);
      Names.requireNonNull("acknowledgement comment", comment);
      Names.requireNonNull("acknowledgement time", at);
    }
  }

  private final String id;
  private final String name;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final AlertState state;
  private final Severity severity;
  private final Severity peakSeverity;
  private final double value;
  private final Instant activeAt;
  private final Instant firedAt;
  private final Instant resolvedAt;
  private final Acknowledgement acknowledgement;
  private final boolean fromEvent;

  Alert(String id, String name, Map<String, String> labels, Map<String, String> annotations, AlertState state,
      Severity severity, Severity peakSeverity, double value, Instant activeAt, Instant firedAt, Instant resolvedAt,
      Acknowledgement acknowledgement, boolean fromEvent) {
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

  /**
   * The alert's id, unique within its pipeline for the pipeline's lifetime, e.g. {@code cpu-high#3} or
   * {@code agent-cpu-high/worker-7#12} (name, agent if any, and a sequence number). Treat it as opaque.
   */
  public String id() {
    return id;
  }

  /** The name of the rule or event alert that raised it; also its {@code alertname} label. */
  public String name() {
    return name;
  }

  /**
   * The identifying labels: {@code alertname}, {@code agent} for per-agent alerts (plus the agent's own
   * registration labels), and the rule's or event's labels. Immutable.
   */
  public Map<String, String> labels() {
    return labels;
  }

  /** The annotations, with placeholders such as {@code {{value}}} filled in as of this view. Immutable. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** The state as of this view. */
  public AlertState state() {
    return state;
  }

  /** The current severity: that of the highest threshold the value breaches. */
  public Severity severity() {
    return severity;
  }

  /** The highest severity this alert has had so far. */
  public Severity peakSeverity() {
    return peakSeverity;
  }

  /** The watched value at the latest evaluation; {@code NaN} when there was no data (or none was given). */
  public double value() {
    return value;
  }

  /** When the condition was first met for this alert (Prometheus' {@code activeAt}). */
  public Instant activeAt() {
    return activeAt;
  }

  /** When the alert went from pending to firing; empty while pending, or if it never fired. */
  public Optional<Instant> firedAt() {
    return Optional.ofNullable(firedAt);
  }

  /** When the alert resolved; empty while active. */
  public Optional<Instant> resolvedAt() {
    return Optional.ofNullable(resolvedAt);
  }

  /** The acknowledgement, if the alert is acknowledged. */
  public Optional<Acknowledgement> acknowledgement() {
    return Optional.ofNullable(acknowledgement);
  }

  /** Whether the alert is acknowledged. */
  public boolean isAcknowledged() {
    return acknowledgement != null;
  }

  /** The agent of a per-agent alert (its {@code agent} label). */
  public Optional<String> agent() {
    return Optional.ofNullable(labels.get(Names.AGENT));
  }

  /** Whether the alert was raised by {@link AlertPipeline#raise(EventAlert)} rather than by a threshold rule. */
  public boolean isFromEvent() {
    return fromEvent;
  }

  /** Whether the alert is pending or firing. */
  public boolean isActive() {
    return state != AlertState.RESOLVED;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Alert a)) {
      return false;
    }
    return id.equals(a.id) && name.equals(a.name) && labels.equals(a.labels) && annotations.equals(a.annotations)
        && state == a.state && severity == a.severity && peakSeverity == a.peakSeverity
        && Double.compare(value, a.value) == 0 && activeAt.equals(a.activeAt) && Objects.equals(firedAt, a.firedAt)
        && Objects.equals(resolvedAt, a.resolvedAt) && Objects.equals(acknowledgement, a.acknowledgement)
        && fromEvent == a.fromEvent;
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
