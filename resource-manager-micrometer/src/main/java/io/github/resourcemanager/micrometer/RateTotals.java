package io.github.resourcemanager.micrometer;

import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Adds up rate metrics (bytes per second) into totals, one sample at a time: each sample's rate times the ticker time
 * since the previous sample the binder saw. A rate the monitor computes from two counter readings over that same
 * interval gives back the bytes the counter grew by, so the totals are counters Prometheus can take {@code rate()} and
 * {@code increase()} of. A sample whose rate is missing (the source's first reading, a counter that went backwards)
 * adds nothing; the first sample the binder sees only sets the starting time.
 *
 * <p>Updated on the monitor thread under the binder's lock, read by scraping threads; allocates nothing.
 */
final class RateTotals {
  private final Metric[] rates;
  private final AtomicLongArray totals; // Double bits
  private long previousTick;
  private boolean hasPrevious;

  RateTotals(Metric... rates) {
    this.rates = rates.clone();
    this.totals = new AtomicLongArray(rates.length);
  }

  /** Adds {@code sample}'s rates times the time since the previous sample. Called for every sample, in order. */
  void add(Sample sample) {
    long tick = sample.tickNanos();
    if (hasPrevious && tick > previousTick) {
      double seconds = (tick - previousTick) / 1e9;
      for (int i = 0; i < rates.length; i++) {
        double rate = sample.value(rates[i]);
        if (rate >= 0 && rate < Double.POSITIVE_INFINITY) { // false for NaN
          totals.set(i, Double.doubleToRawLongBits(Double.longBitsToDouble(totals.get(i)) + rate * seconds));
        }
      }
    }
    previousTick = tick;
    hasPrevious = true;
  }

  /** The total of {@code rate} so far; 0 for a metric this object does not add up. */
  double total(Metric rate) {
    for (int i = 0; i < rates.length; i++) {
      if (rates[i] == rate) {
        return Double.longBitsToDouble(totals.get(i));
      }
    }
    return 0;
  }
}
