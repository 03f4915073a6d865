package io.github.resourcemanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Duration;
import java.util.function.Supplier;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The bad-input contract of every parser and builder, and generators of hostile input. */
final class Rejections {

  private Rejections() {}

  /**
   * Runs {@code attempt}: it returns, or throws an {@link IllegalArgumentException} whose message contains every
   * text of {@code mentions} (the field, the accepted values). Any other exception fails, naming the input.
   *
   * @return what the attempt returned, or null if it was rejected
   */
  static <T> T validOrRejected(Object input, Supplier<T> attempt, String... mentions) {
    try {
      return attempt.get();
    } catch (IllegalArgumentException rejected) {
      assertThat(rejected.getMessage()).as("message rejecting %s", input).isNotBlank();
      for (String m : mentions) {
        assertThat(rejected.getMessage()).as("message rejecting %s", input).contains(m);
      }
      return null;
    } catch (RuntimeException other) {
      throw new AssertionError("input " + input + " raised " + other + " instead of an IllegalArgumentException", other);
    }
  }

  /**
   * Durations as code gets them wrong: null, zero, negative, a nanosecond, ordinary ones, and ones too long for
   * a {@code long} of nanoseconds.
   */
  static Gen<Duration> durations() {
    Gen<Duration> ordinary = longs().between(1, 86_400_000L).map(Duration::ofMillis);
    Gen<Duration> tiny = longs().between(1, 1_000_000L).map(Duration::ofNanos);
    Gen<Duration> negative = longs().between(Long.MIN_VALUE, -1).map(Duration::ofNanos);
    Gen<Duration> huge = longs().between(Long.MAX_VALUE / 1_000_000_000L - 10, Long.MAX_VALUE).map(s -> Duration.ofSeconds(s));
    Gen<Duration> fewSeconds = integers().between(0, 3_600).map(s -> Duration.ofSeconds(s));
    Gen<Duration> none = Generate.constant((Duration) null);
    return Generate.frequency(Pair.of(4, ordinary), Pair.of(4, fewSeconds),
        Pair.of(2, tiny), Pair.of(2, negative),
        Pair.of(2, huge), Pair.of(1, none),
        Pair.of(1, Generate.constant(Duration.ZERO)));
  }

  /** Arbitrary strings over all of Unicode, up to 40 code points, and null. */
  static Gen<String> anyString() {
    return strings().allPossible().ofLengthBetween(0, 40).toOptionals(5).map(o -> o.orElse(null));
  }

  /** Strings over the characters names are made of, plus a few that are not allowed, and null. */
  static Gen<String> nameLike() {
    String alphabet = "abcXYZ019._-:/@ \t\"'{}=!~.,;*\u00e9\u212a";
    return integers().between(0, 140)
        .zip(longs().all(), (length, seed) -> {
          java.util.Random r = new java.util.Random(seed);
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
          }
          return sb.toString();
        })
        .toOptionals(5).map(o -> o.orElse(null));
  }

  /** Doubles a caller may pass by mistake: NaN, infinities, extremes, zero, ordinary values. */
  static Gen<Double> hostileDoubles() {
    Gen<Double> special = Generate.pick(java.util.List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0));
    Gen<Double> ordinary = integers().between(-200_000, 200_000).map(i -> i / 1000.0);
    return Generate.oneOf(special, ordinary, ordinary);
  }
}
