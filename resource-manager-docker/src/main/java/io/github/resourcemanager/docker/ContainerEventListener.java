package io.github.resourcemanager.docker;

/**
 * Receives {@link ContainerEvent}s. Called on the event watcher's own thread, one event at a time, in the engine's
 * order; a listener that throws is logged and the others still get the event. Keep it short: a slow listener
 * delays later events (never the monitor).
 */
@FunctionalInterface
public interface ContainerEventListener {

  /** Handles one event. */
  void onEvent(ContainerEvent event);
}
