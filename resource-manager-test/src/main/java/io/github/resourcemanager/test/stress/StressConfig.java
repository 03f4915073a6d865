package io.github.resourcemanager.test.stress;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.Scheduler;
import io.github.resourcemanager.Ticker;
import io.github.resourcemanager.units.ByteSize;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a stress run generates and for how long. Immutable; build with {@link #custom()}. Targets are checked
 * against this machine when built, so a run can never take more than it is allowed to.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>allowed</th></tr>
 *   <tr><td>duration</td><td>required</td><td>above 0, at most 24 h; measured with the ticker</td></tr>
 *   <tr><td>cpuPercent</td><td>none</td><td>above 0, at most 100: a share of all logical CPUs of the machine</td></tr>
 *   <tr><td>cpuThreads</td><td>the fewest that reach cpuPercent: ceil(cpuPercent x CPUs / 100)</td>
 *       <td>at least that, at most 1024; each thread is busy for an equal share</td></tr>
 *   <tr><td>memory</td><td>none</td><td>heap held, at most half of the maximum heap</td></tr>
 *   <tr><td>threads</td><td>0</td><td>parked threads, at most 10,000</td></tr>
 *   <tr><td>openFiles</td><td>0</td><td>temporary files held open, at most 10,000 and at most half of the file
 *       descriptors this process may still open</td></tr>
 *   <tr><td>directory</td><td>{@code java.io.tmpdir}</td><td>where the temporary files' directory is made</td></tr>
 *   <tr><td>manager</td><td>none</td><td>a {@link ResourceManager} whose monitor statistics (before and after),
 *       alerts fired and scaling decisions during the run the report records</td></tr>
 *   <tr><td>ticker / clock / scheduler</td><td>system</td><td>the duration is measured with the ticker and checked
 *       by a task of the scheduler; start and end times come from the clock</td></tr>
 * </table>
 *
 * <p>At least one of cpuPercent, memory, threads and openFiles must be set.
 */
public final class StressConfig {
  /** The longest run allowed: 24 hours. */
  public static final Duration MAX_DURATION = Duration.ofHours(24);
  /** The largest share of the maximum heap a run may hold: one half. */
  public static final double MAX_HEAP_SHARE = 0.5;
  /** The most CPU threads. */
  public static final int MAX_CPU_THREADS = 1024;
  /** The most parked threads. */
  public static final int MAX_THREADS = 10_000;
  /** The most open files. */
  public static final int MAX_OPEN_FILES = 10_000;

  private final Duration duration;
  private final double cpuPercent; // 0: none
  private final int cpuThreads;
  private final long memoryBytes;
  private final int threads;
  private final int openFiles;
  private final Path directory;
  private final @Nullable ResourceManager manager;
  private final Ticker ticker;
  private final Clock clock;
  private final Scheduler scheduler;
  private final int cpus;
  // test hooks, package-private
  final FileOpener fileOpener;
  final Runnable onCpuPeriod;

  private StressConfig(Builder b) {
    Machine machine = b.machine;
    if (b.duration == null) {
      throw new IllegalArgumentException("duration must be set, e.g. duration(Duration.ofSeconds(30)); at most " + MAX_DURATION);
    }
    if (b.duration.isZero() || b.duration.isNegative() || b.duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("duration must be above 0 and at most " + MAX_DURATION + ", was " + b.duration);
    }
    this.duration = b.duration;

    if (b.cpuPercent != null && !(b.cpuPercent > 0 && b.cpuPercent <= 100)) {
      throw new IllegalArgumentException("cpuPercent must be above 0 and at most 100 (% of all " + machine.cpus()
          + " CPUs), was " + b.cpuPercent);
    }
    this.cpuPercent = b.cpuPercent == null ? 0 : b.cpuPercent;
    int needed = (int) Math.ceil(cpuPercent * machine.cpus() / 100 - 1e-9);
    if (b.cpuThreads != null) {
      if (b.cpuPercent == null) {
        throw new IllegalArgumentException("cpuThreads " + b.cpuThreads + " is set without cpuPercent; set the CPU target too");
      }
      if (b.cpuThreads < 1 || b.cpuThreads > MAX_CPU_THREADS) {
        throw new IllegalArgumentException("cpuThreads must be between 1 and " + MAX_CPU_THREADS + ", was " + b.cpuThreads);
      }
      if (b.cpuThreads < needed) {
        throw new IllegalArgumentException("cpuThreads " + b.cpuThreads + " cannot reach cpuPercent " + cpuPercent
            + " of " + machine.cpus() + " CPUs: each thread can keep at most one CPU busy; allowed: at least " + needed);
      }
    }
    this.cpuThreads = b.cpuThreads != null ? b.cpuThreads : needed;

    long maxMemory = (long) (machine.maxHeapBytes() * MAX_HEAP_SHARE);
    if (b.memory != null && (b.memory.bytes() <= 0 || b.memory.bytes() > maxMemory)) {
      throw new IllegalArgumentException("memory " + b.memory + " is not allowed; allowed: above 0 and at most half of the "
          + "maximum heap " + ByteSize.ofBytes(machine.maxHeapBytes()) + ", that is " + ByteSize.ofBytes(maxMemory));
    }
    this.memoryBytes = b.memory == null ? 0 : b.memory.bytes();

    if (b.threads < 0 || b.threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be between 0 and " + MAX_THREADS + ", was " + b.threads);
    }
    this.threads = b.threads;

    long maxFiles = machine.fileHeadroom() < 0 ? MAX_OPEN_FILES : Math.min(MAX_OPEN_FILES, machine.fileHeadroom());
    if (b.openFiles < 0 || b.openFiles > maxFiles) {
      throw new IllegalArgumentException("openFiles must be between 0 and " + maxFiles + (maxFiles < MAX_OPEN_FILES
          ? " (half of the file descriptors this process may still open)" : "") + ", was " + b.openFiles);
    }
    this.openFiles = b.openFiles;

    if (cpuPercent == 0 && memoryBytes == 0 && threads == 0 && openFiles == 0) {
      throw new IllegalArgumentException("nothing to generate: set at least one of cpuPercent, memory, threads, openFiles");
    }
    this.directory = b.directory;
    this.manager = b.manager;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    this.cpus = machine.cpus();
    this.fileOpener = b.fileOpener;
    this.onCpuPeriod = b.onCpuPeriod;
  }

  /** A builder with nothing to generate yet; set a duration and at least one target. */
  public static Builder custom() {
    return new Builder();
  }

  /** How long the run lasts. */
  public Duration duration() {
    return duration;
  }

  /** The CPU target as a share of all logical CPUs, 0-100; 0 when no CPU load is asked for. */
  public double cpuPercent() {
    return cpuPercent;
  }

  /** The threads that generate the CPU load; 0 when there is none. */
  public int cpuThreads() {
    return cpuThreads;
  }

  /** The heap to hold, bytes; 0 for none. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** The parked threads to start. */
  public int threads() {
    return threads;
  }

  /** The temporary files to hold open. */
  public int openFiles() {
    return openFiles;
  }

  /** Where the directory of temporary files is made. */
  public Path directory() {
    return directory;
  }

  /** The manager whose monitor statistics, alerts and scaling decisions the report records, if any. */
  public Optional<ResourceManager> manager() {
    return Optional.ofNullable(manager);
  }

  /** The ticker the duration is measured with. */
  public Ticker ticker() {
    return ticker;
  }

  /** The clock of the report's start and end times. */
  public Clock clock() {
    return clock;
  }

  /** The scheduler of the task that ends the run when the duration has passed. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The logical CPUs the CPU target was computed for. */
  public int cpus() {
    return cpus;
  }

  @Override
  public String toString() {
    return "StressConfig{duration=" + duration + ", cpuPercent=" + cpuPercent + ", cpuThreads=" + cpuThreads
        + ", memoryBytes=" + memoryBytes + ", threads=" + threads + ", openFiles=" + openFiles + "}";
  }

  /** Opens one temporary file; replaceable in tests to fail on purpose. */
  @FunctionalInterface
  interface FileOpener {
    java.nio.channels.FileChannel open(Path file) throws java.io.IOException;
  }

  /** Builds a {@link StressConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration duration;
    private @Nullable Double cpuPercent;
    private @Nullable Integer cpuThreads;
    private @Nullable ByteSize memory;
    private int threads;
    private int openFiles;
    private Path directory = Path.of(System.getProperty("java.io.tmpdir"));
    private @Nullable ResourceManager manager;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = Scheduler.system();
    private Machine machine = Machine.current();
    private FileOpener fileOpener = file -> java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    private Runnable onCpuPeriod = () -> { };

    private Builder() {}

    /** How long the run lasts: above 0, at most 24 h. Required. */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** Keeps this share of all logical CPUs busy, above 0 and at most 100 (%). */
    public Builder cpuPercent(double percent) {
      this.cpuPercent = percent;
      return this;
    }

    /** Spreads the CPU load over this many threads; default the fewest that can reach the target. */
    public Builder cpuThreads(int threads) {
      this.cpuThreads = threads;
      return this;
    }

    /** Holds this much heap, in byte arrays that are written to; at most half of the maximum heap. */
    public Builder memory(ByteSize memory) {
      this.memory = Objects.requireNonNull(memory, "memory");
      return this;
    }

    /** Starts this many threads that stay parked; at most 10,000. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Holds this many temporary files open; at most 10,000 and half of the descriptors still available. */
    public Builder openFiles(int files) {
      this.openFiles = files;
      return this;
    }

    /** Where the temporary files' directory is made; default {@code java.io.tmpdir}. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Records this manager's monitor statistics before and after the run, the alerts that fire and the decisions its
     * scalers make during it in the report ({@link StressReport#alerts()}, {@link StressReport#scaling()}).
     */
    public Builder manager(ResourceManager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
      return this;
    }

    /** The ticker the duration is measured with; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The clock of the report's times; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The scheduler of the task that ends the run; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    Builder machine(Machine machine) {
      this.machine = Objects.requireNonNull(machine, "machine");
      return this;
    }

    Builder fileOpener(FileOpener opener) {
      this.fileOpener = Objects.requireNonNull(opener, "opener");
      return this;
    }

    Builder onCpuPeriod(Runnable hook) {
      this.onCpuPeriod = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Validates the targets against this machine and builds the configuration.
     *
     * @throws IllegalArgumentException naming the first target that is missing or not allowed, and what is
     */
    public StressConfig build() {
      return new StressConfig(this);
    }
  }
}
