package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.monitor.JvmSource;
import io.github.resourcemanager.monitor.LinuxProcSource;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.OshiSource;
import io.github.resourcemanager.monitor.SampleWriter;
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
import oshi.util.GlobalConfig;

/**
 * The cost of one full sample of the machine, the process and the JVM: the Linux fast path
 * ({@link LinuxProcSource} + {@link JvmSource}) against OSHI ({@link OshiSource}), which writes the same
 * system and process metrics.
 *
 * <p>OSHI caches some readings (CPU ticks, memory) for 300 ms by default. A monitor that samples every few
 * seconds never hits that cache, so by default this benchmark turns it off ({@code oshiCacheMillis = 0}) and
 * both sides do the full work of a real tick. Run with {@code -p oshiCacheMillis=300} to see OSHI with its
 * cache serving back-to-back calls.
 *
 * <p>Run through {@code resource-manager-benchmarks/run.sh}, which prints the ratio. Linux only: the fast
 * path's setup fails elsewhere.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SampleBenchmark {

  /** The fast path's sources and a writer that keeps the values. */
  @State(Scope.Thread)
  public static class FastPath {
    LinuxProcSource linux;
    JvmSource jvm;
    ArrayWriter writer;

    /** Opens the sources. */
    @Setup(Level.Trial)
    public void open() {
      if (!LinuxProcSource.isSupported()) {
        throw new IllegalStateException("LinuxProcSource is not supported here: it needs Linux /proc");
      }
      linux = new LinuxProcSource();
      jvm = new JvmSource();
      writer = new ArrayWriter();
    }

    /** Closes the sources. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
      linux.close();
      jvm.close();
    }
  }

  /** The OSHI source and a writer that keeps the values. */
  @State(Scope.Thread)
  public static class Oshi {
    /** OSHI's memoizer expiration in milliseconds; 0 makes every sample read fresh data. */
    @Param("0")
    public int oshiCacheMillis;

    OshiSource oshi;
    ArrayWriter writer;

    /** Configures OSHI's cache, then initializes OSHI (before any OSHI object reads the setting). */
    @Setup(Level.Trial)
    public void open() {
      GlobalConfig.set(GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION, oshiCacheMillis);
      oshi = new OshiSource();
      writer = new ArrayWriter();
    }

    /** Closes the source. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
      oshi.close();
    }
  }

  /** One full sample on the fast path: machine and process from /proc, heap and GC from the JVM. */
  @Benchmark
  public double linuxFastPath(FastPath state) throws Exception {
    ArrayWriter writer = state.writer;
    writer.tickNanos = System.nanoTime();
    state.linux.sample(writer);
    state.jvm.sample(writer);
    return writer.values[Metric.SYSTEM_MEMORY_USED.index()];
  }

  /** One full sample of the same machine and process metrics through OSHI. */
  @Benchmark
  public double oshi(Oshi state) {
    ArrayWriter writer = state.writer;
    writer.tickNanos = System.nanoTime();
    state.oshi.sample(writer);
    return writer.values[Metric.SYSTEM_MEMORY_USED.index()];
  }

  /** Stores values in an array indexed by metric, as the monitor's reusable sample does; allocates nothing. */
  static final class ArrayWriter implements SampleWriter {
    final double[] values = new double[256];
    long tickNanos;

    @Override
    public long tickNanos() {
      return tickNanos;
    }

    @Override
    public void set(Metric metric, double value) {
      values[metric.index()] = value;
    }

    @Override
    public void setAgent(String agentId, Metric metric, double value) {
      throw new UnsupportedOperationException("no agent metrics here");
    }
  }
}
