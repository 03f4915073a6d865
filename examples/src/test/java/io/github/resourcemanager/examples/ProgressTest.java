package io.github.resourcemanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Progress on standard error when it is a file or a pipe: occasional plain lines, no control characters. */
class ProgressTest {

  private final StringWriter err = new StringWriter();

  private Progress start(Duration total) {
    return Progress.start("collecting", total, true, false, new PrintWriter(err, true));
  }

  @Test
  void aFileOrPipeGetsALineAtTheStartThenOneEveryTenthOfTheTask() {
    // 100 s: a tenth is 10 s, more than the 5 s floor. Updates every second (as samples come) print at 0, 10, 20 s.
    try (Progress progress = start(Duration.ofSeconds(100))) {
      for (int s = 0; s <= 25; s++) {
        progress.update(Duration.ofSeconds(s), s + 1, Progress.samples(s + 1, 101));
      }
    }
    assertThat(err.toString()).isEqualTo(
        "collecting: 0.0s of 100s elapsed, 100.0s remaining, 1 of 101 samples\n"
            + "collecting: 10.0s of 100s elapsed, 90.0s remaining, 11 of 101 samples\n"
            + "collecting: 20.0s of 100s elapsed, 80.0s remaining, 21 of 101 samples\n");
    assertThat(err.toString()).doesNotContain("\r").doesNotContain("\u001B");
  }

  @Test
  void linesComeAtMostEveryFiveSecondsForShortTasks() {
    // 20 s: a tenth is 2 s, below the 5 s floor; lines at 0, 5, 10, 15, 20 s (the remaining time never negative).
    try (Progress progress = start(Duration.ofSeconds(20))) {
      for (int ms = 0; ms <= 21_000; ms += 500) {
        progress.update(Duration.ofMillis(ms), ms / 500, "x");
      }
    }
    assertThat(err.toString().lines()).containsExactly(
        "collecting: 0.0s of 20s elapsed, 20.0s remaining, x",
        "collecting: 5.0s of 20s elapsed, 15.0s remaining, x",
        "collecting: 10.0s of 20s elapsed, 10.0s remaining, x",
        "collecting: 15.0s of 20s elapsed, 5.0s remaining, x",
        "collecting: 20.0s of 20s elapsed, 0.0s remaining, x");
  }

  @Test
  void tasksShorterThanThreeSecondsShowNothing() {
    try (Progress progress = start(Duration.ofMillis(2999))) {
      progress.update(Duration.ZERO, 1, "x");
      progress.update(Duration.ofMillis(2999), 2, "x");
    }
    assertThat(err.toString()).isEmpty();
    try (Progress disabled = Progress.start("collecting", Duration.ofMinutes(1), false, false, new PrintWriter(err))) {
      disabled.update(Duration.ZERO, 1, "x");
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void samplesAreCountedInWords() {
    assertThat(Progress.samples(1, 1)).isEqualTo("1 of 1 sample");
    assertThat(Progress.samples(3, 31)).isEqualTo("3 of 31 samples");
    assertThat(Progress.samples(1, 0)).isEqualTo("1 sample");
    assertThat(Progress.samples(0, 0)).isEqualTo("0 samples");
    assertThat(Words.countIs(1, "agent")).isEqualTo("1 agent is");
    assertThat(Words.countIs(3, "agent")).isEqualTo("3 agents are");
    assertThat(Words.count(1, "alert")).isEqualTo("1 alert");
  }

  @Test
  void durationsArePrintedAsTheyAreTyped() {
    // the largest unit that divides the duration exactly, as DurationConverter reads it back
    assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(15))).isEqualTo("15s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
    assertThat(Durations.format(Duration.ofNanos(1_500_000_001L))).isEqualTo("1.500000001s");
    DurationConverter converter = new DurationConverter();
    for (String typed : new String[] {"25h", "90m", "15s", "1500ms", "0s"}) {
      assertThat(Durations.format(converter.convert(typed))).isEqualTo(typed);
    }
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
  }
}
