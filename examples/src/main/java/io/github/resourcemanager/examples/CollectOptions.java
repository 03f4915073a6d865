package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

  @Option(names = "--no-progress", description = "Do not show progress on standard error.")
  boolean noProgress;

  /** The number of samples a collection takes. */
  long samples() {
    return collect.toNanos() / interval.toNanos() + 1;
  }

  /** Checks the options; bad values are usage errors naming the option and the value as typed. */
  void validate(CommandSpec spec) {
    if (interval.isZero() || interval.isNegative()) {
      throw Usage.error(spec, "--interval", "must be positive");
    }
    if (collect.isNegative()) {
      throw Usage.error(spec, "--collect", "must not be negative");
    }
    if (collect.compareTo(MAX_COLLECT) > 0) {
      throw Usage.error(spec, "--collect", "must be at most " + Durations.format(MAX_COLLECT));
    }
    if (agents < 0 || agents > 3) {
      throw Usage.error(spec, "--agents", "must be between 0 and 3");
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
      err.printf("collecting %s over %s at %s intervals...%n", Words.count(samples, "sample"), Durations.format(collect),
          Durations.format(interval));
      err.flush();
      long start = rm.ticker().read();
      try (Progress progress = Progress.start("collecting", collect, Usage.typed(spec, "--collect"), !noProgress,
          Cli.terminals().stderr(), err)) {
        rm.addListener(sample -> {
          done.countDown();
          long taken = samples - done.getCount();
          progress.update(Duration.ofNanos(rm.ticker().read() - start), taken, Progress.samples(taken, samples));
        });
        rm.start();
        // Bounded: the samples are due by collect; the slack covers a slow first sample (OSHI warming up).
        if (!done.await(collect.toMillis() + interval.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
          rm.close();
          throw new IllegalStateException("the monitor took " + (samples - done.getCount()) + " of "
              + Words.count(samples, "sample") + " in the time allowed; is the machine overloaded?");
        }
      }
      rm.stop();
      return rm;
    } catch (RuntimeException | InterruptedException e) {
      rm.close();
      throw e;
    }
  }

  /** {@code 250ms}, {@code 10s}, {@code 25h}: as the user writes it. */
  static String format(Duration d) {
    return Durations.format(d);
  }
}
