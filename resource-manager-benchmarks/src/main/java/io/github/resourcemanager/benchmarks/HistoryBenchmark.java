package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.internal.monitor.History;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * The history's costs on the recorded demo and stress data ({@link RecordedSamples}), for each store: the
 * uncompressed rows of 8-byte values (the reference), the compressed store with raw samples only, and the compressed
 * store with the default tiers ({@code raw 10m, 1m for 6h, 5m for 24h}).
 *
 * <ul>
 *   <li>{@link #append}: one sample of the 24 recorded machine metrics appended to a full history (an hour of them);
 *   <li>{@link #summaryOfOneHour}: the summary of one metric over the last hour of 65 minutes recorded (the tiered
 *       store reads its 1-minute rollups, the others an hour of raw samples);
 *   <li>{@link ChartsState#chartsOf1000Agents}: what a dashboard reads for its charts: four metrics of each of 1,000
 *       agents over a window, from a real manager that sampled the recorded agents for 65 minutes.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistoryBenchmark {
  static final String DEFAULT_TIERS = "raw 10m, 1m for 6h, 5m for 24h";

  @Param({"uncompressed", "compressed", "tiered"})
  public String store;

  private RecordedSamples data;
  private History history;
  private double[] sample;
  private long now;
  private int row;

  @Setup(Level.Trial)
  public void setUp() {
    data = RecordedSamples.load();
    history = switch (store) {
      case "uncompressed" -> History.uncompressed(3_601, () -> now, Duration.ofSeconds(1));
      case "compressed" -> new History(3_601, () -> now, Duration.ofSeconds(1));
      case "tiered" -> History.tiered(DEFAULT_TIERS, Duration.ofSeconds(1), () -> now, 52);
      default -> throw new IllegalArgumentException("store must be uncompressed, compressed or tiered, was " + store);
    };
    sample = new double[Math.max(32, Metric.count())];
    for (int i = 0; i < data.rows(); i++) { // 65 minutes: every store is full, every tier has rollups
      appendNext();
    }
  }

  private void appendNext() {
    Arrays.fill(sample, Double.NaN);
    double[] values = data.machine[row % data.rows()];
    for (int k = 0; k < values.length; k++) {
      sample[data.machineMetrics[k].index()] = values[k];
    }
    history.append(now, 1_700_000_000_000L + now / 1_000_000, sample);
    now += 1_000_000_000L;
    row++;
  }

  /** Appends one recorded machine sample (24 metrics) to a full history. */
  @Benchmark
  public void append() {
    appendNext();
  }

  /** The summary of system CPU usage over the last hour. */
  @Benchmark
  public Summary summaryOfOneHour() {
    return history.summary(Metric.SYSTEM_CPU_USAGE, Duration.ofHours(1));
  }

  /** A manager with 1,000 agents that replayed the recorded agents for 65 minutes at 1 s, default tiers. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  public static class ChartsState {
    static final List<Metric> CHARTED = List.of(Metric.AGENT_CPU_USAGE, Metric.AGENT_ALLOCATION_RATE,
        Metric.AGENT_THREADS, Metric.AGENT_CPU_TIME);

    @Param({"10m", "1h"})
    public String window;

    private ResourceManager manager;
    private List<Agent> agents;
    private Duration span;

    @Setup(Level.Trial)
    public void setUp() {
      RecordedSamples data = RecordedSamples.load();
      long[] now = {0};
      manager = ResourceManager.custom().platformSources(false).defaultAlertRules(false).ticker(() -> now[0])
          .interval(Duration.ofSeconds(1)).historyTiers(DEFAULT_TIERS).historyBudget(ByteSize.ofGibibytes(1))
          .source(data.replay(false, 1_000, 37)).build();
      for (int t = 0; t < data.rows(); t++) {
        manager.sampleNow();
        now[0] += 1_000_000_000L;
      }
      agents = manager.agents();
      span = window.equals("1h") ? Duration.ofHours(1) : Duration.ofMinutes(10);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      manager.close();
    }

    /** Four series of each of 1,000 agents over the window (10 min: raw samples; 1 h: 1-minute rollups). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void chartsOf1000Agents(Blackhole blackhole) {
      for (Agent agent : agents) {
        for (Metric m : CHARTED) {
          Series s = agent.history(m, span);
          blackhole.consume(s.size());
        }
      }
    }
  }
}
