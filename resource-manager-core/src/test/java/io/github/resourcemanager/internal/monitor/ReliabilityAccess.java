package io.github.resourcemanager.internal.monitor;

import io.github.resourcemanager.monitor.ResourceSource;
import java.nio.file.Path;

/**
 * What the reliability suite (package {@code io.github.resourcemanager.reliability}) needs from this package's
 * internals: a {@link LinuxProcSource} over a fake {@code /proc} whose counters it moves, and {@link CounterRate}.
 */
public final class ReliabilityAccess {

  private final ProcFixture fixture;

  /** A typical fake {@code /proc} in {@code dir} (interfaces lo and eth0 among others, disks sda and nvme0n1). */
  public ReliabilityAccess(Path dir) {
    this.fixture = new ProcFixture(dir).typical();
  }

  /** Sets an interface's received and sent byte counters and rewrites {@code /proc/net/dev}. */
  public ReliabilityAccess interfaceCounters(String name, long receivedBytes, long sentBytes) {
    long[] v = fixture.interfaces.get(name);
    v[0] = receivedBytes;
    v[1] = sentBytes;
    fixture.writeNetDev();
    return this;
  }

  /** Sets a disk's sectors read and written and rewrites {@code /proc/diskstats}. */
  public ReliabilityAccess diskSectors(String name, long read, long written) {
    long[] v = fixture.disks.get(name);
    v[0] = read;
    v[1] = written;
    fixture.writeDiskstats();
    return this;
  }

  /** A new {@link LinuxProcSource} reading this fake {@code /proc}. */
  public ResourceSource source() {
    return fixture.source();
  }

  /** The rates a fresh {@link CounterRate} gives for {@code values} read at {@code ticks} (nanoseconds). */
  public static double[] counterRates(long[] values, long[] ticks) {
    CounterRate rate = new CounterRate();
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = rate.update(values[i], ticks[i]);
    }
    return out;
  }
}
