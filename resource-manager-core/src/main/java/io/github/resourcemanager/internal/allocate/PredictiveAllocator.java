package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.Allocation;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.PredictionConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.monitor.History;
import io.github.resourcemanager.internal.monitor.ResourceMonitor;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.monitor.Unit;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recommends how much to allocate to an agent: what {@link io.github.resourcemanager.allocate.ResourcePool#predict}
 * answers.
 *
 * <p><b>Prediction.</b> For each resource whose usage the pool reads ({@link AllocationConfig#usageMetrics()}), the
 * prediction is a high percentile (p95 by default, linear interpolation between ranks as {@link Summary}) of the
 * agent's own measured values over the last {@code window} (10 minutes by default), rounded up to a whole unit. A
 * percentile rather than an average or EWMA because an allocation must cover the agent's peaks, not its typical
 * load; p95 ignores the rarest spikes. With fewer than {@code minSamples} values, CPU and memory fall back to the
 * configured defaults (50 % of the machine, 256 MB); other resources get no line. The run time is the same
 * percentile of the runs {@linkplain #recordRun recorded} for the agent, or the default (60 s).
 *
 * <p><b>Allocation.</b> Per resource, in its own unit: {@code min(predicted, headroom × available)}, headroom 0.8,
 * where available is the least of what the machine has free (last sample), what the global limits leave after the
 * requests of the other admitted agents, and what the agent's project share leaves, each in the resource's own unit:
 * millicores with millicores, bytes with bytes.
 *
 * <p>Thread-safe.
 */
final class PredictiveAllocator {

  private static final long PPM = 1_000_000;
  private static final int RUNS_KEPT = 64;

  private final MonitoredPool pool;
  private final ResourceMonitor monitor;
  private final PredictionConfig config;
  private final int cpus;
  private final long headroomPpm;
  private final ConcurrentHashMap<String, long[]> runs = new ConcurrentHashMap<>();

  PredictiveAllocator(MonitoredPool pool, ResourceMonitor monitor, PredictionConfig config, int cpus) {
    this.pool = pool;
    this.monitor = monitor;
    this.config = config;
    this.cpus = cpus;
    this.headroomPpm = BigDecimal.valueOf(config.headroom()).movePointRight(6).longValue();
  }

  /**
   * Records how long one run of the agent took, for its predicted run time.
   *
   * @throws IllegalArgumentException if the agent id is malformed, or {@code duration} is negative or too long
   *     for a {@code long} of nanoseconds
   */
  void recordRun(String agentId, Duration duration) {
    Names.require("agent id", agentId);
    long nanos = Durations.nonNegativeNanos("run duration", duration);
    // ring[0] = runs recorded so far; ring[1..RUNS_KEPT] = the latest durations
    long[] ring = runs.computeIfAbsent(agentId, id -> new long[RUNS_KEPT + 1]);
    synchronized (ring) {
      ring[1 + (int) (ring[0] % RUNS_KEPT)] = nanos;
      ring[0]++;
    }
  }

  /** The recommendation for {@code agentId}, which need not be admitted (its configured project is then used). */
  Allocation allocate(String agentId) {
    Objects.requireNonNull(agentId, "agentId");
    String project = pool.projectOf(agentId);
    long[][] free = pool.freeFor(agentId, project);
    History machine = monitor.history();
    History own = monitor.tracker().findTracked(agentId).map(a -> a.history()).orElse(null);
    long since = monitor.config().ticker().read() - config.window().toNanos();
    List<Allocation.Line> lines = new ArrayList<>();
    for (Map.Entry<Resource, Metric> e : pool.config().usageMetrics().entrySet()) {
      Resource r = e.getKey();
      Metric metric = e.getValue();
      long predicted;
      String from;
      double[] values = own == null ? new double[0] : values(own, metric, since);
      boolean percentOfMachine = Vectors.inMillicores(r) && metric.unit() == Unit.PERCENT;
      if (values.length >= config.minSamples()) {
        Arrays.sort(values);
        double p = Summary.percentileOfSorted(values, config.percentile());
        predicted = (long) Math.ceil(percentOfMachine ? p * cpus * 10.0 : p);
        from = "p" + trim(config.percentile()) + " of " + values.length + " samples over " + config.window().toString()
            .substring(2).toLowerCase(java.util.Locale.ROOT);
      } else if (r.equals(Resource.CPU)) {
        predicted = AllocationConfig.cpuPercentToMillicores(config.defaultCpu().value(), cpus);
        from = "default " + config.defaultCpu() + " of " + cpus + " CPUs";
      } else if (r.equals(Resource.MEMORY)) {
        predicted = config.defaultMemory().bytes();
        from = "default";
      } else {
        continue;
      }
      long available = Long.MAX_VALUE;
      String availableFrom = "nothing";
      long machineFree = machineFree(r, machine);
      if (machineFree >= 0 && machineFree < available) {
        available = machineFree;
        availableFrom = "machine";
      }
      long global = free[0][r.index()];
      if (global >= 0 && global < available) {
        available = global;
        availableFrom = "global limit";
      }
      long inProject = free[1][r.index()];
      if (inProject >= 0 && inProject < available) {
        available = inProject;
        availableFrom = "project \"" + project + "\" share";
      }
      long allocated = predicted;
      String cappedBy = "prediction";
      OptionalLong avail = OptionalLong.empty();
      if (available != Long.MAX_VALUE) {
        avail = OptionalLong.of(available);
        long cap = Apportion.mulDiv(available, headroomPpm, PPM);
        if (cap < predicted) {
          allocated = cap;
          cappedBy = trim(config.headroom() * 100) + "% of available " + availableFrom;
        }
      }
      lines.add(new Allocation.Line(r, predicted, from, avail, availableFrom, allocated, cappedBy));
    }
    long[] ring = runs.get(agentId);
    Duration duration = config.defaultDuration();
    String durationBasis = "default";
    if (ring != null) {
      double[] recorded;
      synchronized (ring) {
        int n = (int) Math.min(ring[0], RUNS_KEPT);
        recorded = new double[n];
        for (int i = 0; i < n; i++) {
          recorded[i] = ring[1 + i];
        }
      }
      if (recorded.length >= config.minSamples()) {
        Arrays.sort(recorded);
        duration = Duration.ofNanos((long) Math.ceil(Summary.percentileOfSorted(recorded, config.percentile())));
        durationBasis = "p" + trim(config.percentile()) + " of " + recorded.length + " recorded runs";
      }
    }
    return new Allocation(agentId, lines, duration, durationBasis);
  }

  private static double[] values(History history, Metric metric, long since) {
    double[][] buffer = {new double[16]};
    int[] count = {0};
    history.forEach(metric, since, (tick, v) -> {
      if (count[0] == buffer[0].length) {
        buffer[0] = Arrays.copyOf(buffer[0], count[0] * 2);
      }
      buffer[0][count[0]++] = v;
    });
    return Arrays.copyOf(buffer[0], count[0]);
  }

  /** What the machine has free of {@code r} by the last sample, or -1 if unknown. */
  private long machineFree(Resource r, History machine) {
    if (r.equals(Resource.CPU)) {
      double used = machine.latest(Metric.SYSTEM_CPU_USAGE);
      return Double.isNaN(used) ? -1 : Math.max(0, cpus * 1000L - Math.round(used * cpus * 10.0));
    }
    if (r.equals(Resource.MEMORY)) {
      double total = machine.latest(Metric.SYSTEM_MEMORY_TOTAL);
      double used = machine.latest(Metric.SYSTEM_MEMORY_USED);
      return Double.isNaN(total) || Double.isNaN(used) ? -1 : Math.max(0, Math.round(total - used));
    }
    return -1;
  }

  private static String trim(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return "PredictiveAllocator{p" + trim(config.percentile()) + " over " + config.window() + "}";
  }
}
