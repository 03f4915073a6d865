package io.github.resourcemanager.scale;

import io.github.resourcemanager.monitor.SampleListener;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides the size of a {@link ScaleTarget} from what it observes, and applies it.
 *
 * <p>As a {@link SampleListener} a scaler decides on the samples of a monitor; {@link #evaluate} drives it
 * with any {@link Observation}. Every decision becomes a {@link ScaleDecision}: the latest ones are kept
 * ({@link #decisions()}) and each is passed to the listeners. Deciding allocates nothing in steady state when no
 * listener is registered; each listener delivery builds one {@link ScaleDecision}.
 *
 * <p>Thread-safe: decisions are serialized, and queries may come from any thread.
 */
public interface Scaler extends SampleListener, AutoCloseable {

  /** The scaler's name, unique within a resource manager. */
  String name();

  /** The target this scaler resizes. */
  ScaleTarget target();

  /**
   * Decides on {@code observation}, applying the decision to the target.
   *
   * @return whether a decision was made (a scaler may skip observations that come sooner than it decides)
   * @throws IllegalStateException if the scaler is closed
   */
  boolean evaluate(Observation observation);

  /** The latest decisions, oldest first, up to the configured history size. */
  List<ScaleDecision> decisions();

  /** The most recent decision, if any. */
  Optional<ScaleDecision> lastDecision();

  /**
   * Adds a listener for later decisions. It is called once per decision, after the target was resized (or the
   * resize failed), on the thread that decided (the monitor thread when the scaler belongs to a resource
   * manager); it must return quickly. A listener that throws is logged and the others still run.
   *
   * @throws IllegalArgumentException if {@code listener} is null
   */
  void addListener(Consumer<ScaleDecision> listener);

  /** Removes a listener added with {@link #addListener}; returns whether it was registered. */
  boolean removeListener(Consumer<ScaleDecision> listener);

  /** Whether {@link #close()} has been called. */
  boolean isClosed();

  /** Stops deciding: later samples are ignored and listeners are dropped. The history stays readable. Idempotent. */
  @Override
  void close();
}
