package io.github.resourcemanager.monitor;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A unit of work tracked by an {@link AgentTracker}: code that runs inside {@link #enter()} is attributed
 * to this agent, and the monitor records the agent's metrics ({@link Metric#AGENT_CPU_USAGE},
 * {@link Metric#AGENT_ALLOCATION_RATE}, ...) in its own {@link #history()} every tick.
 *
 * <p>Obtain agents from {@link AgentTracker#register(String)}. Thread-safe.
 */
public final class Agent {
  private final String id;
  private final Map<String, String> labels;
  private final AgentTracker tracker;
  private final long order;
  private final History history;

  // Attributed by the threads running in the agent's scopes and by the monitor thread.
  final AtomicLong cpuNanos = new AtomicLong();
  final AtomicLong allocatedBytes = new AtomicLong();

  // Monitor-thread state.
  double[] current;
  long lastCpuNanos;
  long lastAllocatedBytes;
  long lastTickNanos;
  boolean primed;
  int activeThreads;

  private volatile boolean registered = true;

  Agent(String id, Map<String, String> labels, AgentTracker tracker, long order, History history) {
    this.id = id;
    this.labels = labels;
    this.tracker = tracker;
    this.order = order;
    this.history = history;
    this.current = new double[Math.max(32, Metric.count())];
    Arrays.fill(current, Double.NaN);
  }

  /** The agent's id. */
  public String id() {
    return id;
  }

  /** The labels given at registration (immutable). */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Enters this agent's scope on the calling thread; close the returned scope on the same thread.
   *
   * @throws IllegalStateException if the agent has been unregistered
   */
  public AgentScope enter() {
    return tracker.enter(this);
  }

  /** CPU time used inside this agent's scopes so far (closed scopes, and open ones up to the last tick). */
  public Duration cpuTime() {
    return Duration.ofNanos(cpuNanos.get());
  }

  /** Heap bytes allocated inside this agent's scopes so far (as {@link #cpuTime()}). */
  public long allocatedBytes() {
    return allocatedBytes.get();
  }

  /** This agent's recorded metrics. */
  public History history() {
    return history;
  }

  /** Whether the agent is still registered with its tracker. */
  public boolean isRegistered() {
    return registered;
  }

  void unregistered() {
    registered = false;
  }

  long order() {
    return order;
  }

  double current(int index) {
    double[] c = current;
    return index < c.length ? c[index] : Double.NaN;
  }

  void putCurrent(int index, double value) {
    if (index >= current.length) {
      int old = current.length;
      current = Arrays.copyOf(current, Math.max(index + 1, old * 2));
      Arrays.fill(current, old, current.length, Double.NaN);
    }
    current[index] = Double.isInfinite(value) ? Double.NaN : value;
  }

  @Override
  public String toString() {
    return "Agent{" + id + (labels.isEmpty() ? "" : ", " + labels) + "}";
  }
}
