package io.github.resourcemanager.reliability;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Duration;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of hostile input: durations, strings, names and doubles as code and people get them wrong. */
final class Hostile {

  private Hostile() {}

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
    String alphabet = "abcXYZ019._-:/@ \t\"'{}=!~.,;*<>\u00e9\u212a";
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

  /**
   * Names as people write them: short, mostly letters and digits, sometimes with punctuation that some kinds of
   * names allow ({@code . _ - : / @}) and some that none does ({@code < >} and a space), so that both valid and invalid
   * names are common; mixed with {@link #nameLike()}.
   */
  static Gen<String> names() {
    String first = "abcxyzABCXYZ0189_.-<";
    String rest = "abcdefxyzABCXYZ0123456789abcxyz._-:/@<> ";
    Gen<String> plausible = integers().between(1, 24).zip(longs().all(), (length, seed) -> {
      java.util.Random r = new java.util.Random(seed);
      StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
      for (int i = 1; i < length; i++) {
        sb.append(r.nextInt(8) == 0 ? rest.charAt(r.nextInt(rest.length())) : (char) ('a' + r.nextInt(26)));
      }
      return sb.toString();
    });
    return Generate.oneOf(plausible, plausible, nameLike());
  }

  /** Doubles a caller may pass by mistake: NaN, infinities, extremes, zero, ordinary values. */
  static Gen<Double> hostileDoubles() {
    Gen<Double> special = Generate.pick(java.util.List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0));
    Gen<Double> ordinary = integers().between(-200_000, 200_000).map(i -> i / 1000.0);
    return Generate.oneOf(special, ordinary, ordinary);
  }
}
