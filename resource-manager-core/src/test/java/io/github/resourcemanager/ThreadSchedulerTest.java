package io.github.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest {

  @Test
  void aRunLessThanAPeriodLateStillRuns() {
    assertThat(ThreadScheduler.missedRuns(100, 50, 10)).isZero();
    assertThat(ThreadScheduler.missedRuns(100, 100, 10)).isZero();
    assertThat(ThreadScheduler.missedRuns(100, 109, 10)).isZero();
  }

  @Test
  void runsWhoseWholePeriodPassedAreSkipped() {
    assertThat(ThreadScheduler.missedRuns(100, 110, 10)).isEqualTo(1);
    assertThat(ThreadScheduler.missedRuns(100, 135, 10)).isEqualTo(3);
  }

  @Test
  void runsTheTaskOnADaemonThreadNamedAfterIt() throws Exception {
    AtomicReference<Thread> runner = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(3);
    Scheduler.ScheduledTask task = Scheduler.system().schedulePeriodic("test-periodic", () -> {
      runner.set(Thread.currentThread());
      ran.countDown();
    }, Duration.ZERO, Duration.ofMillis(10));
    try {
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(runner.get().getName()).isEqualTo("test-periodic");
      assertThat(runner.get().isDaemon()).isTrue();
    } finally {
      assertThat(task.cancel(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(runner.get().isAlive()).isFalse();
    assertThat(task.isCancelled()).isTrue();
  }

  @Test
  void aThrowingTaskStaysScheduled() throws Exception {
    CountDownLatch ran = new CountDownLatch(3);
    Scheduler.ScheduledTask task = Scheduler.system().schedulePeriodic("test-throwing", () -> {
      ran.countDown();
      throw new IllegalStateException("task bug");
    }, Duration.ZERO, Duration.ofMillis(5));
    try {
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      task.cancel(Duration.ofSeconds(10));
    }
  }

  @Test
  void rejectsNonPositivePeriod() {
    assertThatThrownBy(() -> Scheduler.system().schedulePeriodic("x", () -> {}, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be positive, was PT0S");
  }
}
