package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScalingMetric} as the horizontal scaler computes it: the kind of Kubernetes metric it stands for, the
 * resource whose requests it is set against, and its target in whole thousandths. Derived once from the metric's
 * public accessors when a scaler is created. Immutable.
 */
final class MetricSpec {

  enum Kind { RESOURCE_UTILIZATION, RESOURCE_AVERAGE, REPLICA_AVERAGE, VALUE, AVERAGE_VALUE }

  enum Resource {
    CPU("cpu"), MEMORY("memory");

    final String label;

    Resource(String label) {
      this.label = label;
    }
  }

  final Kind kind;
  final @Nullable Resource resource; // null for non-resource metrics
  final Metric metric;
  final double target;
  final long targetMilli; // for utilization: the percent

  private MetricSpec(Kind kind, @Nullable Resource resource, Metric metric, double target, long targetMilli) {
    this.kind = kind;
    this.resource = resource;
    this.metric = metric;
    this.target = target;
    this.targetMilli = targetMilli;
  }

  static MetricSpec of(ScalingMetric m) {
    Metric metric = m.metric();
    Kind kind;
    if (m.isUtilization()) {
      kind = Kind.RESOURCE_UTILIZATION;
    } else if (m.isResource()) {
      kind = Kind.RESOURCE_AVERAGE;
    } else if (metric.isAgentMetric()) {
      kind = Kind.REPLICA_AVERAGE;
    } else {
      kind = m.isAverageValue() ? Kind.AVERAGE_VALUE : Kind.VALUE;
    }
    // The CPU factories take metrics in percent of the machine, the memory ones metrics in bytes.
    Resource resource = !m.isResource() ? null : metric.unit() == Unit.PERCENT ? Resource.CPU : Resource.MEMORY;
    return new MetricSpec(kind, resource, metric, m.target(), m.targetMilli());
  }

  /** Whether computing this metric needs the target's replicas. */
  boolean needsReplicas() {
    return kind == Kind.RESOURCE_UTILIZATION || kind == Kind.RESOURCE_AVERAGE || kind == Kind.REPLICA_AVERAGE;
  }

  /** The resource's name for error texts ({@code cpu}, {@code memory}), or the empty string. */
  String resourceLabel() {
    return resource == null ? "" : resource.label;
  }

  /** The usage of a replica in thousandths of the request's unit: millicores for CPU, milli-bytes for memory. */
  long usageMilli(double value, int cpuCount) {
    if (resource == Resource.CPU) {
      return Thousandths.roundedUp(value / 100.0 * cpuCount);
    }
    return Thousandths.roundedUp(value);
  }

  /** The request of a replica in thousandths, or -1 when it has none. */
  long requestMilli(Replica replica) {
    if (resource == Resource.CPU) {
      CpuQuantity cpu = replica.cpuRequest();
      return cpu == null ? -1 : cpu.millicores();
    }
    ByteSize memory = replica.memoryRequest();
    return memory == null ? -1 : Math.multiplyExact(memory.bytes(), 1000L);
  }

  /** The target of a utilization, in percent. */
  int targetPercent() {
    return (int) targetMilli;
  }
}
