package io.github.resourcemanager.examples;

import io.github.resourcemanager.monitor.AgentTracker;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Three demo agents with different appetites: {@code cruncher} keeps about half a core busy, {@code allocator}
 * churns through short-lived buffers, {@code napper} mostly waits. A fourth, {@code wave}, runs on request: its
 * CPU rises and falls over {@link #WAVE_PERIOD} (from idle to 90 % of a core), so that a scaler watching it scales
 * up and down and an alert on it fires and resolves. They run until closed.
 */
final class DemoAgents implements AutoCloseable {
  private static final List<String> NAMES = List.of("cruncher", "allocator", "napper");
  /** The agent whose CPU follows a wave. */
  static final String WAVE = "wave";
  /** The wave's period. */
  static final java.time.Duration WAVE_PERIOD = java.time.Duration.ofSeconds(60);
  private final ExecutorService pool;
  private volatile boolean running = true;
  static volatile Object sink;

  private DemoAgents(ExecutorService pool) {
    this.pool = pool;
  }

  static DemoAgents start(AgentTracker tracker, int count) {
    return start(tracker, count, false);
  }

  /** Starts the first {@code count} demo agents, and the {@code wave} agent too when asked. */
  static DemoAgents start(AgentTracker tracker, int count, boolean wave) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, count + (wave ? 1 : 0)), r -> {
      Thread t = new Thread(r, "demo-agent");
      t.setDaemon(true);
      return t;
    });
    DemoAgents demo = new DemoAgents(pool);
    for (int i = 0; i < count; i++) {
      String name = NAMES.get(i);
      tracker.register(name);
      Runnable body = switch (name) {
        case "cruncher" -> demo::crunch;
        case "allocator" -> demo::allocate;
        default -> demo::nap;
      };
      pool.execute(tracker.wrap(name, body));
    }
    if (wave) {
      tracker.register(WAVE);
      pool.execute(tracker.wrap(WAVE, demo::wave));
    }
    return demo;
  }

  /** The share of a core {@code wave} keeps busy at {@code nanos} into its run: 0 to 0.9, a sine of the period. */
  static double waveShare(long nanos) {
    return 0.45 * (1 - Math.cos(2 * Math.PI * nanos / (double) WAVE_PERIOD.toNanos()));
  }

  private void wave() {
    long start = System.nanoTime();
    long x = 0;
    while (running) {
      long busy = (long) (waveShare(System.nanoTime() - start) * 10_000_000); // of each 10 ms
      long end = System.nanoTime() + busy;
      while (System.nanoTime() < end) {
        x += x * 31 + 7;
      }
      sink = x;
      LockSupport.parkNanos(10_000_000 - busy);
    }
  }

  private void crunch() {
    long x = 0;
    while (running) {
      long end = System.nanoTime() + 5_000_000; // 5 ms busy, 5 ms idle
      while (System.nanoTime() < end) {
        x += x * 31 + 7;
      }
      sink = x;
      LockSupport.parkNanos(5_000_000);
    }
  }

  private void allocate() {
    while (running) {
      for (int i = 0; i < 64; i++) {
        sink = new byte[64 * 1024];
      }
      LockSupport.parkNanos(10_000_000);
    }
  }

  private void nap() {
    while (running) {
      LockSupport.parkNanos(50_000_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }
}
