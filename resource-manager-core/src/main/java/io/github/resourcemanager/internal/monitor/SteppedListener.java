package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleListener;
import java.util.List;
import java.util.function.Supplier;

/**
 * A listener of the library's own whose work on a sample is several {@link TickStep}s, each of which calls into at
 * most one user callback (a gauge, a target, the enforcers, the event listeners), so that the monitor times each on
 * its own: one that gets stuck is skipped until it returns while the others go on. {@link #onSample} runs the same
 * steps one after the other on the calling thread, without deadlines (for direct use and tests).
 */
public interface SteppedListener extends SampleListener {

  /**
   * The steps of this listener's work on each sample, in order; called once, when the listener is added.
   *
   * @param sample the sample of the tick in progress, to be read during a step only
   */
  List<TickStep> tickSteps(Supplier<Sample> sample);
}
