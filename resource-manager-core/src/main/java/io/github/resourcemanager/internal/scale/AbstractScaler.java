package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.internal.Faults;
import io.github.resourcemanager.internal.monitor.SteppedListener;
import io.github.resourcemanager.internal.monitor.TickStep;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.Scaler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scaler shares: its name and target, the bounded log of its decisions and their listeners, the
 * evaluation of each monitor sample under the scaler's lock, and closing. Subclasses decide.
 *
 * <p>The {@link Scaler} interface is what users see; the resource manager that owns a scaler also registers it as
 * a {@link SampleListener} of its monitor and closes it. Under the monitor a scaler's work on a sample is one
 * {@link TickStep}: a target that has not returned by the callback timeout leaves the scaler skipped until it returns,
 * without holding anything a query needs (queries read the {@link DecisionLog}, whose lock no target call holds).
 * Anything a target throws, {@link Error}s included (but fatal JVM errors), is a {@link
 * io.github.resourcemanager.scale.ScaleOutcome#FAILED} decision.
 */
public abstract class AbstractScaler implements Scaler, SteppedListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AbstractScaler.class);

  final String name;
  final ScaleTarget target;
  final Clock clock;
  final DecisionLog decisions;
  private final SampleObservation sampleObservation = new SampleObservation();
  private volatile boolean closed;
  private boolean targetFailing; // guarded by this (decisions are serialized)

  AbstractScaler(String name, ScaleTarget target, Clock clock, DecisionLog decisions) {
    this.name = name;
    this.target = target;
    this.clock = clock;
    this.decisions = decisions;
  }

  /**
   * The checks every scaler's {@code validate} starts with.
   *
   * @throws NullPointerException naming the parameter if an argument is null
   * @throws IllegalArgumentException if {@code name} is empty
   */
  static void validateArguments(String name, ScaleTarget target, Object config) {
    Checks.required("name", name);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("scaler name must not be empty");
    }
    Checks.required("target", target);
    Checks.required("config", config);
  }

  /**
   * Decides on {@code observation}, applying the decision to the target. Monitor samples arrive through
   * {@link #onSample}; this drives the scaler with any values (tests and benchmarks).
   *
   * @return whether a decision was made (a scaler may skip observations that come sooner than it decides)
   * @throws IllegalStateException if the scaler is closed
   */
  public abstract boolean evaluate(Observation observation);

  /** @throws IllegalStateException if the scaler is closed */
  final void requireOpen() {
    if (closed) {
      throw new IllegalStateException("scaler \"" + name + "\" is closed");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ScaleTarget target() {
    return target;
  }

  /** Counts the failures of decision listeners in {@code counter} too (the monitor's listener failures). */
  public void countListenerFailuresIn(AtomicLong counter) {
    decisions.countFailuresIn(counter);
  }

  @Override
  public List<TickStep> tickSteps(Supplier<Sample> sample) {
    return List.of(new TickStep("scaler '" + name + "' (target '" + target.name() + "')") {
      @Override
      protected void run() {
        onSample(sample.get());
      }

      @Override
      protected void overran(long elapsedNanos) {
        log.warn("scaler '{}': a call into target '{}' or a decision listener did not return within {}; the scaler "
            + "skips samples until it returns", name, target.name(),
            io.github.resourcemanager.internal.Durations.format(elapsedNanos));
      }
    });
  }

  @Override
  public void onSample(Sample sample) {
    if (closed) {
      return;
    }
    synchronized (this) {
      try {
        evaluate(sampleObservation.reset(sample));
      } finally {
        sampleObservation.clear();
      }
    }
  }

  @Override
  public List<ScaleDecision> decisions() {
    return decisions.decisions();
  }

  @Override
  public Optional<ScaleDecision> lastDecision() {
    return decisions.last();
  }

  @Override
  public long unchangedEvaluations() {
    return decisions.unchanged();
  }

  @Override
  public void addListener(Consumer<ScaleDecision> listener) {
    Checks.required("listener", listener);
    requireOpen();
    decisions.addListener(listener);
  }

  @Override
  public boolean removeListener(Consumer<ScaleDecision> listener) {
    return decisions.removeListener(listener);
  }

  /** Contains a failure of a target call: fatal JVM errors are rethrown, the rest is for a FAILED decision. */
  static void containTargetFailure(Throwable t) {
    Faults.rethrowIfFatal(t);
  }

  /**
   * Logs a failed target call (already recorded as a FAILED decision): the first of a run at warn with its stack
   * trace, the rest at debug until a decision goes through. Decision-thread state.
   */
  final void targetFailed(String message, Throwable e) {
    try {
      if (!targetFailing) {
        targetFailing = true;
        log.warn("scaler {}: {} (further failures are logged at debug until a decision succeeds)", name, message, e);
      } else {
        log.debug("scaler {}: {}", name, message, e);
      }
    } catch (Throwable logging) {
      Faults.rethrowIfFatal(logging);
    }
  }

  /** Ends a run of target failures. */
  final void targetSucceeded() {
    if (targetFailing) {
      targetFailing = false;
      log.info("scaler {}: target '{}' works again", name, target.name());
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Stops deciding: later samples are ignored and listeners are dropped. The history stays readable. Idempotent. */
  @Override
  public void close() {
    closed = true;
    decisions.clearListeners();
  }
}
