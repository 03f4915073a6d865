package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AgentTracker} of a monitor: agents, their scopes on the threads that work for them, and the per-tick
 * attribution of those threads' CPU time and allocation.
 *
 * <p>Work is measured per thread with {@link java.lang.management.ThreadMXBean#getCurrentThreadCpuTime()} and
 * {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()} at scope boundaries; each tick also reads
 * the threads inside a scope, so long-running scopes show up while they run. Only the threads inside a scope are
 * read, so idle agents cost nothing. Thread-safe.
 */
public final class ThreadTracker implements AgentTracker {

  private static final Logger log = LoggerFactory.getLogger(ThreadTracker.class);
  private static final int MAX_ID_LENGTH = 128;
  /** The per-agent metrics the tracker itself writes for every agent. */
  static final List<Metric> OWN_METRICS = List.of(Metric.AGENT_CPU_USAGE, Metric.AGENT_CPU_TIME,
      Metric.AGENT_ALLOCATION_RATE, Metric.AGENT_THREADS);

  private final int maxAgents;
  private final Ticker ticker;
  private final Duration step;
  private final java.lang.management.ThreadMXBean threads;
  private final com.sun.management.@Nullable ThreadMXBean sunThreads; // null when the JVM does not offer it
  private final boolean cpuTimeSupported;

  private final ConcurrentHashMap<String, TrackedAgent> agents = new ConcurrentHashMap<>();
  private final AgentTables tables;
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong order = new AtomicLong();
  // One per tracker, not static: each resource manager's tracker keeps its own state per thread, and a thread may
  // be in scopes of several managers. The tracker lives as long as its manager; the map's keys are weak.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<ThreadState> threadState = new ThreadLocal<>();
  // Threads that ever entered a scope; an array republished on change, so the tick iterates without allocating.
  private final Object threadStatesLock = new Object();
  private volatile ThreadState[] threadStates = new ThreadState[0];
  private final AtomicLong droppedValues = new AtomicLong();
  private volatile boolean membershipChanged = true;
  private volatile boolean closed;

  // Monitor-thread state.
  private long tickSequence;
  private TrackedAgent[] ordered = new TrackedAgent[0];
  private int orderedCount;

  ThreadTracker(int maxAgents, AgentTables tables, Ticker ticker, Duration step) {
    this.step = step;
    this.maxAgents = maxAgents;
    this.tables = tables;
    this.ticker = ticker;
    this.threads = ManagementFactory.getThreadMXBean();
    this.sunThreads = threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;
    boolean cpu = threads.isThreadCpuTimeSupported();
    if (cpu && !threads.isThreadCpuTimeEnabled()) {
      try {
        threads.setThreadCpuTimeEnabled(true);
      } catch (UnsupportedOperationException | SecurityException e) {
        cpu = false;
      }
    }
    this.cpuTimeSupported = cpu;
    if (!cpu) {
      log.warn("this JVM cannot measure thread CPU time; agent CPU usage will not be recorded");
    }
    if (sunThreads != null && !sunThreads.isThreadAllocatedMemoryEnabled()) {
      sunThreads.setThreadAllocatedMemoryEnabled(true);
    }
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers an agent, or returns the agent already registered under this id.
   *
   * @param id 1 to 128 characters: letters, digits, and {@code . _ - : / @}, starting with a letter or digit
   * @throws IllegalArgumentException if the id is malformed
   * @throws IllegalStateException if the tracker already holds its maximum number of agents
   */
  @Override
  public TrackedAgent register(String id) {
    return register(id, Map.of());
  }

  /**
   * Registers an agent with labels (for example its project), or returns the agent already registered under
   * this id (whose labels are kept).
   *
   * @throws IllegalArgumentException if the id is malformed
   * @throws NullPointerException if the id or the labels are null or hold a null key or value
   * @throws IllegalStateException if the tracker already holds its maximum number of agents
   */
  @Override
  public TrackedAgent register(String id, Map<String, String> labels) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(labels, "labels");
    requireOpen("register agent \"" + id + "\"");
    validateId(id);
    TrackedAgent existing = agents.get(id);
    if (existing != null) {
      return existing;
    }
    Map<String, String> copy = copyLabels(labels);
    synchronized (agents) {
      existing = agents.get(id);
      if (existing != null) {
        return existing;
      }
      if (count.get() >= maxAgents) {
        throw new IllegalStateException("agent limit reached: " + maxAgents + " agents are registered "
            + "(MonitorConfig maxAgents); unregister agents or raise the limit before registering \"" + id + "\"");
      }
      AgentTable table = tables.tableFor(copy);
      AgentTable.View view = table.new View();
      TrackedAgent agent = new TrackedAgent(id, copy, this, order.incrementAndGet(), table, new History(view, ticker, step), view);
      agents.put(id, agent);
      count.incrementAndGet();
      membershipChanged = true;
      return agent;
    }
  }

  /**
   * Removes an agent. Its scopes still open stay valid until they close, but are no longer sampled.
   *
   * @return whether an agent with this id was registered
   */
  @Override
  public boolean unregister(String id) {
    synchronized (agents) {
      TrackedAgent removed = id == null ? null : agents.remove(id);
      if (removed == null) {
        return false;
      }
      count.decrementAndGet();
      removed.unregistered();
      membershipChanged = true;
      return true;
    }
  }

  /** The agent registered under {@code id}, if any. */
  @Override
  public Optional<Agent> find(String id) {
    return Optional.ofNullable(id == null ? null : agents.get(id));
  }

  /** The agent registered under {@code id}, if any, as the tracker's own type. */
  public Optional<TrackedAgent> findTracked(String id) {
    return Optional.ofNullable(id == null ? null : agents.get(id));
  }

  /**
   * The agent registered under {@code id}.
   *
   * @throws IllegalArgumentException if no agent has this id
   */
  @Override
  public TrackedAgent get(String id) {
    TrackedAgent agent = agents.get(Objects.requireNonNull(id, "id"));
    if (agent == null) {
      throw new IllegalArgumentException("unknown agent \"" + id + "\"; register it first with "
          + "AgentTracker.register(id) (" + agents.size() + " agents are registered)");
    }
    return agent;
  }

  /** All registered agents, in registration order. */
  @Override
  public List<Agent> agents() {
    return Collections.unmodifiableList(trackedAgents());
  }

  /** The registered agents, in registration order, as the tracker's own type. */
  public List<TrackedAgent> trackedAgents() {
    List<TrackedAgent> list = new ArrayList<>(agents.values());
    list.sort(Comparator.comparingLong(TrackedAgent::order));
    return list;
  }

  /** The number of registered agents. */
  @Override
  public int size() {
    return count.get();
  }

  /** The most agents this tracker holds. */
  @Override
  public int maxAgents() {
    return maxAgents;
  }

  /** Values written by sources for agents that could not be registered because the limit was reached. */
  @Override
  public long droppedValues() {
    return droppedValues.get();
  }

  // ---------------------------------------------------------------- scopes

  /**
   * Enters the scope of the agent registered under {@code id} on the calling thread.
   *
   * @throws IllegalArgumentException if no agent has this id
   */
  @Override
  public AgentScope enter(String id) {
    requireOpen("enter the scope of agent " + (id == null ? "null" : "\"" + id + "\""));
    return enter(get(id));
  }

  /** Wraps {@code task} so that it runs inside the scope of agent {@code id}; the agent is resolved now. */
  @Override
  @SuppressWarnings("try") // the scope is entered for its effect on the thread; its variable is not read
  public Runnable wrap(String id, Runnable task) {
    requireOpen("wrap a task for agent " + (id == null ? "null" : "\"" + id + "\""));
    TrackedAgent agent = get(id);
    Objects.requireNonNull(task, "task");
    return () -> {
      try (AgentScope ignored = enter(agent)) {
        task.run();
      }
    };
  }

  /** Wraps {@code task} so that it runs inside the scope of agent {@code id}; the agent is resolved now. */
  @Override
  @SuppressWarnings("try") // the scope is entered for its effect on the thread; its variable is not read
  public <T> Callable<T> wrap(String id, Callable<T> task) {
    requireOpen("wrap a task for agent " + (id == null ? "null" : "\"" + id + "\""));
    TrackedAgent agent = get(id);
    Objects.requireNonNull(task, "task");
    return () -> {
      try (AgentScope ignored = enter(agent)) {
        return task.call();
      }
    };
  }

  /** An executor that runs every task of {@code delegate} inside the scope of agent {@code id}. */
  @Override
  @SuppressWarnings("try") // the scope is entered for its effect on the thread; its variable is not read
  public Executor executor(String id, Executor delegate) {
    requireOpen("make an executor for agent " + (id == null ? "null" : "\"" + id + "\""));
    TrackedAgent agent = get(id);
    Objects.requireNonNull(delegate, "delegate");
    return command -> {
      Objects.requireNonNull(command, "command");
      delegate.execute(() -> {
        try (AgentScope ignored = enter(agent)) {
          command.run();
        }
      });
    };
  }

  /**
   * Refuses every later change: registering, unregistering, entering scopes, wrapping tasks, making executors.
   * Scopes entered before still close normally; queries keep answering. Called when the monitor closes.
   */
  void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new IllegalStateException("the resource manager is closed; cannot " + what);
    }
  }

  ThreadScope enter(TrackedAgent agent) {
    if (closed) {
      throw new IllegalStateException("the resource manager is closed; cannot enter the scope of agent \""
          + agent.id() + "\"");
    }
    if (!agent.isRegistered()) {
      throw new IllegalStateException("agent \"" + agent.id() + "\" has been unregistered");
    }
    ThreadState state = threadState.get();
    if (state == null) {
      state = new ThreadState(Thread.currentThread());
      threadState.set(state);
      synchronized (threadStatesLock) {
        ThreadState[] grown = Arrays.copyOf(threadStates, threadStates.length + 1);
        grown[grown.length - 1] = state;
        threadStates = grown;
      }
    }
    long cpu = currentThreadCpu();
    long alloc = currentThreadAllocated();
    int depth;
    synchronized (state) {
      if (state.depth > 0) {
        state.attribute(state.stack[state.depth - 1], cpu, alloc);
      }
      state.advance(cpu, alloc);
      depth = state.push(agent);
    }
    return new ThreadScope(this, state, agent, depth);
  }

  void exit(ThreadScope scope, ThreadState state, int depth) {
    if (Thread.currentThread() != state.thread) {
      throw new IllegalStateException("the scope of agent \"" + scope.agentInternal().id() + "\" was entered on thread "
          + state.thread.getName() + " and must be closed there, not on " + Thread.currentThread().getName());
    }
    long cpu = currentThreadCpu();
    long alloc = currentThreadAllocated();
    synchronized (state) {
      if (state.depth - 1 != depth) {
        throw new IllegalStateException("scopes must close in reverse order: closing agent \""
            + scope.agentInternal().id() + "\" while agent \"" + state.stack[state.depth - 1].id() + "\" is innermost");
      }
      state.attribute(state.stack[depth], cpu, alloc);
      state.advance(cpu, alloc);
      state.pop();
    }
  }

  private long currentThreadCpu() {
    return cpuTimeSupported ? threads.getCurrentThreadCpuTime() : 0;
  }

  private long currentThreadAllocated() {
    return sunThreads == null ? 0 : sunThreads.getCurrentThreadAllocatedBytes();
  }

  // ---------------------------------------------------------------- monitor side

  /** Starts a tick: begins the table's row and refreshes the agent array when membership changed. */
  void beginTick(TickSample sample) {
    tickSequence = sample.sequence();
    tables.beginRow(sample.tickNanos(), sample.epochMillis(), tickSequence);
    refreshMembership(sample);
  }

  // Slots are given and taken back here, on the monitor thread, so the table is only ever laid out by its writer.
  private void refreshMembership(TickSample sample) {
    if (membershipChanged) {
      membershipChanged = false;
      TrackedAgent[] previous = ordered;
      for (int i = 0; i < orderedCount; i++) {
        if (!previous[i].isRegistered()) {
          previous[i].view.freeze(); // its history is copied out before its slot goes to another agent
        }
      }
      ordered = trackedAgents().toArray(new TrackedAgent[0]);
      orderedCount = ordered.length;
      for (int i = 0; i < orderedCount; i++) {
        attach(ordered[i]);
      }
    }
    sample.agents(ordered, orderedCount);
  }

  private void attach(TrackedAgent agent) {
    if (agent.view.slot() < 0) {
      agent.view.join(tickSequence);
    }
  }

  /** The agent to record a source's value for, registering it if needed; null when the limit is reached. */
  @Nullable TrackedAgent agentForSource(String id) {
    TrackedAgent agent = agents.get(id);
    if (agent != null) {
      attach(agent); // registered since the tick began: it joins the table now
      return agent;
    }
    try {
      TrackedAgent registered = register(id);
      attach(registered);
      return registered;
    } catch (IllegalStateException limitReached) {
      droppedValues.incrementAndGet();
      return null;
    }
  }

  /**
   * Attributes the work of threads inside scopes up to now, computes each agent's metrics over the time
   * since the previous tick, and appends them to the agents' histories.
   */
  void completeTick(TickSample sample, long tickNanos, int cpus) {
    refreshMembership(sample); // agents registered during this tick (by sources or users) join now
    ThreadState[] states = threadStates;
    boolean someDied = false;
    for (int i = 0; i < states.length; i++) {
      ThreadState state = states[i];
      if (!state.thread.isAlive()) {
        someDied = true;
        continue;
      }
      if (state.depth == 0) {
        continue;
      }
      long id = state.thread.getId();
      long cpu = cpuTimeSupported ? threads.getThreadCpuTime(id) : 0;
      long alloc = sunThreads == null ? 0 : sunThreads.getThreadAllocatedBytes(id);
      synchronized (state) {
        if (state.depth > 0) {
          TrackedAgent top = state.stack[state.depth - 1];
          state.attribute(top, cpu, alloc);
          state.advance(cpu, alloc);
          top.activeThreads++;
        }
      }
    }
    if (someDied) {
      forgetDeadThreads();
    }
    for (int i = 0; i < orderedCount; i++) {
      completeAgent(ordered[i], tickNanos, cpus);
    }
    tables.commitRow();
  }

  // A method of its own, called once per agent: the JIT compiles it during the first ticks, where the loop body
  // inlined in completeTick would stay interpreted until on-stack replacement kicks in, a minute later at 1 Hz.
  private void completeAgent(TrackedAgent agent, long tickNanos, int cpus) {
    long cpuTotal = agent.cpuNanosTotal();
    long allocTotal = agent.allocatedBytesTotal();
    double cpuUsage = Double.NaN;
    double allocRate = Double.NaN;
    if (agent.primed) {
      long elapsed = tickNanos - agent.lastTickNanos;
      if (elapsed > 0) {
        cpuUsage = Math.min(100.0, (cpuTotal - agent.lastCpuNanos) * 100.0 / ((double) elapsed * cpus));
        allocRate = (allocTotal - agent.lastAllocatedBytes) * 1e9 / elapsed;
      }
    }
    putIfAbsent(agent, Metric.AGENT_CPU_USAGE, cpuTimeSupported ? cpuUsage : Double.NaN);
    putIfAbsent(agent, Metric.AGENT_CPU_TIME, cpuTimeSupported ? cpuTotal / 1e9 : Double.NaN);
    putIfAbsent(agent, Metric.AGENT_ALLOCATION_RATE, sunThreads != null ? allocRate : Double.NaN);
    putIfAbsent(agent, Metric.AGENT_THREADS, agent.activeThreads);
    agent.lastCpuNanos = cpuTotal;
    agent.lastAllocatedBytes = allocTotal;
    agent.lastTickNanos = tickNanos;
    agent.primed = true;
    agent.activeThreads = 0;
  }

  private void forgetDeadThreads() {
    synchronized (threadStatesLock) {
      threadStates = Arrays.stream(threadStates).filter(s -> s.thread.isAlive()).toArray(ThreadState[]::new);
    }
  }

  // A value written by a source (e.g. a container's own CPU usage) wins over the in-JVM attribution.
  private static void putIfAbsent(TrackedAgent agent, Metric metric, double value) {
    if (Double.isNaN(agent.current(metric.index()))) {
      agent.putCurrent(metric.index(), value);
    }
  }

  // ---------------------------------------------------------------- validation

  static void validateId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("agent id \"" + id + "\" is not allowed; "
          + "use 1 to " + MAX_ID_LENGTH + " characters: letters, digits and . _ - : / @, starting with a letter or digit");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean allowed = alnum || (i > 0 && (c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@'));
      if (!allowed) {
        throw new IllegalArgumentException("agent id \"" + id + "\" is not allowed; use 1 to " + MAX_ID_LENGTH
            + " characters: letters, digits and . _ - : / @, starting with a letter or digit");
      }
    }
  }

  private static Map<String, String> copyLabels(Map<String, String> labels) {
    Map<String, String> copy = new LinkedHashMap<>();
    labels.forEach((k, v) -> {
      Objects.requireNonNull(k, "labels key");
      Objects.requireNonNull(v, "labels[" + k + "]");
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }

  /** Per-thread scope stack and the readings last attributed. Guarded by its own monitor. */
  static final class ThreadState {
    final Thread thread;
    TrackedAgent[] stack = new TrackedAgent[4];
    volatile int depth;
    long cpuCheckpoint;
    long allocCheckpoint;

    ThreadState(Thread thread) {
      this.thread = thread;
    }

    int push(TrackedAgent agent) {
      if (depth == stack.length) {
        stack = Arrays.copyOf(stack, depth * 2);
      }
      stack[depth] = agent;
      int at = depth;
      depth = at + 1;
      return at;
    }

    void pop() {
      int at = depth - 1;
      stack[at] = null;
      depth = at;
    }

    // Readings can arrive out of order (the monitor reads another thread's counters while the owner reads its
    // own), so only progress beyond the checkpoint is attributed; nothing is counted twice or negatively.
    void attribute(TrackedAgent agent, long cpu, long alloc) {
      if (cpu > cpuCheckpoint) {
        agent.addCpuNanos(cpu - cpuCheckpoint);
      }
      if (alloc > allocCheckpoint) {
        agent.addAllocatedBytes(alloc - allocCheckpoint);
      }
    }

    void advance(long cpu, long alloc) {
      cpuCheckpoint = Math.max(cpuCheckpoint, cpu);
      allocCheckpoint = Math.max(allocCheckpoint, alloc);
    }
  }
}
