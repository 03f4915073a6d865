package io.github.resourcemanager.alert;

/**
 * How serious an alert is, from least to most serious. The declaration order is the order of seriousness, so
 * {@code compareTo} and {@link #isAtLeast} compare seriousness.
 */
public enum Severity {
  /** Worth knowing; no action needed. */
  INFO,
  /** Approaching a limit. */
  WARNING,
  /** A limit is exceeded. */
  CRITICAL,
  /** A severe condition that needs immediate action. */
  EMERGENCY;

  /** Whether this severity is {@code other} or more serious. */
  public boolean isAtLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
