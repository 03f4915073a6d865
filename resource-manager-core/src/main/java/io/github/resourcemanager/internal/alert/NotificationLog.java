package io.github.resourcemanager.internal.alert;

import java.util.Arrays;

/**
 * What each handler was told about one alert episode, as Alertmanager's notification log (nflog) keeps it per
 * receiver: the handlers that were told the alert fires, the severity they were told, when they were last notified
 * and how many reminders they got. Only handlers that were told have an entry; an entry is made when a Fired,
 * SeverityChanged or Repeated event is put in the handler's queue. Guarded by the engine's lock; reading it
 * allocates nothing.
 */
final class NotificationLog {

  private HandlerQueue[] handlers = new HandlerQueue[2];
  private long[] lastNanos = new long[2];
  private int[] severities = new int[2];
  private int[] repeats = new int[2];
  private int count;
  private long earliestNanos; // the least of lastNanos[0..count), valid when count > 0

  /** Forgets every entry: a new episode starts, or the episode ended. */
  void clear() {
    Arrays.fill(handlers, 0, count, null);
    count = 0;
  }

  /** How many handlers were told. */
  int size() {
    return count;
  }

  HandlerQueue handler(int i) {
    return handlers[i];
  }

  long lastNanos(int i) {
    return lastNanos[i];
  }

  int severity(int i) {
    return severities[i];
  }

  /** The index of {@code handler}'s entry, or -1 if it was not told. */
  int indexOf(HandlerQueue handler) {
    for (int i = 0; i < count; i++) {
      if (handlers[i] == handler) {
        return i;
      }
    }
    return -1;
  }

  /** {@code handler} was told at {@code now} that the alert fires at {@code severity}. */
  void told(HandlerQueue handler, int severity, long now) {
    int i = indexOf(handler);
    if (i < 0) {
      if (count == handlers.length) {
        int n = count * 2;
        handlers = Arrays.copyOf(handlers, n);
        lastNanos = Arrays.copyOf(lastNanos, n);
        severities = Arrays.copyOf(severities, n);
        repeats = Arrays.copyOf(repeats, n);
      }
      i = count++;
      handlers[i] = handler;
      repeats[i] = 0;
    }
    severities[i] = severity;
    lastNanos[i] = now;
    updateEarliest();
  }

  /** The reminder number of the next {@code Repeated} event to entry {@code i}, counted: 1, 2, ... */
  int nextRepeat(int i) {
    return ++repeats[i];
  }

  /** Entry {@code i} was offered a reminder at {@code now} (queued or missed): its repeat interval starts again. */
  void reminded(int i, long now) {
    lastNanos[i] = now;
    updateEarliest();
  }

  /** Every handler's repeat interval starts again at {@code now} (the acknowledgement was withdrawn). */
  void restart(long now) {
    Arrays.fill(lastNanos, 0, count, now);
    earliestNanos = now;
  }

  /**
   * Whether some handler is due a reminder: strictly more than {@code repeatNanos} has passed since its last
   * notification, as Alertmanager's {@code DedupStage.needsUpdate} compares ({@code entry.Timestamp.Before(now -
   * repeat)}).
   */
  boolean repeatDue(long now, long repeatNanos) {
    return count > 0 && now - earliestNanos > repeatNanos;
  }

  /** Whether entry {@code i} is due a reminder; see {@link #repeatDue}. */
  boolean repeatDue(int i, long now, long repeatNanos) {
    return now - lastNanos[i] > repeatNanos;
  }

  private void updateEarliest() {
    long earliest = lastNanos[0];
    for (int i = 1; i < count; i++) {
      if (lastNanos[i] - earliest < 0) {
        earliest = lastNanos[i];
      }
    }
    earliestNanos = earliest;
  }
}
