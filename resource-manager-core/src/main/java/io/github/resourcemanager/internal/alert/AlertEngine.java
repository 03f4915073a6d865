package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.AlertPipelineStats;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.alert.Silence;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.monitor.SteppedListener;
import io.github.resourcemanager.internal.monitor.TickStep;
import io.github.resourcemanager.monitor.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The alert pipeline: wires its parts under one lock, held briefly, along the data flow.
 *
 * <pre>
 * sample ──► {@link RuleEvaluation} (evaluators, gauges, the state machine in {@link AlertSlot}) ─┐
 * raise / resolve ──► {@link EventAlerts} ───────────────────────────────────────────────────┤
 * acknowledge ──► {@link Acknowledgements} ──────────────────────────────────────────────────┤
 *                                                                                            ▼
 *                         {@link AlertBook} (ids, active, resolved) ──► events ──► {@link Silences} ──► {@link Notifier}
 *                                                                       (per handler: {@link NotificationLog} of each alert)
 * </pre>
 *
 * <p>The one public entry the facade builds, with {@link #AlertEngine(AlertPipelineConfig)}; it registers the engine
 * as its monitor's first listener and closes it. Users see it as an {@link AlertPipeline}, without
 * {@link #onSample} or {@link #close}.
 */
public final class AlertEngine implements AlertPipeline, SteppedListener, AutoCloseable {

  private static final Severity[] SEVERITIES = Severity.values();

  private final AlertPipelineConfig config;
  private final Ticker ticker;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final SlotChanges changes = this::changed;
  private final RuleEvaluation evaluation;
  private final EventAlerts eventAlerts;
  private final AlertBook book;
  private final Silences silences;
  private final Acknowledgements acknowledgements;
  private final Notifier notifier;
  private final AtomicLongArray fired = new AtomicLongArray(SEVERITIES.length);
  private volatile boolean closed; // written under lock

  /** Creates a pipeline; it evaluates once it is registered as a listener of a monitor. */
  public AlertEngine(AlertPipelineConfig config) {
    this.config = Names.requireNonNull("config", config);
    this.ticker = config.ticker();
    this.clock = config.clock();
    long repeatNanos = config.repeatInterval().toNanos();
    this.evaluation = new RuleEvaluation(config.rules(), repeatNanos, changes);
    this.eventAlerts = new EventAlerts(evaluation, config.maxEventAlerts(), repeatNanos, changes);
    this.book = new AlertBook(config.resolvedHistorySize(), config.resolvedRetention().toNanos());
    this.silences = new Silences(clock);
    this.acknowledgements = new Acknowledgements(book);
    HandlerThreads threads = config.handlerExecutor().map(HandlerThreads::of)
        .orElseGet(() -> HandlerThreads.own(config.maxHandlers()));
    this.notifier = new Notifier(ticker, config.maxHandlers(), config.closeTimeout().toNanos(), threads, book,
        repeatNanos);
  }

  /** The configuration. */
  public AlertPipelineConfig config() {
    return config;
  }

  // ================================================================ evaluation (monitor thread)

  /**
   * Reads the gauges, then evaluates every rule and event alert on {@code sample}, on the calling thread. Ignored once
   * closed. The monitor runs the same work as {@link #tickSteps}.
   */
  @Override
  public void onSample(Sample sample) {
    if (closed) {
      return;
    }
    evaluation.readGauges(sample.sequence());
    evaluate(sample);
  }

  /**
   * The steps of each sample under the monitor: one per gauge (read outside the lock, so that a gauge that blocks
   * holds nothing a query needs, and timed on its own), then the evaluation of every rule and event alert under the
   * lock, which calls no user code.
   */
  @Override
  public List<TickStep> tickSteps(Supplier<Sample> sample) {
    List<TickStep> steps = new ArrayList<>();
    for (GaugeReading gauge : evaluation.gauges()) {
      steps.add(gauge.step(sample));
    }
    steps.add(new TickStep("alert rules") {
      @Override
      protected void run() {
        evaluate(sample.get());
      }
    });
    return steps;
  }

  private void evaluate(Sample sample) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = sample.tickNanos();
      long millis = sample.epochMillis();
      notifier.reportMissed(now); // before this sample's events
      evaluation.evaluate(sample, now, millis);
      eventAlerts.step(now, millis);
      book.prune(now);
    } finally {
      lock.unlock();
    }
  }

  /** Records what a step changed in the book and notifies handlers. Lock held. */
  private void changed(AlertSlot slot, int flags, long now, long millis) {
    if ((flags & AlertSlot.STARTED) != 0) {
      book.open(slot);
    }
    if ((flags & AlertSlot.DROPPED) != 0) {
      book.drop(slot);
      return;
    }
    Instant time = Instant.ofEpochMilli(millis);
    if ((flags & AlertSlot.FIRED) != 0) {
      fired.incrementAndGet(slot.severity);
      notifyChange(slot, new AlertEvent.Fired(book.snapshot(slot), time), now, millis);
    }
    if ((flags & AlertSlot.SEVERITY_CHANGED) != 0) {
      notifyChange(slot, new AlertEvent.SeverityChanged(book.snapshot(slot), SEVERITIES[slot.previousSeverity], time),
          now, millis);
    }
    if ((flags & AlertSlot.DUE) != 0) {
      notifyDue(slot, now, millis);
    }
    if ((flags & AlertSlot.RESOLVED_NOW) != 0) {
      AlertEvent.Resolved resolved = new AlertEvent.Resolved(book.close(slot, now), time);
      if (silences.mutes(slot.labels, millis)) {
        silences.countMuted(); // a resolution muted by a silence is not sent later, as in Alertmanager
      } else {
        notifier.notifyResolved(slot, resolved, now, millis);
      }
      slot.notified.clear();
      slot.owed = false;
    }
  }

  /**
   * A firing alert changed (fired, or its severity changed): every handler is offered the event, and those that queue
   * it are told. Muted by a silence, it is owed: the handlers are brought up to date at the first evaluation after
   * the silence.
   */
  private void notifyChange(AlertSlot slot, AlertEvent event, long now, long millis) {
    if (silences.mutes(slot.labels, millis)) {
      silences.countMuted();
      slot.owed = true;
      return;
    }
    slot.owed = false;
    notifier.notifyChange(slot, event, now, millis);
  }

  /**
   * A firing alert that did not change may owe notifications (see {@link AlertSlot#DUE}). While a silence mutes it,
   * nothing is sent (a reminder muted is counted once); after, each handler gets what Alertmanager's
   * {@code DedupStage.needsUpdate} would send it: never told, a {@code Fired}; told another severity, a
   * {@code SeverityChanged}; told more than a repeat interval ago, a {@code Repeated}.
   */
  private void notifyDue(AlertSlot slot, long now, long millis) {
    if (silences.mutes(slot.labels, millis)) {
      if (!slot.owed) {
        silences.countMuted();
        slot.owed = true;
      }
      return;
    }
    boolean owed = slot.owed;
    slot.owed = false;
    notifier.notifyDue(slot, owed, now, millis, Instant.ofEpochMilli(millis));
  }

  /** Passes an acknowledgement event to every handler, unless a silence mutes its alert. Lock held; never blocks. */
  private void publish(AlertEvent event, long now, long millis) {
    if (silences.mutes(event.alert().labels(), millis)) {
      silences.countMuted();
    } else {
      notifier.publish(event, now, millis);
    }
  }

  @Override
  public List<AlertRule> rules() {
    return evaluation.rules();
  }

  // ================================================================ event alerts

  @Override
  public Alert raise(EventAlert event) {
    Names.requireNonNull("event", event);
    lock.lock();
    try {
      ensureOpen();
      return book.snapshot(eventAlerts.raise(event, ticker.read(), clock.millis()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Alert resolve(String alertId) {
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = book.requireActive(alertId, "resolved");
      if (slot.rule != null) {
        throw new IllegalArgumentException("alert " + Names.quote(alertId) + " comes from threshold rule "
            + Names.quote(slot.name) + " and resolves when its condition clears; only event alerts can be resolved");
      }
      return resolveEvent(slot);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Alert> resolve(EventAlert event) {
    Names.requireNonNull("event", event);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = eventAlerts.active(event);
      return slot == null ? Optional.empty() : Optional.of(resolveEvent(slot));
    } finally {
      lock.unlock();
    }
  }

  private Alert resolveEvent(AlertSlot slot) {
    eventAlerts.resolve(slot, ticker.read(), clock.millis());
    return book.snapshot(slot);
  }

  // ================================================================ acknowledgement

  @Override
  public Alert acknowledge(String alertId, String by, String comment) {
    Names.requireText("acknowledged by", by);
    Names.requireNonNull("comment", comment);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = book.requireActive(alertId, "acknowledged");
      long millis = clock.millis();
      AlertEvent event = acknowledgements.acknowledge(slot, by, comment, millis);
      publish(event, ticker.read(), millis);
      return event.alert();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Alert unacknowledge(String alertId, String by) {
    Names.requireText("unacknowledged by", by);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = book.requireActive(alertId, "unacknowledged");
      long now = ticker.read();
      long millis = clock.millis();
      AlertEvent event = acknowledgements.unacknowledge(slot, by, now, millis);
      publish(event, now, millis);
      return event.alert();
    } finally {
      lock.unlock();
    }
  }

  // ================================================================ silences

  @Override
  public Silence addSilence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment) {
    lock.lock();
    try {
      ensureOpen();
      return silences.add(matchers, startsAt, endsAt, createdBy, comment);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Silence expireSilence(String silenceId) {
    lock.lock();
    try {
      ensureOpen();
      return silences.expire(silenceId);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Silence> silences() {
    lock.lock();
    try {
      return silences.current();
    } finally {
      lock.unlock();
    }
  }

  // ================================================================ handlers

  @Override
  public String subscribe(AlertHandler handler) {
    return subscribe(handler, HandlerOptions.ofDefaults());
  }

  @Override
  public String subscribe(AlertHandler handler, HandlerOptions options) {
    Names.requireNonNull("handler", handler);
    Names.requireNonNull("options", options);
    lock.lock();
    try {
      ensureOpen();
      return notifier.subscribe(handler, options);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean unsubscribe(AlertHandler handler) {
    Names.requireNonNull("handler", handler);
    lock.lock();
    try {
      return notifier.unsubscribe(handler); // allowed when closed: cleanup code may run in any order
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> handlerNames() {
    return notifier.names();
  }

  @Override
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return notifier.awaitDelivered(Durations.nonNegativeNanos("timeout", timeout));
  }

  // ================================================================ queries

  @Override
  public List<Alert> activeAlerts() {
    lock.lock();
    try {
      return book.active();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Alert> activeAlerts(Severity severity) {
    Names.requireNonNull("severity", severity);
    lock.lock();
    try {
      return book.active(severity);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Alert> resolvedAlerts() {
    lock.lock();
    try {
      return book.resolved(ticker.read());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Alert> find(String alertId) {
    lock.lock();
    try {
      return book.find(alertId, ticker.read());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long firedCount(Severity severity) {
    return fired.get(SeverityIndex.of(Objects.requireNonNull(severity, "severity")));
  }

  @Override
  public AlertPipelineStats stats() {
    int active;
    lock.lock();
    try {
      active = book.activeCount();
    } finally {
      lock.unlock();
    }
    return new AlertPipelineStats(evaluation.evaluations(), evaluation.count(), active,
        silences.silencedNotifications(), evaluation.gaugeFailures(), evaluation.gaugeTimeouts(), notifier.stats());
  }

  // ================================================================ lifecycle

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this alert pipeline is closed");
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops evaluating and ends deliveries: waits up to {@code closeTimeout} for queued events to be delivered, then
   * interrupts handlers still running, waits up to {@code closeTimeout} again for them to return, and logs what stayed
   * undelivered. Queries still answer. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    notifier.close();
  }

  @Override
  public String toString() {
    return "AlertPipeline{" + evaluation.count() + " rules, " + notifier.count() + " handlers}";
  }
}
