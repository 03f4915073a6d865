package io.github.resourcemanager.allocate;

/**
 * Receives a {@link ResourcePool}'s new shares and events, in the order they happened. Calls come from the thread
 * that caused them (the monitor thread for samples, the caller of {@code admit} or {@code release}), never while the
 * pool is locked, so a listener may call the pool. One listener's exception is logged and does not affect others.
 */
public interface AllocationListener {

  /** Called after the shares changed: an agent or project joined or left, a profile switched, usage moved them. */
  default void onShares(Shares shares) {}

  /** Called for every event. */
  default void onEvent(AllocationEvent event) {}
}
