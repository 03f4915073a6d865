package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.EventAlert;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Alerts raised by code: one per identity (name plus labels), firing at once, updated when raised again while
 * active, resolved explicitly or by themselves {@code resolveAfter} after their last raise (checked on every
 * sample). What changes goes to the engine's {@link SlotChanges}. Guarded by the engine's lock.
 */
final class EventAlerts {

  private final Map<String, AlertSlot> byIdentity = new HashMap<>();
  private final ArrayList<AlertSlot> slots = new ArrayList<>();
  private final RuleEvaluation rules;
  private final int max;
  private final long repeatNanos;
  private final SlotChanges changes;

  EventAlerts(RuleEvaluation rules, int max, long repeatNanos, SlotChanges changes) {
    this.rules = rules;
    this.max = max;
    this.repeatNanos = repeatNanos;
    this.changes = changes;
  }

  /** Identity: the name and the labels, whatever their order. */
  private static String identity(EventAlert event) {
    return event.name() + new TreeMap<>(event.labels());
  }

  /**
   * Raises {@code event}: starts a firing alert for a new identity, or updates the active one (a severity change
   * is notified) and restarts its resolve-after countdown.
   *
   * @return the slot of the event's alert
   * @throws IllegalArgumentException if a threshold rule has the event's name
   * @throws IllegalStateException if a new identity would exceed {@code maxEventAlerts}
   */
  AlertSlot raise(EventAlert event, long now, long millis) {
    if (rules.hasRule(event.name())) {
      throw new IllegalArgumentException("event alert name " + Names.quote(event.name()) + " is the name of a "
          + "threshold rule of this pipeline; give event alerts names of their own");
    }
    String identity = identity(event);
    AlertSlot slot = byIdentity.get(identity);
    int severity = SeverityIndex.of(event.severity());
    if (slot == null) {
      if (slots.size() >= max) {
        throw new IllegalStateException("event alert limit reached: " + slots.size() + " event alerts are active "
            + "(maxEventAlerts); resolve some or raise the limit before raising " + event);
      }
      Map<String, String> labels = new LinkedHashMap<>(event.labels());
      labels.put(Names.ALERTNAME, event.name());
      slot = new AlertSlot(event, identity, Collections.unmodifiableMap(labels));
      slot.begin(AlertSlot.FIRING, severity, now, millis);
      slot.firedAtMillis = millis;
      update(slot, event, now);
      byIdentity.put(identity, slot);
      slots.add(slot);
      changes.changed(slot, AlertSlot.STARTED | AlertSlot.FIRED, now, millis);
    } else {
      update(slot, event, now);
      if (severity != slot.severity) {
        slot.previousSeverity = slot.severity;
        slot.severity = severity;
        slot.peakSeverity = Math.max(slot.peakSeverity, severity);
        changes.changed(slot, AlertSlot.SEVERITY_CHANGED, now, millis);
      }
    }
    return slot;
  }

  private static void update(AlertSlot slot, EventAlert event, long now) {
    slot.value = event.value();
    slot.eventAnnotations = event.annotations();
    slot.resolveAfterNanos = event.resolveAfter().toNanos(); // within range: the event validated it
    slot.lastRaisedNanos = now;
  }

  /** The slot of the active alert of {@code event}'s identity, or null. */
  @Nullable AlertSlot active(EventAlert event) {
    return byIdentity.get(identity(event));
  }

  /** Resolves the active event alert of {@code slot} now. */
  void resolve(AlertSlot slot, long now, long millis) {
    changes.changed(slot, slot.resolve(millis), now, millis);
    byIdentity.remove(slot.identity);
    slots.remove(slot);
  }

  /** On each sample: resolves the alerts due, repeats the others as due. */
  void step(long now, long millis) {
    for (int i = slots.size() - 1; i >= 0; i--) {
      AlertSlot slot = slots.get(i);
      int flags = slot.stepEvent(now, millis, repeatNanos);
      if (flags != 0) {
        changes.changed(slot, flags, now, millis);
        if ((flags & AlertSlot.RESOLVED_NOW) != 0) {
          byIdentity.remove(slot.identity);
          // Swap-remove: the last element was already stepped (the loop runs backwards), and order is irrelevant.
          int last = slots.size() - 1;
          slots.set(i, slots.get(last));
          slots.remove(last);
        }
      }
    }
  }
}
