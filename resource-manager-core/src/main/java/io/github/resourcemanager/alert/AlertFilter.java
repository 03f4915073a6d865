package io.github.resourcemanager.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which events a handler receives: alerts of at least {@code minSeverity} whose labels satisfy every matcher.
 *
 * <p>The severity compared is the alert's current severity, except for {@link AlertEvent.SeverityChanged}
 * (the higher of the previous and the new severity, so a handler of critical alerts hears that one went back to
 * warning) and {@link AlertEvent.Resolved} (the alert's peak severity, so it hears the end of every alert it heard
 * of). {@link AlertEvent.Suppressed} summaries always pass.
 *
 * @param minSeverity the least severity passed
 * @param matchers label conditions, all of which must hold
 */
public record AlertFilter(Severity minSeverity, List<LabelMatcher> matchers) {

  private static final AlertFilter ALL = new AlertFilter(Severity.INFO, List.of());

  /** Validates and copies the fields. */
  public AlertFilter {
    Names.requireNonNull("minSeverity", minSeverity);
    Names.requireNonNull("matchers", matchers);
    for (int i = 0; i < matchers.size(); i++) {
      Names.requireNonNull("matchers[" + i + "]", matchers.get(i));
    }
    matchers = List.copyOf(matchers);
  }

  /** Every event. */
  public static AlertFilter all() {
    return ALL;
  }

  /** Events of alerts of at least this severity. */
  public static AlertFilter minSeverity(Severity minSeverity) {
    return new AlertFilter(minSeverity, List.of());
  }

  /** This filter with more label matchers, all of which must hold. */
  public AlertFilter and(LabelMatcher... more) {
    List<LabelMatcher> all = new ArrayList<>(matchers);
    all.addAll(Arrays.asList(Names.requireNonNull("matchers", more)));
    return new AlertFilter(minSeverity, all);
  }

  /** Whether a handler with this filter receives {@code event}. */
  public boolean matches(AlertEvent event) {
    if (!(event instanceof AlertEvent.OfAlert ofAlert)) {
      return true;
    }
    Alert alert = ofAlert.alert();
    Severity severity = alert.severity();
    if (event instanceof AlertEvent.SeverityChanged changed && changed.previous().compareTo(severity) > 0) {
      severity = changed.previous();
    } else if (event instanceof AlertEvent.Resolved) {
      severity = alert.peakSeverity();
    }
    if (!severity.isAtLeast(minSeverity)) {
      return false;
    }
    for (LabelMatcher m : matchers) {
      if (!m.matches(alert.labels())) {
        return false;
      }
    }
    return true;
  }
}
