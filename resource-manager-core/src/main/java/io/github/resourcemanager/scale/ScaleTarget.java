package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.scale.CallbackScaleTarget;
import io.github.resourcemanager.internal.scale.Checks;
import io.github.resourcemanager.internal.scale.ThreadPoolScaleTarget;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The thing a scaler resizes: a worker pool, a set of agents, containers (SPI).
 *
 * <p>A target reports its current size and applies a new one. Targets whose size is a number of replicas with
 * metrics of their own (agents, containers) also {@linkplain #reportsReplicas() report their replicas}, which
 * a horizontal scaler needs for per-replica metrics such as CPU utilization against requests.
 *
 * <p>Scalers call a target from the thread that decides (the monitor thread when wired into a
 * {@link io.github.resourcemanager.ResourceManager}), one call at a time. {@link #applySize} should return
 * promptly: start the work that resizes and return, rather than wait for new replicas to come up.
 */
public interface ScaleTarget {

  /** A short name for decisions and logs, e.g. {@code worker-pool}. */
  String name();

  /** The current size (the desired replica count the target is working towards, like a Deployment's spec). */
  int currentSize();

  /**
   * Resizes the target to {@code size} replicas.
   *
   * @throws Exception if the target cannot be resized now; the scaler reports the failure in a
   *     {@link ScaleDecision} with outcome {@link ScaleOutcome#FAILED}, keeps its state as if nothing was
   *     applied, and tries again on a later decision
   */
  void applySize(int size) throws Exception;

  /** Whether {@link #replicas()} describes the replicas of this target. The default is {@code false}. */
  default boolean reportsReplicas() {
    return false;
  }

  /**
   * The replicas of this target, including pending, terminating and failed ones. Called once per decision;
   * return the same list while the replicas do not change, so that deciding allocates nothing. The default is
   * an empty list, for targets that do not {@linkplain #reportsReplicas() report replicas}.
   */
  default List<Replica> replicas() {
    return List.of();
  }

  /**
   * A target that sizes {@code pool}: applying size {@code n} sets both the core and the maximum pool size to
   * {@code n} (the maximum to at least 1, which the executor requires); the current size is the core size.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   */
  static ScaleTarget threadPool(String name, ThreadPoolExecutor pool) {
    return new ThreadPoolScaleTarget(Checks.required("name", name), Checks.required("pool", pool));
  }

  /**
   * A target whose size is read from {@code currentSize} and applied by {@code applier}; it reports no replicas.
   * An {@code applier} that cannot resize throws an unchecked exception, which the scaler reports as a
   * {@link ScaleOutcome#FAILED} decision.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   */
  static ScaleTarget of(String name, IntSupplier currentSize, IntConsumer applier) {
    return new CallbackScaleTarget(name, currentSize, applier, null);
  }

  /**
   * A target whose size is read from {@code currentSize}, applied by {@code applier}, and whose replicas are
   * listed by {@code replicas}.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   */
  static ScaleTarget of(String name, IntSupplier currentSize, IntConsumer applier, Supplier<List<Replica>> replicas) {
    return new CallbackScaleTarget(name, currentSize, applier, Checks.required("replicas", replicas));
  }
}
