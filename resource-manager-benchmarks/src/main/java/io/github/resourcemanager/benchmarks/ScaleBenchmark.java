package io.github.resourcemanager.benchmarks;

import io.github.resourcemanager.internal.scale.DynamicScaler;
import io.github.resourcemanager.internal.scale.HorizontalScaler;
import io.github.resourcemanager.internal.scale.Observation;
import io.github.resourcemanager.internal.scale.Scalers;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.VerticalRecommender;
import io.github.resourcemanager.scale.VerticalRecommenderConfig;
import io.github.resourcemanager.units.CpuQuantity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one scaling decision and of one recommender sample, in steady state.
 *
 * <ul>
 *   <li>{@code horizontalDecision}: a {@link HorizontalScaler} with three metrics (CPU utilization of 4 replicas'
 *       requests, a per-replica average, a whole metric per replica) and the default behavior (300 s scale-down
 *       window, so about 20 recommendations are kept); the decision lands within tolerance, as most do.</li>
 *   <li>{@code dynamicDecision}: a {@link DynamicScaler} between its thresholds.</li>
 *   <li>{@code verticalCpuSample} / {@code verticalMemorySample}: one sample into a {@link VerticalRecommender}
 *       that already knows the agent.</li>
 * </ul>
 *
 * Run with {@code -prof gc}: every benchmark should show {@code gc.alloc.rate.norm} of 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ScaleBenchmark {
  private static final long SYNC_NANOS = 15_000_000_000L;
  private static final Metric QPS = Metric.of("agent.benchmark.qps", Unit.NONE, "requests per second of an agent");
  private static final Metric QUEUE = Metric.of("benchmark.queue", Unit.COUNT, "queued jobs");

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final Values values = new Values();
  private HorizontalScaler horizontal;
  private DynamicScaler dynamic;
  private VerticalRecommender vertical;
  private long tick;
  private long epochMillis;
  private int minute;

  /** An observation over preallocated arrays: reading a value allocates nothing. */
  static final class Values implements Observation {
    long tick;
    private final double[] system = nan(256);
    private final Map<String, double[]> agents = new HashMap<>();

    private static double[] nan(int n) {
      double[] a = new double[n];
      Arrays.fill(a, Double.NaN);
      return a;
    }

    void set(Metric metric, double value) {
      system[metric.index()] = value;
    }

    void set(String agent, Metric metric, double value) {
      agents.computeIfAbsent(agent, k -> nan(256))[metric.index()] = value;
    }

    @Override
    public long tickNanos() {
      return tick;
    }

    @Override
    public double value(Metric metric) {
      return system[metric.index()];
    }

    @Override
    public double agentValue(String agentId, Metric metric) {
      double[] a = agents.get(agentId);
      return a == null ? Double.NaN : a[metric.index()];
    }
  }

  @Setup
  public void setUp() {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "worker-" + i;
      replicas.add(Replica.of(id).withCpuRequest(CpuQuantity.ofCores(1)));
      values.set(id, Metric.AGENT_CPU_USAGE, 52); // 520m of 1 core on 1 CPU: 52 % against a 50 % target
      values.set(id, QPS, 10);
    }
    values.set(QUEUE, 40);
    values.set(Metric.SYSTEM_CPU_USAGE, 50);
    int cpuCount = 1;
    int[] size = {4};
    ScaleTarget target = ScaleTarget.of("workers", () -> size[0], n -> size[0] = n, () -> replicas);
    horizontal = Scalers.horizontal("workers", target, HorizontalScalerConfig.custom()
        .maxReplicas(20)
        .metric(ScalingMetric.cpuUtilization(50))
        .metric(ScalingMetric.replicaAverageValue(QPS, 10))
        .metric(ScalingMetric.averageValue(QUEUE, 10))
        .behavior(ScalingBehavior.ofDefaults())
        .build(), clock, cpuCount);
    dynamic = Scalers.dynamic("pool", ScaleTarget.of("pool", () -> 3, n -> { }), DynamicScalerConfig.ofDefaults(), clock);
    vertical = Scalers.verticalRecommender(VerticalRecommenderConfig.ofDefaults(), cpuCount);
    epochMillis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    vertical.addCpuSample("svc", epochMillis, 0.5);
    vertical.addMemorySample("svc", epochMillis, 300L << 20);
    // Fill the recommendation log (300 s at one decision per 15 s) and the decision history.
    for (int i = 0; i < 2_000; i++) {
      horizontalDecision();
      dynamicDecision();
    }
  }

  @Benchmark
  public boolean horizontalDecision() {
    values.tick = tick += SYNC_NANOS;
    return horizontal.evaluate(values);
  }

  @Benchmark
  public boolean dynamicDecision() {
    values.tick = tick += SYNC_NANOS;
    return dynamic.evaluate(values);
  }

  @Benchmark
  public boolean verticalCpuSample() {
    epochMillis += 60_000;
    minute++;
    return vertical.addCpuSample("svc", epochMillis, 0.2 + (minute % 10) * 0.1);
  }

  @Benchmark
  public boolean verticalMemorySample() {
    epochMillis += 60_000;
    minute++;
    return vertical.addMemorySample("svc", epochMillis, (300L + minute % 50) << 20);
  }
}
