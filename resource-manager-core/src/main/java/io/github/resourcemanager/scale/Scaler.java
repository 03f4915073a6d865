package io.github.resourcemanager.scale;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides the size of a {@link ScaleTarget} from the samples of its resource manager, and applies it: a threshold
 * scaler ({@link io.github.resourcemanager.ResourceManager.Builder#dynamicScaler}) or the Kubernetes horizontal pod
 * autoscaler's algorithm ({@link io.github.resourcemanager.ResourceManager.Builder#horizontalScaler}).
 *
 * <p>Every evaluation becomes a {@link ScaleDecision}, passed to the listeners. The scaler keeps the decisions that
 * changed something, the target resized or a failure ({@link #decisions()}), and its latest evaluation whatever it
 * decided ({@link #lastDecision()}); evaluations that changed nothing are counted ({@link #unchangedEvaluations()}),
 * not kept one by one, so a scaler that holds its size for days still shows the changes before. Deciding allocates
 * nothing in steady state when no listener is registered; each listener delivery builds one {@link ScaleDecision}.
 * The resource manager owns its scalers: they stop deciding when it is closed.
 *
 * <p>Thread-safe: decisions are serialized, and queries may come from any thread.
 */
public interface Scaler {

  /** The scaler's name, unique within a resource manager. */
  String name();

  /** The target this scaler resizes. */
  ScaleTarget target();

  /**
   * The latest decisions that changed something, oldest first, up to the configured history size: those that
   * resized the target ({@link ScaleOutcome#SCALED}) and those that failed ({@link ScaleOutcome#FAILED}). An
   * evaluation that changed nothing ({@link ScaleOutcome#UNCHANGED}) is not listed; the latest one is
   * {@link #lastDecision()}.
   */
  List<ScaleDecision> decisions();

  /**
   * The latest evaluation, whatever it decided, if any: the last of {@link #decisions()} when it changed something,
   * else the latest of the {@link #unchangedEvaluations()} in a row since then.
   */
  Optional<ScaleDecision> lastDecision();

  /**
   * How many evaluations in a row, up to and including the latest, changed nothing ({@link ScaleOutcome#UNCHANGED});
   * 0 when the latest changed something or there was none yet.
   */
  long unchangedEvaluations();

  /**
   * Adds a listener for later decisions. It is called once per decision, after the target was resized (or the
   * resize failed), on the thread that decided (the monitor thread when the scaler belongs to a resource
   * manager); it must return quickly. A listener that throws (anything, {@link Error}s included) is logged once per
   * run of failures and counted in the manager's {@code MonitorStats.listenerFailures}, and the others still run.
   *
   * @throws NullPointerException if {@code listener} is null
   * @throws IllegalStateException if the scaler is closed
   */
  void addListener(Consumer<ScaleDecision> listener);

  /** Removes a listener added with {@link #addListener}; returns whether it was registered. Allowed when closed. */
  boolean removeListener(Consumer<ScaleDecision> listener);

  /**
   * Whether the scaler has stopped deciding, because its resource manager was closed. Its listeners are then
   * dropped; its decisions stay readable.
   */
  boolean isClosed();
}
