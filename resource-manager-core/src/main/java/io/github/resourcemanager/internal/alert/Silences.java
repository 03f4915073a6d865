package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.alert.LabelMatcher;
import io.github.resourcemanager.alert.Silence;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager-style silences: which are in force, and whether one mutes an alert's event (counted). Silences that
 * have ended are forgotten. Guarded by the engine's lock.
 */
final class Silences {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

  private final Clock clock;
  private final List<Silence> silences = new ArrayList<>();
  private final AtomicLong silenced = new AtomicLong();
  private long number;

  Silences(Clock clock) {
    this.clock = clock;
  }

  /** Adds a silence with the next id, {@code silence-N}; a rejected one uses no id. */
  Silence add(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
    Silence silence = new Silence("silence-" + (number + 1), matchers, startsAt, endsAt, createdBy, comment);
    Instant now = clock.instant();
    if (!endsAt.isAfter(now)) {
      throw new IllegalArgumentException("silence endsAt " + endsAt + " must be in the future (now is " + now + ")");
    }
    number++;
    prune(now);
    silences.add(silence);
    log.info("silence {} added by {}: {} from {} to {} ({})", silence.id(), createdBy, silence.matchers(), startsAt,
        endsAt, comment);
    return silence;
  }

  /** Ends a silence now; one that has not started yet is removed as it was. */
  Silence expire(String silenceId) {
    Instant now = clock.instant();
    prune(now);
    for (int i = 0; i < silences.size(); i++) {
      Silence s = silences.get(i);
      if (s.id().equals(silenceId)) {
        silences.remove(i);
        Silence ended = now.isAfter(s.startsAt())
            ? new Silence(s.id(), s.matchers(), s.startsAt(), now, s.createdBy(), s.comment())
            : s;
        log.info("silence {} expired", silenceId);
        return ended;
      }
    }
    throw new IllegalArgumentException("silenceId " + Names.quote(silenceId) + " is not the id of a current silence; "
        + "current silences: " + silences.stream().map(Silence::id).toList());
  }

  /** The silences that have not expired (pending or active), in the order added. */
  List<Silence> current() {
    prune(clock.instant());
    return List.copyOf(silences);
  }

  /**
   * Whether a silence in force at {@code epochMillis} matches these labels. A silence is in force from its start to
   * its end, both included: Alertmanager's silence/silence.go ({@code getState}) calls it expired only once the
   * time is after its end. Allocates nothing, unless a regular expression is matched.
   */
  boolean mutes(Map<String, String> labels, long epochMillis) {
    for (int i = 0; i < silences.size(); i++) {
      Silence s = silences.get(i);
      if (epochMillis >= s.startsAt().toEpochMilli() && epochMillis <= s.endsAt().toEpochMilli() && s.matches(labels)) {
        return true;
      }
    }
    return false;
  }

  /** Counts one notification that a silence kept from the handlers. */
  void countMuted() {
    silenced.incrementAndGet();
  }

  /** Notifications muted so far. */
  long silencedNotifications() {
    return silenced.get();
  }

  /** Forgets the silences that have expired: those whose end is before {@code now}. */
  private void prune(Instant now) {
    silences.removeIf(s -> now.isAfter(s.endsAt()));
  }
}
