package io.github.resourcemanager.examples;

import io.github.resourcemanager.monitor.AgentTracker;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Three demo agents with different appetites: {@code cruncher} keeps about half a core busy, {@code allocator}
 * churns through short-lived buffers, {@code napper} mostly waits. They run until closed.
 */
final class DemoAgents implements AutoCloseable {
  private static final List<String> NAMES = List.of("cruncher", "allocator", "napper");
  private final ExecutorService pool;
  private volatile boolean running = true;
  static volatile Object sink;

  private DemoAgents(ExecutorService pool) {
    this.pool = pool;
  }

  static DemoAgents start(AgentTracker tracker, int count) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, count), r -> {
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
    return demo;
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
