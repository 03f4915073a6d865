package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Metric;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One whole monitor tick: the Linux fast path and JVM sources, the machine history append, per-agent
 * bookkeeping and history appends for idle agents, and one listener. Histories are filled to capacity during
 * setup, so the measurement is the steady state, which should allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TickBenchmark {

  @Param({"0", "100", "1000"})
  public int agents;

  private final long[] now = {0};
  private ResourceManager manager;
  private double seen;

  @Setup(Level.Trial)
  public void setUp() {
    // Default alert rules off: real readings crossing thresholds would measure alert transitions, not the tick.
    manager = ResourceManager.custom().ticker(() -> now[0]).interval(Duration.ofSeconds(1)).defaultAlertRules(false)
        .historyRetention(Duration.ofMinutes(1)).build();
    for (int i = 0; i < agents; i++) {
      manager.tracker().register("agent-" + i);
    }
    manager.addListener(sample -> seen += sample.value(Metric.SYSTEM_CPU_USAGE));
    for (int i = 0; i < 200; i++) { // past the 61-sample capacity: every ring buffer is full
      tick();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** One tick one second after the previous one; also driven by {@link AllocationCheck}. */
  void tick() {
    now[0] += 1_000_000_000L;
    manager.sampleNow();
  }

  /** A full tick. */
  @Benchmark
  public void tick(Blackhole blackhole) {
    tick();
    blackhole.consume(seen);
  }
}
