package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleOutcome;
import io.github.resourcemanager.scale.ScaleTarget;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The threshold scaler ({@link DynamicScalerConfig}): on every observation it reads one utilization metric and
 * <ul>
 *   <li>scales up by {@code step} when the value is at or above the scale-up threshold (75 by default), unless
 *       the size is at its maximum or the scale-up cooldown since the last action has not passed;</li>
 *   <li>scales down by {@code step} when the value is at or below the scale-down threshold (25), unless the size
 *       is at its minimum or the scale-down cooldown has not passed;</li>
 *   <li>brings a size outside {@code minSize..maxSize} back within at once.</li>
 * </ul>
 * Cooldowns run from the last applied action in either direction. A failed resize starts no cooldown and is
 * retried on the next observation that still calls for it. An unmeasured value ({@code NaN}) changes nothing.
 *
 * <p>Times are the observations' ticker readings. Thread-safe: decisions are serialized.
 */
public final class DynamicScaler extends AbstractScaler {

  private static final Logger log = LoggerFactory.getLogger(DynamicScaler.class);

  private final DynamicScalerConfig config;
  private final Metric metric;
  private final @Nullable String agentId; // null: a machine, process, JVM or custom metric
  private final long scaleUpCooldownNanos;
  private final long scaleDownCooldownNanos;

  // Decision state, guarded by this.
  private boolean acted;
  private long lastActionNanos;

  /** Created by {@link Scalers#dynamic}, which checks the arguments. */
  DynamicScaler(String name, ScaleTarget target, DynamicScalerConfig config, Clock clock) {
    super(name, target, clock, decisionLog(name, config));
    this.config = config;
    this.metric = config.metric();
    this.agentId = config.agentId().orElse(null);
    this.scaleUpCooldownNanos = config.scaleUpCooldown().toNanos();
    this.scaleDownCooldownNanos = config.scaleDownCooldown().toNanos();
  }

  private static DecisionLog decisionLog(String name, DynamicScalerConfig config) {
    Metric metric = config.metric();
    String agentId = config.agentId().orElse(null);
    String metricName = agentId == null ? metric.name() : agentId + " " + metric.name();
    Unit unit = metric.unit();
    return new DecisionLog(name, config.decisionHistory(), new String[] {metricName}, new Reason.Context() {
      @Override
      public String metricName(int index) {
        return metricName;
      }

      @Override
      public String value(double value) {
        String number = value == Math.rint(value) && Math.abs(value) < 1e15
            ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
        return unit.symbol().isEmpty() ? number : number + " " + unit.symbol();
      }
    });
  }

  /**
   * Checks the arguments of a scaler.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if the name is empty
   */
  static void validate(String name, ScaleTarget target, DynamicScalerConfig config) {
    validateArguments(name, target, config);
  }

  /** The configuration. */
  public DynamicScalerConfig config() {
    return config;
  }

  @Override
  public synchronized boolean evaluate(Observation observation) {
    requireOpen();
    long now = observation.tickNanos();
    double value = agentId == null ? observation.value(metric) : observation.agentValue(agentId, metric);
    int current;
    try {
      current = target.currentSize();
    } catch (Throwable e) {
      containTargetFailure(e);
      DecisionLog.Slot slot = decisions.begin(clock.millis(), 0);
      slot.metric(0, value, Double.NaN, -1, MetricStatus.OK, "", "");
      slot.outcome = ScaleOutcome.FAILED;
      slot.error = "reading the size of target \"" + target.name() + "\" failed: " + e;
      slot.reason(Reason.READ_FAILED);
      decisions.commit();
      targetFailed(slot.error, e);
      return true;
    }
    DecisionLog.Slot slot = decisions.begin(clock.millis(), current);
    int min = config.minSize();
    int max = config.maxSize();
    double up = config.scaleUpThreshold();
    double down = config.scaleDownThreshold();
    int proposed = current;
    int desired = current;
    if (current < min) {
      proposed = desired = min;
      slot.reason(Reason.BELOW_MIN, current, min);
    } else if (current > max) {
      proposed = desired = max;
      slot.reason(Reason.ABOVE_MAX, current, max);
    } else if (Double.isNaN(value)) {
      slot.reason(Reason.NOT_MEASURED);
    } else if (value >= up) {
      proposed = (int) Math.min((long) current + config.step(), Integer.MAX_VALUE);
      slot.reason(Reason.THRESHOLD_UP, 0, 0, value, up, Double.NaN);
      long left = scaleUpCooldownNanos - (now - lastActionNanos);
      if (current >= max) {
        slot.reason(Reason.AT_MAX, max, 0);
      } else if (acted && left > 0) {
        slot.reason(Reason.COOLDOWN, left, 0);
      } else {
        desired = Math.min(proposed, max);
        if (desired < proposed) {
          slot.reason(Reason.AT_MAX, max, 0);
        }
      }
    } else if (value <= down) {
      proposed = (int) Math.max((long) current - config.step(), 0);
      slot.reason(Reason.THRESHOLD_DOWN, 0, 0, value, down, Double.NaN);
      long left = scaleDownCooldownNanos - (now - lastActionNanos);
      if (current <= min) {
        slot.reason(Reason.AT_MIN, min, 0);
      } else if (acted && left > 0) {
        slot.reason(Reason.COOLDOWN, left, 0);
      } else {
        desired = Math.max(proposed, min);
        if (desired > proposed) {
          slot.reason(Reason.AT_MIN, min, 0);
        }
      }
    } else {
      slot.reason(Reason.BETWEEN_THRESHOLDS, 0, 0, value, down, up);
    }
    slot.metric(0, value, Double.NaN, proposed, Double.isNaN(value) ? MetricStatus.NOT_MEASURED : MetricStatus.OK, "", "");
    slot.proposed = proposed;
    slot.desired = desired;
    if (desired != current) {
      try {
        target.applySize(desired);
        slot.outcome = ScaleOutcome.SCALED;
        slot.applied = desired;
        acted = true;
        lastActionNanos = now;
      } catch (Throwable e) {
        containTargetFailure(e);
        slot.outcome = ScaleOutcome.FAILED;
        slot.reason(Reason.APPLY_FAILED, desired, 0);
        slot.error = "target \"" + target.name() + "\" refused size " + desired + ": " + e;
        decisions.commit();
        targetFailed("resizing " + target.name() + " from " + current + " to " + desired + " failed ("
            + decisions.reasonText(slot) + "); will retry on a later observation", e);
        return true;
      }
    }
    decisions.commit();
    targetSucceeded();
    if (slot.outcome == ScaleOutcome.SCALED) {
      log.info("scaler {}: resized {} from {} to {} ({})", name, target.name(), current, desired, decisions.reasonText(slot));
    } else if (log.isDebugEnabled()) {
      log.debug("scaler {}: kept {} at {} ({})", name, target.name(), current, decisions.reasonText(slot));
    }
    return true;
  }

  @Override
  public String toString() {
    return "DynamicScaler{" + name + ", target " + target.name() + ", " + config + "}";
  }
}
