package io.github.resourcemanager.internal.allocate;

import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.Profile;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.TimeWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which profile is active, and so which global limits are in force: the profile chosen by name (the environment
 * variable's, else the configured one) whatever the time, else the first whose time window holds the sample's
 * time in the configured zone, else none. A window's boundaries are the instants {@link ZonedDateTime#of} gives for
 * their local times (across a change of offset: a time in the skipped hour shifted later by the gap's length, a time
 * in the repeated hour at the earlier offset), and the selection uses the same instants, so a pool built at any
 * instant agrees with one running through it. Time windows are looked at only when a sample crosses one of their
 * boundaries (or the clock goes back), so a steady sample costs a comparison. Guarded by the pool's lock.
 */
final class ProfileSchedule {

  /** A change of the active profile; null stands for none. */
  record Switch(@Nullable Profile before, @Nullable Profile after) {}

  private final AllocationConfig config;
  private @Nullable Profile profile; // null: none active
  private ResourceVector capacity;
  private long[] capacityRaw;
  private long nextCheckMillis;
  private long lastCheckMillis;

  ProfileSchedule(AllocationConfig config, int resourceCount, long epochMillis) {
    this.config = config;
    this.profile = select(epochMillis);
    this.capacity = capacity(config, profile);
    this.capacityRaw = Vectors.toArray(capacity, resourceCount);
    this.nextCheckMillis = nextBoundary(epochMillis);
    this.lastCheckMillis = epochMillis;
  }

  /** The active profile, or null. */
  @Nullable Profile active() {
    return profile;
  }

  /** The global limits in force. */
  ResourceVector capacity() {
    return capacity;
  }

  /** The global limits in force by resource index, {@link Vectors#ABSENT} where unlimited. */
  long[] capacityRaw() {
    return capacityRaw;
  }

  /** Selects the profile for a sample taken at {@code epochMillis}; returns the switch, or null if none. */
  @Nullable Switch check(long epochMillis) {
    if (epochMillis < nextCheckMillis && epochMillis >= lastCheckMillis) {
      lastCheckMillis = epochMillis;
      return null;
    }
    lastCheckMillis = epochMillis;
    nextCheckMillis = nextBoundary(epochMillis);
    Profile selected = select(epochMillis);
    if (Objects.equals(selected, profile)) { // profiles have unique names: equal is the same one
      return null;
    }
    Switch change = new Switch(profile, selected);
    profile = selected;
    capacity = capacity(config, profile);
    capacityRaw = Vectors.toArray(capacity, capacityRaw.length);
    return change;
  }

  /** The largest global limit of {@code r} over every profile (and none), or {@link Vectors#ABSENT} if any is unlimited. */
  long largestCapacity(Resource r) {
    long largest = capacity(config, null).amountOr(r, Vectors.ABSENT);
    for (Profile pr : config.profiles().values()) {
      long v = capacity(config, pr).amountOr(r, Vectors.ABSENT);
      if (v == Vectors.ABSENT || largest == Vectors.ABSENT) {
        return Vectors.ABSENT;
      }
      largest = Math.max(largest, v);
    }
    return largest;
  }

  /** The global limits while {@code profile} is active (null: no profile): the profile's, else the configured ones. */
  static ResourceVector capacity(AllocationConfig config, @Nullable Profile profile) {
    ResourceVector capacity = config.globalLimits();
    if (profile != null) {
      for (Resource r : profile.limits().resources()) {
        capacity = capacity.with(r, profile.limits().amount(r));
      }
    }
    return capacity;
  }

  private @Nullable Profile select(long epochMillis) {
    Optional<String> named = config.selectedProfile();
    if (named.isPresent()) {
      return config.profiles().get(named.get());
    }
    for (Profile pr : config.profiles().values()) {
      for (TimeWindow w : pr.windows()) {
        if (holds(w, epochMillis)) {
          return pr;
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code epochMillis} is in a daily occurrence of {@code w}: from the instant {@link ZonedDateTime#of} gives
   * for its start on some day to the instant it gives for its end (the same day, or the next for a window crossing
   * midnight). These are the instants {@link #nextBoundary} schedules checks at; on a day without a change of offset
   * this is {@link TimeWindow#contains} of the local time. An occurrence whose end instant is not after its start (a
   * window wholly inside a skipped hour) holds no instant.
   */
  private boolean holds(TimeWindow w, long epochMillis) {
    ZoneId zone = config.zone();
    LocalDate today = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
    // An occurrence lasts less than a day of local time; one that started two days back (by local date) can still
    // hold the instant only around a change of offset at midnight.
    for (int day = -2; day <= 0; day++) {
      LocalDate from = today.plusDays(day);
      long start = ZonedDateTime.of(from, w.start(), zone).toInstant().toEpochMilli();
      LocalDate to = w.crossesMidnight() ? from.plusDays(1) : from;
      long end = ZonedDateTime.of(to, w.end(), zone).toInstant().toEpochMilli();
      if (start <= epochMillis && epochMillis < end) {
        return true;
      }
    }
    return false;
  }

  /** The next instant a time window starts or ends, in epoch millis; Long.MAX_VALUE if none can. */
  private long nextBoundary(long epochMillis) {
    if (config.selectedProfile().isPresent()) {
      return Long.MAX_VALUE;
    }
    ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(config.zone());
    long next = Long.MAX_VALUE;
    for (Profile pr : config.profiles().values()) {
      for (TimeWindow w : pr.windows()) {
        for (LocalTime t : new LocalTime[] {w.start(), w.end()}) {
          for (int day = -1; day <= 1; day++) { // the day before: in case the local date went back at midnight
            LocalDate date = now.toLocalDate().plusDays(day);
            long at = ZonedDateTime.of(date, t, config.zone()).toInstant().toEpochMilli();
            if (at > epochMillis) {
              next = Math.min(next, at);
            }
          }
        }
      }
    }
    return next;
  }
}
