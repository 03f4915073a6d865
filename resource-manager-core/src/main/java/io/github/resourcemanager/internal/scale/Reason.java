package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.internal.Durations;

/**
 * Why a decision came out as it did. Decisions store a reason as this code and a few numbers, and the text is
 * written only when someone reads the decision, so that deciding allocates nothing.
 */
enum Reason {
  /** The usage ratio is within the tolerance of the target. */
  WITHIN_TOLERANCE,
  /** The metrics ask for the current size exactly. */
  AT_TARGET,
  /** Counting replicas without metrics or not ready would reverse the direction, so the size is held. */
  HELD,
  /** {@code a}: index of the metric that asked for the most. */
  ABOVE_TARGET,
  /** Every metric asks for fewer replicas. */
  BELOW_TARGET,
  /** A higher recommendation within the scale-down stabilization window wins. */
  STABILIZED_DOWN,
  /** A lower recommendation within the scale-up stabilization window wins. */
  STABILIZED_UP,
  /** {@code a}: 1 for scale-up, 0 for scale-down; {@code b}: index of the policy that set the limit. */
  LIMITED_BY_POLICY,
  /** {@code a}: 1 for scale-up, 0 for scale-down. */
  DIRECTION_DISABLED,
  /** {@code a}: the limit, the larger of twice the current size and 4. */
  SCALE_UP_LIMIT,
  /** {@code a}: the maximum size. */
  AT_MAX,
  /** {@code a}: the minimum size. */
  AT_MIN,
  /** {@code a}: the current size; {@code b}: the maximum. */
  ABOVE_MAX,
  /** {@code a}: the current size; {@code b}: the minimum. */
  BELOW_MIN,
  /** The target has size 0 while the minimum is not 0: the controller does not scale such a target. */
  SCALING_DISABLED,
  /** {@code a}: invalid metrics; {@code b}: all metrics. */
  INVALID_METRICS,
  /** {@code a}: nanoseconds left. */
  COOLDOWN,
  /** {@code x}: the value; {@code y}: the scale-up threshold. */
  THRESHOLD_UP,
  /** {@code x}: the value; {@code y}: the scale-down threshold. */
  THRESHOLD_DOWN,
  /** {@code x}: the value; {@code y}: the scale-down threshold; {@code z}: the scale-up threshold. */
  BETWEEN_THRESHOLDS,
  /** The metric of a threshold scaler was not measured. */
  NOT_MEASURED,
  /** {@code a}: the size that could not be applied. */
  APPLY_FAILED,
  /** The target's size or replicas could not be read. */
  READ_FAILED,
  /** No metric could be computed, or some could not and the valid ones ask for fewer replicas. */
  NO_DECISION;

  /** Writes the reason; {@code context} supplies the names it refers to. */
  void appendTo(StringBuilder out, long a, long b, double x, double y, double z, Context context) {
    switch (this) {
      case WITHIN_TOLERANCE -> out.append("within tolerance");
      case AT_TARGET -> out.append("at target");
      case HELD -> out.append("held: counting replicas that are not ready or have no metrics would reverse the direction");
      case ABOVE_TARGET -> out.append(context.metricName((int) a)).append(" above target");
      case BELOW_TARGET -> out.append("all metrics below target");
      case STABILIZED_DOWN -> out.append("stabilized: highest recommendation in window");
      case STABILIZED_UP -> out.append("stabilized: lowest recommendation in window");
      case LIMITED_BY_POLICY -> out.append("limited by policy ").append(context.policy(a == 1, (int) b));
      case DIRECTION_DISABLED -> out.append(a == 1 ? "scale-up" : "scale-down").append(" disabled by selectPolicy Disabled");
      case SCALE_UP_LIMIT -> out.append("limited by scale-up limit ").append(a).append(" (the larger of 2 × current and 4)");
      case AT_MAX -> out.append("at max ").append(a);
      case AT_MIN -> out.append("at min ").append(a);
      case ABOVE_MAX -> out.append("current size ").append(a).append(" above max ").append(b);
      case BELOW_MIN -> out.append("current size ").append(a).append(" below min ").append(b);
      case SCALING_DISABLED -> out.append("scaling disabled: the target's size is 0");
      case INVALID_METRICS -> out.append(a).append(" of ").append(b).append(" metrics invalid");
      case COOLDOWN -> out.append("cooldown ").append(Durations.format(a)).append(" left");
      case THRESHOLD_UP -> out.append(context.metricName(0)).append(' ').append(context.value(x))
          .append(" >= scale-up threshold ").append(context.value(y));
      case THRESHOLD_DOWN -> out.append(context.metricName(0)).append(' ').append(context.value(x))
          .append(" <= scale-down threshold ").append(context.value(y));
      case BETWEEN_THRESHOLDS -> out.append(context.metricName(0)).append(' ').append(context.value(x))
          .append(" between thresholds ").append(context.value(y)).append(" and ").append(context.value(z));
      case NOT_MEASURED -> out.append(context.metricName(0)).append(" not measured");
      case APPLY_FAILED -> out.append("applying size ").append(a).append(" failed");
      case READ_FAILED -> out.append("reading the target failed");
      case NO_DECISION -> out.append("no decision: ").append(a).append(" of ").append(b).append(" metrics invalid");
      default -> throw new IllegalStateException("unhandled reason " + this);
    }
  }

  /** The names and formats reasons refer to; each scaler provides its own. */
  interface Context {
    /** The description of metric {@code index}. */
    String metricName(int index);

    /** The description of policy {@code index} of the scale-up ({@code true}) or scale-down rules. */
    default String policy(boolean scaleUp, int index) {
      return "#" + index;
    }

    /** A metric value with its unit. */
    default String value(double value) {
      return Double.toString(value);
    }
  }
}
