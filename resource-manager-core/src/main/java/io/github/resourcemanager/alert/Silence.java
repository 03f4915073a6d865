package io.github.resourcemanager.alert;

import io.github.resourcemanager.internal.alert.Names;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mutes the handlers for alerts whose labels satisfy every matcher, from {@code startsAt} to {@code endsAt}, both
 * included, as Alertmanager silences do (a silence expires only once the time is after its end). Silenced alerts
 * are still evaluated, tracked and returned by queries; only the calls to handlers are left out (and counted). At
 * the first evaluation after the silence, each handler is brought up to date on a firing alert: one that was never
 * told it fires gets {@link AlertEvent.Fired}, one told another severity gets {@link AlertEvent.SeverityChanged},
 * one whose repeat interval passed gets {@link AlertEvent.Repeated}. A resolution muted by a silence is not sent
 * later.
 *
 * <p>Create silences with {@link AlertPipeline#addSilence}, which assigns the id; times come from the
 * pipeline's clock.
 *
 * @param id the id assigned by the pipeline, e.g. {@code silence-3}
 * @param matchers label conditions, at least one, all of which must hold
 * @param startsAt when the silence starts
 * @param endsAt when it ends; after {@code startsAt}
 * @param createdBy who created it
 * @param comment why; may be empty
 */
public record Silence(String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
    String comment) {

  /** Validates and copies the fields. */
  public Silence {
    Names.requireText("silence id", id);
    Names.requireNonNull("matchers", matchers);
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("silence matchers must not be empty; a silence without matchers would mute every alert");
    }
    for (int i = 0; i < matchers.size(); i++) {
      Names.requireNonNull("matchers[" + i + "]", matchers.get(i));
    }
    matchers = List.copyOf(matchers);
    Names.requireNonNull("startsAt", startsAt);
    Names.requireNonNull("endsAt", endsAt);
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("silence endsAt " + endsAt + " must be after startsAt " + startsAt);
    }
    Names.requireText("silence createdBy", createdBy);
    Names.requireNonNull("comment", comment);
  }

  /** Whether the silence is in force at {@code time}: {@code startsAt <= time <= endsAt}. */
  public boolean isActiveAt(Instant time) {
    return !time.isBefore(startsAt) && !time.isAfter(endsAt);
  }

  /** Whether labels satisfy every matcher. */
  public boolean matches(Map<String, String> labels) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
