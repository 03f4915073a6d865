package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.alert.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of one alert at one moment: what the pipeline's queries return and what events carry.
 *
 * <p>An alert is one episode of a breach of one identity (the rule or event name plus labels, including the
 * agent for per-agent rules): a sustained breach is one alert, however many evaluations it lasts, and a breach
 * after the alert resolved is a new alert with a new {@link #id()}.
 *
 * <p>Timestamps come from the pipeline's {@link java.time.Clock} (the monitor's clock at the sample that caused
 * the change); durations such as {@code for} are measured with the {@link io.github.resourcemanager.Ticker}. Two
 * views are equal when every property is equal.
 */
public interface Alert {

  /**
   * Who acknowledged an alert, when and why.
   *
   * @param by who acknowledged it
   * @param comment why; may be empty
   * @param at when, from the pipeline's clock
   */
  record Acknowledgement(String by, String comment, Instant at) {
    /** Validates the fields. */
    public Acknowledgement {
      Names.requireText("acknowledgement by", by);
      Names.requireNonNull("comment", comment);
      Names.requireNonNull("at", at);
    }
  }

  /**
   * The alert's id, unique within its pipeline for the pipeline's lifetime, e.g. {@code cpu-high#3} or
   * {@code agent-cpu-high/worker-7#12} (name, agent if any, and a sequence number). Treat it as opaque.
   */
  String id();

  /** The name of the rule or event alert that raised it; also its {@code alertname} label. */
  String name();

  /**
   * The identifying labels: {@code alertname}, {@code agent} for per-agent alerts (plus the agent's own
   * registration labels), and the rule's or event's labels. Immutable.
   */
  Map<String, String> labels();

  /**
   * The annotations, with placeholders such as {@code {{value}}} filled in as of this view: with {@link #value()}
   * while the alert is active, with the value at the evaluation that resolved it once resolved. Immutable.
   */
  Map<String, String> annotations();

  /** The state as of this view. */
  AlertState state();

  /** The current severity: that of the highest threshold the value breaches. */
  Severity severity();

  /** The highest severity this alert has had so far. */
  Severity peakSeverity();

  /**
   * The watched value at the latest evaluation at which the condition held, as Prometheus keeps an alert's value: an
   * alert held by {@code keepFiringFor}, and a resolved one, keep the value of their last breach. {@code NaN} when
   * none was given (event alerts).
   */
  double value();

  /** When the condition was first met for this alert (Prometheus' {@code activeAt}). */
  Instant activeAt();

  /** When the alert went from pending to firing; empty while pending, or if it never fired. */
  Optional<Instant> firedAt();

  /** When the alert resolved; empty while active. */
  Optional<Instant> resolvedAt();

  /** The acknowledgement, if the alert is acknowledged. */
  Optional<Acknowledgement> acknowledgement();

  /** Whether the alert is acknowledged. */
  default boolean isAcknowledged() {
    return acknowledgement().isPresent();
  }

  /** The agent of a per-agent alert (its {@code agent} label). */
  default Optional<String> agent() {
    return Optional.ofNullable(labels().get(Names.AGENT));
  }

  /** Whether the alert was raised by {@link AlertPipeline#raise(EventAlert)} rather than by a threshold rule. */
  boolean isFromEvent();

  /** Whether the alert is pending or firing. */
  default boolean isActive() {
    return state() != AlertState.RESOLVED;
  }
}
