package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationEvent;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import io.github.resourcemanager.internal.Faults;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events decided under the pool's lock, delivered to the listeners after it is released, in the order they
 * happened: one thread delivers at a time, and a thread that finds another delivering leaves its events to it.
 */
final class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final Clock clock;
  private final ConcurrentLinkedQueue<AllocationEvent> events = new ConcurrentLinkedQueue<>();
  private final ReentrantLock dispatchLock = new ReentrantLock();
  private final CopyOnWriteArrayList<Consumer<AllocationEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile AtomicLong failures = new AtomicLong();
  private boolean failing; // under dispatchLock: whether the last delivery had a failure, to log once per run

  Outbox(Clock clock) {
    this.clock = clock;
  }

  /** Queues an event, dated now by the pool's clock. */
  void emit(AllocationEvent.Type type, @Nullable String agentId, @Nullable String project, String message) {
    events.add(new AllocationEvent(type, clock.instant(), agentId, project, message));
  }

  void addListener(Consumer<AllocationEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Consumer<AllocationEvent> listener) {
    listeners.remove(listener);
  }

  /** Forgets the events queued so far (those of the pool's creation, before anyone could listen). */
  void clear() {
    events.clear();
  }

  /** Counts listener failures in {@code counter} (shared with the monitor) instead of a counter of its own. */
  void countFailuresIn(AtomicLong counter) {
    failures = counter;
  }

  /**
   * Delivers the queued events to every listener; call without holding the pool's lock. A listener that throws
   * (anything but a fatal JVM error) is counted and logged once per run of failures; the others still receive the
   * event.
   */
  void deliver() {
    while (!events.isEmpty()) {
      if (!dispatchLock.tryLock()) {
        return; // the thread holding it delivers what we queued
      }
      try {
        AllocationEvent event;
        while ((event = events.poll()) != null) {
          boolean failed = false;
          for (Consumer<AllocationEvent> l : listeners) {
            try {
              l.accept(event);
            } catch (Throwable e) {
              failed = true;
              failures.incrementAndGet();
              if (!failing) {
                failing = true;
                log.warn("allocation listener {} failed on {}; the other listeners still receive it (further failures "
                    + "are logged at debug until the listeners succeed again)", l, event, e);
              } else {
                log.debug("allocation listener {} failed on {}", l, event, e);
              }
              Faults.rethrowIfFatal(e);
            }
          }
          if (!failed && failing) {
            failing = false;
            log.info("allocation listeners succeed again");
          }
        }
      } finally {
        dispatchLock.unlock();
      }
    }
  }
}
