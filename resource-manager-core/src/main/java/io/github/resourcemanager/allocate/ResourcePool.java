package io.github.resourcemanager.allocate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Shares resources among projects and agents, admits agents, queues those that do not fit, and enforces limits. Get
 * one from {@code ResourceManager.allocation()}; it acts on every sample of the manager's monitor.
 *
 * <h2>Admission</h2>
 * {@link #admit(AgentSpec)} runs Kubernetes' admission steps in order, and rejects the agent whole at the first
 * that fails: the priority class must exist; the project's {@link LimitRange} fills in default requests and limits
 * and checks min, max and ratio; the project's {@link Quota} must allow it; then its requests must fit both its
 * project's share (recomputed with the agent included) and the global limits. An agent that does not fit preempts
 * lower-priority agents when {@linkplain AllocationConfig#preemption() allowed} (the fewest needed, lowest priority
 * and latest admitted first), else waits in the {@linkplain OverflowPolicy overflow queue}, else is rejected. An agent
 * the monitor cannot track (it already tracks its {@code maxAgents}) is rejected at once.
 *
 * <h2>Shares</h2>
 * The {@link SharingStrategy} divides the global limits (after the active {@link Profile}) among projects, then
 * each project's share among its agents, whenever agents or projects join or leave, a profile switches, or (for
 * strategies that adapt) on every sample. Listeners receive an {@link AllocationEvent.Type#SHARES_CHANGED} event
 * and read the new {@link #shares()}.
 *
 * <h2>Enforcement</h2>
 * On every sample the pool reads each admitted agent's usage (see {@link AllocationConfig#usageMetrics()}) and
 * compares it with three limits: the agent's own limits, its project's share and the global limits. A limit exceeded
 * takes effect per its {@link EnforcementPolicy} (the agent's, else the project's, else the global one): a warning
 * event, a throttle or a pause of every agent under that limit; it is lifted once usage falls below the resume
 * threshold. Agents in this JVM are held through their {@linkplain #executor executors}; containers and other agents
 * through the configured {@link Enforcer}s. An enforcer that fails is reported with an
 * {@link AllocationEvent.Type#ENFORCEMENT_FAILED} event and retried on the next check. In steady state (no
 * transitions, no queue, a strategy that does not adapt to usage) a sample allocates nothing.
 *
 * <h2>Prediction</h2>
 * {@link #predict(String)} recommends how much to allocate to an agent from its measured history and the runs
 * {@linkplain #recordRun recorded} for it; see {@link PredictionConfig}.
 *
 * <p>Thread-safe. Admission, release and samples are serialized by one lock; listeners and enforcers are called
 * after it is released, so a listener may call the pool. A null argument is a {@link NullPointerException} naming the
 * parameter.
 */
public interface ResourcePool {

  /** The configuration. */
  AllocationConfig config();

  /** The shares in force. */
  Shares shares();

  /** The name of the active profile, if any. */
  Optional<String> activeProfile();

  /**
   * Admits the agent configured under {@code agentId} ({@link AllocationConfig#agents()}), or, if none is, an agent
   * of that id in the default project with no requests or limits.
   *
   * @throws IllegalArgumentException if the id is malformed
   * @throws IllegalStateException if the manager is closed
   */
  Admission admit(String agentId);

  /**
   * Admits an agent, queues it, or rejects it; see the class description. Admitting an agent already admitted or
   * queued changes nothing and reports where it stands.
   *
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException if the spec uses a resource defined after the pool was created
   * @throws IllegalStateException if the manager is closed
   */
  Admission admit(AgentSpec spec);

  /**
   * Releases an agent: it leaves the pool (or the queue), its requests and quota are freed, shares are recomputed
   * and waiting agents that now fit are admitted. Tasks submitted to its {@linkplain #executor executor}
   * afterwards are held until it is admitted again.
   *
   * @return whether the agent was admitted or queued
   * @throws IllegalStateException if the manager is closed
   */
  boolean release(String agentId);

  /** Whether the agent is admitted and a task of it would start now (not paused, a permit free). */
  boolean canRun(String agentId);

  /**
   * Waits until {@link #canRun} holds for the agent, or {@code timeout} passes (real time). A negative timeout
   * does not wait, as in {@code java.util.concurrent}.
   *
   * @return whether the agent can run
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is too long for a {@code long} of nanoseconds
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitResources(String agentId, Duration timeout) throws InterruptedException;

  /**
   * An executor for the agent's tasks in this JVM: they run on {@code delegate} inside the agent's scope (so the
   * monitor measures them) while it is admitted and not paused, as many at once as its permits allow (the machine's
   * CPUs, fewer while throttled); otherwise they are held, in order, until it may run. Nothing submitted is dropped;
   * work already running finishes.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the agent id is malformed
   * @throws IllegalStateException if the manager is closed
   */
  Executor executor(String agentId, Executor delegate);

  /** Where the agent stands, if it is admitted or queued. */
  Optional<AgentStatus> status(String agentId);

  /** The ids of the admitted agents, in admission order. */
  List<String> admitted();

  /** The ids of the queued agents, in the order they would be released now (see {@link OverflowPolicy}). */
  List<String> queued();

  /**
   * Divides the shares again now and notifies listeners if they changed. The pool does this by itself on every
   * change, and on every sample for a strategy that adapts to usage.
   *
   * @return the shares in force afterwards
   * @throws IllegalStateException if the strategy fails (the previous shares stay in force), or the manager is closed
   */
  Shares recompute();

  /**
   * Records how long one run of the agent took, for its predicted run time.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the agent id is malformed, or {@code duration} is negative or too long
   *     for a {@code long} of nanoseconds
   * @throws IllegalStateException if the manager is closed
   */
  void recordRun(String agentId, Duration duration);

  /**
   * Recommends how much to allocate to {@code agentId}, which need not be admitted (its configured project is then
   * used). For each resource whose usage the pool reads, the prediction is a high percentile (by default p95) of
   * the agent's own measured values over the prediction window, or the configured default without enough history;
   * the allocation is {@code min(predicted, headroom × available)}, where available is the least of what the
   * machine has free, what the global limits leave after the other admitted agents' requests, and what the agent's
   * project share leaves. The run time is the same percentile of the {@linkplain #recordRun recorded runs}, or the
   * default. See {@link PredictionConfig}.
   *
   * @throws NullPointerException if {@code agentId} is null
   */
  Allocation predict(String agentId);

  /**
   * Adds a listener for events, new shares included ({@link AllocationEvent.Type#SHARES_CHANGED}). Events arrive
   * in the order they happened, never while the pool is locked; anything one listener throws ({@code Error}s
   * included) is counted in the manager's {@code MonitorStats.listenerFailures}, logged once per run of failures,
   * and does not affect the others. On the monitor's worker, listeners that have not returned within the callback
   * timeout are left behind and skipped until they return.
   *
   * @throws NullPointerException if {@code listener} is null
   * @throws IllegalStateException if the manager is closed
   */
  void addListener(Consumer<AllocationEvent> listener);

  /** Removes a listener added with {@link #addListener}; does nothing if it was not added. Allowed when closed. */
  void removeListener(Consumer<AllocationEvent> listener);
}
