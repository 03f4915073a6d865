package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options of the commands that answer from history. A fresh process has none, so these commands first run a
 * manager for {@code --collect} at {@code --interval}, which takes collect / interval + 1 samples (one at the
 * start, one per interval), then answer from what it recorded.
 */
final class CollectOptions {
  private static final Duration MAX_COLLECT = Duration.ofHours(24);

  @Option(names = "--collect", defaultValue = "10s", paramLabel = "DURATION",
      description = "How long to sample before answering (default: ${DEFAULT-VALUE}); a fresh process has no history.")
  Duration collect;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Time between samples while collecting (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--agents", defaultValue = "0", paramLabel = "N",
      description = "Demo agents to run while collecting, 0 to 3 (default: ${DEFAULT-VALUE}).")
  int agents;

  /** The number of samples a collection takes. */
  long samples() {
    return collect.toNanos() / interval.toNanos() + 1;
  }

  /** Checks the options; bad values are usage errors. */
  void validate(CommandSpec spec) {
    if (interval.isZero() || interval.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive, was " + interval);
    }
    if (collect.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--collect must not be negative, was " + collect);
    }
    if (collect.compareTo(MAX_COLLECT) > 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--collect must be at most 24h, was " + collect);
    }
    if (agents < 0 || agents > 3) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--agents must be between 0 and 3, was " + agents);
    }
  }

  /**
   * Samples for the collection time and returns the stopped manager holding the history; the caller closes it.
   * Progress goes to {@code err}.
   */
  ResourceManager run(CommandSpec spec, PrintWriter err) throws InterruptedException {
    return run(spec, err, b -> { }, rm -> { });
  }

  /**
   * As {@link #run(CommandSpec, PrintWriter)}, with the manager's builder given to {@code configure} before it is built
   * and the manager (its demo agents registered) given to {@code prepare} before it starts.
   */
  ResourceManager run(CommandSpec spec, PrintWriter err, Consumer<ResourceManager.Builder> configure,
      Consumer<ResourceManager> prepare) throws InterruptedException {
    validate(spec);
    long samples = samples();
    ResourceManager.Builder builder = ResourceManager.custom();
    configure.accept(builder);
    ResourceManager rm = builder.interval(interval).historyRetention(interval.multipliedBy(samples)).build();
    try (DemoAgents demo = DemoAgents.start(rm.tracker(), agents)) {
      prepare.accept(rm);
      CountDownLatch done = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, samples));
      rm.addListener(sample -> done.countDown());
      err.printf("collecting %d samples over %s at %s intervals...%n", samples, format(collect), format(interval));
      err.flush();
      rm.start();
      // Bounded: the samples are due by collect; the slack covers a slow first sample (OSHI warming up).
      if (!done.await(collect.toMillis() + interval.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
        rm.close();
        throw new IllegalStateException("the monitor took " + (samples - done.getCount()) + " of " + samples
            + " samples in the time allowed; is the machine overloaded?");
      }
      rm.stop();
      return rm;
    } catch (RuntimeException | InterruptedException e) {
      rm.close();
      throw e;
    }
  }

  /** {@code 250ms}, {@code 10s}, {@code 1.5s}: short, and never rounded up the way a countdown is. */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      return nanos / 1_000_000 + "ms";
    }
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
