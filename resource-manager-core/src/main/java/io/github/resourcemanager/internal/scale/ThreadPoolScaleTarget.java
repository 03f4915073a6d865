package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.ScaleTarget;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Sizes a {@link ThreadPoolExecutor} by its core and maximum pool sizes ({@link ScaleTarget#threadPool}).
 * Thread-safe as the executor is.
 */
public final class ThreadPoolScaleTarget implements ScaleTarget {
  private final String name;
  private final ThreadPoolExecutor pool;

  /** A target resizing {@code pool}; the arguments are checked by the caller. */
  public ThreadPoolScaleTarget(String name, ThreadPoolExecutor pool) {
    this.name = name;
    this.pool = pool;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int currentSize() {
    return pool.getCorePoolSize();
  }

  @Override
  public void applySize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("thread pool size must not be negative, was " + size);
    }
    if (pool.isShutdown()) {
      throw new IllegalStateException("thread pool \"" + name + "\" is shut down and cannot be resized");
    }
    int max = Math.max(size, 1);
    // The executor rejects core > max and max < core at every step, so the order depends on the direction.
    if (max > pool.getMaximumPoolSize()) {
      pool.setMaximumPoolSize(max);
      pool.setCorePoolSize(size);
    } else {
      pool.setCorePoolSize(size);
      pool.setMaximumPoolSize(max);
    }
  }

  @Override
  public String toString() {
    return "ThreadPoolScaleTarget{" + name + ", core " + pool.getCorePoolSize() + ", max " + pool.getMaximumPoolSize() + "}";
  }
}
