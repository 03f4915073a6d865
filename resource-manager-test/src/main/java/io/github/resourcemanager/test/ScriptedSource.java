package io.github.resourcemanager.test;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link ResourceSource} that writes scripted values: for each metric, the i-th call writes the i-th
 * value and, after the script ends, repeats the last one. It can be told to throw on chosen calls, or to hang
 * until released, to exercise the monitor's fault handling.
 *
 * <pre>{@code
 * ScriptedSource source = ScriptedSource.named("scripted")
 *     .values(Metric.SYSTEM_CPU_USAGE, 10, 50, 90)
 *     .agentValues("agent-1", Metric.AGENT_CPU_USAGE, 5, 6);
 * source.failOnCall(2, new IllegalStateException("boom"));
 * }</pre>
 *
 * By default the source runs directly on the monitor thread ({@link #mayBlock()} is false), which keeps tests
 * deterministic; {@link #blocking()} makes the monitor isolate it on its own thread, needed for
 * {@link #hangOnCall}. Thread-safe.
 */
public final class ScriptedSource implements ResourceSource {
  private final String name;
  private boolean mayBlock;
  private final Map<Metric, double[]> scripts = new LinkedHashMap<>();
  private final Map<String, Map<Metric, double[]>> agentScripts = new LinkedHashMap<>();
  private final Map<Integer, RuntimeException> failures = new LinkedHashMap<>();
  private int failEvery;
  private final Set<Integer> hangs = new HashSet<>();
  private volatile CountDownLatch release = new CountDownLatch(1);
  private int calls;
  private int completed;
  private int failed;
  private volatile boolean closed;

  private ScriptedSource(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A source with this name and no values yet. */
  public static ScriptedSource named(String name) {
    return new ScriptedSource(name);
  }

  /** Makes the monitor treat this source as one that may block (run on its own thread under the timeout). */
  public synchronized ScriptedSource blocking() {
    this.mayBlock = true;
    return this;
  }

  /** Scripts {@code metric}: the i-th call writes {@code perCall[i]}, later calls the last value. NaN writes NaN. */
  public synchronized ScriptedSource values(Metric metric, double... perCall) {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(perCall, "perCall");
    if (perCall.length == 0) {
      throw new IllegalArgumentException("give at least one value for " + metric);
    }
    scripts.put(metric, perCall.clone());
    return this;
  }

  /** Scripts an agent's metric like {@link #values}. */
  public synchronized ScriptedSource agentValues(String agentId, Metric metric, double... perCall) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(perCall, "perCall");
    if (perCall.length == 0) {
      throw new IllegalArgumentException("give at least one value for " + agentId + "/" + metric);
    }
    agentScripts.computeIfAbsent(agentId, k -> new LinkedHashMap<>()).put(metric, perCall.clone());
    return this;
  }

  /** Stops writing {@code metric}. */
  public synchronized ScriptedSource remove(Metric metric) {
    scripts.remove(Objects.requireNonNull(metric, "metric"));
    return this;
  }

  /** Makes call number {@code call} (1-based) throw {@code failure} after writing nothing. */
  public synchronized ScriptedSource failOnCall(int call, RuntimeException failure) {
    if (call < 1) {
      throw new IllegalArgumentException("call numbers start at 1, was " + call);
    }
    failures.put(call, Objects.requireNonNull(failure, "failure"));
    return this;
  }

  /** Makes every {@code n}-th call (n, 2n, 3n, ...) throw after writing half of its values. 0 turns it off. */
  public synchronized ScriptedSource failEvery(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, was " + n);
    }
    this.failEvery = n;
    return this;
  }

  /** Makes call number {@code call} (1-based) block until {@link #release()} or interruption. */
  public synchronized ScriptedSource hangOnCall(int call) {
    if (call < 1) {
      throw new IllegalArgumentException("call numbers start at 1, was " + call);
    }
    hangs.add(call);
    return this;
  }

  /** Lets hanging calls return (and future hangs return at once). */
  public void release() {
    release.countDown();
  }

  /** How many times {@link #sample} has been called. */
  public synchronized int calls() {
    return calls;
  }

  /** How many calls have returned or thrown (a hanging call counts once it is released). */
  public synchronized int completedCalls() {
    return completed;
  }

  /** How many calls threw on purpose. */
  public synchronized int failures() {
    return failed;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized boolean mayBlock() {
    return mayBlock;
  }

  @Override
  public Set<Metric> metrics() {
    synchronized (this) {
      return Set.copyOf(scripts.keySet());
    }
  }

  @Override
  public void sample(SampleWriter out) throws InterruptedException {
    Objects.requireNonNull(out, "out");
    try {
      script(out);
    } finally {
      synchronized (this) {
        completed++;
      }
    }
  }

  private void script(SampleWriter out) throws InterruptedException {
    int call;
    boolean hang;
    List<Runnable> writes = new ArrayList<>();
    RuntimeException failure;
    boolean failHalfway;
    synchronized (this) {
      call = ++calls;
      hang = hangs.contains(call);
      failure = failures.get(call);
      failHalfway = failure == null && failEvery > 0 && call % failEvery == 0;
      if (failure != null || failHalfway) {
        failed++;
      }
      int index = call - 1;
      scripts.forEach((metric, values) -> {
        double v = values[Math.min(index, values.length - 1)];
        writes.add(() -> out.set(metric, v));
      });
      agentScripts.forEach((agent, byMetric) -> byMetric.forEach((metric, values) -> {
        double v = values[Math.min(index, values.length - 1)];
        writes.add(() -> out.setAgent(agent, metric, v));
      }));
    }
    if (hang) {
      release.await();
    }
    if (failure != null) {
      throw failure;
    }
    for (int i = 0; i < writes.size(); i++) {
      if (failHalfway && i >= writes.size() / 2) {
        throw new IllegalStateException("scripted failure on call " + call + " after " + i + " values");
      }
      writes.get(i).run();
    }
    if (failHalfway) {
      throw new IllegalStateException("scripted failure on call " + call);
    }
  }

  @Override
  public void close() {
    closed = true;
    release.countDown();
  }

  @Override
  public String toString() {
    return "ScriptedSource{" + name + "}";
  }
}
