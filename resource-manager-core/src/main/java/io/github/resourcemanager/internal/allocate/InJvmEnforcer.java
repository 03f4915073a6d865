package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Enforcer;
import io.github.resourcemanager.internal.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Enforces decisions on agents that run in this JVM by gating the work they start. Each agent has a gate with a
 * number of permits, the tasks it may run at once: its concurrency ({@link #concurrency}, by default the one given
 * at construction), a {@linkplain #throttle throttled} fraction of it (at least one), or none while
 * {@linkplain #pause paused}. Tasks submitted through {@link #executor} beyond the permits are held, in order, and
 * started as permits free up; nothing submitted is dropped. Work already running finishes: a JVM thread cannot be
 * frozen safely.
 *
 * <p>The pool also closes the gate of an agent that is not admitted (queued, preempted, released), so its work
 * waits for admission; {@link io.github.resourcemanager.allocate.ResourcePool#executor} hands out the gated
 * executors. An agent this enforcer has never heard of runs freely.
 *
 * <p>Thread-safe; no method blocks except {@link #awaitRunnable}.
 */
final class InJvmEnforcer implements Enforcer {

  private final int defaultConcurrency;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final AtomicLong version = new AtomicLong();

  /**
   * @param defaultConcurrency the tasks an agent may run at once unless told otherwise, at least 1
   * @throws IllegalArgumentException if {@code defaultConcurrency} is below 1
   */
  public InJvmEnforcer(int defaultConcurrency) {
    if (defaultConcurrency < 1) {
      throw new IllegalArgumentException("defaultConcurrency must be at least 1, was " + defaultConcurrency);
    }
    this.defaultConcurrency = defaultConcurrency;
  }

  @Override
  public String name() {
    return "in-jvm";
  }

  @Override
  public void pause(String agentId, String reason) {
    gate(agentId).update(g -> g.paused = true);
  }

  @Override
  public void resume(String agentId) {
    gate(agentId).update(g -> g.paused = false);
  }

  @Override
  public void throttle(String agentId, double fraction, String reason) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("throttle fraction must be > 0 and <= 1, was " + fraction);
    }
    gate(agentId).update(g -> g.fraction = fraction);
  }

  @Override
  public void unthrottle(String agentId) {
    gate(agentId).update(g -> g.fraction = 1.0);
  }

  /**
   * Sets how many tasks of the agent may run at once when not throttled.
   *
   * @throws IllegalArgumentException if {@code max} is below 1
   */
  public void concurrency(String agentId, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("concurrency of " + agentId + " must be at least 1, was " + max);
    }
    gate(agentId).update(g -> g.concurrency = max);
  }

  /**
   * An executor that runs the agent's tasks on {@code delegate} within the agent's permits, holding the rest.
   *
   * @throws RejectedExecutionException from {@code execute} if {@code delegate} rejects a task being started
   */
  public Executor executor(String agentId, Executor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    Gate gate = gate(agentId);
    return task -> gate.submit(Objects.requireNonNull(task, "task"), delegate);
  }

  /** Whether a task of the agent would start now rather than be held. */
  public boolean canRun(String agentId) {
    Gate gate = gates.get(agentId);
    return gate == null || gate.canRun();
  }

  /** Whether the agent is paused. */
  public boolean isPaused(String agentId) {
    Gate gate = gates.get(agentId);
    return gate != null && gate.isPaused();
  }

  /** The tasks the agent may run at once now (0 while paused or not admitted). */
  public int permits(String agentId) {
    Gate gate = gates.get(agentId);
    if (gate == null) {
      return defaultConcurrency;
    }
    synchronized (gate) {
      return gate.permits();
    }
  }

  /** The agent's tasks running now. */
  public int running(String agentId) {
    Gate gate = gates.get(agentId);
    if (gate == null) {
      return 0;
    }
    synchronized (gate) {
      return gate.running;
    }
  }

  /** The agent's tasks held, waiting for a permit. */
  public int held(String agentId) {
    Gate gate = gates.get(agentId);
    if (gate == null) {
      return 0;
    }
    synchronized (gate) {
      return gate.held.size();
    }
  }

  /** Removes and returns the agent's held tasks, oldest first, e.g. to run them elsewhere after it left. */
  public List<Runnable> drainHeld(String agentId) {
    Gate gate = gates.get(agentId);
    List<Runnable> tasks = new ArrayList<>();
    if (gate != null) {
      synchronized (gate) {
        for (Held h : gate.held) {
          tasks.add(h.task);
        }
        gate.held.clear();
      }
    }
    return tasks;
  }

  /**
   * Waits until a task of the agent would start now, or {@code timeout} passes (real time: this waits for other
   * threads). A negative timeout does not wait, as in {@code java.util.concurrent}.
   *
   * @return whether the agent can run
   * @throws IllegalArgumentException if {@code timeout} is too long for a {@code long} of nanoseconds
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitRunnable(String agentId, Duration timeout) throws InterruptedException {
    return await(() -> canRun(agentId), timeout);
  }

  /** Waits until {@code condition} holds or the timeout passes, waking on every gate change and {@link #signal()}. */
  boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + (timeout.isNegative() ? 0 : Durations.nonNegativeNanos("timeout", timeout));
    while (true) {
      long seen = version.get();
      if (condition.getAsBoolean()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (signal) {
        while (version.get() == seen && left > 0) {
          signal.wait(Math.max(1, left / 1_000_000), 0);
          left = deadline - System.nanoTime();
        }
      }
    }
  }

  /** Wakes waiters to re-check their condition; called after every change that may let an agent run. */
  void signal() {
    version.incrementAndGet();
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Opens or closes the agent's gate for admission (the pool's decision, apart from pause and throttle). */
  void admitted(String agentId, boolean admitted) {
    gate(agentId).update(g -> g.admitted = admitted);
  }

  private Gate gate(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    return gates.computeIfAbsent(agentId, id -> new Gate(defaultConcurrency));
  }

  @Override
  public String toString() {
    return "InJvmEnforcer{" + gates.size() + " gates}";
  }

  private record Held(Runnable task, Executor delegate) {}

  /** One agent's permits and held tasks. Guarded by its own monitor. */
  private final class Gate {
    boolean admitted = true;
    boolean paused;
    double fraction = 1.0;
    int concurrency;
    int running;
    final ArrayDeque<Held> held = new ArrayDeque<>();

    Gate(int concurrency) {
      this.concurrency = concurrency;
    }

    int permits() {
      if (paused || !admitted) {
        return 0;
      }
      return fraction >= 1.0 ? concurrency : Math.max(1, (int) Math.floor(concurrency * fraction));
    }

    synchronized boolean canRun() {
      return running < permits();
    }

    synchronized boolean isPaused() {
      return paused;
    }

    void update(java.util.function.Consumer<Gate> change) {
      List<Held> start;
      synchronized (this) {
        change.accept(this);
        start = startable();
      }
      launch(start);
      signal();
    }

    void submit(Runnable task, Executor delegate) {
      boolean startNow;
      synchronized (this) {
        startNow = held.isEmpty() && running < permits();
        if (startNow) {
          running++;
        } else {
          held.add(new Held(task, delegate));
        }
      }
      if (startNow) {
        start(new Held(task, delegate));
      }
    }

    private void start(Held h) {
      try {
        h.delegate.execute(() -> {
          try {
            h.task.run();
          } finally {
            finished();
          }
        });
      } catch (RuntimeException e) {
        synchronized (this) {
          running--;
        }
        signal();
        throw e;
      }
    }

    private void finished() {
      List<Held> start;
      synchronized (this) {
        running--;
        start = startable();
      }
      launch(start);
      signal();
    }

    /** Takes the held tasks that may start now, counting them as running. Caller holds the monitor. */
    private @Nullable List<Held> startable() { // null, not an empty list: a steady gate allocates nothing
      List<Held> start = null;
      while (!held.isEmpty() && running < permits()) {
        if (start == null) {
          start = new ArrayList<>();
        }
        start.add(held.poll());
        running++;
      }
      return start;
    }

    private void launch(@Nullable List<Held> start) {
      if (start == null) {
        return;
      }
      for (int i = 0; i < start.size(); i++) {
        try {
          start(start.get(i));
        } catch (RuntimeException e) {
          // The delegate refused a held task: put it and the rest back, in order, rather than lose them.
          synchronized (this) {
            for (int k = start.size() - 1; k > i; k--) {
              running--;
              held.addFirst(start.get(k));
            }
            held.addFirst(start.get(i));
          }
          return;
        }
      }
    }
  }
}
