package io.github.resourcemanager.docker;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns the engine's {@code oom} notifications into OOM kills. On cgroup v1 the engine relays every notification of
 * the cgroup's OOM eventfd, and the kernel signals one each time a task of the cgroup enters the OOM path, so one
 * kill typically comes with several notifications (dozens when several processes allocate at once). The kills
 * themselves are counted by the kernel in the cgroup's {@code oom_kill} counter ({@code memory.oom_control} on v1,
 * {@code memory.events} on v2), which is what this class reports.
 *
 * <p>Notifications of one container open a round; the round is settled a short time later (or at once when the
 * container dies): the kills are the increase of the counter since the last report, read at every notification and at
 * settlement. When the counter cannot be read (a remote engine, a cgroup namespace that hides it, a cgroup already
 * removed with its dead container), a round counts as one kill, and a container that died with {@code OOMKilled}
 * without a counted kill in that round counts one: a lower bound, never a notification count.
 *
 * <p>Confined to the event watcher's thread.
 */
final class OomAccounting {

  /** A container's own OOM kill counter, if it can be read now. */
  @FunctionalInterface
  interface KillCounter {
    OptionalLong read(String containerId);
  }

  /** A settled round: the kills it found. */
  record Settled(String agentId, String containerId, String containerName, Instant firstNotified, long kills,
      int notifications, boolean counted) {}

  private static final class Round {
    final long number;
    final String agentId;
    final String containerName;
    final long firstNano;
    int notifications;
    long highestCounter = -1;

    Round(long number, String agentId, String containerName, long firstNano) {
      this.number = number;
      this.agentId = agentId;
      this.containerName = containerName;
      this.firstNano = firstNano;
    }
  }

  private final KillCounter counter;
  private final Map<String, Round> open = new HashMap<>();
  private long rounds;
  /** The counter value the kills reported so far correspond to, per container. */
  private final Map<String, Long> reported = new HashMap<>();
  /** Kills reported since the container last died, per container. */
  private final Map<String, Long> sinceDeath = new HashMap<>();

  OomAccounting(KillCounter counter) {
    this.counter = counter;
  }

  /**
   * Records one {@code oom} notification. Returns the number of the round it opens, which the caller must settle
   * later ({@link #settle(String, long, BooleanSupplier)}), or -1 if it joins a round already open.
   */
  long notified(String containerId, String agentId, String containerName, long timeNano) {
    Round round = open.get(containerId);
    boolean opened = false;
    if (round == null) {
      opened = true;
      round = new Round(++rounds, agentId, containerName, timeNano);
      open.put(containerId, round);
    }
    round.notifications++;
    readInto(round, containerId);
    return opened ? round.number : -1;
  }

  /** Settles round {@code number} of the container if it is still open (a death may have settled it already). */
  @Nullable Settled settle(String containerId, long number, BooleanSupplier diedFromOom) {
    Round round = open.get(containerId);
    return round != null && round.number == number ? settle(containerId, diedFromOom) : null;
  }

  /** Whether notifications of the container wait to be settled. */
  boolean isOpen(String containerId) {
    return open.containsKey(containerId);
  }

  /**
   * Closes the container's round and returns the kills in it.
   *
   * @param diedFromOom asked only if the counter shows no new kill: whether the container just died with the
   *     engine's {@code OOMKilled} mark (false when it has not died)
   */
  @Nullable Settled settle(String containerId, BooleanSupplier diedFromOom) {
    Round round = open.remove(containerId);
    if (round == null) {
      return null;
    }
    readInto(round, containerId);
    long before = reported.getOrDefault(containerId, 0L);
    long kills;
    if (round.highestCounter >= 0) {
      kills = Math.max(0, round.highestCounter - before);
      reported.put(containerId, Math.max(before, round.highestCounter));
      if (kills == 0 && diedFromOom.getAsBoolean()) {
        kills = 1; // killed before the counter could be read again, and its cgroup is gone with it
        reported.put(containerId, before + 1);
      }
    } else {
      kills = 1; // the counter cannot be read: one round of notifications, one kill
      reported.put(containerId, before + 1);
    }
    sinceDeath.merge(containerId, kills, Long::sum);
    return new Settled(round.agentId, containerId, round.containerName, Instant.ofEpochSecond(0, round.firstNano),
        kills, round.notifications, round.highestCounter >= 0);
  }

  /**
   * The container died: true when it died from an OOM kill that no round counted (notifications lost, say), which
   * the caller then reports as one kill. Resets the per-life count.
   */
  boolean diedFromUncountedOom(String containerId, BooleanSupplier oomKilled) {
    long counted = sinceDeath.getOrDefault(containerId, 0L);
    sinceDeath.remove(containerId);
    if (counted > 0) {
      return false;
    }
    if (oomKilled.getAsBoolean()) {
      reported.merge(containerId, 1L, Long::sum);
      return true;
    }
    return false;
  }

  /** The container is gone: drops what was kept about it. */
  void forget(String containerId) {
    open.remove(containerId);
    reported.remove(containerId);
    sinceDeath.remove(containerId);
  }

  private void readInto(Round round, String containerId) {
    OptionalLong value = counter.read(containerId);
    if (value.isPresent()) {
      round.highestCounter = Math.max(round.highestCounter, value.getAsLong());
    }
  }
}
