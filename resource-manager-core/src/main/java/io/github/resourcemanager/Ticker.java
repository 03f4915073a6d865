package io.github.resourcemanager;

/**
 * A monotonic source of elapsed time in nanoseconds.
 *
 * <p>Every duration the library measures (rates, {@code for} durations, cooldowns, stabilization windows)
 * is the difference of two {@code read()} values, never of wall-clock timestamps. Tests substitute a manual
 * ticker (see the {@code resource-manager-test} module) to drive time deterministically.
 *
 * <p>Values have no relation to wall-clock time and are only meaningful as differences.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the current reading of this ticker in nanoseconds. */
  long read();

  /** A ticker backed by {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
