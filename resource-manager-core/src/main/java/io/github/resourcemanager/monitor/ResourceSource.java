package io.github.resourcemanager.monitor;

import java.util.Set;

/**
 * A source of measurements, sampled once per monitor tick (SPI).
 *
 * <p>Implementations keep whatever state they need between ticks, such as the previous counter readings
 * from which they compute rates. Rates must come from the difference of two readings divided by the
 * difference of the two {@link SampleWriter#tickNanos()} values, and the first sample, having no previous
 * reading, writes {@code NaN} for them rather than 0. A counter that goes backwards (the measured thing
 * restarted) yields {@code NaN} for that tick, never a negative rate.
 *
 * <p>The monitor calls {@link #sample} from one thread at a time. A source that throws is logged, counted and
 * skipped for that tick. A source that {@linkplain #mayBlock may block} runs on a thread of its own with a
 * time budget; if it overruns, it is skipped until the call returns.
 */
public interface ResourceSource extends AutoCloseable {

  /** A short name for logs and statistics, e.g. {@code linux-proc}. */
  String name();

  /** Writes this tick's values. */
  void sample(SampleWriter out) throws Exception;

  /**
   * The metrics this source writes, when known in advance (meter binders and documentation use it).
   * The default is an empty set, meaning "not declared".
   */
  default Set<Metric> metrics() {
    return Set.of();
  }

  /**
   * Whether a call to {@link #sample} can block for an unbounded time (remote calls, locks, slow devices).
   * Such sources run on their own thread under the monitor's source time budget so that a hang cannot stall
   * the tick. The default is {@code true}; sources that only read local kernel files may return {@code false}
   * to run directly on the monitor thread.
   */
  default boolean mayBlock() {
    return true;
  }

  /** Releases what the source holds (open files, connections). Called once when the monitor closes. */
  @Override
  default void close() throws Exception {}
}
