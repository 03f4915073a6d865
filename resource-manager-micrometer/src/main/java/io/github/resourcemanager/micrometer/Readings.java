package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentStatus;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourcePool;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.HandlerStats;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Recommendation;
import io.github.resourcemanager.scale.ResourceRecommendation;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.Scaler;
import io.github.resourcemanager.scale.VerticalRecommender;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The value functions of the binder's meters, and the unit conversions they apply.
 *
 * <p>Every function takes the manager as its argument (Micrometer passes the weakly held state object) and captures
 * only values that refer to nothing of the manager: metric and resource constants, names, the binder's own counters.
 * Static factory methods make that hard to get wrong: a lambda written here cannot capture a manager it was never
 * given. A value that is missing reads as {@code NaN}; a function never throws (a throwing function counter would
 * break a whole scrape).
 */
final class Readings {

  /** Micrometer base unit of rates: Prometheus renders it as the {@code _bytes_per_second} suffix. */
  static final String BYTES_PER_SECOND = "bytes.per.second";
  /** Base unit of percentages, exposed as ratios 0..1 ({@code _ratio} in Prometheus). */
  static final String RATIO = "ratio";
  /** Base unit of CPU amounts of the allocation and of the recommender. */
  static final String CORES = "cores";
  /** {@link Resource#unitName()} of CPU resources, whose amounts are millicores. */
  private static final String MILLICORES = "millicores";

  private Readings() {}

  // ---------------------------------------------------------------- units

  /** The Micrometer base unit of a monitored metric's gauge, or null for counts and plain numbers. */
  static @Nullable String baseUnit(Unit unit) {
    return switch (unit) {
      case PERCENT -> RATIO;
      case BYTES -> "bytes";
      case BYTES_PER_SECOND -> BYTES_PER_SECOND;
      case SECONDS -> "seconds";
      default -> null;
    };
  }

  /**
   * A monitored metric's value in its base unit: a percentage divided by 100 (a correctly rounded division, so 75 %
   * reads exactly 0.75, and the exported alert rules divide their thresholds the same way), anything else as is.
   */
  static double toBaseUnit(Unit unit, double value) {
    return unit == Unit.PERCENT ? value / 100.0 : value;
  }

  /** The Micrometer base unit of an amount of {@code resource}: cores, bytes, bytes per second, or none for counts. */
  static @Nullable String baseUnit(Resource resource) {
    if (resource.equals(Resource.ALLOCATION_RATE)) {
      return BYTES_PER_SECOND;
    }
    return switch (resource.unitName()) {
      case MILLICORES -> CORES;
      case "bytes" -> "bytes";
      default -> null;
    };
  }

  /** An amount of {@code resource} in its base unit: millicores become cores. */
  static double amount(Resource resource, long amount) {
    return isCpu(resource) ? amount / 1000.0 : amount;
  }

  /**
   * An agent's usage of {@code resource} read from {@code metric}, in the resource's base unit, converted as the pool
   * converts it: a CPU percentage of the machine becomes cores with the pool's {@code machineCpus}, another CPU metric
   * is taken as millicores.
   */
  static double usage(Resource resource, Metric metric, double value, int machineCpus) {
    if (!isCpu(resource)) {
      return value;
    }
    return metric.unit() == Unit.PERCENT ? value / 100.0 * machineCpus : value / 1000.0;
  }

  private static boolean isCpu(Resource resource) {
    return MILLICORES.equals(resource.unitName());
  }

  /** A lowercase tag value of an enum constant: {@code RATE_LIMITED} → {@code rate_limited}. */
  static String tagValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- monitored metrics

  /** The latest value of a machine, process or JVM metric, in its base unit. */
  static ToDoubleFunction<ResourceManager> system(Metric metric) {
    Unit unit = metric.unit();
    return rm -> toBaseUnit(unit, rm.latest(metric));
  }

  /** The latest value of an agent's metric, in its base unit; NaN once the agent is unregistered. */
  static ToDoubleFunction<ResourceManager> agent(String agentId, Metric metric) {
    Unit unit = metric.unit();
    return rm -> {
      Optional<Agent> agent = rm.tracker().find(agentId);
      return agent.isPresent() ? toBaseUnit(unit, agent.get().latest(metric)) : Double.NaN;
    };
  }

