package io.github.resourcemanager.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How notifications become kills, without an engine: the counter is a hand-set value standing for the cgroup's
 * oom_kill (the engine tests compare with the real one).
 */
class OomAccountingTest {
  private static final long T = 1_700_000_000_000_000_000L;

  @Test
  void manyNotificationsOfOneKillAreOneKill() {
    AtomicLong cgroup = new AtomicLong();
    OomAccounting oom = new OomAccounting(id -> OptionalLong.of(cgroup.get()));
    long round = oom.notified("c1", "a1", "n1", T);
    cgroup.set(1); // the kernel counts the kill after the first notification
    for (int i = 1; i < 30; i++) {
      assertThat(oom.notified("c1", "a1", "n1", T + i)).isEqualTo(-1);
    }

    OomAccounting.Settled s = oom.settle("c1", round, () -> false);

    assertThat(s).isEqualTo(new OomAccounting.Settled("a1", "c1", "n1", Instant.ofEpochSecond(0, T), 1, 30, true));
  }

  @Test
  void laterRoundsReportOnlyTheCounterIncrease() {
    AtomicLong cgroup = new AtomicLong(2);
    OomAccounting oom = new OomAccounting(id -> OptionalLong.of(cgroup.get()));
    long first = oom.notified("c1", "a1", "n1", T);
    assertThat(oom.settle("c1", first, () -> false).kills()).isEqualTo(2);

    cgroup.set(5);
    long second = oom.notified("c1", "a1", "n1", T + 1_000_000_000L);

    assertThat(second).isGreaterThan(first);
    assertThat(oom.settle("c1", second, () -> false).kills()).isEqualTo(3); // 5 - 2
  }

  @Test
  void aRoundSettledByADeathIsNotSettledAgainByItsTimer() {
    OomAccounting oom = new OomAccounting(id -> OptionalLong.of(1));
    long round = oom.notified("c1", "a1", "n1", T);
    assertThat(oom.settle("c1", () -> true).kills()).isEqualTo(1);

    assertThat(oom.settle("c1", round, () -> false)).isNull();
  }

  @Test
  void aDeathFromAKillTheCounterCouldNotShowCountsOne() {
    // counter read 0 at the notification (the kill not yet counted), then the cgroup is gone with the container
    AtomicLong calls = new AtomicLong();
    OomAccounting oom = new OomAccounting(id -> calls.getAndIncrement() == 0 ? OptionalLong.of(0) : OptionalLong.empty());
    oom.notified("c1", "a1", "n1", T);

    assertThat(oom.settle("c1", () -> true).kills()).isEqualTo(1);
    assertThat(oom.diedFromUncountedOom("c1", () -> true)).isFalse(); // already counted in that round
  }

  @Test
  void withoutACounterEachRoundCountsOneKill() {
    OomAccounting oom = new OomAccounting(id -> OptionalLong.empty());
    long round = oom.notified("c1", "a1", "n1", T);
    oom.notified("c1", "a1", "n1", T + 5);

    OomAccounting.Settled s = oom.settle("c1", round, () -> false);

    assertThat(s.kills()).isEqualTo(1);
    assertThat(s.counted()).isFalse();
  }

  @Test
  void aDeathFromAnOomNoNotificationAnnouncedCountsOneOnlyOnce() {
    OomAccounting oom = new OomAccounting(id -> OptionalLong.empty());

    assertThat(oom.diedFromUncountedOom("c1", () -> true)).isTrue();
    assertThat(oom.diedFromUncountedOom("c1", () -> false)).isFalse();
  }
}
