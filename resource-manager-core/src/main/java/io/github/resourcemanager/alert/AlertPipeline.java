package io.github.resourcemanager.alert;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns samples into alerts and alerts into handler calls: threshold rules evaluated on every sample with the
 * Prometheus alerting-rule state machine (pending, firing, resolved), event alerts raised by code, one alert per
 * identity (rule or event name plus labels, plus agent), acknowledgements, silences, repeat notifications, and
 * handlers isolated from each other and from sampling.
 *
 * <pre>{@code
 * AlertPipeline alerts = rm.alerts();
 * alerts.subscribe(new LoggingAlertHandler());
 * alerts.subscribe(pager::send, HandlerOptions.custom().name("pager")
 *     .filter(AlertFilter.minSeverity(Severity.CRITICAL)).rateLimit(10, Duration.ofMinutes(1)).build());
 * for (Alert a : alerts.activeAlerts(Severity.CRITICAL)) {
 *   alerts.acknowledge(a.id(), "alice", "looking into it");
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #onSample} runs on the monitor thread; it evaluates every rule, changes states and
 * queues events, without blocking and, when nothing changes, without allocating. Handlers run on the pipeline's
 * own threads (at most {@code maxHandlers}, created on demand, ended when idle), each handler draining its own
 * bounded queue serially, so a handler that blocks holds one thread and fills only its own queue. Every method is
 * thread-safe; state is guarded by one lock, held briefly.
 *
 * <p><b>Time.</b> Durations ({@code for}, {@code keepFiringFor}, repeat interval, retention, handler rate limits)
 * are measured with the configured {@link Ticker}, timestamps come from the {@link Clock}. During evaluation both
 * are the sample's ({@link Sample#tickNanos()}, {@link Sample#epochMillis()}).
 */
public final class AlertPipeline implements SampleListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);
  private static final Severity[] SEVERITIES = Severity.values();
  private static final AtomicInteger PIPELINES = new AtomicInteger();

  private final AlertPipelineConfig config;
  private final Ticker ticker;
  private final Clock clock;
  private final long repeatNanos;
  private final long retentionNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Evaluator[] evaluators;
  private final Set<String> ruleNames = new HashSet<>();
  private final Map<String, AlertSlot> activeById = new LinkedHashMap<>(); // insertion order = alert number order
  private final Map<String, AlertSlot> eventsByIdentity = new HashMap<>();
  private final ArrayList<AlertSlot> eventSlots = new ArrayList<>();
  private final ArrayDeque<ResolvedAlert> resolved = new ArrayDeque<>(); // oldest first
  private final List<Silence> silences = new ArrayList<>();
  private volatile Subscription[] subscriptions = new Subscription[0];
  private long alertNumber;
  private long silenceNumber;
  private int handlerNumber;
  private boolean closed;

  private final ThreadPoolExecutor executor;
  private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
  private final AtomicLong evaluations = new AtomicLong();
  private final AtomicLong silencedNotifications = new AtomicLong();
  private final AtomicLong gaugeFailures = new AtomicLong();
  private final AtomicLongArray fired = new AtomicLongArray(SEVERITIES.length);

  private record ResolvedAlert(Alert alert, long resolvedNanos) {}

  /** Creates a pipeline; it evaluates once it is registered as a listener of a monitor (the facade does this). */
  public AlertPipeline(AlertPipelineConfig config) {
    this.config = Names.requireNonNull("config", config);
    this.ticker = config.ticker();
    this.clock = config.clock();
    this.repeatNanos = config.repeatInterval().toNanos();
    this.retentionNanos = config.resolvedRetention().toNanos();
    List<AlertRule> rules = config.rules();
    this.evaluators = new Evaluator[rules.size()];
    for (int i = 0; i < evaluators.length; i++) {
      AlertRule rule = rules.get(i);
      ruleNames.add(rule.name());
      evaluators[i] = rule.isPerAgent() ? new AgentEvaluator(rule) : new SingleEvaluator(rule);
    }
    String threadPrefix = "resource-alerts-" + PIPELINES.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(config.maxHandlers(), config.maxHandlers(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> newHandlerThread(task, threadPrefix + threads.incrementAndGet()));
    // Threads are created on demand, one per handler being drained at most, and end after 30 s idle. Since each
    // handler has at most one drain task in flight and handlers <= threads, a blocked handler never starves another.
    executor.allowCoreThreadTimeOut(true);
  }

  /** The configuration. */
  public AlertPipelineConfig config() {
    return config;
  }

  /** The threshold rules evaluated on every sample, in order. */
  public List<AlertRule> rules() {
    return config.rules();
  }

  // ================================================================ evaluation (monitor thread)

  /** Evaluates every rule on {@code sample}; called by the monitor on its thread. Ignored once closed. */
  @Override
  public void onSample(Sample sample) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = sample.tickNanos();
      long millis = sample.epochMillis();
      evaluations.incrementAndGet();
      Subscription[] subs = subscriptions;
      for (int i = 0; i < subs.length; i++) {
        subs[i].trySummary(now, millis); // before this tick's events, so a summary gets the first permit of a new period
      }
      for (Evaluator e : evaluators) {
        e.evaluate(sample, now, millis);
      }
      for (int i = eventSlots.size() - 1; i >= 0; i--) {
        AlertSlot slot = eventSlots.get(i);
        int flags = slot.stepEvent(now, millis, repeatNanos);
        if (flags != 0) {
          changed(slot, flags, now, millis);
          if ((flags & AlertSlot.RESOLVED_NOW) != 0) {
            // Swap-remove: the last element was already stepped (the loop runs backwards), and order is irrelevant.
            int last = eventSlots.size() - 1;
            eventSlots.set(i, eventSlots.get(last));
            eventSlots.remove(last);
          }
        }
      }
      pruneResolved(now);
    } finally {
      lock.unlock();
    }
  }

  /** A compiled rule with its alert state. */
  private abstract static class Evaluator {
    final AlertRule rule;

    Evaluator(AlertRule rule) {
      this.rule = rule;
    }

    abstract void evaluate(Sample sample, long now, long millis);
  }

  /** A machine-level or gauge rule: one identity, one preallocated slot reused across alert episodes. */
  private final class SingleEvaluator extends Evaluator {
    private final AlertSlot slot;
    private boolean gaugeFailing;

    SingleEvaluator(AlertRule rule) {
      super(rule);
      Map<String, String> labels = new LinkedHashMap<>(rule.labels());
      labels.put(Names.ALERTNAME, rule.name());
      this.slot = new AlertSlot(rule, null, Collections.unmodifiableMap(labels));
    }

    @Override
    void evaluate(Sample sample, long now, long millis) {
      double v = rule.isGauge() ? readGauge() : rule.read(sample);
      int flags = slot.step(v, now, millis, repeatNanos);
      if (flags != 0) {
        changed(slot, flags, now, millis);
      }
    }

    private double readGauge() {
      try {
        double v = rule.gaugeSupplier().getAsDouble();
        if (gaugeFailing) {
          gaugeFailing = false;
          log.info("gauge {} of alert rule '{}' recovered", rule.input(), rule.name());
        }
        return Double.isInfinite(v) ? Double.NaN : v;
      } catch (RuntimeException e) {
        gaugeFailures.incrementAndGet();
        if (!gaugeFailing) {
          gaugeFailing = true;
          log.warn("gauge {} of alert rule '{}' failed; counted as no data until it recovers", rule.input(), rule.name(), e);
        }
        return Double.NaN;
      }
    }
  }

  /**
   * A per-agent rule: evaluated for every agent in the sample. A slot exists only for agents with an active
   * alert (created when one starts); lookups use the agent id, whose hash is cached, so a steady evaluation
   * allocates nothing.
   */
  private final class AgentEvaluator extends Evaluator {
    private final HashMap<String, AlertSlot> byAgent = new HashMap<>();
    private AlertSlot[] active = new AlertSlot[8];
    private int activeCount;
    private long mark;

    AgentEvaluator(AlertRule rule) {
      super(rule);
    }

    @Override
    void evaluate(Sample sample, long now, long millis) {
      long m = ++mark;
      List<Agent> agents = sample.agents();
      for (int i = 0, n = agents.size(); i < n; i++) {
        Agent agent = agents.get(i);
        double v = rule.read(sample, agent);
        AlertSlot slot = activeCount == 0 ? null : byAgent.get(agent.id());
        if (slot == null) {
          if (rule.severityOf(v) < 0) {
            continue;
          }
          slot = add(agent);
        }
        slot.seenMark = m;
        int flags = slot.step(v, now, millis, repeatNanos);
        if (flags != 0) {
          changed(slot, flags, now, millis);
        }
      }
      // Agents with an alert that are no longer in the sample (unregistered) have no data.
      for (int i = 0; i < activeCount; i++) {
        AlertSlot slot = active[i];
        if (slot.seenMark != m) {
          int flags = slot.step(Double.NaN, now, millis, repeatNanos);
          if (flags != 0) {
            changed(slot, flags, now, millis);
          }
        }
      }
      for (int i = activeCount - 1; i >= 0; i--) {
        if (active[i].state == AlertSlot.INACTIVE) {
          byAgent.remove(active[i].agent);
          active[i] = active[--activeCount];
          active[activeCount] = null;
        }
      }
    }

    private AlertSlot add(Agent agent) {
      Map<String, String> labels = new LinkedHashMap<>(agent.labels());
      labels.putAll(rule.labels());
      labels.put(Names.ALERTNAME, rule.name());
      labels.put(Names.AGENT, agent.id());
      AlertSlot slot = new AlertSlot(rule, agent.id(), Collections.unmodifiableMap(labels));
      byAgent.put(agent.id(), slot);
      if (activeCount == active.length) {
        active = Arrays.copyOf(active, activeCount * 2);
      }
      active[activeCount++] = slot;
      return slot;
    }
  }

  /** Applies what a step changed: ids, the active index, history, events. Lock held. */
  private void changed(AlertSlot slot, int flags, long now, long millis) {
    if ((flags & AlertSlot.STARTED) != 0) {
      long number = ++alertNumber;
      slot.id = slot.name + (slot.agent == null ? "" : "/" + slot.agent) + "#" + number;
      activeById.put(slot.id, slot);
    }
    if ((flags & AlertSlot.DROPPED) != 0) {
      activeById.remove(slot.id);
      return;
    }
    Instant time = Instant.ofEpochMilli(millis);
    if ((flags & AlertSlot.FIRED) != 0) {
      fired.incrementAndGet(slot.severity);
      publish(new AlertEvent.Fired(snapshot(slot), time), now, millis);
    }
    if ((flags & AlertSlot.SEVERITY_CHANGED) != 0) {
      publish(new AlertEvent.SeverityChanged(snapshot(slot), SEVERITIES[slot.previousSeverity], time), now, millis);
    }
    if ((flags & AlertSlot.REPEAT) != 0) {
      publish(new AlertEvent.Repeated(snapshot(slot), slot.repeats, time), now, millis);
    }
    if ((flags & AlertSlot.RESOLVED_NOW) != 0) {
      Alert alert = snapshot(slot);
      activeById.remove(slot.id);
      slot.state = AlertSlot.INACTIVE;
      if (slot.identity != null) {
        eventsByIdentity.remove(slot.identity); // the caller removes it from eventSlots
      }
      if (config.resolvedHistorySize() > 0) {
        if (resolved.size() == config.resolvedHistorySize()) {
          resolved.pollFirst();
        }
        resolved.addLast(new ResolvedAlert(alert, now));
      }
      publish(new AlertEvent.Resolved(alert, time), now, millis);
    }
  }

  private void pruneResolved(long now) {
    ResolvedAlert oldest;
    while ((oldest = resolved.peekFirst()) != null && now - oldest.resolvedNanos > retentionNanos) {
      resolved.pollFirst();
    }
  }

  private Alert snapshot(AlertSlot s) {
    AlertState state = s.state == AlertSlot.PENDING ? AlertState.PENDING
        : s.state == AlertSlot.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
    Severity severity = SEVERITIES[s.severity];
    Map<String, String> annotations = s.rule == null ? s.eventAnnotations
        : Templates.expand(s.rule.annotations(), s.value, s.rule.input(), s.agent, severity);
    Alert.Acknowledgement ack = s.acknowledged
        ? new Alert.Acknowledgement(s.acknowledgedBy, s.acknowledgeComment, Instant.ofEpochMilli(s.acknowledgedAtMillis))
        : null;
    return new Alert(s.id, s.name, s.labels, annotations, state, severity, SEVERITIES[s.peakSeverity], s.value,
        Instant.ofEpochMilli(s.activeAtMillis), s.firedAtMillis == AlertSlot.NONE ? null : Instant.ofEpochMilli(s.firedAtMillis),
        s.resolvedAtMillis == AlertSlot.NONE ? null : Instant.ofEpochMilli(s.resolvedAtMillis), ack, s.rule == null);
  }

  /** Passes an event to every handler, unless a silence mutes its alert. Lock held; never blocks. */
  private void publish(AlertEvent.OfAlert event, long now, long millis) {
    Map<String, String> labels = event.alert().labels();
    for (int i = 0; i < silences.size(); i++) {
      if (silences.get(i).mutes(labels, millis)) {
        silencedNotifications.incrementAndGet();
        return;
      }
    }
    Subscription[] subs = subscriptions;
    for (int i = 0; i < subs.length; i++) {
      subs[i].offer(event, now, millis);
    }
  }

  // ================================================================ event alerts

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
  public Alert raise(EventAlert event) {
    Names.requireNonNull("event", event);
    lock.lock();
    try {
      ensureOpen();
      if (ruleNames.contains(event.name())) {
        throw new IllegalArgumentException("event alert name " + Names.quote(event.name()) + " is the name of a "
            + "threshold rule of this pipeline; give event alerts names of their own");
      }
      long now = ticker.read();
      long millis = clock.millis();
      AlertSlot slot = eventsByIdentity.get(event.identity());
      int severity = event.severity().ordinal();
      if (slot == null) {
        if (eventSlots.size() >= config.maxEventAlerts()) {
          throw new IllegalStateException("event alert limit reached: " + eventSlots.size() + " event alerts are active "
              + "(AlertPipelineConfig maxEventAlerts); resolve some or raise the limit before raising " + event);
        }
        Map<String, String> labels = new LinkedHashMap<>(event.labels());
        labels.put(Names.ALERTNAME, event.name());
        slot = new AlertSlot(event, Collections.unmodifiableMap(labels));
        slot.begin(AlertSlot.FIRING, severity, now, millis);
        slot.firedAtMillis = millis;
        slot.lastNotifiedNanos = now;
        applyRaise(slot, event, now);
        eventsByIdentity.put(event.identity(), slot);
        eventSlots.add(slot);
        changed(slot, AlertSlot.STARTED | AlertSlot.FIRED, now, millis);
      } else {
        applyRaise(slot, event, now);
        if (severity != slot.severity) {
          slot.previousSeverity = slot.severity;
          slot.severity = severity;
          slot.peakSeverity = Math.max(slot.peakSeverity, severity);
          slot.lastNotifiedNanos = now;
          changed(slot, AlertSlot.SEVERITY_CHANGED, now, millis);
        }
      }
      return snapshot(slot);
    } finally {
      lock.unlock();
    }
  }

  private static void applyRaise(AlertSlot slot, EventAlert event, long now) {
    slot.value = event.value();
    slot.eventAnnotations = event.annotations();
    slot.resolveAfterNanos = event.resolveAfterNanos();
    slot.lastRaisedNanos = now;
  }

  /**
   * Resolves the active event alert with this id now and notifies handlers.
   *
   * @return the resolved alert
   * @throws IllegalArgumentException if no active alert has this id, or it comes from a threshold rule (those
   *     resolve when their condition clears)
   * @throws IllegalStateException if the alert has already resolved, or the pipeline is closed
   */
  public Alert resolve(String alertId) {
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = requireActive(alertId, "resolved");
      if (slot.rule != null) {
        throw new IllegalArgumentException("alert " + Names.quote(alertId) + " comes from threshold rule "
            + Names.quote(slot.name) + " and resolves when its condition clears; only event alerts can be resolved");
      }
      return resolveEvent(slot);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Resolves the active alert of this event's identity (name and labels), if there is one, and notifies handlers.
   *
   * @return the resolved alert, or empty if that identity has no active alert
   * @throws IllegalStateException if the pipeline is closed
   */
  public Optional<Alert> resolve(EventAlert event) {
    Names.requireNonNull("event", event);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = eventsByIdentity.get(event.identity());
      return slot == null ? Optional.empty() : Optional.of(resolveEvent(slot));
    } finally {
      lock.unlock();
    }
  }

  private Alert resolveEvent(AlertSlot slot) {
    long now = ticker.read();
    long millis = clock.millis();
    slot.resolve(millis);
    Alert alert = snapshot(slot);
    changed(slot, AlertSlot.RESOLVED_NOW, now, millis);
    eventSlots.remove(slot);
    return alert;
  }

  // ================================================================ acknowledgement

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
  public Alert acknowledge(String alertId, String by, String comment) {
    Names.requireText("acknowledged by", by);
    Names.requireNonNull("acknowledgement comment", comment);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = requireActive(alertId, "acknowledged");
      long now = ticker.read();
      long millis = clock.millis();
      slot.acknowledged = true;
      slot.acknowledgedBy = by;
      slot.acknowledgeComment = comment;
      slot.acknowledgedAtMillis = millis;
      Alert alert = snapshot(slot);
      publish(new AlertEvent.Acknowledged(alert, Instant.ofEpochMilli(millis)), now, millis);
      return alert;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Withdraws the acknowledgement of an active alert; repeat notifications resume, the next one a repeat
   * interval after this call.
   *
   * @return the alert, no longer acknowledged
   * @throws IllegalArgumentException if no active alert has this id, or {@code by} is blank
   * @throws IllegalStateException if the alert is not acknowledged or has resolved, or the pipeline is closed
   */
  public Alert unacknowledge(String alertId, String by) {
    Names.requireText("unacknowledged by", by);
    lock.lock();
    try {
      ensureOpen();
      AlertSlot slot = requireActive(alertId, "unacknowledged");
      if (!slot.acknowledged) {
        throw new IllegalStateException("alert " + Names.quote(alertId) + " is not acknowledged");
      }
      long now = ticker.read();
      long millis = clock.millis();
      slot.acknowledged = false;
      slot.acknowledgedBy = null;
      slot.acknowledgeComment = null;
      slot.lastNotifiedNanos = now;
      Alert alert = snapshot(slot);
      publish(new AlertEvent.Unacknowledged(alert, by, Instant.ofEpochMilli(millis)), now, millis);
      return alert;
    } finally {
      lock.unlock();
    }
  }

  private AlertSlot requireActive(String alertId, String verb) {
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

  // ================================================================ silences

  /**
   * Adds a silence: from {@code startsAt} to {@code endsAt}, handlers are not called for alerts whose labels
   * satisfy every matcher (they are still tracked and queryable).
   *
   * @return the silence with its assigned id
   * @throws IllegalArgumentException if the matchers are empty, {@code endsAt} is not after {@code startsAt} or
   *     not in the future, or a field is missing
   */
  public Silence addSilence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment) {
    lock.lock();
    try {
      Silence silence = new Silence("silence-" + (silenceNumber + 1), matchers, startsAt, endsAt, createdBy, comment);
      Instant now = clock.instant();
      if (!endsAt.isAfter(now)) {
        throw new IllegalArgumentException("silence endsAt " + endsAt + " must be in the future (now is " + now + ")");
      }
      silenceNumber++;
      pruneSilences(now);
      silences.add(silence);
      log.info("silence {} added by {}: {} from {} to {} ({})", silence.id(), createdBy, silence.matchers(), startsAt,
          endsAt, comment);
      return silence;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a silence now (one that has not started yet is removed).
   *
   * @return the silence as it ended
   * @throws IllegalArgumentException if no current silence has this id
   */
  public Silence expireSilence(String silenceId) {
    lock.lock();
    try {
      Instant now = clock.instant();
      pruneSilences(now);
      for (int i = 0; i < silences.size(); i++) {
        Silence s = silences.get(i);
        if (s.id().equals(silenceId)) {
          silences.remove(i);
          Silence ended = now.isAfter(s.startsAt())
              ? new Silence(s.id(), s.matchers(), s.startsAt(), now, s.createdBy(), s.comment())
              : s;
          log.info("silence {} expired", silenceId);
          return ended;
        }
      }
      throw new IllegalArgumentException("silenceId " + Names.quote(silenceId) + " is not the id of a current silence; "
          + "current silences: " + silences.stream().map(Silence::id).toList());
    } finally {
      lock.unlock();
    }
  }

  /** The silences that have not ended yet (in force now, or starting later), in the order added. */
  public List<Silence> silences() {
    lock.lock();
    try {
      pruneSilences(clock.instant());
      return List.copyOf(silences);
    } finally {
      lock.unlock();
    }
  }

  private void pruneSilences(Instant now) {
    silences.removeIf(s -> !s.endsAt().isAfter(now));
  }

  // ================================================================ handlers

  /**
   * Subscribes a handler with the default options: every event, a queue of 1,000, 20 events per 10 s.
   *
   * @throws IllegalStateException if {@code maxHandlers} handlers are subscribed, or the pipeline is closed
   */
  public Subscription subscribe(AlertHandler handler) {
    return subscribe(handler, HandlerOptions.ofDefaults());
  }

  /**
   * Subscribes a handler. It receives the events that happen from now on and pass its filter.
   *
   * @throws IllegalArgumentException if another handler has the same name
   * @throws IllegalStateException if {@code maxHandlers} handlers are subscribed, or the pipeline is closed
   */
  public Subscription subscribe(AlertHandler handler, HandlerOptions options) {
    Names.requireNonNull("handler", handler);
    Names.requireNonNull("options", options);
    lock.lock();
    try {
      ensureOpen();
      Subscription[] subs = subscriptions;
      if (subs.length >= config.maxHandlers()) {
        throw new IllegalStateException("the pipeline already has " + subs.length + " handlers, its maxHandlers; "
            + "close a subscription or raise maxHandlers");
      }
      String name = options.nameOrNull();
      if (name == null) {
        do {
          name = "handler-" + ++handlerNumber;
        } while (hasHandlerNamed(subs, name));
      } else if (hasHandlerNamed(subs, name)) {
        throw new IllegalArgumentException("handler name " + Names.quote(name) + " is taken; handler names must be unique");
      }
      Subscription subscription = new Subscription(this, name, handler, options, ticker, executor);
      Subscription[] more = Arrays.copyOf(subs, subs.length + 1);
      more[subs.length] = subscription;
      subscriptions = more;
      return subscription;
    } finally {
      lock.unlock();
    }
  }

  private static boolean hasHandlerNamed(Subscription[] subs, String name) {
    for (Subscription s : subs) {
      if (s.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  void unsubscribe(Subscription subscription) {
    lock.lock();
    try {
      Subscription[] subs = subscriptions;
      for (int i = 0; i < subs.length; i++) {
        if (subs[i] == subscription) {
          Subscription[] fewer = new Subscription[subs.length - 1];
          System.arraycopy(subs, 0, fewer, 0, i);
          System.arraycopy(subs, i + 1, fewer, i, subs.length - i - 1);
          subscriptions = fewer;
          break;
        }
      }
      subscription.cancelled();
    } finally {
      lock.unlock();
    }
  }

  /** The subscribed handlers, in subscription order. */
  public List<Subscription> subscriptions() {
    return List.of(subscriptions);
  }

  // ================================================================ queries

  /** The pending and firing alerts, oldest first. */
  public List<Alert> activeAlerts() {
    lock.lock();
    try {
      List<Alert> out = new ArrayList<>(activeById.size());
      for (AlertSlot slot : activeById.values()) {
        out.add(snapshot(slot));
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.unlock();
    }
  }

  /** The pending and firing alerts whose current severity is {@code severity}, oldest first. */
  public List<Alert> activeAlerts(Severity severity) {
    Names.requireNonNull("severity", severity);
    lock.lock();
    try {
      List<Alert> out = new ArrayList<>();
      for (AlertSlot slot : activeById.values()) {
        if (slot.severity == severity.ordinal()) {
          out.add(snapshot(slot));
        }
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The resolved alerts still kept (within {@code resolvedRetention} of now, at most {@code resolvedHistorySize}),
   * most recently resolved first, each with its {@code activeAt}, {@code firedAt} and {@code resolvedAt}.
   */
  public List<Alert> resolvedAlerts() {
    lock.lock();
    try {
      pruneResolved(ticker.read());
      List<Alert> out = new ArrayList<>(resolved.size());
      for (Iterator<ResolvedAlert> it = resolved.descendingIterator(); it.hasNext(); ) {
        out.add(it.next().alert);
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.unlock();
    }
  }

  /** The active or kept resolved alert with this id. */
  public Optional<Alert> find(String alertId) {
    lock.lock();
    try {
      AlertSlot slot = alertId == null ? null : activeById.get(alertId);
      if (slot != null) {
        return Optional.of(snapshot(slot));
      }
      pruneResolved(ticker.read());
      for (ResolvedAlert r : resolved) {
        if (r.alert.id().equals(alertId)) {
          return Optional.of(r.alert);
        }
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many alerts have fired with {@code severity} since the pipeline was created: threshold alerts going from
   * pending to firing and event alerts raised anew, counted by their severity at that moment (a later severity change
   * of a firing alert is not a new firing). Monotonic, so monitoring systems can take its rate; lock-free.
   */
  public long firedCount(Severity severity) {
    return fired.get(Names.requireNonNull("severity", severity).ordinal());
  }

  /** The pipeline's counters. */
  public AlertPipelineStats stats() {
    int active;
    lock.lock();
    try {
      active = activeById.size();
    } finally {
      lock.unlock();
    }
    Subscription[] subs = subscriptions;
    List<HandlerStats> handlers = new ArrayList<>(subs.length);
    for (Subscription s : subs) {
      handlers.add(s.stats());
    }
    return new AlertPipelineStats(evaluations.get(), evaluators.length, active, silencedNotifications.get(),
        gaugeFailures.get(), handlers);
  }

  // ================================================================ lifecycle

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this alert pipeline is closed");
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops evaluating and ends the handler threads: waits up to {@code closeTimeout} for queued events to be
   * delivered, then interrupts handlers still running, waits up to {@code closeTimeout} again for them to return,
   * and logs what stayed undelivered (and a handler that ignores the interruption, whose daemon thread is left to
   * end on its own). Queries still answer. Idempotent.
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
    executor.shutdown();
    // A handler must not wait for itself.
    boolean ownThread = Thread.currentThread() instanceof HandlerThread t && t.pipeline == this;
    boolean finished = !ownThread && awaitHandlers();
    if (!finished) {
      executor.shutdownNow();
      long undelivered = 0;
      for (Subscription s : subscriptions) {
        undelivered += s.stats().queued();
      }
      if (undelivered > 0) {
        log.warn("alert pipeline closed with {} events undelivered: handlers did not finish within {}", undelivered,
            Durations.format(config.closeTimeout().toNanos()));
      }
      // Interrupted handlers usually return at once; waiting for them means close() leaves no thread behind.
      if (!ownThread && !awaitHandlers()) {
        log.warn("an alert handler did not return within {} of being interrupted; its daemon thread is left to end "
            + "on its own", Durations.format(config.closeTimeout().toNanos()));
      }
    }
  }

  // The executor counts as terminated while its last worker is still returning from run(): joining the threads as
  // well is what makes "close() returned" mean "no handler thread is left".
  private boolean awaitHandlers() {
    long deadline = System.nanoTime() + config.closeTimeout().toNanos();
    try {
      if (!executor.awaitTermination(config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
      for (Thread t : handlerThreads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        if (t.isAlive()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Thread newHandlerThread(Runnable task, String name) {
    handlerThreads.removeIf(t -> !t.isAlive()); // threads ended after idling; at most maxHandlers are alive
    HandlerThread thread = new HandlerThread(this, task, name);
    handlerThreads.add(thread);
    return thread;
  }

  /** A handler thread; knows its pipeline so that {@code close()} from a handler does not wait for itself. */
  private static final class HandlerThread extends Thread {
    final AlertPipeline pipeline;

    HandlerThread(AlertPipeline pipeline, Runnable task, String name) {
      super(task, name);
      this.pipeline = pipeline;
      setDaemon(true);
    }
  }

  @Override
  public String toString() {
    return "AlertPipeline{" + evaluators.length + " rules, " + subscriptions.length + " handlers}";
  }
}
