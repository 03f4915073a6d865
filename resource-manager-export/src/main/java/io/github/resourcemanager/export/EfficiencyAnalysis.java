package io.github.resourcemanager.export;

import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.Shares;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import io.github.resourcemanager.monitor.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Computes an {@link EfficiencyReport}: reads each admitted agent's usage the way the pool reads it (the pool's
 * usage metrics, CPU percentages of the machine turned into millicores with the pool's CPU count), and compares its
 * mean with the shares in force.
 */
final class EfficiencyAnalysis {
  /** The unit name of CPU resources, whose usage metrics may be percentages of the machine. */
  private static final String MILLICORES = Resource.CPU.unitName();

  private final ResourcePool pool;
  private final Histories histories;
  private final long since;
  private final int cpus;

  EfficiencyAnalysis(ResourcePool pool, Histories histories, long since) {
    this.pool = pool;
    this.histories = histories;
    this.since = since;
    this.cpus = pool.config().machineCpus();
  }

  EfficiencyReport report(Instant generatedAt, Duration window) {
    Shares shares = pool.shares();
    Map<Resource, Metric> usage = pool.config().usageMetrics();
    // Each admitted agent's usage per resource, read once: ticker time -> amount.
    Map<String, String> projectOf = new LinkedHashMap<>();
    Map<String, Map<Resource, NavigableMap<Long, Double>>> used = new LinkedHashMap<>();
    for (String id : shares.agents().keySet()) {
      Optional<AgentStatus> status = pool.status(id);
      if (status.isEmpty()) {
        continue; // released since the shares were read
      }
      projectOf.put(id, status.get().project());
      Map<Resource, NavigableMap<Long, Double>> byResource = new LinkedHashMap<>();
      Optional<Agent> agent = histories.manager().tracker().find(id);
      for (Map.Entry<Resource, Metric> e : usage.entrySet()) {
        byResource.put(e.getKey(), agent.isEmpty() ? new TreeMap<>() : amounts(agent.get(), e.getKey(), e.getValue()));
      }
      used.put(id, byResource);
    }
    List<Efficiency> entries = new ArrayList<>();
    for (Map.Entry<String, String> a : projectOf.entrySet()) {
      String id = a.getKey();
      for (Map.Entry<Resource, Metric> e : usage.entrySet()) {
        add(entries, Efficiency.Scope.AGENT, id, a.getValue(), e.getKey(), e.getValue(), shares.agents().get(id),
            List.of(Objects.requireNonNull(Objects.requireNonNull(used.get(id), id).get(e.getKey()), id)));
      }
    }
    for (Map.Entry<String, ResourceVector> p : shares.projects().entrySet()) {
      for (Map.Entry<Resource, Metric> e : usage.entrySet()) {
        List<NavigableMap<Long, Double>> members = new ArrayList<>();
        for (Map.Entry<String, String> a : projectOf.entrySet()) {
          if (a.getValue().equals(p.getKey())) {
            members.add(Objects.requireNonNull(Objects.requireNonNull(used.get(a.getKey()), a.getKey()).get(e.getKey()), a.getKey()));
          }
        }
        add(entries, Efficiency.Scope.PROJECT, p.getKey(), p.getKey(), e.getKey(), e.getValue(), p.getValue(), members);
      }
    }
    for (Map.Entry<Resource, Metric> e : usage.entrySet()) {
      List<NavigableMap<Long, Double>> all = new ArrayList<>();
      for (Map<Resource, NavigableMap<Long, Double>> byResource : used.values()) {
        all.add(byResource.get(e.getKey()));
      }
      add(entries, Efficiency.Scope.GLOBAL, Analytics.GLOBAL, null, e.getKey(), e.getValue(), shares.global(), all);
    }
    return new EfficiencyReport(generatedAt, window, shares.strategy(), shares.profile().orElse(null), cpus, entries);
  }

  /** The agent's measured usage of {@code resource} in the window, in the resource's unit, by ticker time. */
  private NavigableMap<Long, Double> amounts(Agent agent, Resource resource, Metric metric) {
    boolean percentOfMachine = resource.unitName().equals(MILLICORES) && metric.unit() == Unit.PERCENT;
    Series s = histories.agent(agent, metric, since);
    NavigableMap<Long, Double> amounts = new TreeMap<>();
    for (int i = 0; i < s.size(); i++) {
      double v = s.value(i);
      if (!Double.isNaN(v)) {
        // As the pool reads it: a percentage of all CPUs is v / 100 * cpus * 1000 millicores.
        amounts.put(s.tickNanos(i), percentOfMachine ? v * cpus * 10.0 : v);
      }
    }
    return amounts;
  }

  /**
   * Adds the line of one claimant and resource, if the claimant has a share of it and usage was measured. The
   * usage of several agents is summed sample by sample (samples share their ticker times).
   */
  private static void add(List<Efficiency> entries, Efficiency.Scope scope, String name, @Nullable String project,
      Resource resource, Metric metric, @Nullable ResourceVector share, List<NavigableMap<Long, Double>> members) {
    OptionalLong allocated = share == null ? OptionalLong.empty() : share.find(resource);
    if (allocated.isEmpty()) {
      return; // not limited at this level: nothing was allocated to compare with
    }
    NavigableMap<Long, Double> sum = new TreeMap<>();
    for (NavigableMap<Long, Double> m : members) {
      for (Map.Entry<Long, Double> e : m.entrySet()) {
        sum.merge(e.getKey(), e.getValue(), Double::sum);
      }
    }
    if (sum.isEmpty()) {
      return;
    }
    long a = allocated.getAsLong();
    double[] values = new double[sum.size()];
    double total = 0;
    double idle = 0;
    int n = 0;
    for (double v : sum.values()) {
      values[n++] = v;
      total += v;
      idle += a == 0 ? Double.NaN : Math.max(0, a - v) / a;
    }
    double mean = total / n;
    Arrays.sort(values);
    String unit = resource.unitName().equals(MILLICORES) ? MILLICORES : metric.unit().symbol();
    entries.add(new Efficiency(scope, name, project, resource, unit, a, n, mean, Summary.percentileOfSorted(values, 95),
        values[n - 1], a == 0 ? Double.NaN : mean / a, idle / n));
  }
}
