package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.internal.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notification: the subscribed handlers, each with its {@link HandlerQueue}, events passed to the queues as each
 * alert's {@link NotificationLog} says (as Alertmanager's notification log does per receiver), the handler threads,
 * waiting for deliveries, and closing. Subscribing, unsubscribing and publishing happen with the
 * engine's lock held; statistics, waiting and closing do not need it.
 */
final class Notifier {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);
  private static final Severity[] SEVERITIES = Severity.values();

  private final Ticker ticker;
  private final int maxHandlers;
  private final long closeTimeoutNanos;
  private final HandlerThreads threads;
  private final AlertBook book;
  private final long repeatNanos;
  private final DeliveryProgress progress = new DeliveryProgress();
  private volatile HandlerQueue[] queues = new HandlerQueue[0];
  // The handlers' names, replaced with the queues (under the engine's lock) so that reading them allocates nothing.
  private volatile List<String> names = List.of();
  // Unsubscribed handlers with events still to deliver: waited for by awaitDelivered and close.
  private final Set<HandlerQueue> leaving = ConcurrentHashMap.newKeySet();
  private int handlerNumber;

  Notifier(Ticker ticker, int maxHandlers, long closeTimeoutNanos, HandlerThreads threads, AlertBook book,
      long repeatNanos) {
    this.ticker = ticker;
    this.maxHandlers = maxHandlers;
    this.closeTimeoutNanos = closeTimeoutNanos;
    this.threads = threads;
    this.book = book;
    this.repeatNanos = repeatNanos;
  }

  /**
   * Subscribes a handler under the options' name or the next free {@code handler-N}.
   *
   * @return its name
   */
  String subscribe(AlertHandler handler, HandlerOptions options) {
    HandlerQueue[] current = queues;
    if (current.length >= maxHandlers) {
      throw new IllegalStateException("the pipeline already has " + current.length + " handlers, its maxAlertHandlers; "
          + "unsubscribe one or raise maxAlertHandlers");
    }
    String name = options.name().orElse(null);
    if (name == null) {
      do {
        name = "handler-" + ++handlerNumber;
      } while (hasHandlerNamed(current, name));
    } else if (hasHandlerNamed(current, name)) {
      throw new IllegalArgumentException("handler name " + Names.quote(name) + " is taken; handler names must be unique");
    }
    HandlerQueue[] more = Arrays.copyOf(current, current.length + 1);
    more[current.length] = new HandlerQueue(name, handler, options, ticker, threads, progress);
    setQueues(more);
    return name;
  }

  private void setQueues(HandlerQueue[] replacement) {
    String[] replacementNames = new String[replacement.length];
    for (int i = 0; i < replacement.length; i++) {
      replacementNames[i] = replacement[i].name;
    }
    queues = replacement;
    names = List.of(replacementNames);
  }

  /** The subscribed handlers' names, in subscription order; the same immutable list until the handlers change. */
  List<String> names() {
    return names;
  }

  private static boolean hasHandlerNamed(HandlerQueue[] queues, String name) {
    for (HandlerQueue q : queues) {
      if (q.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Unsubscribes the earliest subscription of {@code handler}; its queued events are still delivered. */
  boolean unsubscribe(AlertHandler handler) {
    HandlerQueue[] current = queues;
    for (int i = 0; i < current.length; i++) {
      if (current[i].handler.equals(handler)) {
        HandlerQueue leaver = current[i];
        HandlerQueue[] fewer = new HandlerQueue[current.length - 1];
        System.arraycopy(current, 0, fewer, 0, i);
        System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
        setQueues(fewer);
        leaver.cancel();
        if (leaver.handled() < leaver.enqueued()) {
          leaving.add(leaver);
        }
        return true;
      }
    }
    return false;
  }

  /** Passes {@code event} to every handler's queue. Never blocks. */
  void publish(AlertEvent event, long nowNanos, long epochMillis) {
    HandlerQueue[] current = queues;
    for (int i = 0; i < current.length; i++) {
      current[i].offer(event, nowNanos, epochMillis);
    }
  }

  // ---------------------------------------------------------------- the notification log (engine lock held)

  /**
   * A change of a firing alert ({@code Fired}, {@code SeverityChanged}): offered to every handler; each handler that
   * queues it is told, at the alert's severity, and its repeat interval starts.
   */
  void notifyChange(AlertSlot slot, AlertEvent event, long nowNanos, long epochMillis) {
    HandlerQueue[] current = queues;
    for (HandlerQueue q : current) {
      if (q.offer(event, nowNanos, epochMillis)) {
        slot.notified.told(q, slot.severity, nowNanos);
      }
    }
  }

  /**
   * A resolution, sent only to the handlers that were told the alert fires (Alertmanager's
   * {@code DedupStage.needsUpdate}: with no firing alert left, a receiver is notified only if its last notification
   * had firing alerts).
   */
  void notifyResolved(AlertSlot slot, AlertEvent.Resolved event, long nowNanos, long epochMillis) {
    NotificationLog log = slot.notified;
    for (int i = 0; i < log.size(); i++) {
      log.handler(i).offer(event, nowNanos, epochMillis); // an unsubscribed handler's queue takes nothing
    }
  }

  /**
   * What a firing alert that did not change owes each handler now. Reminders go to the handlers that were told and
   * whose last notification is more than a repeat interval ago, unless the alert is acknowledged; a reminder that
   * is not queued (rate limit, full queue) counts as sent, since missed events are not delivered later. If
   * {@code owed} (a silence muted a notification of this alert, and has ended), a handler that was never told gets
   * {@code Fired}, and one told another severity gets {@code SeverityChanged} from that severity.
   */
  void notifyDue(AlertSlot slot, boolean owed, long nowNanos, long epochMillis, Instant time) {
    NotificationLog log = slot.notified;
    Alert alert = null;
    if (owed) {
      AlertEvent.Fired first = null;
      for (HandlerQueue q : queues) {
        int i = log.indexOf(q);
        if (i >= 0 && log.severity(i) != slot.severity) {
          alert = alert == null ? book.snapshot(slot) : alert;
          if (q.offer(new AlertEvent.SeverityChanged(alert, SEVERITIES[log.severity(i)], time), nowNanos, epochMillis)) {
            log.told(q, slot.severity, nowNanos);
          }
        } else if (i < 0) {
          alert = alert == null ? book.snapshot(slot) : alert;
          first = first == null ? new AlertEvent.Fired(alert, time) : first;
          if (q.offer(first, nowNanos, epochMillis)) {
            log.told(q, slot.severity, nowNanos);
          }
        }
      }
    }
    if (slot.acknowledged) {
      return;
    }
    for (int i = 0; i < log.size(); i++) {
      if (log.repeatDue(i, nowNanos, repeatNanos)) {
        alert = alert == null ? book.snapshot(slot) : alert;
        log.handler(i).offer(new AlertEvent.Repeated(alert, log.nextRepeat(i), time), nowNanos, epochMillis);
        log.reminded(i, nowNanos);
      }
    }
  }

  /** On each sample: logs what handlers that can receive events again have missed. */
  void reportMissed(long nowNanos) {
    HandlerQueue[] current = queues;
    for (int i = 0; i < current.length; i++) {
      current[i].reportMissed(nowNanos);
    }
  }

  /** How many handlers are subscribed. */
  int count() {
    return queues.length;
  }

  /** Each subscribed handler's counters, in subscription order. */
  List<HandlerStats> stats() {
    HandlerQueue[] current = queues;
    List<HandlerStats> out = new ArrayList<>(current.length);
    for (HandlerQueue q : current) {
      out.add(q.stats());
    }
    return out;
  }

  /** Waits until every event queued before this call has been handled; see {@link AlertPipeline#awaitDelivered}. */
  boolean awaitDelivered(long timeoutNanos) throws InterruptedException {
    leaving.removeIf(q -> q.handled() >= q.enqueued());
    List<HandlerQueue> waitedFor = new ArrayList<>(Arrays.asList(queues));
    waitedFor.addAll(leaving);
    long[] targets = new long[waitedFor.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = waitedFor.get(i).enqueued();
    }
    return progress.await(() -> {
      for (int i = 0; i < targets.length; i++) {
        if (waitedFor.get(i).handled() < targets[i]) {
          return false;
        }
      }
      return true;
    }, timeoutNanos);
  }

  /**
   * Ends deliveries: waits up to the close timeout for queued events to be delivered, then stops every handler after
   * the event in hand (interrupting it), waits up to the close timeout again for the handlers to return, and logs
   * what stayed undelivered (and a handler that ignores the interruption, whose thread is left to end on its own).
   * Called once, after the engine stopped publishing.
   */
  void close() {
    Thread caller = Thread.currentThread();
    List<HandlerQueue> all = new ArrayList<>(Arrays.asList(queues));
    all.addAll(leaving);
    for (HandlerQueue q : all) {
      q.reportMissedAtClose();
    }
    // A handler must not wait for itself.
    boolean ownThread = threads.isOwnThread(caller) || all.stream().anyMatch(q -> q.isDrainedBy(caller));
    threads.shutdown();
    if (!ownThread && awaitQuiet(all, true)) {
      return;
    }
    for (HandlerQueue q : all) {
      q.stop(!threads.isOwn());
    }
    threads.shutdownNow();
    long undelivered = 0;
    for (HandlerQueue q : all) {
      undelivered += q.queued();
    }
    if (undelivered > 0) {
      log.warn("alert pipeline closed with {} events undelivered: handlers did not finish within {}", undelivered,
          Durations.format(closeTimeoutNanos));
    }
    // Interrupted handlers usually return at once; waiting for them means close() leaves no thread behind.
    if (!ownThread && !awaitQuiet(all, false)) {
      log.warn("an alert handler did not return within {} of being interrupted; its thread is left to end on its own",
          Durations.format(closeTimeoutNanos));
    }
  }

  /** Waits up to the close timeout until no handler is delivering (and, if asked, every queue is empty). */
  private boolean awaitQuiet(List<HandlerQueue> all, boolean emptied) {
    if (threads.isOwn()) {
      return threads.awaitTermination(closeTimeoutNanos);
    }
    try {
      return progress.await(() -> {
        for (HandlerQueue q : all) {
          if (!q.isIdle() || (emptied && q.queued() > 0)) {
            return false;
          }
        }
        return true;
      }, closeTimeoutNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
