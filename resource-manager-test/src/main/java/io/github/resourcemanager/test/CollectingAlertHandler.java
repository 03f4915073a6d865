package io.github.resourcemanager.test;

import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An alert handler for tests: keeps the events it receives, up to a capacity (the oldest are evicted beyond it), for
 * assertions. Wait for the events published so far with {@code rm.alerts().awaitDelivered(timeout)} before reading.
 *
 * <pre>{@code
 * CollectingAlertHandler collected = new CollectingAlertHandler();
 * rm.alerts().subscribe(collected);
 * ...
 * assertThat(rm.alerts().awaitDelivered(Duration.ofSeconds(10))).isTrue();
 * List<AlertEvent.Fired> fired = collected.events(AlertEvent.Fired.class);
 * }</pre>
 *
 * Thread-safe.
 */
public final class CollectingAlertHandler implements AlertHandler {

  /** Default capacity: 10,000 events. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final ArrayDeque<AlertEvent> events = new ArrayDeque<>();
  private long evicted;

  /** A handler keeping the latest 10,000 events. */
  public CollectingAlertHandler() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A handler keeping the latest {@code capacity} events.
   *
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  public CollectingAlertHandler(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void handle(AlertEvent event) {
    Objects.requireNonNull(event, "event");
    if (events.size() == capacity) {
      events.pollFirst();
      evicted++;
    }
    events.addLast(event);
  }

  /** The events kept, oldest first. */
  public synchronized List<AlertEvent> events() {
    return List.copyOf(events);
  }

  /** The events kept of this type, oldest first, e.g. {@code events(AlertEvent.Fired.class)}. */
  public synchronized <T extends AlertEvent> List<T> events(Class<T> type) {
    Objects.requireNonNull(type, "type");
    List<T> out = new ArrayList<>();
    for (AlertEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return List.copyOf(out);
  }

  /** The events kept about the alert with this id, oldest first. */
  public synchronized List<AlertEvent> eventsOf(String alertId) {
    Objects.requireNonNull(alertId, "alertId");
    List<AlertEvent> out = new ArrayList<>();
    for (AlertEvent e : events) {
      if (e.alert().id().equals(alertId)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** How many events are kept. */
  public synchronized int size() {
    return events.size();
  }

  /** How many events were evicted because the capacity was reached. */
  public synchronized long evicted() {
    return evicted;
  }

  /** Forgets every event kept (the eviction count stays). */
  public synchronized void clear() {
    events.clear();
  }

  @Override
  public String toString() {
    return "CollectingAlertHandler{" + size() + " events}";
  }
}
