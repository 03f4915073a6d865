package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.Severity;

/**
 * Severities as indexes into the per-severity arrays of rules and pipelines (thresholds, counters, slots), which
 * keep evaluation free of maps and allocation.
 */
public final class SeverityIndex {
  private SeverityIndex() {}

  /** The index of {@code severity}: 0 for {@link Severity#INFO} up to 3 for {@link Severity#EMERGENCY}. */
  @SuppressWarnings("EnumOrdinal")
  public static int of(Severity severity) {
    // Severity documents its declaration order as the order of seriousness, so the ordinal is that rank, and arrays
    // indexed by it list severities from least to most serious, as Severity.values() does.
    return severity.ordinal();
  }
}
