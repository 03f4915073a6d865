package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.Durations;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record of alerts: the active ones by id, the resolved ones kept for a while, the ids they get, and the
 * snapshots queries and events carry. Guarded by the engine's lock.
 */
final class AlertBook {

  private static final Severity[] SEVERITIES = Severity.values();

  private final Map<String, AlertSlot> activeById = new LinkedHashMap<>(); // insertion order = alert number order
  private final ArrayDeque<ResolvedAlert> resolved = new ArrayDeque<>(); // oldest first
  private final int historySize;
  private final long retentionNanos;
  private long alertNumber;

  private record ResolvedAlert(Alert alert, long resolvedNanos) {}

  AlertBook(int historySize, long retentionNanos) {
    this.historySize = historySize;
    this.retentionNanos = retentionNanos;
  }

  /** A new alert episode of {@code slot} started: it gets the next id, e.g. {@code cpu-high#3}, and is active. */
  void open(AlertSlot slot) {
    long number = ++alertNumber;
    slot.id = slot.name + (slot.agent == null ? "" : "/" + slot.agent) + "#" + number;
    activeById.put(slot.id, slot);
  }

  /** A pending alert was dropped without ever firing: it is forgotten. */
  void drop(AlertSlot slot) {
    activeById.remove(slot.id);
  }

  /** {@code slot}'s alert resolved: it leaves the active ones and joins the resolved history. */
  Alert close(AlertSlot slot, long now) {
    Alert alert = snapshot(slot);
    activeById.remove(slot.id);
    slot.state = AlertSlot.INACTIVE;
    if (historySize > 0) {
      if (resolved.size() == historySize) {
        resolved.pollFirst();
      }
      resolved.addLast(new ResolvedAlert(alert, now));
    }
    return alert;
  }

  /** Forgets resolved alerts older than the retention. */
  void prune(long now) {
    ResolvedAlert oldest;
    while ((oldest = resolved.peekFirst()) != null && now - oldest.resolvedNanos > retentionNanos) {
      resolved.pollFirst();
    }
  }

  /**
   * The alert of {@code s} as it is now. Its value is that of the last evaluation at which the condition held; its
   * annotations are expanded with it, except a resolved alert's, which say the value at resolution.
   */
  Alert snapshot(AlertSlot s) {
    AlertState state = s.state == AlertSlot.PENDING ? AlertState.PENDING
        : s.state == AlertSlot.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
    Severity severity = SEVERITIES[s.severity];
    Map<String, String> annotations = s.rule == null ? s.eventAnnotations
        : Templates.expand(s.rule.rule.annotations(), new Templates.Values(
            state == AlertState.RESOLVED ? s.resolvedValue : s.value, s.rule.unit, s.rule.input, s.agent, severity,
            state, s.seriesLabels));
    String by = s.acknowledgedBy; // set together with acknowledged
    String comment = s.acknowledgeComment;
    Alert.Acknowledgement ack = s.acknowledged && by != null && comment != null
        ? new Alert.Acknowledgement(by, comment, Instant.ofEpochMilli(s.acknowledgedAtMillis))
        : null;
    return new AlertSnapshot(s.id, s.name, s.labels, annotations, state, severity, SEVERITIES[s.peakSeverity], s.value,
        Instant.ofEpochMilli(s.activeAtMillis), s.firedAtMillis == AlertSlot.NONE ? null : Instant.ofEpochMilli(s.firedAtMillis),
        s.resolvedAtMillis == AlertSlot.NONE ? null : Instant.ofEpochMilli(s.resolvedAtMillis), ack, s.rule == null);
  }

  /** How many alerts are active. */
  int activeCount() {
    return activeById.size();
  }

  /** The active alerts, oldest first. */
  List<Alert> active() {
    List<Alert> out = new ArrayList<>(activeById.size());
    for (AlertSlot slot : activeById.values()) {
      out.add(snapshot(slot));
    }
    return Collections.unmodifiableList(out);
  }

  /** The active alerts of this severity, oldest first. */
  List<Alert> active(Severity severity) {
    List<Alert> out = new ArrayList<>();
    for (AlertSlot slot : activeById.values()) {
      if (slot.severity == SeverityIndex.of(severity)) {
        out.add(snapshot(slot));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The resolved alerts kept at {@code now}, most recently resolved first. */
  List<Alert> resolved(long now) {
    prune(now);
    List<Alert> out = new ArrayList<>(resolved.size());
    for (Iterator<ResolvedAlert> it = resolved.descendingIterator(); it.hasNext(); ) {
      out.add(it.next().alert);
    }
    return Collections.unmodifiableList(out);
  }

  /** The active or kept resolved alert with this id. */
  Optional<Alert> find(String alertId, long now) {
    AlertSlot slot = alertId == null ? null : activeById.get(alertId);
    if (slot != null) {
      return Optional.of(snapshot(slot));
    }
    prune(now);
    for (ResolvedAlert r : resolved) {
      if (r.alert.id().equals(alertId)) {
        return Optional.of(r.alert);
      }
    }
    return Optional.empty();
  }

  /**
   * The slot of the active alert with this id, for acting on it.
   *
   * @param verb what the caller does, for the message: "acknowledged", "resolved", ...
   * @throws IllegalArgumentException if no active alert has this id (naming the active ones)
   * @throws IllegalStateException if the alert has resolved
   */
  AlertSlot requireActive(String alertId, String verb) {
    Names.requireText("alertId", alertId);
    AlertSlot slot = activeById.get(alertId);
    if (slot != null) {
      return slot;
    }
    for (ResolvedAlert r : resolved) {
      if (r.alert.id().equals(alertId)) {
        throw new IllegalStateException("alert " + Names.quote(alertId) + " resolved at " + r.alert.resolvedAt().orElseThrow()
            + "; only pending or firing alerts can be " + verb);
      }
    }
    List<String> ids = new ArrayList<>();
    for (String id : activeById.keySet()) {
      if (ids.size() == 10) {
        ids.add("...");
        break;
      }
      ids.add(id);
    }
    throw new IllegalArgumentException("alertId " + Names.quote(alertId) + " is not the id of an active alert; active "
        + "alerts: " + ids + " (resolved alerts are kept for " + Durations.format(retentionNanos) + ")");
  }
}
