package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.MonitorStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The monitor's own cost with many agents, as a share of one core: a real {@link ResourceManager} (platform
 * sources, the system scheduler, 1 s interval, default history) tracking 1,000 agents, some of which do real
 * work in scopes on a few threads, for a minute. The measure is the CPU time of the monitor's threads, all those
 * named {@code resource-monitor*}: the scheduler's thread, which starts each tick and watches it, and the worker
 * {@code resource-monitor-worker-N} that runs it (read by thread id through {@link ThreadMXBean}), divided by the
 * wall time since the monitor started; it covers everything those threads ever did, their first, not yet compiled
 * ticks included. The second half of
 * the run is also reported alone, without the start-up of the first ticks (at 1 Hz the JIT compiles the loop
 * over 1,000 agents only after about a minute, so a 60 s run is interpreted in that loop throughout).
 *
 * <p>The work: three threads each enter the scope of one of the first 300 agents in turn, hash 64 KiB with
 * SHA-256 in it (allocating a buffer too) and pause 10 ms; a fourth thread stays inside the scope of the last
 * agent for the whole run, doing the same work every 50 ms. So at every tick up to four threads are inside a
 * scope and are read by the monitor, and 700 agents are idle.
 *
 * <p>With {@code --agents 0} there are no agents and no workload: the baseline cost of sampling the machine, so
 * that the agents' share of the overhead can be told apart.
 *
 * <p>With {@code --warmup N}, the monitor first runs N seconds unmeasured, then the measurement covers the next
 * {@code --seconds}: the steady state of a long-running process. At 1 Hz each per-tick method runs once a second,
 * so the JIT's invocation thresholds (hundreds to thousands of calls) take minutes to reach; a process that
 * runs for days spends all but its first minutes there. The line then gives both the steady-state figure (the
 * one judged) and the figure over the whole run including the warm-up.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.github.resourcemanager.benchmarks.MonitorOverhead [--seconds N]
 * [--agents N] [--warmup N]} (60 s, 1,000 agents, no warm-up by default); prints one line starting with
 * {@code monitor-overhead}.
 * Not a JMH benchmark: the point is the real schedule at 1 Hz, with cold caches between ticks, not a hot loop.
 */
public final class MonitorOverhead {

  /** The performance target: percent of one core, with up to 1,000 agents. */
  static final double TARGET_PERCENT = 0.1;
  /** The performance target with more agents (10,000, the default maximum): percent of one core. */
  static final double TARGET_PERCENT_MANY = 0.5;

  static double targetPercent(int agents) {
    return agents > 1_000 ? TARGET_PERCENT_MANY : TARGET_PERCENT;
  }
  /** The shortest run the target is judged on; shorter runs (the smoke run) weigh the start-up too much. */
  static final long MIN_JUDGED_SECONDS = 60;
  private static final int SHORT_SCOPE_WORKERS = 3;
  private static final int WORKING_AGENTS = 300;

  private final int agentCount;
  private final long seconds;
  private final long warmupSeconds;
  private volatile boolean running = true;

  private MonitorOverhead(int agentCount, long seconds, long warmupSeconds) {
    this.agentCount = agentCount;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
  }

