package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ReplicaPhase;
import java.math.BigInteger;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The replica arithmetic of the Kubernetes horizontal pod autoscaler (replica_calculator.go and
 * metrics/utilization.go): groups replicas into ready, not ready, missing metrics and ignored, computes the usage
 * ratio in the controller's integer arithmetic, and re-checks tolerance and direction after counting the
 * replicas without metrics (100 % of the request when scaling down, 0 % when scaling up) and the not-ready ones
 * (0 % when scaling up).
 *
 * <p>Each computation returns the proposed replica count, or -1 when the metric is invalid, and leaves its
 * details in fields ({@link #status}, {@link #current}, {@link #hold}) so that computing allocates nothing.
 * Scratch arrays grow with the number of replicas. Not thread-safe.
 */
final class ReplicaCalculator {
  static final byte READY = 0;
  static final byte UNREADY = 1;
  static final byte MISSING = 2;
  static final byte IGNORED = 3;

  private final long cpuInitializationNanos;
  private final long initialReadinessDelayNanos;

  private byte[] group = new byte[8];
  private long[] values = new long[8];
  private long[] requests = new long[8];
  private boolean[] included = new boolean[8];

  // Results of the last computation.
  MetricStatus status = MetricStatus.OK;
  String detail = "";
  /** The measured value as decisions show it: a utilization in percent, or a usage in the metric's unit. */
  double current;
  /** {@link Reason#WITHIN_TOLERANCE} or {@link Reason#HELD} when the current size was kept, else null. */
  @Nullable Reason hold;

  // Counts of the last grouping.
  private int readyCount;
  private int unreadyCount;
  private int missingCount;

  ReplicaCalculator(long cpuInitializationNanos, long initialReadinessDelayNanos) {
    this.cpuInitializationNanos = cpuInitializationNanos;
    this.initialReadinessDelayNanos = initialReadinessDelayNanos;
  }

  private void start() {
    status = MetricStatus.OK;
    detail = "";
    current = Double.NaN;
    hold = null;
  }

  private int invalid(MetricStatus s, String d) {
    status = s;
    detail = d;
    return -1;
  }

  private int keep(int currentReplicas, Reason why) {
    hold = why;
    return currentReplicas;
  }

  static boolean within(double ratio, double toleranceDown, double toleranceUp) {
    return (1.0 - toleranceDown) <= ratio && ratio <= (1.0 + toleranceUp);
  }

  static int ceilToInt(double x) {
    if (x >= Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.ceil(x);
  }

  private void ensure(int n) {
    if (group.length < n) {
      int length = Math.max(n, group.length * 2);
      group = new byte[length];
      values = new long[length];
      requests = new long[length];
      included = new boolean[length];
    }
  }

  /**
   * Sorts each replica into ready, not ready, missing or ignored (groupPods), reading its value of the metric.
   * With {@code cpuRules}, a replica that started within the CPU initialization period counts as not ready
   * while it is not ready or its sample began before it became ready; after that period, one that is not ready
   * and never was since it started counts as not ready.
   */
  private void group(List<Replica> replicas, Observation observation, MetricSpec metric, int cpuCount,
      boolean cpuRules, long now, long windowNanos) {
    int n = replicas.size();
    ensure(n);
    readyCount = 0;
    unreadyCount = 0;
    missingCount = 0;
    for (int j = 0; j < n; j++) {
      Replica r = replicas.get(j);
      included[j] = false;
      byte g;
      if (r.phase() == ReplicaPhase.TERMINATING || r.phase() == ReplicaPhase.FAILED) {
        g = IGNORED;
      } else if (r.phase() == ReplicaPhase.PENDING) {
        g = UNREADY;
      } else {
        double v = observation.agentValue(r.agentId(), metric.metric);
        if (Double.isNaN(v)) {
          g = MISSING;
        } else {
          values[j] = metric.usageMilli(v, cpuCount);
          g = cpuRules && unreadyForCpu(r, now, windowNanos) ? UNREADY : READY;
        }
      }
      group[j] = g;
      if (g == READY) {
        readyCount++;
        included[j] = true;
      } else if (g == UNREADY) {
        unreadyCount++;
      } else if (g == MISSING) {
        missingCount++;
      }
    }
  }

  private static boolean isKnown(long time) {
    return time != Replica.UNKNOWN_TIME;
  }

  boolean unreadyForCpu(Replica r, long now, long windowNanos) {
    long started = r.startedAtNanos();
    long changed = r.readinessChangedAtNanos();
    boolean initializing = isKnown(started) && now - started < cpuInitializationNanos;
    if (initializing) {
      // The sample's window must have begun after the replica became ready.
      return !r.ready() || (isKnown(changed) && now - changed < windowNanos);
    }
    if (r.ready()) {
      return false;
    }
    // Not ready after the initialization period: set aside only if it has never been ready since its start.
    if (!isKnown(started)) {
      return false;
    }
    return !isKnown(changed) || changed - started < initialReadinessDelayNanos;
  }

  /** A resource metric with a utilization target (GetResourceReplicas). */
  int resourceUtilization(int currentReplicas, List<Replica> replicas, Observation observation, MetricSpec metric,
      int cpuCount, double toleranceDown, double toleranceUp, long now, long windowNanos) {
    start();
    if (replicas.isEmpty()) {
      return invalid(MetricStatus.NO_REPLICAS, "");
    }
    boolean cpu = metric.resource == MetricSpec.Resource.CPU;
    group(replicas, observation, metric, cpuCount, cpu, now, windowNanos);
    if (readyCount == 0) {
      return invalid(MetricStatus.NO_READY_METRICS, "");
    }
    int n = replicas.size();
    for (int j = 0; j < n; j++) {
      long request = metric.requestMilli(replicas.get(j));
      if (request < 0) {
        return invalid(MetricStatus.MISSING_REQUEST, replicas.get(j).agentId());
      }
      requests[j] = request;
    }
    int target = metric.targetPercent();
    long utilization = utilization(n);
    if (utilization < 0) {
      return -1;
    }
    current = utilization;
    double ratio = utilization / (double) target;

    boolean scaleUpWithUnready = unreadyCount > 0 && ratio > 1.0;
    if (!scaleUpWithUnready && missingCount == 0) {
      if (within(ratio, toleranceDown, toleranceUp)) {
        return keep(currentReplicas, Reason.WITHIN_TOLERANCE);
      }
      return ceilToInt(ratio * readyCount);
    }
    if (missingCount > 0) {
      if (ratio < 1.0) {
        // Missing replicas count as using their whole request, or the target if that is above 100 %.
        long fallback = Math.max(100, target);
        for (int j = 0; j < n; j++) {
          if (group[j] == MISSING) {
            values[j] = requests[j] * fallback / 100;
            included[j] = true;
          }
        }
      } else if (ratio > 1.0) {
        includeAtZero(n, MISSING);
      }
    }
    if (scaleUpWithUnready) {
      includeAtZero(n, UNREADY);
    }
    long newUtilization = utilization(n);
    if (newUtilization < 0) {
      return -1;
    }
    double newRatio = newUtilization / (double) target;
    return recheck(currentReplicas, ratio, newRatio, countIncluded(n), toleranceDown, toleranceUp);
  }

  /**
   * A resource metric with an average value target (GetRawResourceReplicas), or a per-replica metric
   * (GetMetricReplicas): calcPlainMetricReplicas.
   */
  int plainAverage(int currentReplicas, List<Replica> replicas, Observation observation, MetricSpec metric,
      int cpuCount, double toleranceDown, double toleranceUp, long now, long windowNanos) {
    start();
    if (replicas.isEmpty()) {
      return invalid(MetricStatus.NO_REPLICAS, "");
    }
    boolean cpuRules = metric.resource == MetricSpec.Resource.CPU;
    group(replicas, observation, metric, cpuCount, cpuRules, now, windowNanos);
    if (readyCount == 0) {
      return invalid(MetricStatus.NO_READY_METRICS, "");
    }
    int n = replicas.size();
    long target = metric.targetMilli;
    long usage = average(n);
    current = usage / 1000.0;
    double ratio = usage / (double) target;

    boolean scaleUpWithUnready = unreadyCount > 0 && ratio > 1.0;
    if (!scaleUpWithUnready && missingCount == 0) {
      if (within(ratio, toleranceDown, toleranceUp)) {
        return keep(currentReplicas, Reason.WITHIN_TOLERANCE);
      }
      return ceilToInt(ratio * readyCount);
    }
    if (missingCount > 0) {
      if (ratio < 1.0) {
        for (int j = 0; j < n; j++) {
          if (group[j] == MISSING) {
            values[j] = target; // missing replicas count as using exactly the target
            included[j] = true;
          }
        }
      } else if (ratio > 1.0) {
        includeAtZero(n, MISSING);
      }
    }
    if (scaleUpWithUnready) {
      includeAtZero(n, UNREADY);
    }
    double newRatio = average(n) / (double) target;
    return recheck(currentReplicas, ratio, newRatio, countIncluded(n), toleranceDown, toleranceUp);
  }

  /**
   * A whole metric with a value target (GetObjectMetricReplicas / GetExternalMetricReplicas, through
   * getUsageRatioReplicaCount): the ready replicas times the usage ratio.
   *
   * @param readyReplicas the replicas that are running and ready, or -1 when the target reports none
   */
  int value(int currentReplicas, long usageMilli, long targetMilli, int readyReplicas, double toleranceDown,
      double toleranceUp) {
    start();
    current = usageMilli / 1000.0;
    double ratio = usageMilli / (double) targetMilli;
    if (currentReplicas == 0) {
      return ceilToInt(ratio); // scale from zero: the ready replicas do not count
    }
    if (within(ratio, toleranceDown, toleranceUp)) {
      return keep(currentReplicas, Reason.WITHIN_TOLERANCE);
    }
    if (readyReplicas < 0) {
      return invalid(MetricStatus.NO_REPLICAS, "");
    }
    return ceilToInt(ratio * readyReplicas);
  }

  /**
   * A whole metric with an average value target (GetObjectPerPodMetricReplicas /
   * GetExternalPerPodMetricReplicas): the usage divided by the target per replica, when outside the tolerance.
   */
  int averageValue(int statusReplicas, long usageMilli, long targetMilli, double toleranceDown, double toleranceUp) {
    start();
    current = statusReplicas == 0 ? usageMilli / 1000.0 : Math.ceil(usageMilli / (double) statusReplicas) / 1000.0;
    double ratio = usageMilli / ((double) targetMilli * statusReplicas);
    if (within(ratio, toleranceDown, toleranceUp)) {
      return keep(statusReplicas, Reason.WITHIN_TOLERANCE);
    }
    return ceilToInt(Math.ceil(usageMilli / (double) targetMilli));
  }

  private void includeAtZero(int n, byte which) {
    for (int j = 0; j < n; j++) {
      if (group[j] == which) {
        values[j] = 0;
        included[j] = true;
      }
    }
  }

  private int countIncluded(int n) {
    int count = 0;
    for (int j = 0; j < n; j++) {
      if (included[j]) {
        count++;
      }
    }
    return count;
  }

  /**
   * Keeps the current size when the recomputed ratio is within the tolerance or points the other way, or when
   * the new count would move against the ratio; otherwise proposes ceil(newRatio × counted replicas).
   */
  private int recheck(int currentReplicas, double ratio, double newRatio, int counted, double toleranceDown,
      double toleranceUp) {
    if (within(newRatio, toleranceDown, toleranceUp)) {
      return keep(currentReplicas, Reason.WITHIN_TOLERANCE);
    }
    if ((ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
      return keep(currentReplicas, Reason.HELD);
    }
    int newReplicas = ceilToInt(newRatio * counted);
    if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) {
      return keep(currentReplicas, Reason.HELD);
    }
    return newReplicas;
  }

  /** Total usage × 100 / total request over the included replicas, rounded down; -1 (with status set) if invalid. */
  private long utilization(int n) {
    long metricsTotal = 0;
    long requestsTotal = 0;
    boolean overflow = false;
    for (int j = 0; j < n && !overflow; j++) {
      if (included[j]) {
        long m = metricsTotal + values[j];
        long r = requestsTotal + requests[j];
        overflow = ((metricsTotal ^ m) & (values[j] ^ m)) < 0 || ((requestsTotal ^ r) & (requests[j] ^ r)) < 0;
        metricsTotal = m;
        requestsTotal = r;
      }
    }
    if (!overflow && requestsTotal == 0) {
      status = MetricStatus.ZERO_REQUESTS;
      return -1;
    }
    if (overflow || metricsTotal > Long.MAX_VALUE / 100 || metricsTotal < Long.MIN_VALUE / 100) {
      return exactUtilization(n);
    }
    long percentage = metricsTotal * 100 / requestsTotal;
    if (percentage > Integer.MAX_VALUE || percentage < Integer.MIN_VALUE) {
      status = MetricStatus.OUT_OF_RANGE;
      return -1;
    }
    return percentage;
  }

  // Totals beyond a long: the controller switches to big integers too. Allocates, but only in this case.
  private long exactUtilization(int n) {
    BigInteger metricsTotal = BigInteger.ZERO;
    BigInteger requestsTotal = BigInteger.ZERO;
    for (int j = 0; j < n; j++) {
      if (included[j]) {
        metricsTotal = metricsTotal.add(BigInteger.valueOf(values[j]));
        requestsTotal = requestsTotal.add(BigInteger.valueOf(requests[j]));
      }
    }
    if (requestsTotal.signum() == 0) {
      status = MetricStatus.ZERO_REQUESTS;
      return -1;
    }
    BigInteger percentage = metricsTotal.multiply(BigInteger.valueOf(100)).divide(requestsTotal);
    if (percentage.bitLength() > 31) {
      status = MetricStatus.OUT_OF_RANGE;
      return -1;
    }
    return percentage.longValue();
  }

  /** The integer average of the included values (GetMetricUsageRatio). */
  private long average(int n) {
    long total = 0;
    int count = 0;
    boolean overflow = false;
    for (int j = 0; j < n; j++) {
      if (included[j]) {
        long t = total + values[j];
        overflow |= ((total ^ t) & (values[j] ^ t)) < 0;
        total = t;
        count++;
      }
    }
    if (!overflow) {
      return total / count;
    }
    BigInteger exact = BigInteger.ZERO;
    for (int j = 0; j < n; j++) {
      if (included[j]) {
        exact = exact.add(BigInteger.valueOf(values[j]));
      }
    }
    return exact.divide(BigInteger.valueOf(count)).longValue();
  }

  /** Replicas running and ready (getReadyPodsCount), or -1 if the list is empty. */
  static int readyReplicas(List<Replica> replicas) {
    if (replicas.isEmpty()) {
      return -1;
    }
    int ready = 0;
    for (int j = 0; j < replicas.size(); j++) {
      Replica r = replicas.get(j);
      if (r.phase() == ReplicaPhase.RUNNING && r.ready()) {
        ready++;
      }
    }
    return ready;
  }

  /** Replicas that exist and are not being removed (a scale's status.replicas). */
  static int existingReplicas(List<Replica> replicas) {
    int count = 0;
    for (int j = 0; j < replicas.size(); j++) {
      ReplicaPhase phase = replicas.get(j).phase();
      if (phase == ReplicaPhase.PENDING || phase == ReplicaPhase.RUNNING) {
        count++;
      }
    }
    return count;
  }
}
