package io.github.resourcemanager.internal.alert;

import io.github.resourcemanager.alert.AlertPipeline;
import io.github.resourcemanager.internal.Durations;
import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.internal.monitor.TickStep;
import io.github.resourcemanager.monitor.Sample;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading of one gauge rule's gauge, taken before the rules are evaluated and outside the engine's lock, so
 * that a gauge that blocks holds no lock a query needs. Under the monitor each reading is a {@link TickStep} of its
 * own: a gauge that throws (anything but a fatal JVM error) or has not returned by the callback timeout counts as "no
 * data" for that sample, and one that overran is skipped until it returns; the other rules are evaluated as usual.
 * The first failure of a run is logged with its stack trace, the recovery at info.
 */
final class GaugeReading {

  private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

  private final CompiledRule rule;
  private final DoubleSupplier gauge; // the rule's
  private final AtomicLong failures;
  private final AtomicLong timeouts;
  // Written by the thread reading the gauge; published by commit() only when the read returned in time.
  private double pending;
  private boolean pendingOk;
  private long pendingSequence;
  private volatile double value;
  private volatile long validFor = Long.MIN_VALUE;
  private volatile boolean failing;

  GaugeReading(CompiledRule rule, DoubleSupplier gauge, AtomicLong failures, AtomicLong timeouts) {
    this.rule = rule;
    this.gauge = gauge;
    this.failures = failures;
    this.timeouts = timeouts;
  }

  /** Reads the gauge for the sample numbered {@code sequence}; {@link #commit} makes the value count. */
  void read(long sequence) {
    pendingOk = false;
    pendingSequence = sequence;
    try {
      double v = gauge.getAsDouble();
      pending = Double.isInfinite(v) ? Double.NaN : v;
      pendingOk = true;
    } catch (Throwable t) {
      failures.incrementAndGet();
      if (!failing) {
        failing = true;
        try {
          log.warn("gauge {} of alert rule '{}' failed; counted as no data until it recovers", rule.input, rule.name, t);
        } catch (Throwable logging) {
          Faults.rethrowIfFatal(logging);
        }
      }
      Faults.rethrowIfFatal(t);
      return;
    }
    if (failing) {
      failing = false;
      log.info("gauge {} of alert rule '{}' recovered", rule.input, rule.name);
    }
  }

  /** Makes the last read count for its sample, if it succeeded. */
  void commit() {
    if (pendingOk) {
      value = pending;
      validFor = pendingSequence;
    }
  }

  /** The gauge's value for the sample numbered {@code sequence}, or {@code NaN} if it was not read in time. */
  double valueAt(long sequence) {
    return validFor == sequence ? value : Double.NaN;
  }

  /** The step that reads this gauge on the monitor's worker, under the callback timeout. */
  TickStep step(Supplier<Sample> sample) {
    return new TickStep("gauge " + rule.input + " of alert rule '" + rule.name + "'") {
      @Override
      protected void run() {
        read(sample.get().sequence());
      }

      @Override
      protected void completed() {
        commit();
      }

      @Override
      protected void overran(long elapsedNanos) {
        timeouts.incrementAndGet();
        log.warn("gauge {} of alert rule '{}' did not return within {}; counted as no data, and not read again until "
            + "the call returns", rule.input, rule.name, Durations.format(elapsedNanos));
      }

      @Override
      protected void returned(long elapsedNanos) {
        log.info("gauge {} of alert rule '{}' returned after {}; it is read again from the next sample", rule.input,
            rule.name, Durations.format(elapsedNanos));
      }
    };
  }
}
