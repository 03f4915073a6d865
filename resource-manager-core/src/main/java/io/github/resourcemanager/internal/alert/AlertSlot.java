package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.EventAlert;
import java.util.Map;

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
  static final int REPEAT = 8;
  static final int RESOLVED_NOW = 16;
  static final int DROPPED = 32;

  static final long NONE = Long.MIN_VALUE;

  final CompiledRule rule; // null for event alerts
  final String name;
  final String agent; // null unless the alert concerns one agent
  final Map<String, String> labels;
  final String identity; // event alerts only

  // Event alerts only.
  Map<String, String> eventAnnotations;
  long resolveAfterNanos;
  long lastRaisedNanos;

  int state = INACTIVE;
  String id;
  int severity;
  int peakSeverity;
  int previousSeverity;
  double value = Double.NaN;
  long activeAtNanos;
  long activeAtMillis;
  long firedAtMillis = NONE;
  long resolvedAtMillis = NONE;
  boolean keepFiring;
  long keepFiringSinceNanos;
  long lastNotifiedNanos;
  int repeats;
  boolean acknowledged;
  String acknowledgedBy;
  String acknowledgeComment;
  long acknowledgedAtMillis;
  long seenMark;

  /** A slot of a threshold rule. */
  AlertSlot(CompiledRule rule, String agent, Map<String, String> labels) {
    this.rule = rule;
    this.name = rule.name;
    this.agent = agent;
    this.labels = labels;
    this.identity = null;
  }

  /** A slot of an event alert identity. */
  AlertSlot(EventAlert event, String identity, Map<String, String> labels) {
    this.rule = null;
    this.name = event.name();
    this.agent = labels.get(Names.AGENT);
    this.labels = labels;
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
    this.repeats = 0;
    this.acknowledged = false;
    this.acknowledgedBy = null;
    this.acknowledgeComment = null;
    this.id = null;
  }

  /**
   * One evaluation of a threshold rule's slot with the watched value {@code v} (NaN: no data), following
   * Prometheus' {@code AlertingRule.Eval}.
   */
  int step(double v, long now, long millis, long repeatNanos) {
    CompiledRule r = rule;
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
          lastNotifiedNanos = now;
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
        lastNotifiedNanos = now;
        flags |= FIRED;
      }
    } else {
      if (state == INACTIVE) {
        return 0;
      }
      value = v;
      if (state == PENDING) {
        state = INACTIVE; // a pending alert is never kept by keepFiringFor, and never notified
        return DROPPED;
      }
      long keep = r.keepFiringForNanos;
      if (keep == 0) {
        return resolve(millis);
      }
      if (!keepFiring) {
        keepFiring = true;
        keepFiringSinceNanos = now;
      }
      if (now - keepFiringSinceNanos >= keep) {
        return resolve(millis);
      }
    }
    return flags | repeatIfDue(flags, now, repeatNanos);
  }

  /** One evaluation of an event alert's slot: resolves it once {@code resolveAfter} has passed since the last raise. */
  int stepEvent(long now, long millis, long repeatNanos) {
    if (state != FIRING) {
      return 0;
    }
    if (resolveAfterNanos > 0 && now - lastRaisedNanos >= resolveAfterNanos) {
      return resolve(millis);
    }
    return repeatIfDue(0, now, repeatNanos);
  }

  private int repeatIfDue(int flags, long now, long repeatNanos) {
    if (state == FIRING && flags == 0 && !acknowledged && now - lastNotifiedNanos >= repeatNanos) {
      lastNotifiedNanos = now;
      repeats++;
      return REPEAT;
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