  /** Runs the measurement; see the class description for the arguments. */
  public static void main(String[] args) throws Exception {
    long seconds = 60;
    int agents = 1_000;
    long warmup = 0;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--seconds" -> seconds = positive("--seconds", value);
        case "--agents" -> agents = (int) nonNegative("--agents", value);
        case "--warmup" -> warmup = nonNegative("--warmup", value);
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"; allowed: --seconds N, --agents N, --warmup N");
      }
      i++;
    }
    if (agents != 0 && agents < WORKING_AGENTS + 1) {
      throw new IllegalArgumentException("--agents must be 0 (the baseline: no agents, no workload) or at least "
          + (WORKING_AGENTS + 1) + ", was " + agents);
    }
    new MonitorOverhead(agents, seconds, warmup).run();
  }

  private void run() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time; the overhead cannot be measured");
    }
    threads.setThreadCpuTimeEnabled(true);

    try (ResourceManager manager = ResourceManager.custom().interval(Duration.ofSeconds(1)).build()) {
      List<Agent> agents = new ArrayList<>(agentCount);
      for (int i = 0; i < agentCount; i++) {
        agents.add(manager.tracker().register(String.format(Locale.ROOT, "agent-%04d", i)));
      }
      List<Thread> workers = new ArrayList<>();
      if (agentCount > 0) {
        for (int w = 0; w < SHORT_SCOPE_WORKERS; w++) {
          int first = w;
          workers.add(start("worker-" + w, () -> shortScopes(agents, first)));
        }
        workers.add(start("long-scope", () -> longScope(agents.get(agentCount - 1))));
      }

      long runStartNanos = System.nanoTime();
      manager.start(); // the monitor's threads are created here: their whole CPU time falls within the run
      findThread(ResourceMonitor.THREAD_NAME);
      parkUntil(runStartNanos + TimeUnit.SECONDS.toNanos(warmupSeconds));
      long startNanos = System.nanoTime();
      long startCpuNanos = warmupSeconds == 0 ? 0 : monitorCpuNanos(threads);
      long startTicks = warmupSeconds == 0 ? 0 : manager.stats().ticks();
      long halfNanos = startNanos + TimeUnit.SECONDS.toNanos(seconds) / 2;
      long endNanos = startNanos + TimeUnit.SECONDS.toNanos(seconds);
      parkUntil(halfNanos);
      long halfCpuNanos = monitorCpuNanos(threads);
      long halfWallNanos = System.nanoTime();
      long halfTicks = manager.stats().ticks();
      parkUntil(endNanos);
      long runCpuNanos = monitorCpuNanos(threads);
      long endWallNanos = System.nanoTime();
      long wallNanos = endWallNanos - startNanos;
      long cpuNanos = runCpuNanos - startCpuNanos;
      MonitorStats stats = manager.stats();
      running = false;
      for (Thread worker : workers) {
        worker.join();
      }
      if (runCpuNanos < 0) {
        throw new IllegalStateException("the monitor thread ended before the measurement; its CPU time is lost");
      }
      long ticks = stats.ticks() - startTicks;
      if (ticks < seconds / 2) {
        throw new IllegalStateException("only " + ticks + " ticks in " + seconds + " s at 1 Hz; the monitor did not keep its schedule");
      }
      int worked = 0;
      long attributedNanos = 0;
      for (Agent agent : agents) {
        long cpu = agent.cpuTime().toNanos();
        attributedNanos += cpu;
        worked += cpu > 0 ? 1 : 0;
      }
      if (agentCount > 0 && worked == 0) {
        throw new IllegalStateException("no agent was attributed any CPU time; the workload did not run in scopes");
      }
      double percent = cpuNanos * 100.0 / wallNanos;
      double target = targetPercent(agentCount);
      String verdict = agentCount == 0 ? "(baseline without agents)"
          : seconds < MIN_JUDGED_SECONDS ? String.format(Locale.ROOT, "target <= %.1f%%: not judged (the target "
              + "needs a run of at least 60 s)", target)
          : percent <= target
          ? String.format(Locale.ROOT, "target <= %.1f%%: met", target)
          : String.format(Locale.ROOT, "target <= %.1f%%: MISSED by %.3f points (%.1fx)", target, percent - target,
              percent / target);
      double secondHalfPercent = (runCpuNanos - halfCpuNanos) * 100.0 / (endWallNanos - halfWallNanos);
      double secondHalfTickMicros = (runCpuNanos - halfCpuNanos) / 1e3 / Math.max(1, stats.ticks() - halfTicks);
      double wholeRunPercent = runCpuNanos * 100.0 / (endWallNanos - runStartNanos);
      System.out.println(String.format(Locale.ROOT,
          "monitor-overhead agents=%d agents-with-work=%d worker-threads=%d interval=1s warmup=%ds run=%.1fs ticks=%d "
              + "skipped=%d monitor-thread-cpu=%.1fms = %.4f%% of one core (%.0fus per tick) %s; second half alone "
              + "%.4f%% (%.0fus per tick); whole run including warm-up %.4f%%; attributed to agents %.2fs cpu",
          agentCount, worked, workers.size(), warmupSeconds, wallNanos / 1e9, ticks, stats.skippedTicks(),
          cpuNanos / 1e6, percent, cpuNanos / 1e3 / ticks, verdict, secondHalfPercent, secondHalfTickMicros,
          wholeRunPercent, attributedNanos / 1e9));
    }
  }

  /** The CPU time of the monitor's live threads, all those named {@code resource-monitor*}. */
  private static long monitorCpuNanos(ThreadMXBean threads) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(ResourceMonitor.THREAD_NAME)) {
        long cpu = threads.getThreadCpuTime(t.getId());
        sum += Math.max(0, cpu);
      }
    }
    return sum;
  }

  private static void parkUntil(long deadlineNanos) {
    for (long now = System.nanoTime(); now < deadlineNanos; now = System.nanoTime()) {
      LockSupport.parkNanos(deadlineNanos - now);
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void shortScopes(List<Agent> agents, int first) {
    byte[] digestInput = new byte[64 * 1024];
    for (int k = first; running; k += SHORT_SCOPE_WORKERS) {
      try (AgentScope scope = agents.get(k % WORKING_AGENTS).enter()) {
        work(digestInput);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private void longScope(Agent agent) {
    byte[] digestInput = new byte[64 * 1024];
    try (AgentScope scope = agent.enter()) {
      while (running) {
        work(digestInput);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
  }

  /** Real CPU work and a little allocation: fill a buffer and hash it. */
  private static void work(byte[] input) {
    ThreadLocalRandom.current().nextBytes(input);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (sha.digest(input)[0] == 42) {
        input[0]++; // keeps the result observable
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static Thread findThread(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (name.equals(thread.getName())) {
          return thread;
        }
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no thread named \"" + name + "\" within 5 s of starting the monitor");
  }

  private static long positive(String name, String text) {
    long value = nonNegative(name, text);
    if (value == 0) {
      throw new IllegalArgumentException(name + " must be a positive integer, was 0");
    }
    return value;
  }

  private static long nonNegative(String name, String text) {
    try {
      long value = text == null ? -1 : Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a non-negative integer, was "
        + (text == null ? "missing" : "\"" + text + "\""));
  }
}
