package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleTarget;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A target made of user callbacks ({@link ScaleTarget#of}). Thread-safe as the callbacks are. */
public final class CallbackScaleTarget implements ScaleTarget {
  private final String name;
  private final IntSupplier currentSize;
  private final IntConsumer applier;
  private final @Nullable Supplier<List<Replica>> replicas; // null: replicas not reported

  /**
   * A target of these callbacks; {@code replicas} null for a target that reports no replicas.
   *
   * @throws NullPointerException naming the parameter if {@code name}, {@code currentSize} or {@code applier} is
   *     null
   */
  public CallbackScaleTarget(String name, IntSupplier currentSize, IntConsumer applier,
      @Nullable Supplier<List<Replica>> replicas) {
    this.name = Checks.required("name", name);
    this.currentSize = Checks.required("currentSize", currentSize);
    this.applier = Checks.required("applier", applier);
    this.replicas = replicas;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int currentSize() {
    return currentSize.getAsInt();
  }

  @Override
  public void applySize(int size) {
    applier.accept(size);
  }

  @Override
  public boolean reportsReplicas() {
    return replicas != null;
  }

  @Override
  public List<Replica> replicas() {
    Supplier<List<Replica>> supplier = replicas;
    if (supplier == null) {
      return List.of();
    }
    List<Replica> list = supplier.get();
    if (list == null) {
      throw new IllegalStateException("the replicas supplier of target \"" + name + "\" returned null");
    }
    return list;
  }

  @Override
  public String toString() {
    return "CallbackScaleTarget{" + name + "}";
  }
}
