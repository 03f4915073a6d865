package io.github.resourcemanager.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the library's threads: through the user's {@link ThreadFactory} when one was given (its threads keep the
 * names it gives them), otherwise as daemon threads with the library's names.
 */
public final class NamedThreads {
  private NamedThreads() {}

  /** A new, unstarted thread running {@code task}, named {@code name} unless the user's factory names it. */
  public static Thread create(@Nullable ThreadFactory factory, String name, Runnable task) {
    if (factory == null) {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    }
    return Objects.requireNonNull(factory.newThread(task), "the thread factory returned null for thread " + name);
  }
}
