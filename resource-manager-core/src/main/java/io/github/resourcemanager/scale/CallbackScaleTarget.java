package io.github.resourcemanager.scale;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** A target made of user callbacks. Thread-safe as the callbacks are. */
final class CallbackScaleTarget implements ScaleTarget {
  private final String name;
  private final IntSupplier currentSize;
  private final IntConsumer applier;
  private final Supplier<List<Replica>> replicas; // null: replicas not reported

  CallbackScaleTarget(String name, IntSupplier currentSize, IntConsumer applier, Supplier<List<Replica>> replicas) {
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
    if (replicas == null) {
      return List.of();
    }
    List<Replica> list = replicas.get();
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
