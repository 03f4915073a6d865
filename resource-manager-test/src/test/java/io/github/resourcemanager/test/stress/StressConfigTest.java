package io.github.resourcemanager.test.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resourcemanager.units.ByteSize;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StressConfigTest {
  /** 4 CPUs, a 1 GiB heap, room for 100 more files. */
  private static final Machine MACHINE = new Machine(4, 1L << 30, 100);

  private static StressConfig.Builder config() {
    return StressConfig.custom().machine(MACHINE).duration(Duration.ofSeconds(30));
  }

  private static void rejected(StressConfig.Builder builder, String message) {
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void durationIsRequiredAboveZeroAndAtMostADay() {
    rejected(StressConfig.custom().machine(MACHINE).threads(1),
        "duration must be set, e.g. duration(Duration.ofSeconds(30)); at most PT24H");
    rejected(config().duration(Duration.ZERO).threads(1), "duration must be above 0 and at most PT24H, was PT0S");
    rejected(config().duration(Duration.ofHours(25)).threads(1), "duration must be above 0 and at most PT24H, was PT25H");
  }

  @Test
  void cpuPercentIsAShareOfTheWholeMachineAboveZeroAndAtMostHundred() {
    rejected(config().cpuPercent(0), "cpuPercent must be above 0 and at most 100 (% of all 4 CPUs), was 0.0");
    rejected(config().cpuPercent(150), "cpuPercent must be above 0 and at most 100 (% of all 4 CPUs), was 150.0");
    assertThat(config().cpuPercent(100).build().cpuPercent()).isEqualTo(100);
  }

  @Test
  void cpuThreadsDefaultToTheFewestThatReachTheTarget() {
    assertThat(config().cpuPercent(75).build().cpuThreads()).isEqualTo(3);
    assertThat(config().cpuPercent(10).build().cpuThreads()).isEqualTo(1);
    assertThat(config().cpuPercent(100).build().cpuThreads()).isEqualTo(4);
    assertThat(config().cpuPercent(10).cpuThreads(8).build().cpuThreads()).isEqualTo(8);
  }

  @Test
  void cpuThreadsMustBeAbleToReachTheTarget() {
    rejected(config().cpuPercent(75).cpuThreads(2), "cpuThreads 2 cannot reach cpuPercent 75.0 of 4 CPUs: each thread "
        + "can keep at most one CPU busy; allowed: at least 3");
    rejected(config().cpuThreads(2), "cpuThreads 2 is set without cpuPercent; set the CPU target too");
    rejected(config().cpuPercent(10).cpuThreads(0), "cpuThreads must be between 1 and 1024, was 0");
  }

  @Test
  void memoryIsAtMostHalfTheMaximumHeap() {
    rejected(config().memory(ByteSize.parse("513Mi")), "memory 513Mi is not allowed; allowed: above 0 and at most half "
        + "of the maximum heap 1Gi, that is 512Mi");
    rejected(config().memory(ByteSize.ofBytes(0)), "memory 0 is not allowed; allowed: above 0 and at most half "
        + "of the maximum heap 1Gi, that is 512Mi");
    assertThat(config().memory(ByteSize.parse("512Mi")).build().memoryBytes()).isEqualTo(512L << 20);
  }

  @Test
  void threadsAreBetweenZeroAndTenThousand() {
    rejected(config().threads(-1), "threads must be between 0 and 10000, was -1");
    rejected(config().threads(10_001), "threads must be between 0 and 10000, was 10001");
  }

  @Test
  void openFilesAreBoundedByHalfTheDescriptorsLeft() {
    rejected(config().openFiles(101),
        "openFiles must be between 0 and 100 (half of the file descriptors this process may still open), was 101");
    assertThat(config().openFiles(100).build().openFiles()).isEqualTo(100);
  }

  @Test
  void somethingMustBeGenerated() {
    rejected(config(), "nothing to generate: set at least one of cpuPercent, memory, threads, openFiles");
  }

  @Test
  void aNullSettingIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> StressConfig.custom().duration(null))
        .isInstanceOf(NullPointerException.class).hasMessage("duration");
    assertThatThrownBy(() -> StressConfig.custom().memory(null))
        .isInstanceOf(NullPointerException.class).hasMessage("memory");
    assertThatThrownBy(() -> StressConfig.custom().directory(null))
        .isInstanceOf(NullPointerException.class).hasMessage("directory");
    assertThatThrownBy(() -> StressConfig.custom().manager(null))
        .isInstanceOf(NullPointerException.class).hasMessage("manager");
    assertThatThrownBy(() -> StressConfig.custom().ticker(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ticker");
    assertThatThrownBy(() -> StressConfig.custom().clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> StressConfig.custom().scheduler(null))
        .isInstanceOf(NullPointerException.class).hasMessage("scheduler");
    assertThatThrownBy(() -> StressGenerator.start(null))
        .isInstanceOf(NullPointerException.class).hasMessage("config");
  }

  @Test
  void theRealMachineAllowsAModestLoad() {
    StressConfig config = StressConfig.custom().duration(Duration.ofSeconds(1)).cpuPercent(1)
        .memory(ByteSize.parse("1Mi")).threads(1).openFiles(1).build();
    assertThat(config.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.cpuThreads()).isEqualTo(1);
  }
}
