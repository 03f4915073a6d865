package io.github.resourcemanager.monitor;

/**
 * Receives every sample, in tick order, on the monitor thread.
 *
 * <p>The {@link Sample} is reused for the next tick: read what you need during the call and do not keep the
 * object. Listeners run one after another in registration order, so a listener must return quickly; slow
 * work belongs on an executor of its own. A listener that throws is logged and counted, and the remaining
 * listeners still run.
 */
@FunctionalInterface
public interface SampleListener {

  /** Called once per tick with the complete sample. */
  void onSample(Sample sample);
}
