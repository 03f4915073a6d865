package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tracker's agent: its attribution counters, its slot in the agents' table and the monitor thread's state for
 * it.
 */
public final class TrackedAgent implements Agent {
  private final String id;
  private final Map<String, String> labels;
  private final ThreadTracker tracker;
  private final long order;
  private final History history;
  private final AgentTable table;
  final AgentTable.View view;

  // Attributed by the threads running in the agent's scopes and by the monitor thread. Fields updated through
  // VarHandles rather than AtomicLong objects: at 1 Hz each tick finds every agent cold in the caches, and each
  // object read is a cache miss.
  private static final VarHandle CPU_NANOS;
  private static final VarHandle ALLOCATED_BYTES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CPU_NANOS = lookup.findVarHandle(TrackedAgent.class, "cpuNanos", long.class);
      ALLOCATED_BYTES = lookup.findVarHandle(TrackedAgent.class, "allocatedBytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile long cpuNanos;
  private volatile long allocatedBytes;

  // Monitor-thread state.
  long lastCpuNanos;
  long lastAllocatedBytes;
  long lastTickNanos;
  boolean primed;
  int activeThreads;

  private volatile boolean registered = true;

  TrackedAgent(String id, Map<String, String> labels, ThreadTracker tracker, long order, AgentTable table, History history,
      AgentTable.View view) {
    this.id = id;
    this.labels = labels;
    this.tracker = tracker;
    this.order = order;
    this.table = table;
    this.history = history;
    this.view = view;
  }

  /** The agent's id. */
  @Override
  public String id() {
    return id;
  }

  /** The labels given at registration (immutable). */
  @Override
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Enters this agent's scope on the calling thread; close the returned scope on the same thread.
   *
   * @throws IllegalStateException if the agent has been unregistered
   */
  @Override
  public AgentScope enter() {
    return tracker.enter(this);
  }

  /** CPU time used inside this agent's scopes so far (closed scopes, and open ones up to the last tick). */
  @Override
  public Duration cpuTime() {
    return Duration.ofNanos(cpuNanos);
  }

  /** Heap bytes allocated inside this agent's scopes so far (as {@link #cpuTime()}). */
  @Override
  public long allocatedBytes() {
    return allocatedBytes;
  }

  /** This agent's recorded metrics. */
  public History history() {
    return history;
  }

  @Override
  public List<Metric> metrics() {
    return history.metrics();
  }

  @Override
  public double latest(Metric metric) {
    return history.latest(Metrics.requireAgentMetric(metric));
  }

  @Override
  public Series history(Metric metric, Duration window) {
    return history.series(Metrics.requireAgentMetric(metric), window);
  }

  @Override
  public Summary summary(Metric metric, Duration window) {
    return history.summary(Metrics.requireAgentMetric(metric), window);
  }

  /** Whether the agent is still registered with its tracker. */
  @Override
  public boolean isRegistered() {
    return registered;
  }

  void unregistered() {
    registered = false;
  }

  void addCpuNanos(long nanos) {
    CPU_NANOS.getAndAdd(this, nanos);
  }

  void addAllocatedBytes(long bytes) {
    ALLOCATED_BYTES.getAndAdd(this, bytes);
  }

  long cpuNanosTotal() {
    return cpuNanos;
  }

  long allocatedBytesTotal() {
    return allocatedBytes;
  }

  long order() {
    return order;
  }

  /** This tick's value of the metric of {@code index} (monitor thread). */
  double current(int index) {
    return table.current(view.slot(), index);
  }

  /** Records this tick's value of the metric of {@code index} (monitor thread). */
  void putCurrent(int index, double value) {
    table.put(view.slot(), index, value);
  }

  @Override
  public String toString() {
    return "Agent{" + id + (labels.isEmpty() ? "" : ", " + labels) + "}";
  }
}
