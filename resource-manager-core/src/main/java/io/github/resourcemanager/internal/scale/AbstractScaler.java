package io.github.resourcemanager.internal.scale;

import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import io.github.resourcemanager.scale.ScaleDecision;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.scale.Scaler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every scaler shares: its name and target, the bounded log of its decisions and their listeners, the
 * evaluation of each monitor sample under the scaler's lock, and closing. Subclasses decide.
 *
 * <p>The {@link Scaler} interface is what users see; the resource manager that owns a scaler also registers it as
 * a {@link SampleListener} of its monitor and closes it.
 */
public abstract class AbstractScaler implements Scaler, SampleListener, AutoCloseable {
  final String name;
  final ScaleTarget target;
  final Clock clock;
  final DecisionLog decisions;
  private final SampleObservation sampleObservation = new SampleObservation();
  private volatile boolean closed;

  AbstractScaler(String name, ScaleTarget target, Clock clock, DecisionLog decisions) {
    this.name = name;
    this.target = target;
    this.clock = clock;
    this.decisions = decisions;
  }

  /** The checks every scaler's {@code validate} starts with. */
  static void validateArguments(String name, ScaleTarget target, Object config) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("scaler name must not be null or empty");
    }
    if (target == null) {
      throw new IllegalArgumentException("target of scaler \"" + name + "\" must not be null");
    }
    if (config == null) {
      throw new IllegalArgumentException("config of scaler \"" + name + "\" must not be null");
    }
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
    decisions.addListener(Checks.required("listener", listener));
  }

  @Override
  public boolean removeListener(Consumer<ScaleDecision> listener) {
    return decisions.removeListener(listener);
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
