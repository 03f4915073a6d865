package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.scale.HorizontalScalerConfig;
import io.github.resourcemanager.scale.Replica;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.ScalingBehavior;
import io.github.resourcemanager.scale.ScalingMetric;
import io.github.resourcemanager.scale.ScalingPolicy;
import io.github.resourcemanager.scale.ScalingRules;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The algorithm of the Kubernetes horizontal pod autoscaler controller (kubernetes/kubernetes
 * {@code pkg/controller/podautoscaler}: horizontal.go and replica_calculator.go), applied to a
 * {@link ScaleTarget} as {@link HorizontalScalerConfig} configures it.
 *
 * <p>Every {@linkplain HorizontalScalerConfig#syncPeriod() sync period} the scaler:
 * <ol>
 *   <li>reads the target's size; a size above the maximum or below the minimum is corrected at once, and a size
 *       of 0 is left alone (the controller does not scale a target scaled to zero by hand);</li>
 *   <li>asks each {@link ScalingMetric} for a replica count: {@code ceil(replicas × current / target)} unless the
 *       ratio is within the tolerance; replicas that are not ready, starting up or have no metrics are handled
 *       as the controller handles pods (see {@link ScalingMetric});</li>
 *   <li>takes the largest proposal; metrics that cannot be computed are skipped, but if any is invalid and the
 *       valid ones ask for fewer replicas, or all are invalid, nothing is changed;</li>
 *   <li>stabilizes and limits the proposal: with a {@link ScalingBehavior}, the lowest recommendation in the
 *       scale-up window and the highest in the scale-down window bound it, and the policies limit the change
 *       per period given the scale events of that period; without one (the legacy path), the highest
 *       recommendation of the last {@link HorizontalScalerConfig#downscaleStabilization()} wins and a scale-up
 *       is limited to the larger of twice the current size and 4; finally min and max apply;</li>
 *   <li>applies the new size. A failure is reported as a {@link ScaleOutcome#FAILED} decision; the
 *       recommendation stays recorded (it describes the metrics, not the action) but no scale event is, so the
 *       rate limits and the next decision behave as if nothing was applied.</li>
 * </ol>
 *
 * <p>Times are the observations' ticker readings, so a scaler driven by a manual ticker is deterministic.
 * A decision with three metrics over a 300 s window allocates nothing in steady state (see the benchmarks).
 * Thread-safe: decisions are serialized; queries may come from any thread.
 */
public final class HorizontalScaler extends AbstractScaler {

  private static final Logger log = LoggerFactory.getLogger(HorizontalScaler.class);

  private final HorizontalScalerConfig config;
  private final int cpuCount;
  private final MetricSpec[] metrics;
  private final @Nullable ScalingBehavior behavior; // null: legacy path
  private final ReplicaCalculator calculator;
  private final long syncPeriodNanos;
  private final long downscaleStabilizationNanos;
  private final double toleranceUp;
  private final double toleranceDown;
  private final long upWindowNanos;
  private final long downWindowNanos;
  private final long upLongestPeriodNanos;
  private final long downLongestPeriodNanos;

  // Decision state, guarded by this.
  private final Recommendations recommendations = new Recommendations(32);
  private final ScaleEvents scaleUpEvents = new ScaleEvents(8);
  private final ScaleEvents scaleDownEvents = new ScaleEvents(8);
  private boolean observed;
  private long lastObservationNanos;
  private boolean decided;
  private long lastDecisionNanos;
  private int selectedPolicy;
  private boolean metricsFailing;

  /** Created by {@link Scalers#horizontal}, which checks the arguments. */
  HorizontalScaler(String name, ScaleTarget target, HorizontalScalerConfig config, Clock clock, int cpuCount) {
    super(name, target, clock, decisionLog(name, config));
    this.config = config;
    this.cpuCount = cpuCount;
    List<ScalingMetric> list = config.metrics();
    this.metrics = new MetricSpec[list.size()];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = MetricSpec.of(list.get(i));
    }
    this.behavior = config.behavior().orElse(null);
    this.calculator = new ReplicaCalculator(config.cpuInitializationPeriod().toNanos(),
        config.initialReadinessDelay().toNanos());
    this.syncPeriodNanos = config.syncPeriod().toNanos();
    this.downscaleStabilizationNanos = config.downscaleStabilization().toNanos();
    this.toleranceUp = behavior == null ? config.tolerance() : behavior.scaleUp().tolerance().orElse(config.tolerance());
    this.toleranceDown = behavior == null ? config.tolerance()
        : behavior.scaleDown().tolerance().orElse(config.tolerance());
    this.upWindowNanos = behavior == null ? 0 : behavior.scaleUp().stabilizationWindow().toNanos();
    this.downWindowNanos = behavior == null ? 0 : behavior.scaleDown().stabilizationWindow().toNanos();
    this.upLongestPeriodNanos = behavior == null ? 0 : longestPeriodNanos(behavior.scaleUp());
    this.downLongestPeriodNanos = behavior == null ? 0 : longestPeriodNanos(behavior.scaleDown());
  }

  /** The longest period of the rules' policies: scale events older than that no longer count. */
  private static long longestPeriodNanos(ScalingRules rules) {
    long longest = 0;
    for (ScalingPolicy p : rules.policies()) {
      longest = Math.max(longest, p.period().toNanos());
    }
    return longest;
  }

  private static DecisionLog decisionLog(String name, HorizontalScalerConfig config) {
    List<ScalingMetric> metrics = config.metrics();
    String[] names = new String[metrics.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = metrics.get(i).description();
    }
    ScalingBehavior behavior = config.behavior().orElse(null);
    return new DecisionLog(name, config.decisionHistory(), names, new Reason.Context() {
      @Override
      public String metricName(int index) {
        return names[index];
      }

      @Override
      public String policy(boolean scaleUp, int index) {
        if (behavior == null) { // only the behavior path gives reasons that name a policy
          throw new IllegalStateException("scaler \"" + name + "\" has no behavior, so no policy " + index);
        }
        ScalingRules rules = scaleUp ? behavior.scaleUp() : behavior.scaleDown();
        return rules.policies().get(index).description();
      }
    });
  }

  /**
   * Checks the arguments of a scaler.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the name is empty, or a metric needs the target's replicas
   *     (resource and per-replica metrics) and the target does not {@linkplain ScaleTarget#reportsReplicas() report
   *     them}
   */
  static void validate(String name, ScaleTarget target, HorizontalScalerConfig config) {
    validateArguments(name, target, config);
    List<ScalingMetric> list = config.metrics();
    for (int i = 0; i < list.size(); i++) {
      if (MetricSpec.of(list.get(i)).needsReplicas() && !target.reportsReplicas()) {
        throw new IllegalArgumentException("metrics[" + i + "] (" + list.get(i).description() + ") of scaler \"" + name
            + "\" needs the replicas of its target, but target \"" + target.name() + "\" does not report replicas; "
            + "use a target built with ScaleTarget.of(name, currentSize, applier, replicas) or a value metric");
      }
    }
  }

  /** The configuration. */
  public HorizontalScalerConfig config() {
    return config;
  }

  @Override
  public synchronized boolean evaluate(Observation observation) {
    requireOpen();
    long now = observation.tickNanos();
    long window = observed ? now - lastObservationNanos : 0;
    observed = true;
    lastObservationNanos = now;
    if (decided && now - lastDecisionNanos < syncPeriodNanos) {
      return false;
    }
    decided = true;
    lastDecisionNanos = now;
    decide(observation, now, window);
    return true;
  }

  private void decide(Observation observation, long now, long window) {
    int current;
    try {
      current = target.currentSize();
    } catch (Throwable e) {
      containTargetFailure(e);
      DecisionLog.Slot slot = decisions.begin(clock.millis(), 0);
      slot.outcome = ScaleOutcome.FAILED;
      slot.error = "reading the size of target \"" + target.name() + "\" failed: " + e;
      slot.reason(Reason.READ_FAILED);
      decisions.commit();
      targetFailed(slot.error, e);
      return;
    }
    DecisionLog.Slot slot = decisions.begin(clock.millis(), current);
    // The controller seeds the recommendations with the size it first sees (horizontal.go,
    // recordInitialRecommendation), stamped with time.Now() when it reads the size, which is always before the
    // time.Now() of the stabilization that follows: one nanosecond before this decision, so that the seed is already
    // older than a zero window's cutoff and never holds the first scale-down.
    if (recommendations.size() == 0) {
      recommendations.append(now - 1, current);
    }
    int min = config.minReplicas();
    int max = config.maxReplicas();
    int desired;
    boolean rescale = true;
    if (current == 0) {
      desired = 0;
      rescale = false;
      slot.reason(Reason.SCALING_DISABLED);
    } else if (current > max) {
      desired = max;
      slot.reason(Reason.ABOVE_MAX, current, max);
    } else if (current < min) {
      desired = min;
      slot.reason(Reason.BELOW_MIN, current, min);
    } else {
      int proposed = computeReplicasForMetrics(observation, slot, current, now, window);
      if (proposed < 0) {
        slot.outcome = ScaleOutcome.FAILED;
        slot.errorFromMetrics = true;
        decisions.commit();
        // Metrics are often missing for a while (agents not yet sampled): warn once, then at debug level.
        if (!metricsFailing && log.isWarnEnabled()) {
          log.warn("scaler {}: no decision; {}", name, decisions.last().map(ScaleDecision::error).orElse(""));
        } else if (log.isDebugEnabled()) {
          log.debug("scaler {}: no decision; {}", name, decisions.last().map(ScaleDecision::error).orElse(""));
        }
        metricsFailing = true;
        return;
      }
      metricsFailing = false;
      slot.proposed = proposed;
      ScalingBehavior rules = behavior;
      desired = rules == null
          ? normalizeLegacy(slot, current, proposed, min, max, now)
          : normalizeWithBehavior(rules, slot, current, proposed, min, max, now);
      rescale = desired != current;
    }
    slot.desired = desired;
    if (rescale) {
      try {
        target.applySize(desired);
        slot.outcome = ScaleOutcome.SCALED;
        slot.applied = desired;
        if (behavior != null) {
          if (desired > current) {
            scaleUpEvents.store(now, upLongestPeriodNanos, desired - current);
          } else {
            scaleDownEvents.store(now, downLongestPeriodNanos, current - desired);
          }
        }
      } catch (Throwable e) {
        containTargetFailure(e);
        slot.outcome = ScaleOutcome.FAILED;
        slot.applied = current;
        slot.reason(Reason.APPLY_FAILED, desired, 0);
        slot.error = "target \"" + target.name() + "\" refused size " + desired + ": " + e;
        decisions.commit();
        targetFailed("resizing " + target.name() + " from " + current + " to " + desired + " failed ("
            + decisions.reasonText(slot) + "); will retry on a later decision", e);
        return;
      }
    }
    decisions.commit();
    targetSucceeded();
    if (slot.outcome == ScaleOutcome.SCALED) {
      log.info("scaler {}: resized {} from {} to {} ({})", name, target.name(), current, desired, decisions.reasonText(slot));
    } else if (log.isDebugEnabled()) {
      log.debug("scaler {}: kept {} at {} ({})", name, target.name(), current, decisions.reasonText(slot));
    }
  }

  /**
   * computeReplicasForMetrics: the largest proposal of the valid metrics, or -1 when no decision can be made.
   * Writes the readings and the base reason into {@code slot}.
   */
  private int computeReplicasForMetrics(Observation observation, DecisionLog.Slot slot, int current, long now,
      long window) {
    List<Replica> replicas = null;
    String replicaError = null;
    if (target.reportsReplicas()) {
      try {
        replicas = target.replicas();
        if (replicas == null) {
          replicaError = "target \"" + target.name() + "\" returned null instead of a list of replicas";
        }
      } catch (Throwable e) {
        containTargetFailure(e);
        replicaError = e.toString();
      }
    }
    int replicasProposal = 0;
    int winner = -1;
    Reason winnerHold = null;
    int invalid = 0;
    for (int i = 0; i < metrics.length; i++) {
      MetricSpec metric = metrics[i];
      int proposal;
      String resource = metric.resourceLabel();
      if (replicaError != null) {
        slot.metric(i, Double.NaN, metric.target, -1, MetricStatus.READ_FAILED, replicaError, resource);
        invalid++;
        continue;
      }
      proposal = computeReplicasForMetric(observation, metric, replicas, current, toleranceDown, toleranceUp, now, window);
      if (proposal < 0) {
        slot.metric(i, calculator.current, metric.target, -1, calculator.status, calculator.detail, resource);
        invalid++;
        continue;
      }
      slot.metric(i, calculator.current, metric.target, proposal, MetricStatus.OK, "", resource);
      if (replicasProposal == 0 || proposal > replicasProposal) {
        replicasProposal = proposal;
        winner = i;
        winnerHold = calculator.hold;
      }
    }
    if (invalid >= metrics.length || (invalid > 0 && replicasProposal < current)) {
      slot.reason(Reason.NO_DECISION, invalid, metrics.length);
      return -1;
    }
    // The controller starts from 0 and takes the metrics' proposal only if it is larger.
    int desired = Math.max(0, replicasProposal);
    if (desired > current) {
      slot.reason(Reason.ABOVE_TARGET, winner, 0);
    } else if (desired < current) {
      slot.reason(Reason.BELOW_TARGET);
    } else {
      slot.reason(winnerHold == null ? Reason.AT_TARGET : winnerHold);
    }
    if (invalid > 0) {
      slot.reason(Reason.INVALID_METRICS, invalid, metrics.length);
    }
    return desired;
  }

  /** One metric's proposal, or -1; {@code replicas} is null when the target does not report replicas. */
  private int computeReplicasForMetric(Observation observation, MetricSpec metric, @Nullable List<Replica> replicas,
      int current, double toleranceDown, double toleranceUp, long now, long window) {
    return switch (metric.kind) {
      case RESOURCE_UTILIZATION -> calculator.resourceUtilization(current, reported(replicas, metric), observation,
          metric, cpuCount, toleranceDown, toleranceUp, now, window);
      case RESOURCE_AVERAGE, REPLICA_AVERAGE -> calculator.plainAverage(current, reported(replicas, metric),
          observation, metric, cpuCount, toleranceDown, toleranceUp, now, window);
      case VALUE -> {
        double value = observation.value(metric.metric);
        if (Double.isNaN(value)) {
          yield notMeasured();
        }
        int ready = replicas == null ? current : ReplicaCalculator.readyReplicas(replicas);
        yield calculator.value(current, Thousandths.roundedUp(value), metric.targetMilli, ready, toleranceDown,
            toleranceUp);
      }
      case AVERAGE_VALUE -> {
        double value = observation.value(metric.metric);
        if (Double.isNaN(value)) {
          yield notMeasured();
        }
        int existing = replicas == null ? current : ReplicaCalculator.existingReplicas(replicas);
        yield calculator.averageValue(existing, Thousandths.roundedUp(value), metric.targetMilli, toleranceDown,
            toleranceUp);
      }
    };
  }

  /** The replicas a per-replica metric needs; {@link #validate} refused targets that do not report them. */
  private List<Replica> reported(@Nullable List<Replica> replicas, MetricSpec metric) {
    if (replicas == null) {
      throw new IllegalStateException("metric " + metric.metric.name() + " needs the replicas of target \""
          + target.name() + "\", which does not report them");
    }
    return replicas;
  }

  private int notMeasured() {
    calculator.status = MetricStatus.NOT_MEASURED;
    calculator.detail = "";
    calculator.current = Double.NaN;
    calculator.hold = null;
    return -1;
  }

  // ------------------------------------------------------------------ legacy path (no behavior)

  /** normalizeDesiredReplicas: scale-down stabilization, then min, max and the scale-up limit. */
  private int normalizeLegacy(DecisionLog.Slot slot, int current, int proposed, int min, int max, long now) {
    int stabilized = stabilizeLegacy(proposed, now);
    if (stabilized != proposed) {
      slot.reason(Reason.STABILIZED_DOWN);
    }
    int scaleUpLimit = (int) Math.max(2.0 * current, 4.0);
    int maximumAllowed;
    boolean limitedByRate;
    if (max > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      limitedByRate = true;
    } else {
      maximumAllowed = max;
      limitedByRate = false;
    }
    if (stabilized < min) {
      slot.reason(Reason.AT_MIN, min, 0);
      return min;
    }
    if (stabilized > maximumAllowed) {
      if (limitedByRate) {
        slot.reason(Reason.SCALE_UP_LIMIT, scaleUpLimit, 0);
      } else {
        slot.reason(Reason.AT_MAX, max, 0);
      }
      return maximumAllowed;
    }
    return stabilized;
  }

  /** stabilizeRecommendation: the highest recommendation within the window, recording the new one. */
  private int stabilizeLegacy(int proposed, long now) {
    long cutoff = now - downscaleStabilizationNanos;
    int max = proposed;
    int oldIndex = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      if (recommendations.tick(i) - cutoff < 0) {
        oldIndex = i;
      } else if (recommendations.value(i) > max) {
        max = recommendations.value(i);
      }
    }
    recommendations.store(oldIndex, now, proposed);
    return max;
  }

  // ------------------------------------------------------------------ behavior path

  /** normalizeDesiredReplicasWithBehaviors: stabilization in both directions, then the rate limits and bounds. */
  private int normalizeWithBehavior(ScalingBehavior behavior, DecisionLog.Slot slot, int current, int proposed,
      int min, int max, long now) {
    int stabilized = stabilizeWithBehavior(current, proposed, now);
    if (stabilized != proposed) {
      slot.reason(proposed >= current ? Reason.STABILIZED_UP : Reason.STABILIZED_DOWN);
    }
    return convertWithBehaviorRate(behavior, slot, current, stabilized, min, max, now);
  }

  /** stabilizeRecommendationWithBehaviors. */
  private int stabilizeWithBehavior(int current, int proposed, long now) {
    long upCutoff = now - upWindowNanos;
    long downCutoff = now - downWindowNanos;
    int upRecommendation = proposed;
    int downRecommendation = proposed;
    int oldIndex = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      long t = recommendations.tick(i);
      int value = recommendations.value(i);
      if (t - upCutoff > 0) {
        upRecommendation = Math.min(value, upRecommendation);
      }
      if (t - downCutoff > 0) {
        downRecommendation = Math.max(value, downRecommendation);
      }
      if (t - upCutoff < 0 && t - downCutoff < 0) {
        oldIndex = i;
      }
    }
    int recommendation = current;
    if (recommendation < upRecommendation) {
      recommendation = upRecommendation;
    }
    if (recommendation > downRecommendation) {
      recommendation = downRecommendation;
    }
    recommendations.store(oldIndex, now, proposed);
    return recommendation;
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private int convertWithBehaviorRate(ScalingBehavior behavior, DecisionLog.Slot slot, int current, int desired,
      int min, int max, long now) {
    if (desired > current) {
      ScalingRules rules = behavior.scaleUp();
      boolean disabled = rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED;
      int limit = disabled ? current : scaleUpLimit(current, rules, now);
      if (limit < current) {
        limit = current; // earlier scale-ups used up the period: hold until their events age out
      }
      int maximumAllowed = max;
      boolean byRate = false;
      if (maximumAllowed > limit) {
        maximumAllowed = limit;
        byRate = true;
      }
      if (desired > maximumAllowed) {
        if (!byRate) {
          slot.reason(Reason.AT_MAX, max, 0);
        } else if (disabled) {
          slot.reason(Reason.DIRECTION_DISABLED, 1, 0);
        } else {
          slot.reason(Reason.LIMITED_BY_POLICY, 1, selectedPolicy);
        }
        return maximumAllowed;
      }
    } else if (desired < current) {
      ScalingRules rules = behavior.scaleDown();
      boolean disabled = rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED;
      int limit = disabled ? current : scaleDownLimit(current, rules, now);
      if (limit > current) {
        limit = current;
      }
      int minimumAllowed = min;
      boolean byRate = false;
      if (minimumAllowed < limit) {
        minimumAllowed = limit;
        byRate = true;
      }
      if (desired < minimumAllowed) {
        if (!byRate) {
          slot.reason(Reason.AT_MIN, min, 0);
        } else if (disabled) {
          slot.reason(Reason.DIRECTION_DISABLED, 0, 0);
        } else {
          slot.reason(Reason.LIMITED_BY_POLICY, 0, selectedPolicy);
        }
        return minimumAllowed;
      }
    }
    return desired;
  }

  /** calculateScaleUpLimitWithScalingRules; sets {@link #selectedPolicy}. */
  private int scaleUpLimit(int current, ScalingRules rules, long now) {
    boolean minChange = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
    long result = minChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    List<ScalingPolicy> policies = rules.policies();
    for (int i = 0; i < policies.size(); i++) {
      ScalingPolicy policy = policies.get(i);
      long cutoff = now - policy.period().toNanos();
      long periodStart = current - scaleUpEvents.changeAfter(cutoff) + scaleDownEvents.changeAfter(cutoff);
      long proposed = policy.type() == ScalingPolicy.Type.PODS
          ? periodStart + policy.value()
          : (long) Math.ceil(periodStart * (1 + policy.value() / 100.0));
      if (minChange ? proposed < result : proposed > result) {
        result = proposed;
        selectedPolicy = i;
      }
    }
    return clampToInt(result);
  }

  /** calculateScaleDownLimitWithBehaviors; sets {@link #selectedPolicy}. */
  private int scaleDownLimit(int current, ScalingRules rules, long now) {
    boolean minChange = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
    long result = minChange ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    List<ScalingPolicy> policies = rules.policies();
    for (int i = 0; i < policies.size(); i++) {
      ScalingPolicy policy = policies.get(i);
      long cutoff = now - policy.period().toNanos();
      long periodStart = current - scaleUpEvents.changeAfter(cutoff) + scaleDownEvents.changeAfter(cutoff);
      long proposed = policy.type() == ScalingPolicy.Type.PODS
          ? periodStart - policy.value()
          : (long) (periodStart * (1 - policy.value() / 100.0));
      if (minChange ? proposed > result : proposed < result) {
        result = proposed;
        selectedPolicy = i;
      }
    }
    return clampToInt(result);
  }

  private static int clampToInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  // ------------------------------------------------------------------ state for tests of the algorithm

  /** Adds a past recommendation, as the controller's state would hold it. */
  synchronized void seedRecommendation(long tickNanos, int replicas) {
    recommendations.append(tickNanos, replicas);
  }

  /** Adds a past scale event, as the controller's state would hold it. */
  synchronized void seedScaleEvent(boolean scaleUp, long tickNanos, int change) {
    (scaleUp ? scaleUpEvents : scaleDownEvents).add(tickNanos, change, false);
  }

  synchronized Recommendations recommendations() {
    return recommendations;
  }

  synchronized ScaleEvents scaleEvents(boolean scaleUp) {
    return scaleUp ? scaleUpEvents : scaleDownEvents;
  }

  // ------------------------------------------------------------------ queries and lifecycle

  @Override
  public String toString() {
    return "HorizontalScaler{" + name + ", target " + target.name() + ", " + config + "}";
  }
}
