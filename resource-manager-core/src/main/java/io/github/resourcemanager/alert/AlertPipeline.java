package io.github.resourcemanager.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A manager's alerts: threshold rules evaluated on every sample with the Prometheus alerting-rule state machine
 * (pending, firing, resolved), event alerts raised by code, one alert per identity (rule or event name plus labels,
 * plus agent), acknowledgements, silences, repeat notifications, and handlers isolated from each other and from
 * sampling. Reach it with {@code ResourceManager.alerts()}.
 *
 * <pre>{@code
 * AlertPipeline alerts = rm.alerts();
 * alerts.subscribe(AlertHandler.logging());
 * alerts.subscribe(pager::send, HandlerOptions.ofDefaults().withName("pager")
 *     .withMinSeverity(Severity.CRITICAL).withRateLimit(10, Duration.ofMinutes(1)));
 * for (Alert a : alerts.activeAlerts(Severity.CRITICAL)) {
 *   alerts.acknowledge(a.id(), "alice", "looking into it");
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Rules are evaluated on the monitor thread, without blocking and, when nothing changes, without
 * allocating. Handlers run on the pipeline's own daemon threads {@code resource-alerts-N-M} (at most
 * {@code maxAlertHandlers}, created on demand, ended when idle) or on the executor given to
 * {@code ResourceManager.Builder.alertHandlerExecutor}; each handler drains its own bounded queue serially, so a
 * handler that blocks holds one thread and fills only its own queue. Every method is thread-safe.
 *
 * <p><b>Time.</b> Durations ({@code for}, {@code keepFiringFor}, repeat interval, retention, handler rate limits)
 * are measured with the manager's {@link io.github.resourcemanager.Ticker}, timestamps come from its
 * {@link java.time.Clock}; during evaluation both are the sample's.
 *
 * <p>Once the manager is closed, queries still answer and every method that acts throws
 * {@link IllegalStateException}.
 */
public interface AlertPipeline {

  /** The threshold rules evaluated on every sample, in order. */
  List<AlertRule> rules();

  /** The pending and firing alerts, oldest first. */
  List<Alert> activeAlerts();

  /** The pending and firing alerts whose current severity is {@code severity}, oldest first. */
  List<Alert> activeAlerts(Severity severity);

  /**
   * The resolved alerts still kept (within {@code resolvedAlertRetention} of now, at most
   * {@code resolvedAlertHistorySize}), most recently resolved first, each with its {@code activeAt},
   * {@code firedAt} and {@code resolvedAt}.
   */
  List<Alert> resolvedAlerts();

  /** The active or kept resolved alert with this id. */
  Optional<Alert> find(String alertId);

  /**
   * Raises an event alert. A new identity (name plus labels) starts a new alert, firing at once, and notifies
   * handlers; an identity whose alert is still active updates it (severity, value, annotations; a severity
   * change is notified) and restarts its resolve-after countdown.
   *
   * @return the alert after the raise
   * @throws IllegalArgumentException if the name is that of a threshold rule of this pipeline
   * @throws IllegalStateException if the pipeline is closed, or the event starts a new alert while
   *     {@code maxEventAlerts} event alerts are active
   */
  Alert raise(EventAlert event);

  /**
   * Resolves the active event alert with this id now and notifies handlers.
   *
   * @return the resolved alert
   * @throws IllegalArgumentException if no active alert has this id, or it comes from a threshold rule (those
   *     resolve when their condition clears)
   * @throws IllegalStateException if the alert has already resolved, or the pipeline is closed
   */
  Alert resolve(String alertId);

  /**
   * Resolves the active alert of this event's identity (name and labels), if there is one, and notifies handlers.
   *
   * @return the resolved alert, or empty if that identity has no active alert
   * @throws IllegalStateException if the pipeline is closed
   */
  Optional<Alert> resolve(EventAlert event);

  /**
   * Acknowledges an active (pending or firing) alert: its repeat notifications stop, while its other changes
   * (severity, resolution) are still notified. Acknowledging again replaces the acknowledgement. An alert that
   * resolves and breaches again is a new, unacknowledged alert.
   *
   * @param by who acknowledges
   * @param comment why; may be empty
   * @return the acknowledged alert
   * @throws IllegalArgumentException if no active alert has this id, or {@code by} is blank
   * @throws IllegalStateException if the alert has resolved, or the pipeline is closed
   */
  Alert acknowledge(String alertId, String by, String comment);

  /**
   * Withdraws the acknowledgement of an active alert; repeat notifications resume, for each handler that was told
   * the alert fires the next one more than a repeat interval after this call.
   *
   * @return the alert, no longer acknowledged
   * @throws IllegalArgumentException if no active alert has this id, or {@code by} is blank
   * @throws IllegalStateException if the alert is not acknowledged or has resolved, or the pipeline is closed
   */
  Alert unacknowledge(String alertId, String by);

  /**
   * Adds a silence: from {@code startsAt} to {@code endsAt}, both included, handlers are not called for alerts whose
   * labels satisfy every matcher (they are still tracked and queryable); see {@link Silence} for what they get
   * after.
   *
   * @return the silence with its assigned id
   * @throws IllegalArgumentException if the matchers are empty, {@code endsAt} is not after {@code startsAt} or
   *     not in the future, or a field is missing
   * @throws IllegalStateException if the pipeline is closed
   */
  Silence addSilence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment);

  /**
   * Ends a silence now (one that has not started yet is removed).
   *
   * @return the silence as it ended
   * @throws IllegalArgumentException if no current silence has this id
   * @throws IllegalStateException if the pipeline is closed
   */
  Silence expireSilence(String silenceId);

  /** The silences that have not expired (in force now, up to and including their end, or starting later), in the order added. */
  List<Silence> silences();

  /**
   * Subscribes a handler with {@link HandlerOptions#ofDefaults()}: every event, a queue of 1,000, 20 events per
   * 10 s, a generated name.
   *
   * @return the handler's name, {@code handler-N}, under which {@link #stats()} reports it
   * @throws IllegalStateException if {@code maxAlertHandlers} handlers are subscribed, or the pipeline is closed
   */
  String subscribe(AlertHandler handler);

  /**
   * Subscribes a handler. It receives the events that happen from now on and pass its options' minimum severity
   * and label matchers.
   *
   * @return the handler's name: the one in {@code options}, or a generated {@code handler-N}
   * @throws IllegalArgumentException if another handler has the same name
   * @throws IllegalStateException if {@code maxAlertHandlers} handlers are subscribed, or the pipeline is closed
   */
  String subscribe(AlertHandler handler, HandlerOptions options);

  /**
   * Unsubscribes a handler (its earliest subscription, if it was subscribed more than once): it receives no new
   * events, while those already queued for it are still delivered. Allowed after close.
   *
   * @return whether the handler was subscribed
   */
  boolean unsubscribe(AlertHandler handler);

  /** The pipeline's counters, with each subscribed handler's. */
  AlertPipelineStats stats();

  /**
   * The names of the subscribed handlers, in subscription order: the names under which {@link #stats()} reports
   * them. The list is immutable and reading it allocates nothing (the same list is returned until a handler is
   * subscribed or unsubscribed), so code that follows the handlers on every sample, such as a metrics binder, can
   * check it cheaply and ask for {@link #stats()} only when it changed.
   */
  List<String> handlerNames();

  /**
   * How many alerts have fired with {@code severity} since the pipeline was created: threshold alerts going from
   * pending to firing and event alerts raised anew, counted by their severity at that moment (a later severity change
   * of a firing alert is not a new firing). Monotonic, so monitoring systems can take its rate; lock-free.
   *
   * @throws NullPointerException if {@code severity} is null
   */
  long firedCount(Severity severity);

  /**
   * Waits until every event published before this call has been handed to its handler and the handler has
   * returned (normally or by throwing), for tests and orderly shutdown. Events over a handler's rate limit or on
   * its full queue are not waited for: they are counted, not delivered. Waits without polling. Do not call it from
   * a handler: the handler would wait for itself.
   *
   * @param timeout how long to wait at most
   * @return true once every such event has been dealt with; false if the timeout passed first (a handler is slow
   *     or blocked, or the pipeline closed with events undelivered)
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  boolean awaitDelivered(Duration timeout) throws InterruptedException;
}
