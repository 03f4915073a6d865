package io.github.resourcemanager.export;

import io.github.resourcemanager.alert.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Replays a threshold rule over recorded values, as the alert pipeline would have evaluated them, and finds the
 * lowest threshold within a firing budget.
 *
 * <p>The state machine is the pipeline's: a value at or above (direction above) the lowest threshold starts a
 * pending alert; it fires once it has been active for {@code for}; a firing alert's severity is that of the highest
 * threshold breached, or the lowest one while hysteresis holds it above the clear threshold; once the condition
 * stops holding it keeps firing for {@code keepFiringFor}, keeping its last severity; a pending alert whose condition
 * stops holding is dropped. Replays start with no alert at the window's first sample.
 *
 * <p>Everything is computed in the "above" direction: a rule that breaches below its thresholds is replayed with every
 * value, threshold and clear threshold negated, which turns "at or below" into "at or above".
 */
final class RuleReplay {
  private static final int SEVERITIES = Severity.values().length;

  /**
   * The evaluations of one source (the machine, or one agent): ticker times and values (NaN: no data), negated for
   * "below". A plain holder of the replay's working arrays, never compared.
   */
  static final class Track {
    final long[] ticks;
    final double[] values;

    Track(long[] ticks, double[] values) {
      this.ticks = ticks;
      this.values = values;
    }

    double[] values() {
      return values;
    }
  }

  /**
   * The rank of a severity in the replay's arrays: 0 for the least serious. The replay indexes thresholds, counts and
   * budgets by rank in its inner loops, and "firing at s or above" is a suffix of them.
   */
  // Severity documents its declaration order as its order of seriousness, which is exactly the rank wanted here.
  @SuppressWarnings("EnumOrdinal")
  static int rank(Severity severity) {
    return severity.ordinal();
  }

  private final List<Track> tracks;
  private final long forNanos;
  private final long keepNanos;
  private final int evaluations;

  RuleReplay(List<Track> tracks, long forNanos, long keepNanos) {
    this.tracks = tracks;
    this.forNanos = forNanos;
    this.keepNanos = keepNanos;
    int n = 0;
    for (Track t : tracks) {
      n += t.values.length;
    }
    this.evaluations = n;
  }

  int evaluations() {
    return evaluations;
  }

  /**
   * How many evaluations would have found the alert firing at each severity or above.
   *
   * @param thresholds by severity ordinal, NaN where the rule has none; non-decreasing where present
   * @param clear the clear threshold, or NaN for none
   * @return counts by severity ordinal: {@code counts[s]} evaluations firing at severity {@code s} or above
   */
  int[] firing(double[] thresholds, double clear) {
    int lowest = -1;
    for (int s = 0; s < SEVERITIES; s++) {
      if (!Double.isNaN(thresholds[s])) {
        lowest = s;
        break;
      }
    }
    int[] atSeverity = new int[SEVERITIES];
    for (Track track : tracks) {
      int state = 0; // 0 inactive, 1 pending, 2 firing
      int severity = -1;
      long activeAt = 0;
      boolean keeping = false;
      long keepingSince = 0;
      for (int i = 0; i < track.values.length; i++) {
        double v = track.values[i];
        long now = track.ticks[i];
        int s = severityOf(v, thresholds);
        if (s < 0 && state == 2 && !Double.isNaN(clear) && v > clear) {
          s = lowest; // hysteresis: held at the lowest severity until the value crosses the clear threshold
        }
        if (s >= 0) {
          keeping = false;
          if (state == 0) {
            state = 1;
            activeAt = now;
          }
          severity = s;
          if (state == 1 && now - activeAt >= forNanos) {
            state = 2;
          }
        } else if (state == 1) {
          state = 0;
        } else if (state == 2) {
          if (keepNanos == 0) {
            state = 0;
          } else {
            if (!keeping) {
              keeping = true;
              keepingSince = now;
            }
            if (now - keepingSince >= keepNanos) {
              state = 0;
              keeping = false;
            }
          }
        }
        if (state == 2) {
          atSeverity[severity]++;
        }
      }
    }
    int[] atLeast = new int[SEVERITIES];
    int sum = 0;
    for (int s = SEVERITIES - 1; s >= 0; s--) {
      sum += atSeverity[s];
      atLeast[s] = sum;
    }
    return atLeast;
  }

