package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The durations this module takes as settings: {@code window} and {@code step} of {@link ExportOptions},
 * {@code minDuration} of {@link BottleneckCriteria}. Each generated duration comes with what it is (null, its sign,
 * whether it fits a {@code long} of nanoseconds, whether it is whole milliseconds), known from how it was made; a
 * setting keeps a valid one exactly, rejects null with a {@link NullPointerException} whose message is the setting's
 * name, and rejects any other invalid one with an {@link IllegalArgumentException} whose message starts with the
 * setting's name.
 */
class DurationSettingsPropertiesTest {

  /** {@code Long.MAX_VALUE} nanoseconds is 9,223,372,036 s + 854,775,807 ns; these whole seconds fit. */
  private static final long MAX_SECONDS = 9_223_372_036L;
  /** And these whole milliseconds: 9,223,372,036,854 ms = 9,223,372,036,854,000,000 ns. */
  private static final long MAX_MILLIS = 9_223_372_036_854L;
  /** About a year, in milliseconds: the span of ordinary durations. */
  private static final long YEAR_MILLIS = 366L * 24 * 3600 * 1000;

  /**
   * A duration and what it is, as made by its generator (not as the library reads it).
   *
   * @param sign -1, 0 or 1 (0 for null)
   * @param fits whether it is at most {@code Long.MAX_VALUE} nanoseconds long, either way
   * @param wholeMillis whether it is a whole number of milliseconds
   */
  private record Input(String what, @Nullable Duration value, int sign, boolean fits, boolean wholeMillis) {
    @Override
    public String toString() {
      return what + " " + value;
    }
  }

  private static Gen<Input> inputs() {
    Gen<Input> none = Generate.constant(new Input("null", null, 0, true, true));
    Gen<Input> zero = Generate.constant(new Input("zero", Duration.ZERO, 0, true, true));
    Gen<Input> negative = longs().between(Long.MIN_VALUE, -1)
        .map(n -> new Input("negative", Duration.ofNanos(n), -1, true, n % 1_000_000 == 0));
    // -9,223,372,038 s is beyond Long.MIN_VALUE ns (-9,223,372,036.854775808 s)
    Gen<Input> negativeTooLong = longs().between(MAX_SECONDS + 2, Long.MAX_VALUE)
        .map(s -> new Input("negative, too long", Duration.ofSeconds(-s), -1, false, true));
    // m ms + n ns with 1 <= n <= 999,999: positive, not whole milliseconds
    Gen<Input> fraction = longs().between(0, YEAR_MILLIS).zip(longs().between(1, 999_999),
        (m, n) -> new Input("positive, a fraction of a millisecond", Duration.ofMillis(m).plusNanos(n), 1, true, false));
    Gen<Input> ordinary = longs().between(1, YEAR_MILLIS)
        .map(m -> new Input("positive, whole milliseconds", Duration.ofMillis(m), 1, true, true));
    Gen<Input> nearLimit = longs().between(MAX_MILLIS - 1_000, MAX_MILLIS)
        .map(m -> new Input("whole milliseconds near the limit", Duration.ofMillis(m), 1, true, true));
    // 9,223,372,036,854,775,807 ns: 775,807 ns past a whole millisecond
    Gen<Input> longest = Generate.constant(new Input("the longest", Duration.ofNanos(Long.MAX_VALUE), 1, true, false));
    Gen<Input> justTooLong = longs().between(1, 1_000_000_000)
        .map(n -> new Input("too long by " + n + " ns", Duration.ofNanos(Long.MAX_VALUE).plusNanos(n), 1, false,
            (775_807 + n) % 1_000_000 == 0));
    Gen<Input> farTooLong = longs().between(MAX_SECONDS + 1, Long.MAX_VALUE)
        .map(s -> new Input("too long", Duration.ofSeconds(s), 1, false, true));
    return Generate.frequency(Pair.of(1, none), Pair.of(1, zero), Pair.of(2, negative), Pair.of(1, negativeTooLong),
        Pair.of(3, fraction), Pair.of(4, ordinary), Pair.of(2, nearLimit), Pair.of(1, longest), Pair.of(2, justTooLong),
        Pair.of(1, farTooLong));
  }

  /** Checks {@code setting}, which uses a duration and returns what it kept, against every kind of input. */
  private static void check(String name, Predicate<Input> valid, Function<@Nullable Duration, Duration> setting) {
    qt().withExamples(2_000).forAll(inputs()).checkAssert(input -> {
      if (valid.test(input)) {
        assertThat(setting.apply(input.value())).as("%s = %s", name, input).isEqualTo(input.value());
      } else if (input.value() == null) {
        assertThatThrownBy(() -> setting.apply(input.value())).as("%s = %s", name, input)
            .isInstanceOf(NullPointerException.class)
            .hasMessage(name);
      } else {
        assertThatThrownBy(() -> setting.apply(input.value())).as("%s = %s", name, input)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(name + " ");
      }
    });
  }

  @Test
  void windowKeepsEveryPositiveDurationAndRejectsTheOthersNamingWindow() {
    check("window", in -> in.value() != null && in.sign() > 0 && in.fits(),
        d -> ExportOptions.custom().window(d).build().window().orElseThrow());
  }

  @Test
  void stepKeepsEveryPositiveWholeMillisecondDurationAndRejectsTheOthersNamingStep() {
    check("step", in -> in.value() != null && in.sign() > 0 && in.fits() && in.wholeMillis(),
        d -> ExportOptions.custom().step(d).build().step().orElseThrow());
  }

  @Test
  void minDurationKeepsZeroAndEveryPositiveDurationAndRejectsTheOthersNamingMinDuration() {
    check("minDuration", in -> in.value() != null && in.sign() >= 0 && in.fits(),
        d -> BottleneckCriteria.custom().minDuration(d).build().minDuration());
  }
}
