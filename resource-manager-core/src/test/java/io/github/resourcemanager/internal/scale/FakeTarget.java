package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleTarget;
import java.util.ArrayList;
import java.util.List;

/** A target for tests: its size, optional replicas, the sizes applied, and scripted failures. */
final class FakeTarget implements ScaleTarget {
  private final String name;
  private final boolean reportsReplicas;
  int size;
  List<Replica> replicas = List.of();
  final List<Integer> applied = new ArrayList<>();
  int failuresLeft;
  RuntimeException readFailure;

  FakeTarget(String name, int size, boolean reportsReplicas) {
    this.name = name;
    this.size = size;
    this.reportsReplicas = reportsReplicas;
  }

  static FakeTarget withoutReplicas(int size) {
    return new FakeTarget("fake", size, false);
  }

  static FakeTarget withReplicas(List<Replica> replicas) {
    FakeTarget target = new FakeTarget("fake", replicas.size(), true);
    target.replicas = replicas;
    return target;
  }

  FakeTarget failNext(int times) {
    this.failuresLeft = times;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int currentSize() {
    if (readFailure != null) {
      throw readFailure;
    }
    return size;
  }

  @Override
  public void applySize(int newSize) {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IllegalStateException("no capacity for " + newSize);
    }
    applied.add(newSize);
    size = newSize;
  }

  @Override
  public boolean reportsReplicas() {
    return reportsReplicas;
  }

  @Override
  public List<Replica> replicas() {
    if (readFailure != null) {
      throw readFailure;
    }
    return replicas;
  }
}
