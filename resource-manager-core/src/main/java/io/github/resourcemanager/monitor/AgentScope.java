package io.github.resourcemanager.monitor;

/**
 * The time a thread spends working for an {@link Agent}: CPU time and allocated bytes between
 * {@link Agent#enter()} and {@link #close()} are attributed to the agent.
 *
 * <p>Use with try-with-resources on one thread. Scopes nest: entering another agent inside a scope attributes the
 * inner work to the inner agent until its scope closes. Closing twice is harmless.
 */
public interface AgentScope extends AutoCloseable {

  /** The agent this scope attributes work to. */
  Agent agent();

  /**
   * Ends the scope and attributes the work done in it.
   *
   * @throws IllegalStateException if called on another thread than the one that entered, or while an inner scope
   *     entered after this one is still open
   */
  @Override
  void close();
}
