package io.github.resourcemanager.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleReplayTest {
  private static final long FIVE_SECONDS = 5_000_000_000L;
  private static final double NAN = Double.NaN;

  /** One source sampled every 5 s. */
  private static RuleReplay replay(long forSeconds, long keepSeconds, double... values) {
    long[] ticks = new long[values.length];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = i * FIVE_SECONDS;
    }
    return new RuleReplay(List.of(new RuleReplay.Track(ticks, values)), forSeconds * 1_000_000_000L,
        keepSeconds * 1_000_000_000L);
  }

  /** Thresholds by severity ordinal: INFO, WARNING, CRITICAL, EMERGENCY. */
  private static double[] thresholds(double info, double warning, double critical, double emergency) {
    return new double[] {info, warning, critical, emergency};
  }

  @Test
  void firesAtTheHighestSeverityBreachedAndCountsEachSeverityOrAbove() {
    int[] firing = replay(0, 0, 90, 80, 70, 90, NAN).firing(thresholds(NAN, 75, 85, NAN), NAN);
    assertThat(firing).containsExactly(3, 3, 2, 0);
  }

  @Test
  void firesOnlyOnceActiveForTheForDuration() {
    assertThat(replay(10, 0, 80, 80, 80, 80, 70, 80, 80).firing(thresholds(NAN, 75, NAN, NAN), NAN))
        .containsExactly(2, 2, 0, 0); // pending at 0 and 5 s, firing at 10 and 15 s; the second breach stays pending
  }

  @Test
  void keepsFiringForKeepFiringForAfterTheConditionStops() {
    // fires at 0 s; no longer breaching from 5 s; still firing at 5 and 10 s; resolved at 15 s
    assertThat(replay(0, 10, 80, 70, 70, 70, 70).firing(thresholds(NAN, 75, NAN, NAN), NAN))
        .containsExactly(3, 3, 0, 0);
  }

  @Test
  void hysteresisHoldsAFiringAlertAboveTheClearThresholdButDoesNotStartOne() {
    // fires at 0 s, held at 5 and 10 s (70 > 65), resolved at 15 s (60), and 70 alone does not start it again
    assertThat(replay(0, 0, 80, 70, 70, 60, 70).firing(thresholds(NAN, 75, NAN, NAN), 65))
        .containsExactly(3, 3, 0, 0);
  }

  @Test
  void anUnmeasuredValueEndsAPendingAlert() {
    assertThat(replay(5, 0, 80, NAN, 80, 80).firing(thresholds(NAN, 75, NAN, NAN), NAN)).containsExactly(1, 1, 0, 0);
  }

  @Test
  void theLowestThresholdWithinBudgetIsTheRoundestThatReplaysTheSame() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = (i * 37) % 100 + 0.5; // 0.5, 37.5, 74.5, ...: a permutation of 0.5 .. 99.5
    }
    RuleReplay replay = replay(0, 0, values);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    // at most 5 of 100 may breach: any threshold in (94.5, 95.5] lets 95.5 .. 99.5 through
    assertThat(replay.lowestWithinBudget(sorted, 1, thresholds(NAN, 75, NAN, NAN), 5, true, NAN, 75)).isEqualTo(95);
    // none may breach: any threshold above 99.5
    assertThat(replay.lowestWithinBudget(sorted, 1, thresholds(NAN, 75, NAN, NAN), 0, true, NAN, 75)).isEqualTo(100);
  }

  @Test
  void withoutAnyPossibleFiringThereIsNoLowestThreshold() {
    RuleReplay replay = replay(3600, 0, 50, 50, 50, 50);
    assertThat(replay.lowestWithinBudget(new double[] {50}, 1, thresholds(NAN, 75, NAN, NAN), 5, true, NAN, 75)).isNaN();
  }

  @Test
  void roundestPicksTheFewestSignificantDigitsInTheInterval() {
    assertThat(RuleReplay.roundest(87.3, 91.2)).isEqualTo(90);
    assertThat(RuleReplay.roundest(94, 95)).isEqualTo(95);
    assertThat(RuleReplay.roundest(80.1, 80.4)).isEqualTo(80.4);
    assertThat(RuleReplay.roundest(0.12, 0.13)).isEqualTo(0.13);
    assertThat(RuleReplay.roundest(104_857_600, 209_715_200)).isEqualTo(200_000_000);
    assertThat(RuleReplay.roundest(-5, -3)).isEqualTo(-3);
    assertThat(RuleReplay.roundest(99, Double.POSITIVE_INFINITY)).isEqualTo(100);
    assertThat(RuleReplay.roundest(0, Double.POSITIVE_INFINITY)).isEqualTo(1);
  }

  @Test
  void roundestIsAlwaysInsideTheInterval() {
    qt().forAll(doubles().between(-1e9, 1e9), doubles().between(1e-9, 1e6)).checkAssert((below, width) -> {
      double upTo = below + width;
      if (upTo > below) {
        double r = RuleReplay.roundest(below, upTo);
        assertThat(r).isGreaterThan(below).isLessThanOrEqualTo(upTo);
      }
    });
  }

  @Test
  void theLowestThresholdWithinBudgetIsWithinBudgetAndNothingLowerIs() {
    qt().forAll(integers().between(1, 60), integers().between(0, 20), integers().between(0, 99))
        .checkAssert((n, budget, seed) -> {
          double[] values = new double[n];
          for (int i = 0; i < n; i++) {
            values[i] = (i * 7919 + seed * 104_729) % 50; // values 0 .. 49 with repeats
          }
          RuleReplay replay = replay(5, 5, values);
          double[] sorted = Arrays.stream(values).distinct().sorted().toArray();
          double found = replay.lowestWithinBudget(sorted, 1, thresholds(NAN, 10, NAN, NAN), budget, true, NAN, 10);
          if (Double.isNaN(found)) {
            assertThat(replay.withinBudget(replay.firing(thresholds(NAN, sorted[0], NAN, NAN), NAN)[1], budget)).isTrue();
          } else {
            assertThat(replay.withinBudget(replay.firing(thresholds(NAN, found, NAN, NAN), NAN)[1], budget)).isTrue();
            double lower = Arrays.stream(sorted).filter(v -> v < found).max().orElse(Double.NaN);
            if (!Double.isNaN(lower)) {
              assertThat(replay.withinBudget(replay.firing(thresholds(NAN, lower, NAN, NAN), NAN)[1], budget)).isFalse();
            }
          }
        });
  }
}
