package io.github.resourcemanager.alert;

/**
 * Which side of its thresholds a watched value breaches. Thresholds are inclusive: with {@link #ABOVE}, a value
 * equal to a threshold breaches it (CPU at 80 % breaches a threshold of 80 %).
 */
public enum Direction {
  /** A value breaches a threshold when it is greater than or equal to it (high CPU, full disk). */
  ABOVE,
  /** A value breaches a threshold when it is less than or equal to it (low free memory, few idle workers). */
  BELOW
}
