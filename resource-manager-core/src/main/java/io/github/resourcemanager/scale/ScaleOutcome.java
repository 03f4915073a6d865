package io.github.resourcemanager.scale;

/** What a decision did to its target. */
public enum ScaleOutcome {
  /** The size was left as it was. */
  UNCHANGED,
  /** The target was resized to the desired size. */
  SCALED,
  /**
   * The decision could not be carried out: reading the target or computing the metrics failed, or the target
   * refused the new size. The scaler's state stays as if no resize had happened and a later decision retries.
   */
  FAILED
}