  /** The most serious severity whose threshold {@code v} reaches, or -1 (always for NaN). */
  private static int severityOf(double v, double[] thresholds) {
    for (int s = SEVERITIES - 1; s >= 0; s--) {
      if (v >= thresholds[s]) { // false for NaN on either side
        return s;
      }
    }
    return -1;
  }

  /** Whether {@code count} of the evaluations is within {@code budgetPercent} of them. */
  boolean withinBudget(int count, double budgetPercent) {
    return evaluations == 0 || count * 100.0 <= budgetPercent * evaluations;
  }

  /**
   * The lowest threshold for {@code severity} within its budget, given the other thresholds, rounded to the
   * roundest number that gives the same replay; NaN when every threshold is within budget (no firing at all, even
   * with every measured value breaching: a {@code for} longer than any breach, say).
   *
   * @param sorted the distinct measured values, ascending (in the "above" direction)
   * @param thresholds the rule's thresholds by severity; the entry of {@code severity} is replaced while searching
   * @param lowest whether {@code severity} is the rule's lowest: its clear threshold then moves with it
   * @param clear the clear threshold when the entry of {@code severity} has the value {@code clearAt}, or NaN
   */
  double lowestWithinBudget(double[] sorted, int severity, double[] thresholds, double budgetPercent, boolean lowest,
      double clear, double clearAt) {
    double[] t = thresholds.clone();
    // Breaching sets change only at measured values: a threshold in (sorted[j - 1], sorted[j]] replays as sorted[j].
    int lo = 0;
    int hi = sorted.length; // index sorted.length stands for "above every value"
    if (feasible(sorted, 0, severity, t, budgetPercent, lowest, clear, clearAt)) {
      return Double.NaN;
    }
    while (hi - lo > 1) { // invariant: lo infeasible, hi feasible
      int mid = (lo + hi) >>> 1;
      if (feasible(sorted, mid, severity, t, budgetPercent, lowest, clear, clearAt)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    double below = sorted[hi - 1];
    double upTo = hi == sorted.length ? Double.POSITIVE_INFINITY : sorted[hi];
    double round = roundest(below, upTo);
    // Without hysteresis every threshold in (below, upTo] replays alike; a clear threshold moving with the lowest
    // threshold can make a rounder (lower) one fire longer, so the rounded value is checked.
    if (!Double.isNaN(clear) && lowest && !feasible(round, severity, t, budgetPercent, lowest, clear, clearAt)) {
      return hi == sorted.length ? Math.nextUp(below) : upTo;
    }
    return round;
  }

  private boolean feasible(double[] sorted, int index, int severity, double[] t, double budgetPercent, boolean lowest,
      double clear, double clearAt) {
    return feasible(index == sorted.length ? Math.nextUp(sorted[sorted.length - 1]) : sorted[index], severity, t,
        budgetPercent, lowest, clear, clearAt);
  }

  private boolean feasible(double candidate, int severity, double[] t, double budgetPercent, boolean lowest,
      double clear, double clearAt) {
    t[severity] = candidate;
    double c = Double.isNaN(clear) ? Double.NaN : lowest ? clear + (candidate - clearAt) : clear;
    return withinBudget(firing(t, c)[severity], budgetPercent);
  }

  /**
   * The roundest number in {@code (below, upTo]}: the one with the fewest significant digits (the largest power of
   * ten it is a multiple of), the largest such; {@code upTo} may be infinite, then the interval is
   * {@code (below, below + max(|below|, 1)]}.
   */
  static double roundest(double below, double upTo) {
    double hi = Double.isInfinite(upTo) ? below + Math.max(Math.abs(below), 1) : upTo;
    BigDecimal low = new BigDecimal(below);
    BigDecimal high = new BigDecimal(hi);
    int top = (int) Math.ceil(Math.log10(Math.max(Math.max(Math.abs(below), Math.abs(hi)), 1e-12))) + 1;
    for (int k = top; k >= -12; k--) {
      BigDecimal candidate = high.setScale(-k, RoundingMode.FLOOR);
      if (candidate.compareTo(low) > 0) {
        double d = candidate.doubleValue();
        if (d > below && d <= hi) {
          return d;
        }
      }
    }
    return hi;
  }
}
