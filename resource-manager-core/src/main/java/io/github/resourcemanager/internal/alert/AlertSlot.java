package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.EventAlert;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one alert identity: a rule (plus agent) or an event alert identity. Holds the
 * Prometheus state machine; {@link #step} runs it for one evaluation and returns what changed as flags, so
 * that an evaluation without a change allocates nothing. Guarded by the engine's lock.
 */
final class AlertSlot {

  static final int INACTIVE = 0;
  static final int PENDING = 1;
  static final int FIRING = 2;
  static final int RESOLVED = 3;

  static final int STARTED = 1;
  static final int FIRED = 2;
  static final int SEVERITY_CHANGED = 4;
  static final int DUE = 8; // firing, unchanged, and some handler may be due a notification
  static final int RESOLVED_NOW = 16;
  static final int DROPPED = 32;

  static final long NONE = Long.MIN_VALUE;

  final @Nullable CompiledRule rule; // null for event alerts
  final String name;
  final @Nullable String agent; // null unless the alert concerns one agent
  final Map<String, String> labels;
  // What {{$labels.NAME}} reads: the labels of the watched series, as in Prometheus (the agent and its registration
  // labels for a per-agent rule, none for a machine-level one), not the rule's labels or alertname.
  final Map<String, String> seriesLabels;
  final @Nullable String identity; // event alerts only

  // Event alerts only.
  Map<String, String> eventAnnotations = Map.of();
  long resolveAfterNanos;
  long lastRaisedNanos;

  int state = INACTIVE;
  String id = ""; // "" until the alert book numbers the episode
  int severity;
  int peakSeverity;
  int previousSeverity;
  double value = Double.NaN; // at the last evaluation at which the condition held, as Prometheus keeps Alert.Value
  double resolvedValue = Double.NaN; // at the evaluation that resolved the alert, for its annotations
  long activeAtNanos;
  long activeAtMillis;
  long firedAtMillis = NONE;
  long resolvedAtMillis = NONE;
  boolean keepFiring;
  long keepFiringSinceNanos;
  final NotificationLog notified = new NotificationLog();
  // A notification of this episode was muted by a silence: at each evaluation until one is not muted, the handlers
  // are brought up to date (see AlertEngine.notifyDue).
  boolean owed;
  boolean acknowledged;
  @Nullable String acknowledgedBy;
  @Nullable String acknowledgeComment;
  long acknowledgedAtMillis;
  long seenMark;

  /** A slot of a threshold rule. */
  AlertSlot(CompiledRule rule, @Nullable String agent, Map<String, String> labels, Map<String, String> seriesLabels) {
    this.rule = rule;
    this.name = rule.name;
    this.agent = agent;
    this.labels = labels;
    this.seriesLabels = seriesLabels;
    this.identity = null;
  }

  /** A slot of an event alert identity. */
  AlertSlot(EventAlert event, String identity, Map<String, String> labels) {
    this.rule = null;
    this.name = event.name();
    this.agent = labels.get(Names.AGENT);
    this.labels = labels;
    this.seriesLabels = labels;
    this.identity = identity;
  }

  /** Starts a new alert episode: fresh timestamps, no acknowledgement, no repeats. */
  void begin(int initialState, int severity, long now, long millis) {
    this.state = initialState;
    this.severity = severity;
    this.peakSeverity = severity;
    this.activeAtNanos = now;
    this.activeAtMillis = millis;
    this.firedAtMillis = NONE;
    this.resolvedAtMillis = NONE;
    this.keepFiring = false;
    this.resolvedValue = Double.NaN;
    this.notified.clear();
    this.owed = false;
    this.acknowledged = false;
    this.acknowledgedBy = null;
    this.acknowledgeComment = null;
    this.id = "";
  }

  /**
   * One evaluation of this slot of threshold rule {@code r} with the watched value {@code v} (NaN: no data), following
   * Prometheus' {@code AlertingRule.Eval}: the value is updated only while the condition holds (an alert held by
   * keepFiringFor, and a resolved one, keep the value of the last evaluation at which it held).
   */
  int step(CompiledRule r, double v, long now, long millis, long repeatNanos) {
    int s = state == FIRING && r.hasClearThreshold ? r.severityHeld(v) : r.severityOf(v);
    int flags = 0;
    if (s >= 0) {
      value = v;
      keepFiring = false;
      if (state == INACTIVE) {
        begin(PENDING, s, now, millis);
        flags = STARTED;
      } else if (s != severity) {
        if (state == FIRING) {
          previousSeverity = severity;
          flags |= SEVERITY_CHANGED;
        }
        severity = s;
        if (s > peakSeverity) {
          peakSeverity = s;
        }
      }
      if (state == PENDING && now - activeAtNanos >= r.forNanos) {
        state = FIRING;
        firedAtMillis = millis;
        flags |= FIRED;
      }
    } else {
      if (state == INACTIVE) {
        return 0;
      }
      if (state == PENDING) {
        state = INACTIVE; // a pending alert is never kept by keepFiringFor, and never notified
        return DROPPED;
      }
      long keep = r.keepFiringForNanos;
      if (!keepFiring) {
        keepFiring = true;
        keepFiringSinceNanos = now;
      }
      if (now - keepFiringSinceNanos >= keep) {
        resolvedValue = v;
        return resolve(millis);
      }
    }
    return flags | dueIfAny(flags, now, repeatNanos);
  }

  /** One evaluation of an event alert's slot: resolves it once {@code resolveAfter} has passed since the last raise. */
  int stepEvent(long now, long millis, long repeatNanos) {
    if (state != FIRING) {
      return 0;
    }
    if (resolveAfterNanos > 0 && now - lastRaisedNanos >= resolveAfterNanos) {
      return resolve(millis);
    }
    return dueIfAny(0, now, repeatNanos);
  }

  /**
   * {@link #DUE} when a firing alert that did not change may owe its handlers a notification: one muted by a
   * silence, or a reminder (unless acknowledged). Which handler gets what is decided per handler.
   */
  private int dueIfAny(int flags, long now, long repeatNanos) {
    if (state == FIRING && flags == 0 && (owed || (!acknowledged && notified.repeatDue(now, repeatNanos)))) {
      return DUE;
    }
    return 0;
  }

  int resolve(long millis) {
    state = RESOLVED;
    resolvedAtMillis = millis;
    keepFiring = false;
    return RESOLVED_NOW;
  }
}
