package io.github.resourcemanager.kubernetes;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.units.ByteSize;
import io.github.resourcemanager.units.CpuQuantity;
import java.math.BigDecimal;
import java.util.function.Supplier;

/**
 * Which Kubernetes {@code MetricSpec} a {@link ScalingMetric} is. A scaling metric shows its metric and target but
 * not its kind, so the kind is found by rebuilding the metric with each factory and comparing (scaling metrics are
 * equal when kind, resource, metric and target are).
 */
final class MetricMapping {

  /** The Kubernetes shapes of a scaling metric. */
  enum Shape {
    CPU_UTILIZATION, MEMORY_UTILIZATION, CPU_AVERAGE_VALUE, MEMORY_AVERAGE_VALUE, PODS_AVERAGE_VALUE, EXTERNAL_VALUE,
    EXTERNAL_AVERAGE_VALUE
  }

  private MetricMapping() {}

  static Shape shapeOf(ScalingMetric m) {
    Metric metric = m.metric();
    double target = m.target();
    if (matches(m, () -> ScalingMetric.cpuUtilization(metric, (int) target))) {
      return Shape.CPU_UTILIZATION;
    }
    if (matches(m, () -> ScalingMetric.memoryUtilization(metric, (int) target))) {
      return Shape.MEMORY_UTILIZATION;
    }
    if (matches(m, () -> ScalingMetric.cpuAverageValue(metric,
        CpuQuantity.ofMillicores(BigDecimal.valueOf(target).movePointRight(3).longValue())))) {
      return Shape.CPU_AVERAGE_VALUE;
    }
    if (matches(m, () -> ScalingMetric.memoryAverageValue(metric, ByteSize.ofBytes((long) target)))) {
      return Shape.MEMORY_AVERAGE_VALUE;
    }
    if (matches(m, () -> ScalingMetric.replicaAverageValue(metric, target))) {
      return Shape.PODS_AVERAGE_VALUE;
    }
    if (matches(m, () -> ScalingMetric.value(metric, target))) {
      return Shape.EXTERNAL_VALUE;
    }
    if (matches(m, () -> ScalingMetric.averageValue(metric, target))) {
      return Shape.EXTERNAL_AVERAGE_VALUE;
    }
    throw new IllegalArgumentException("scaling metric " + m + " has no Kubernetes MetricSpec");
  }

  private static boolean matches(ScalingMetric m, Supplier<ScalingMetric> candidate) {
    try {
      return candidate.get().equals(m);
    } catch (IllegalArgumentException e) {
      return false; // that factory does not take this metric or target
    }
  }

  /** The library metric resource metrics read: CPU in % of the machine, memory in bytes. */
  static Metric usageMetric(String resource) {
    return resource.equals("cpu") ? Metric.AGENT_CPU_USAGE : AllocationConfig.AGENT_MEMORY_USED;
  }
}
