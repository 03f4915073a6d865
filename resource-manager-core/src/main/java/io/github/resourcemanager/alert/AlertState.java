package io.github.resourcemanager.alert;

/**
 * The state of an alert, as in Prometheus alerting rules.
 *
 * <pre>
 *  condition met          active for &gt;= for         condition no longer met
 * ──────────────► PENDING ─────────────────► FIRING ─────────────────────────► RESOLVED
 *                    │                                (after keepFiringFor, if set)
 *                    └── condition no longer met: dropped, never notified
 * </pre>
 */
public enum AlertState {
  /** The condition holds, but not yet for the rule's {@code for} duration; handlers are not told. */
  PENDING,
  /** The condition has held for at least {@code for}; handlers were told. */
  FIRING,
  /** A firing alert whose condition stopped holding (or an event alert that was resolved); final. */
  RESOLVED
}
