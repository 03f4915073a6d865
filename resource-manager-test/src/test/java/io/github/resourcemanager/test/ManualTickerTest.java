package io.github.resourcemanager.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTickerTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  @Test
  void advancesOnlyWhenTold() {
    assertThat(ticker.read()).isZero();
    ticker.advance(Duration.ofMillis(1500));
    assertThat(ticker.read()).isEqualTo(1_500_000_000L);
    ticker.advance(2, TimeUnit.SECONDS);
    assertThat(ticker.read()).isEqualTo(3_500_000_000L);
  }

  @Test
  void runsEachDueTaskAtItsDueTime() {
    List<Long> runsAt = new ArrayList<>();
    scheduler.schedulePeriodic("t", () -> runsAt.add(ticker.read()), Duration.ofSeconds(1), Duration.ofSeconds(2));
    ticker.advance(Duration.ofSeconds(6));
    assertThat(runsAt).containsExactly(1_000_000_000L, 3_000_000_000L, 5_000_000_000L);
    assertThat(ticker.read()).isEqualTo(6_000_000_000L);
  }

  @Test
  void interleavesTasksOfDifferentPeriodsInTimeOrder() {
    List<String> runs = new ArrayList<>();
    scheduler.schedulePeriodic("fast", () -> runs.add("fast@" + ticker.read() / 1_000_000_000L), Duration.ofSeconds(1), Duration.ofSeconds(1));
    scheduler.schedulePeriodic("slow", () -> runs.add("slow@" + ticker.read() / 1_000_000_000L), Duration.ofMillis(2500), Duration.ofSeconds(10));
    ticker.advance(Duration.ofSeconds(3));
    assertThat(runs).containsExactly("fast@1", "fast@2", "slow@2", "fast@3");
  }

  @Test
  void taskWithoutDelayRunsOnTheNextAdvanceEvenByZero() {
    List<Long> runsAt = new ArrayList<>();
    scheduler.schedulePeriodic("t", () -> runsAt.add(ticker.read()), Duration.ZERO, Duration.ofSeconds(1));
    assertThat(runsAt).isEmpty();
    ticker.advance(Duration.ZERO);
    assertThat(runsAt).containsExactly(0L);
  }

  @Test
  void cancelledTaskNoLongerRuns() {
    List<Long> runsAt = new ArrayList<>();
    Scheduler.ScheduledTask task = scheduler.schedulePeriodic("t", () -> runsAt.add(ticker.read()), Duration.ZERO, Duration.ofSeconds(1));
    ticker.advance(Duration.ofSeconds(1));
    task.cancel(Duration.ZERO);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(runsAt).containsExactly(0L, 1_000_000_000L);
    assertThat(scheduler.activeTasks()).isZero();
  }

  @Test
  void clockFollowsTheTicker() {
    ticker.advance(Duration.ofSeconds(7));
    Clock clock = ticker.clock(Instant.parse("2026-03-01T12:00:00Z"));
    ticker.advance(Duration.ofMillis(1250));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T12:00:01.250Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-01T12:00:01.250Z").toEpochMilli());
  }

  @Test
  void rejectsGoingBackwards() {
    assertThatThrownBy(() -> ticker.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative, was PT-1S");
  }

  @Test
  void theSchedulerRejectsANullDelayOrPeriodNamingIt() {
    assertThatThrownBy(() -> scheduler.schedulePeriodic("t", () -> { }, null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("initialDelay");
    assertThatThrownBy(() -> scheduler.schedulePeriodic("t", () -> { }, Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("period");
    assertThat(scheduler.activeTasks()).isZero();
  }

  @Test
  void rejectsANullDurationNamingIt() {
    assertThatThrownBy(() -> ticker.advance(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("duration");
  }
}
