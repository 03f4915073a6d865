package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.allocate.Admission;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.Allocation;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.AllocationEvent;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.internal.monitor.SteppedListener;
import io.github.resourcemanager.internal.monitor.TickStep;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link ResourcePool} of a {@link ResourceMonitor}'s agents, fed by its samples. This class only wires the
 * parts and holds the lock; each part has one job:
 *
 * <ul>
 *   <li>{@link PoolState}: who is in the pool (projects, admitted agents, the queue);
 *   <li>{@link AdmissionControl}: priority class, limit range, quota, fit, preemption, release ({@link QuotaCheck}
 *       holds the quota arithmetic);
 *   <li>{@link ShareDivider}: the shares, divided by the {@link BuiltInStrategy} ({@link Apportion}'s water-filling),
 *       divided again whenever something changes;
 *   <li>{@link Enforcement}: usage against the limits, and pause, throttle and resume through the enforcers (the
 *       {@link InJvmEnforcer} first);
 *   <li>{@link OverflowQueue}: agents waiting to fit, aging and expiry;
 *   <li>{@link ProfileSchedule}: which profile, so which global limits, is in force;
 *   <li>{@link Outbox}: events, delivered to listeners after the lock is released;
 *   <li>{@link PredictiveAllocator}: {@link #predict} and {@link #recordRun}.
 * </ul>
 *
 * <p>A sample flows through {@link #onSample}: profile, usage, shares (if they follow usage), limits and decisions,
 * the queue; then, outside the lock, decisions put into effect and events delivered. Every public operation takes
 * the lock for its change and finishes the same way ({@link #afterChange}).
 *
 * <p>Thread-safe. Admission, release and samples are serialized by one lock; listeners and enforcers are called
 * after it is released. Under the monitor, a sample is three {@link TickStep}s, each timed on its own: the pool's own
 * work with the in-JVM enforcer, the configured enforcers, and the event listeners; an enforcer or listener that
 * hangs is skipped until it returns, and no query waits for it. After {@link #close()} every method that changes
 * the pool throws {@link IllegalStateException}.
 */
public final class MonitoredPool implements ResourcePool, SteppedListener, AutoCloseable {

  private final AllocationConfig config;
  private final ResourceMonitor monitor;
  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Outbox outbox;
  private final PoolState state;
  private final ProfileSchedule profiles;
  private final ShareDivider divider;
  private final Enforcement enforcement;
  private final OverflowQueue queue;
  private final AdmissionControl admission;
  private final PredictiveAllocator allocator;
  private boolean closed; // guarded by lock

  private MonitoredPool(AllocationConfig config, ResourceMonitor monitor) {
    this.config = config;
    this.monitor = monitor;
    this.ticker = monitor.config().ticker();
    Clock clock = monitor.config().clock();
    AgentTracker tracker = monitor.tracker();
    this.outbox = new Outbox(clock);
    this.state = new PoolState(config, Vectors.resourceCount());
    this.profiles = new ProfileSchedule(config, state.resourceCount, clock.millis());
    this.divider = new ShareDivider(config, state, profiles, outbox);
    this.enforcement = new Enforcement(config, state, profiles, lock, outbox);
    this.queue = new OverflowQueue(config.overflow(), state, enforcement, outbox, ticker);
    this.admission = new AdmissionControl(config, tracker, ticker, state, profiles, divider, queue, enforcement, outbox);
    this.allocator = new PredictiveAllocator(this, monitor, config.prediction(), config.machineCpus());
    outbox.countFailuresIn(monitor.listenerFailureCounter());
    lock.lock();
    try {
      divider.recompute(ticker.read());
    } finally {
      lock.unlock();
    }
    outbox.clear(); // nobody listens yet
  }

  /**
   * A pool for the agents of {@code monitor}. Register it as the monitor's listener
   * ({@code monitor.addListener(pool)}) so that it sees samples, and close it with the monitor; the
   * {@code ResourceManager} facade does both.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the configured strategy cannot divide the configured limits
   */
  public static MonitoredPool create(AllocationConfig config, ResourceMonitor monitor) {
    return new MonitoredPool(Objects.requireNonNull(config, "config"), Objects.requireNonNull(monitor, "monitor"));
  }

  // ================================================================== the pool

  @Override
  public AllocationConfig config() {
    return config;
  }

  @Override
  public Shares shares() {
    return divider.shares();
  }

  @Override
  public Optional<String> activeProfile() {
    lock.lock();
    try {
      return Optional.ofNullable(profiles.active() == null ? null : profiles.active().name());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void addListener(Consumer<AllocationEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen("add a listener");
    outbox.addListener(listener);
  }

  @Override
  public void removeListener(Consumer<AllocationEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    outbox.removeListener(listener); // allowed when closed: cleanup code may run in any order
  }

  @Override
  public Admission admit(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    AgentSpec spec = config.agents().get(agentId);
    return admit(spec != null ? spec : AgentSpec.custom(agentId).build());
  }

  @Override
  public Admission admit(AgentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Admission result;
    lock.lock();
    try {
      requireOpen("admit agent \"" + spec.id() + "\"");
      result = admission.admit(spec);
    } finally {
      lock.unlock();
    }
    afterChange();
    return result;
  }

  @Override
  public boolean release(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    boolean found;
    lock.lock();
    try {
      requireOpen("release agent \"" + agentId + "\"");
      found = admission.release(agentId);
    } finally {
      lock.unlock();
    }
    afterChange();
    return found;
  }

  @Override
  public boolean canRun(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    return isAdmitted(agentId) && enforcement.inJvm().canRun(agentId);
  }

  @Override
  public boolean awaitResources(String agentId, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(timeout, "timeout");
    return enforcement.inJvm().await(() -> canRun(agentId), timeout);
  }

  @Override
  public Executor executor(String agentId, Executor delegate) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(delegate, "delegate");
    Names.require("agent id", agentId);
    requireOpen("make an executor for agent \"" + agentId + "\"");
    monitor.tracker().register(agentId);
    Executor gated = enforcement.inJvm().executor(agentId, monitor.tracker().executor(agentId, delegate));
    lock.lock();
    try {
      enforcement.gate(agentId, state.members.containsKey(agentId));
    } finally {
      lock.unlock();
    }
    afterChange();
    return gated;
  }

  @Override
  public Optional<AgentStatus> status(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    lock.lock();
    try {
      Member m = state.members.get(agentId);
      if (m != null) {
        return Optional.of(new AgentStatus(agentId, m.project.name, m.state(), m.spec.resources(),
            m.spec.resources().qosClass(), m.priority));
      }
      Waiting w = state.findWaiting(agentId);
      if (w != null) {
        Candidate c = w.candidate();
        return Optional.of(new AgentStatus(agentId, w.project(), AgentStatus.State.QUEUED, c.spec().resources(),
            c.spec().resources().qosClass(), c.priority()));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> admitted() {
    lock.lock();
    try {
      List<Member> list = new ArrayList<>(state.members.values());
      list.sort(Comparator.comparingLong(m -> m.seq));
      List<String> ids = new ArrayList<>(list.size());
      for (Member m : list) {
        ids.add(m.id());
      }
      return ids;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> queued() {
    lock.lock();
    try {
      List<String> ids = new ArrayList<>();
      for (Waiting w : queue.releaseOrder(ticker.read())) {
        ids.add(w.id());
      }
      return ids;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Shares recompute() {
    Shares result;
    lock.lock();
    try {
      requireOpen("recompute the shares");
      result = divider.recompute(ticker.read());
    } finally {
      lock.unlock();
    }
    afterChange();
    return result;
  }

  @Override
  public void recordRun(String agentId, Duration duration) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(duration, "duration");
    requireOpen("record a run");
    allocator.recordRun(agentId, duration);
  }

  @Override
  public Allocation predict(String agentId) {
    return allocator.allocate(agentId);
  }

  // ================================================================== the monitor's side

  /**
   * One sample, in the order the data flows: the profile in force at the sample's time; the agents' usage; the
   * shares again if the strategy follows usage; usage against the limits, and what each agent should be; the
   * waiting agents that fit now. Then, outside the lock, the decisions are put into effect and the events
   * delivered. Called by the monitor every tick.
   */
  @Override
  public void onSample(Sample sample) {
    sampleLocked(sample);
    afterChange();
  }

  /**
   * The steps of each sample under the monitor: the pool's own work and the in-JVM enforcer (library code), the
   * configured enforcers, the event listeners.
   */
  @Override
  public List<TickStep> tickSteps(Supplier<Sample> sample) {
    List<TickStep> steps = new ArrayList<>();
    steps.add(new TickStep("resource pool") {
      @Override
      protected void run() {
        sampleLocked(sample.get());
        enforcement.applyInJvm();
      }
    });
    if (enforcement.hasConfiguredEnforcers()) {
      steps.add(new TickStep("the pool's enforcers") {
        @Override
        protected void run() {
          enforcement.applyConfigured(true);
        }

        @Override
        protected void overran(long elapsedNanos) {
          super.overran(elapsedNanos);
          enforcement.reportOverrun(Durations.format(elapsedNanos));
        }
      });
    } else {
      steps.add(new TickStep("the pool's departures") {
        @Override
        protected void run() {
          enforcement.applyConfigured(true);
        }
      });
    }
    steps.add(new TickStep("the pool's event listeners") {
      @Override
      protected void run() {
        outbox.deliver();
      }
    });
    return steps;
  }

  private void sampleLocked(Sample sample) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = sample.tickNanos();
      ProfileSchedule.Switch change = profiles.check(sample.epochMillis());
      if (change != null) {
        switchedProfile(change, now);
      }
      enforcement.readUsage(sample);
      if (divider.adaptsToUsage()) {
        recomputeOrReport(now, "");
      }
      enforcement.checkLimits();
      if (!state.waiting.isEmpty()) {
        queue.serve(now, admission);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops admitting; waiting agents stay queued, gates stay as they are. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    enforcement.inJvm().signal();
  }

  /** A profile switch goes through the same path as any change: new shares, an event, and the queue served. */
  private void switchedProfile(ProfileSchedule.Switch change, long now) {
    recomputeOrReport(now, " after the profile switch");
    String message = (change.after() == null ? "no profile active" : "profile " + change.after().name() + " active")
        + (change.before() == null ? "" : " (was " + change.before().name() + ")") + ": global limits {"
        + profiles.capacity() + "}";
    outbox.emit(AllocationEvent.Type.PROFILE_CHANGED, null, null, message);
    if (!state.waiting.isEmpty()) {
      queue.serve(now, admission);
    }
  }

  /** Divides the shares again; a strategy that fails is reported, and the previous shares stay in force. */
  private void recomputeOrReport(long now, String when) {
    try {
      divider.recompute(now);
    } catch (IllegalStateException e) {
      outbox.emit(AllocationEvent.Type.STRATEGY_FAILED, null, null, "strategy " + divider.strategyName()
          + " failed" + when + "; the previous shares stay in force: " + e.getMessage());
    }
  }

  /** After any locked change: put decisions into effect, then deliver the events in order. */
  private void afterChange() {
    enforcement.apply();
    outbox.deliver();
  }

  // ================================================================== for the allocator and tests

  /**
   * What is free for {@code agentId} by resource index: {@code [0]} global capacity minus the other agents'
   * requests, {@code [1]} its project's share minus the requests of the project's other agents;
   * {@link Vectors#ABSENT} if unlimited.
   */
  long[][] freeFor(String agentId, String project) {
    lock.lock();
    try {
      int resources = state.resourceCount;
      long[] global = new long[resources];
      long[] inProject = new long[resources];
      long[][] requests = state.requests(project, List.of(), agentId);
      long[] capacity = profiles.capacityRaw();
      ProjectState p = state.projects.get(project);
      for (int r = 0; r < resources; r++) {
        global[r] = capacity[r] == Vectors.ABSENT ? Vectors.ABSENT : Math.max(0, capacity[r] - requests[0][r]);
        long share = p == null ? Vectors.ABSENT : p.share[r];
        inProject[r] = share == Vectors.ABSENT ? Vectors.ABSENT : Math.max(0, share - requests[1][r]);
      }
      return new long[][] {global, inProject};
    } finally {
      lock.unlock();
    }
  }

  /** The project of an admitted or queued agent, else its configured one, else the default project. */
  String projectOf(String agentId) {
    lock.lock();
    try {
      Member m = state.members.get(agentId);
      if (m != null) {
        return m.project.name;
      }
      Waiting w = state.findWaiting(agentId);
      if (w != null) {
        return w.project();
      }
      AgentSpec spec = config.agents().get(agentId);
      return spec != null ? spec.project() : ProjectConfig.DEFAULT_PROJECT;
    } finally {
      lock.unlock();
    }
  }

  /** The enforcer that gates agents' work in this JVM. */
  InJvmEnforcer inJvmEnforcer() {
    return enforcement.inJvm();
  }

  private boolean isAdmitted(String agentId) {
    lock.lock();
    try {
      return state.members.containsKey(agentId);
    } finally {
      lock.unlock();
    }
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new IllegalStateException("this resource pool is closed; cannot " + what);
    }
  }

  @Override
  public String toString() {
    return "ResourcePool{" + divider.strategyName() + ", " + state.members.size() + " agents, " + state.waiting.size()
        + " queued}";
  }
}
