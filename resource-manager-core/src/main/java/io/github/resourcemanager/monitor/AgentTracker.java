package io.github.resourcemanager.monitor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Attributes the CPU time and heap allocation of JVM threads to agents.
 *
 * <pre>{@code
 * tracker.register("agent-7");
 * try (AgentScope scope = tracker.enter("agent-7")) {
 *   work();   // CPU time and allocated bytes of this thread count for agent-7
 * }
 * }</pre>
 *
 * <p>Work is measured per thread with {@link java.lang.management.ThreadMXBean#getCurrentThreadCpuTime()} and
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()} at scope boundaries; each monitor tick
 * also reads the threads that are inside a scope right now, so long-running scopes show up while they run, not only
 * when they end. Only the threads inside a scope are read, so idle agents cost nothing.
 *
 * <p>Thread-safe. The number of agents is bounded by the manager's {@code maxAgents}. After the manager is closed,
 * every method that would change state ({@code register}, {@code enter}, {@code wrap}, {@code executor}, and running
 * a task wrapped or submitted before) throws {@link IllegalStateException}; queries keep answering, scopes entered
 * before close normally, and {@code unregister} stays allowed so that cleanup code may run in any order.
 */
public interface AgentTracker {

  /**
   * Registers an agent, or returns the agent already registered under this id.
   *
   * @param id 1 to 128 characters: letters, digits, and {@code . _ - : / @}, starting with a letter or digit
   * @throws IllegalArgumentException if the id is malformed
   * @throws IllegalStateException if the tracker already holds its maximum number of agents, or is closed
   */
  Agent register(String id);

  /**
   * Registers an agent with labels (for example its project), or returns the agent already registered under this
   * id (whose labels are kept).
   *
   * @throws IllegalArgumentException if the id is malformed, or a label key or value is malformed
   * @throws IllegalStateException if the tracker already holds its maximum number of agents, or is closed
   */
  Agent register(String id, Map<String, String> labels);

  /**
   * Removes an agent. Its scopes still open stay valid until they close, but are no longer sampled.
   *
   * @return whether an agent with this id was registered
   */
  boolean unregister(String id);

  /** The agent registered under {@code id}, if any. */
  Optional<Agent> find(String id);

  /**
   * The agent registered under {@code id}.
   *
   * @throws IllegalArgumentException if no agent has this id
   */
  Agent get(String id);

  /** All registered agents, in registration order. */
  List<Agent> agents();

  /** The number of registered agents. */
  int size();

  /** The most agents this tracker holds. */
  int maxAgents();

  /** Values written by sources for agents that could not be registered because the limit was reached. */
  long droppedValues();

  /**
   * Enters the scope of the agent registered under {@code id} on the calling thread.
   *
   * @throws IllegalArgumentException if no agent has this id
   * @throws IllegalStateException if the tracker is closed
   */
  AgentScope enter(String id);

  /**
   * Wraps {@code task} so that it runs inside the scope of agent {@code id}; the agent is resolved now.
   *
   * @throws IllegalArgumentException if no agent has this id
   * @throws IllegalStateException if the tracker is closed
   */
  Runnable wrap(String id, Runnable task);

  /**
   * Wraps {@code task} so that it runs inside the scope of agent {@code id}; the agent is resolved now.
   *
   * @throws IllegalArgumentException if no agent has this id
   * @throws IllegalStateException if the tracker is closed
   */
  <T> Callable<T> wrap(String id, Callable<T> task);

  /**
   * An executor that runs every task of {@code delegate} inside the scope of agent {@code id}.
   *
   * @throws IllegalArgumentException if no agent has this id
   * @throws IllegalStateException if the tracker is closed
   */
  Executor executor(String id, Executor delegate);
}
