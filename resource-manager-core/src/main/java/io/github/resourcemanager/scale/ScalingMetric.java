package io.github.resourcemanager.scale;

import io.github.resourcemanager.internal.scale.Thousandths;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A metric a horizontal scaler ({@link io.github.resourcemanager.ResourceManager.Builder#horizontalScaler}) scales
 * on, with its target, as a Kubernetes {@code MetricSpec}.
 *
 * <ul>
 *   <li>Resource metrics compare each replica's usage, read from its agent's values, with the replica's request:
 *       {@link #cpuUtilization(int)} and {@link #memoryUtilization} aim at a utilization in percent of the
 *       request ({@code Resource} with an {@code Utilization} target); {@link #cpuAverageValue} and
 *       {@link #memoryAverageValue} at an average usage per replica ({@code AverageValue} target). For CPU,
 *       replicas that are starting up are set aside as the controller does.</li>
 *   <li>{@link #replicaAverageValue} aims at an average of any per-agent metric over the replicas
 *       ({@code Pods} metric).</li>
 *   <li>{@link #value} and {@link #averageValue} aim at a machine, process, JVM or custom metric as a whole, or
 *       per replica ({@code Object}/{@code External} metric with a {@code Value} or {@code AverageValue}
 *       target).</li>
 * </ul>
 *
 * <p>As in Kubernetes, values are compared as whole thousandths (millicores, milli-bytes, milli-units), rounded
 * up, and utilizations as whole percents, rounded down. Immutable.
 */
public final class ScalingMetric {

  private enum Kind { RESOURCE_UTILIZATION, RESOURCE_AVERAGE, REPLICA_AVERAGE, VALUE, AVERAGE_VALUE }

  private enum Resource { CPU, MEMORY }

  private final Kind kind;
  private final @Nullable Resource resource; // null for non-resource metrics
  private final Metric metric;
  private final long targetMilli; // for utilization: the percent
  private final double target; // as shown in decisions
  private final String description;

  private ScalingMetric(Kind kind, @Nullable Resource resource, Metric metric, long targetMilli, double target, String description) {
    this.kind = kind;
    this.resource = resource;
    this.metric = metric;
    this.targetMilli = targetMilli;
    this.target = target;
    this.description = description;
  }

  /**
   * CPU utilization of the replicas' requests, from {@link Metric#AGENT_CPU_USAGE}.
   *
   * @param targetPercent the utilization to aim at, in percent of the request (may exceed 100)
   * @throws IllegalArgumentException if {@code targetPercent} is not positive
   */
  public static ScalingMetric cpuUtilization(int targetPercent) {
    return cpuUtilization(Metric.AGENT_CPU_USAGE, targetPercent);
  }

  /**
   * CPU utilization of the replicas' requests, from a per-agent CPU metric in percent of all CPUs of the machine
   * (the unit of {@link Metric#AGENT_CPU_USAGE}).
   *
   * @throws NullPointerException if {@code usage} is null
   * @throws IllegalArgumentException if {@code usage} is not a per-agent metric in percent, or {@code targetPercent}
   *     is not positive
   */
  public static ScalingMetric cpuUtilization(Metric usage, int targetPercent) {
    requireAgentMetric("usage", "cpu usage metric", usage, Unit.PERCENT);
    requirePositive("targetPercent", targetPercent);
    return new ScalingMetric(Kind.RESOURCE_UTILIZATION, Resource.CPU, usage, targetPercent, targetPercent,
        "cpu utilization (" + usage.name() + ", % of request)");
  }

  /**
   * Memory utilization of the replicas' requests, from a per-agent metric in bytes.
   *
   * @throws NullPointerException if {@code usage} is null
   * @throws IllegalArgumentException if {@code usage} is not a per-agent metric in bytes, or {@code targetPercent}
   *     is not positive
   */
  public static ScalingMetric memoryUtilization(Metric usage, int targetPercent) {
    requireAgentMetric("usage", "memory usage metric", usage, Unit.BYTES);
    requirePositive("targetPercent", targetPercent);
    return new ScalingMetric(Kind.RESOURCE_UTILIZATION, Resource.MEMORY, usage, targetPercent, targetPercent,
        "memory utilization (" + usage.name() + ", % of request)");
  }

  /**
   * Average CPU usage per replica, from a per-agent CPU metric in percent of all CPUs of the machine.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if {@code usage} is not a per-agent metric in percent, or the target is 0
   */
  public static ScalingMetric cpuAverageValue(Metric usage, CpuQuantity targetPerReplica) {
    requireAgentMetric("usage", "cpu usage metric", usage, Unit.PERCENT);
    Objects.requireNonNull(targetPerReplica, "targetPerReplica");
    if (targetPerReplica.millicores() <= 0) {
      throw new IllegalArgumentException("targetPerReplica must be a positive CPU quantity, was " + targetPerReplica);
    }
    return new ScalingMetric(Kind.RESOURCE_AVERAGE, Resource.CPU, usage, targetPerReplica.millicores(),
        targetPerReplica.cores(), "cpu average per replica (" + usage.name() + ", cores)");
  }

  /**
   * Average memory usage per replica, from a per-agent metric in bytes.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if {@code usage} is not a per-agent metric in bytes, or the target is 0 or
   *     above {@code Long.MAX_VALUE / 1000} bytes
   */
  public static ScalingMetric memoryAverageValue(Metric usage, ByteSize targetPerReplica) {
    requireAgentMetric("usage", "memory usage metric", usage, Unit.BYTES);
    Objects.requireNonNull(targetPerReplica, "targetPerReplica");
    if (targetPerReplica.bytes() <= 0 || targetPerReplica.bytes() > Long.MAX_VALUE / 1000) {
      throw new IllegalArgumentException("targetPerReplica must be a positive byte size of at most "
          + Long.MAX_VALUE / 1000 + " bytes, was " + targetPerReplica);
    }
    return new ScalingMetric(Kind.RESOURCE_AVERAGE, Resource.MEMORY, usage, targetPerReplica.bytes() * 1000,
        targetPerReplica.bytes(), "memory average per replica (" + usage.name() + ", bytes)");
  }

  /**
   * The average of a per-agent metric over the replicas (a Kubernetes {@code Pods} metric).
   *
   * @throws NullPointerException if {@code metric} is null
   * @throws IllegalArgumentException if {@code metric} is not a per-agent metric or the target is not positive
   */
  public static ScalingMetric replicaAverageValue(Metric metric, double targetPerReplica) {
    requireAgentMetric("metric", "metric", metric, null);
    return new ScalingMetric(Kind.REPLICA_AVERAGE, null, metric, targetMilli("targetPerReplica", targetPerReplica),
        targetPerReplica, metric.name() + " average per replica");
  }

  /**
   * A machine, process, JVM or custom metric as a whole, aiming at {@code target} (a Kubernetes
   * {@code Object} or {@code External} metric with a {@code Value} target). The replicas needed are the ready
   * replicas times {@code value / target}.
   *
   * @throws NullPointerException if {@code metric} is null
   * @throws IllegalArgumentException if {@code metric} is a per-agent metric or the target is not positive
   */
  public static ScalingMetric value(Metric metric, double target) {
    requireSystemMetric(metric);
    return new ScalingMetric(Kind.VALUE, null, metric, targetMilli("target", target), target, metric.name() + " value");
  }

  /**
   * A machine, process, JVM or custom metric divided over the replicas, aiming at {@code targetPerReplica} (a
   * Kubernetes {@code Object} or {@code External} metric with an {@code AverageValue} target). The replicas needed
   * are {@code value / targetPerReplica}, rounded up.
   *
   * @throws NullPointerException if {@code metric} is null
   * @throws IllegalArgumentException if {@code metric} is a per-agent metric or the target is not positive
   */
  public static ScalingMetric averageValue(Metric metric, double targetPerReplica) {
    requireSystemMetric(metric);
    return new ScalingMetric(Kind.AVERAGE_VALUE, null, metric, targetMilli("targetPerReplica", targetPerReplica),
        targetPerReplica, metric.name() + " average per replica");
  }

  // parameter: the name a null argument's exception gives; field: how the other messages describe the metric
  private static void requireAgentMetric(String parameter, String field, Metric metric, @Nullable Unit unit) {
    Objects.requireNonNull(metric, parameter);
    if (!metric.isAgentMetric()) {
      throw new IllegalArgumentException(field + " must be a per-agent metric (named agent.*), was " + metric.name());
    }
    if (unit != null && metric.unit() != unit) {
      throw new IllegalArgumentException(field + " " + metric.name() + " must be in " + unit + ", was in " + metric.unit());
    }
  }

  private static void requireSystemMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    if (metric.isAgentMetric()) {
      throw new IllegalArgumentException("metric " + metric.name() + " is per agent; use replicaAverageValue for "
          + "per-agent metrics, value and averageValue take machine, process, JVM or custom metrics");
    }
  }

  private static void requirePositive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }

  private static long targetMilli(String field, double target) {
    if (!(target > 0) || !Double.isFinite(target) || target > Long.MAX_VALUE / 1000.0) {
      throw new IllegalArgumentException(field + " must be a positive finite number of at most "
          + Long.MAX_VALUE / 1000 + ", was " + target);
    }
    long milli = Thousandths.roundedUp(target);
    if (milli <= 0) {
      throw new IllegalArgumentException(field + " " + target + " is below the precision of 0.001");
    }
    return milli;
  }

  /** The metric read: a per-agent usage metric, or a machine/process/JVM/custom metric. */
  public Metric metric() {
    return metric;
  }

  /** The target as configured: a percent, cores, bytes, or a value in the metric's unit. */
  public double target() {
    return target;
  }

  /**
   * The target as the scaler compares it: for a utilization, the percent; otherwise in whole thousandths of its
   * unit, rounded up (millicores, milli-bytes, milli-units), as Kubernetes compares quantities by their
   * milli-value.
   */
  public long targetMilli() {
    return targetMilli;
  }

  /**
   * Whether this is a resource metric (a Kubernetes {@code Resource} metric): each replica's CPU or memory usage,
   * read from its agent, set against what the replica requests. True for {@link #cpuUtilization(int)},
   * {@link #memoryUtilization}, {@link #cpuAverageValue} and {@link #memoryAverageValue}.
   */
  public boolean isResource() {
    return resource != null;
  }

  /**
   * Whether the target is a utilization: a percentage of what the replicas request (a Kubernetes
   * {@code Utilization} target). True for {@link #cpuUtilization(int)} and {@link #memoryUtilization}.
   */
  public boolean isUtilization() {
    return kind == Kind.RESOURCE_UTILIZATION;
  }

  /**
   * Whether the target is an average per replica (a Kubernetes {@code AverageValue} target). True for
   * {@link #cpuAverageValue}, {@link #memoryAverageValue}, {@link #replicaAverageValue} and
   * {@link #averageValue}; false for the utilizations and {@link #value}, which aims at the metric as a whole.
   */
  public boolean isAverageValue() {
    return kind == Kind.RESOURCE_AVERAGE || kind == Kind.REPLICA_AVERAGE || kind == Kind.AVERAGE_VALUE;
  }

  /** What is measured, as decisions name it, e.g. {@code cpu utilization (agent.cpu.usage, % of request)}. */
  public String description() {
    return description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingMetric other && other.kind == kind && other.resource == resource
        && other.metric == metric && other.targetMilli == targetMilli;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, resource, metric, targetMilli);
  }

  @Override
  public String toString() {
    return description + " target " + target;
  }
}
