package io.github.resourcemanager.internal.allocate;

/**
 * What an agent should be, as enforcement decided from the limits it is under: paused, throttled to a fraction, or
 * running. Immutable; {@link Enforcement} compares it with what each enforcer was last told.
 */
final class Desired {
  static final Desired RUNNING = new Desired(false, 1.0, "");

  final boolean paused;
  final double fraction;
  final String reason; // empty while running

  Desired(boolean paused, double fraction, String reason) {
    this.paused = paused;
    this.fraction = fraction;
    this.reason = reason;
  }
}
