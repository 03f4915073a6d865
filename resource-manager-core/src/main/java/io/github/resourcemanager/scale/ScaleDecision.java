package io.github.resourcemanager.scale;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of a {@link Scaler}: what it measured, what it wanted, what it did and why.
 *
 * @param scaler the name of the scaler
 * @param time when the decision was made, from the scaler's {@link java.time.Clock}
 * @param current the size of the target when the decision started
 * @param proposed the size the metrics asked for, before stabilization, rate limits, cooldowns and bounds
 * @param desired the size decided on: above {@code current} for a scale-up, below it for a scale-down
 * @param applied the size of the target after the decision: {@code desired} when it was applied, otherwise
 *     {@code current}
 * @param outcome whether the target was resized
 * @param metrics the metrics the decision used, in configuration order
 * @param reason why, in words, e.g. {@code within tolerance}, {@code cooldown 41 s left},
 *     {@code stabilized: highest recommendation in window}, {@code limited by policy Pods 4 per 15 s},
 *     {@code at max 10}; several reasons are separated by {@code "; "}
 * @param error what went wrong when {@code outcome} is {@link ScaleOutcome#FAILED}, otherwise the empty string
 */
public record ScaleDecision(
    String scaler,
    Instant time,
    int current,
    int proposed,
    int desired,
    int applied,
    ScaleOutcome outcome,
    List<MetricReading> metrics,
    String reason,
    String error) {

  /** Validates the references and copies the metric list. */
  public ScaleDecision {
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(outcome, "outcome");
    metrics = List.copyOf(metrics);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(error, "error");
  }

  /** Whether the target was resized. */
  public boolean scaled() {
    return outcome == ScaleOutcome.SCALED;
  }

  /** Whether the decision failed. */
  public boolean failed() {
    return outcome == ScaleOutcome.FAILED;
  }
}
