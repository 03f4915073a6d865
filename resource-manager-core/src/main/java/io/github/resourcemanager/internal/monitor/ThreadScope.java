package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;

/** A thread's scope of work for an agent, opened by {@link ThreadTracker#enter(TrackedAgent)}. */
final class ThreadScope implements AgentScope {
  private final ThreadTracker tracker;
  private final ThreadTracker.ThreadState state;
  private final TrackedAgent agent;
  private final int depth;
  private boolean closed;

  ThreadScope(ThreadTracker tracker, ThreadTracker.ThreadState state, TrackedAgent agent, int depth) {
    this.tracker = tracker;
    this.state = state;
    this.agent = agent;
    this.depth = depth;
  }

  @Override
  public Agent agent() {
    return agent;
  }

  /**
   * Ends the scope and attributes the work done in it.
   *
   * @throws IllegalStateException if called on another thread than the one that entered, or while an inner
   *     scope entered after this one is still open
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    tracker.exit(this, state, depth);
    closed = true;
  }

  TrackedAgent agentInternal() {
    return agent;
  }
}
