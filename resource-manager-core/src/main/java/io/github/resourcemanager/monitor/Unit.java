package io.github.resourcemanager.monitor;

/** The unit a {@link Metric}'s values are expressed in. */
public enum Unit {
  /** A percentage, 0 to 100. CPU percentages are of the whole machine (all cores), not of one core. */
  PERCENT("%"),
  /** Bytes. */
  BYTES("bytes"),
  /** Bytes per second, computed from the difference of two counter readings over ticker time. */
  BYTES_PER_SECOND("bytes/s"),
  /** A count of things (threads, file descriptors). */
  COUNT("count"),
  /** Seconds. */
  SECONDS("seconds"),
  /** A dimensionless number (load average). */
  NONE("");

  private final String symbol;

  Unit(String symbol) {
    this.symbol = symbol;
  }

  /** The symbol used in headers and messages, e.g. {@code bytes/s}; empty for {@link #NONE}. */
  public String symbol() {
    return symbol;
  }
}