  /**
   * The count of a cumulative machine metric (a total such as {@code jvm.gc.time}): its latest reading, or the last
   * finite one while it reads NaN, so that the counter never goes backwards for a missing sample.
   */
  static ToDoubleFunction<ResourceManager> systemTotal(Metric metric, LastCount last) {
    return rm -> last.update(rm.latest(metric));
  }

  /** The count of an agent's cumulative metric (such as {@code agent.cpu.time}), as {@link #systemTotal}. */
  static ToDoubleFunction<ResourceManager> agentTotal(String agentId, Metric metric, LastCount last) {
    return rm -> {
      Optional<Agent> agent = rm.tracker().find(agentId);
      return last.update(agent.isPresent() ? agent.get().latest(metric) : Double.NaN);
    };
  }

  /** The bytes that a rate metric added up to, as counted by {@code totals}. */
  static ToDoubleFunction<ResourceManager> rateTotal(RateTotals totals, Metric rate) {
    return rm -> totals.total(rate);
  }

  /**
   * The CPU time of this JVM's process in seconds, from {@code com.sun.management.OperatingSystemMXBean}
   * ({@code getProcessCpuTime}, nanoseconds), or NaN where the JVM does not provide it.
   */
  static ToDoubleFunction<ResourceManager> processCpuTime(LastCount last) {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof com.sun.management.OperatingSystemMXBean bean)) {
      return rm -> last.update(Double.NaN);
    }
    return rm -> {
      long nanos = bean.getProcessCpuTime();
      return last.update(nanos < 0 ? Double.NaN : nanos / 1e9);
    };
  }

  /** Whether the JVM reports its process's CPU time (so that the process CPU time counter is registered). */
  static boolean hasProcessCpuTime() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean bean && bean.getProcessCpuTime() >= 0;
  }

  // ---------------------------------------------------------------- alerts

  /** The number of active alerts in {@code state} with {@code severity}. */
  static ToDoubleFunction<ResourceManager> activeAlerts(AlertState state, Severity severity) {
    return rm -> {
      int n = 0;
      for (Alert alert : rm.alerts().activeAlerts(severity)) {
        if (alert.state() == state) {
          n++;
        }
      }
      return n;
    };
  }

  /** The alerts that fired with {@code severity} since the manager's pipeline was created. */
  static ToDoubleFunction<ResourceManager> firedAlerts(Severity severity) {
    return rm -> rm.alerts().firedCount(severity);
  }

  /** One counter of the handler subscribed as {@code handler}; NaN once it is unsubscribed. */
  static ToDoubleFunction<ResourceManager> handler(String handler, ToLongFunction<HandlerStats> field) {
    return rm -> {
      List<HandlerStats> handlers = rm.alerts().stats().handlers();
      for (int i = 0; i < handlers.size(); i++) {
        HandlerStats h = handlers.get(i);
        if (h.name().equals(handler)) {
          return field.applyAsLong(h);
        }
      }
      return Double.NaN;
    };
  }

  // ---------------------------------------------------------------- scalers

  /** The current size of the scaler's target, read live; NaN if the target throws. */
  static ToDoubleFunction<ResourceManager> scalerSize(String scaler) {
    return rm -> {
      try {
        return rm.scaler(scaler).target().currentSize();
      } catch (RuntimeException targetFailed) {
        return Double.NaN;
      }
    };
  }

  /** A size of the scaler's latest decision; NaN before its first decision. */
  static ToDoubleFunction<ResourceManager> lastDecision(String scaler, ToLongFunction<ScaleDecision> size) {
    return rm -> {
      Scaler s = findScaler(rm, scaler);
      Optional<ScaleDecision> last = s == null ? Optional.empty() : s.lastDecision();
      return last.isPresent() ? size.applyAsLong(last.get()) : Double.NaN;
    };
  }

  /** The scaler's decisions with this direction and outcome, counted by {@code counts}. */
  static ToDoubleFunction<ResourceManager> decisions(DecisionCounts counts, DecisionCounts.Direction direction,
      ScaleOutcome outcome) {
    return rm -> counts.count(direction, outcome);
  }

  private static @Nullable Scaler findScaler(ResourceManager rm, String name) {
    try {
      return rm.scaler(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** One bound of the recommender's CPU recommendation for an agent, in cores; NaN while it has none. */
  static ToDoubleFunction<ResourceManager> recommendedCpu(String agentId, Bound bound) {
    return rm -> {
      Optional<Recommendation> r = recommendation(rm, agentId);
      return r.isPresent() ? bound.of(r.get().cpu()).cores() : Double.NaN;
    };
  }

  /** One bound of the recommender's memory recommendation for an agent, in bytes; NaN while it has none. */
  static ToDoubleFunction<ResourceManager> recommendedMemory(String agentId, Bound bound) {
    return rm -> {
      Optional<Recommendation> r = recommendation(rm, agentId);
      return r.isPresent() ? bound.of(r.get().memory()).bytes() : Double.NaN;
    };
  }

  private static Optional<Recommendation> recommendation(ResourceManager rm, String agentId) {
    Optional<VerticalRecommender> vpa = rm.verticalRecommender();
    return vpa.isPresent() ? vpa.get().recommendation(agentId) : Optional.empty();
  }

  /** Which amount of a {@link ResourceRecommendation}. */
  enum Bound {
    TARGET, LOWER, UPPER;

    <T> T of(ResourceRecommendation<T> r) {
      return switch (this) {
        case LOWER -> r.lowerBound();
        case UPPER -> r.upperBound();
        case TARGET -> r.target();
      };
    }
  }

  // ---------------------------------------------------------------- allocation

  /** The global limit of {@code resource} in force; NaN if it is not limited. */
  static ToDoubleFunction<ResourceManager> globalLimit(Resource resource) {
    return rm -> amountOrNaN(resource, rm.allocation().shares().global());
  }

  /** The share of {@code project} in {@code resource}; NaN if the project has none or it is not limited. */
  static ToDoubleFunction<ResourceManager> projectShare(String project, Resource resource) {
    return rm -> amountOrNaN(resource, rm.allocation().shares().projects().get(project));
  }

  /** The share of admitted agent {@code agentId} in {@code resource}; NaN if it has none. */
  static ToDoubleFunction<ResourceManager> agentShare(String agentId, Resource resource) {
    return rm -> amountOrNaN(resource, rm.allocation().shares().agents().get(agentId));
  }

  private static double amountOrNaN(Resource resource, @Nullable ResourceVector vector) {
    if (vector == null) {
      return Double.NaN;
    }
    OptionalLong amount = vector.find(resource);
    return amount.isPresent() ? amount(resource, amount.getAsLong()) : Double.NaN;
  }

  /**
   * The summed usage of {@code resource} by the admitted agents of {@code project}, in the resource's base unit: 0 when
   * the project has no agents, NaN when none of them measured it.
   */
  static ToDoubleFunction<ResourceManager> projectUsage(ProjectMembers members, String project, Resource resource,
      Metric metric, int machineCpus) {
    return rm -> {
      List<String> ids = members.of(project);
      if (ids.isEmpty()) {
        return 0;
      }
      double sum = Double.NaN;
      for (int i = 0; i < ids.size(); i++) {
        Optional<Agent> agent = rm.tracker().find(ids.get(i));
        double v = agent.isPresent() ? agent.get().latest(metric) : Double.NaN;
        if (Double.isNaN(v) || v < 0) {
          continue; // not measured, as the pool skips it
        }
        double u = usage(resource, metric, v, machineCpus);
        sum = Double.isNaN(sum) ? u : sum + u;
      }
      return sum;
    };
  }

  /** The enforcement state of an admitted agent: 0 running, 1 throttled, 2 paused; NaN if it is not admitted. */
  static ToDoubleFunction<ResourceManager> enforcementState(String agentId) {
    return rm -> {
      Optional<AgentStatus> status = rm.allocation().status(agentId);
      return status.isPresent() ? stateCode(status.get().state()) : Double.NaN;
    };
  }

  static double stateCode(AgentStatus.State state) {
    return switch (state) {
      case RUNNING -> 0;
      case THROTTLED -> 1;
      case PAUSED -> 2;
      default -> Double.NaN; // queued: not admitted, so not enforced
    };
  }

  /** The number of agents waiting in the overflow queue. */
  static double queued(ResourceManager rm) {
    return rm.allocation().queued().size();
  }

  /** The number of admitted agents. */
  static double admitted(ResourceManager rm) {
    return rm.allocation().admitted().size();
  }

  /** The pool of {@code rm}, or null if allocation is not configured. */
  static @Nullable ResourcePool poolOrNull(ResourceManager rm) {
    try {
      return rm.allocation();
    } catch (IllegalStateException notConfigured) {
      return null;
    }
  }
}
