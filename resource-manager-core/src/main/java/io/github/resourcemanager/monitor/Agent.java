package io.github.resourcemanager.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A unit of work tracked by an {@link AgentTracker}: code that runs inside {@link #enter()} is attributed to this
 * agent, and the monitor records the agent's metrics ({@link Metric#AGENT_CPU_USAGE},
 * {@link Metric#AGENT_ALLOCATION_RATE}, ...) in the agent's own history every tick.
 *
 * <p>Obtain agents from {@link AgentTracker#register(String)}. Implementations are thread-safe.
 */
public interface Agent {

  /** The agent's id. */
  String id();

  /** The labels given at registration (immutable). */
  Map<String, String> labels();

  /**
   * Enters this agent's scope on the calling thread; close the returned scope on the same thread.
   *
   * @throws IllegalStateException if the agent has been unregistered
   */
  AgentScope enter();

  /** CPU time used inside this agent's scopes so far (closed scopes, and open ones up to the last tick). */
  Duration cpuTime();

  /** Heap bytes allocated inside this agent's scopes so far (as {@link #cpuTime()}). */
  long allocatedBytes();

  /** Whether the agent is still registered with its tracker. */
  boolean isRegistered();

  /** The per-agent metrics that have a value in this agent's history, in the order they first had one. */
  List<Metric> metrics();

  /**
   * The most recent recorded value of a per-agent {@code metric}, or {@code NaN} if there is none.
   *
   * @throws IllegalArgumentException if {@code metric} is not a per-agent metric
   */
  double latest(Metric metric);

  /**
   * The values of a per-agent {@code metric} within {@code window} of now, oldest first; samples in which it was
   * not measured are {@code NaN}.
   *
   * @throws IllegalArgumentException if {@code metric} is not a per-agent metric, or {@code window} is negative
   */
  Series history(Metric metric, Duration window);

  /**
   * Statistics of a per-agent {@code metric} within {@code window} of now.
   *
   * @throws IllegalArgumentException if {@code metric} is not a per-agent metric, or {@code window} is negative
   */
  Summary summary(Metric metric, Duration window);
}
