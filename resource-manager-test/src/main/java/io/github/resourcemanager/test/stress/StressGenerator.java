package io.github.resourcemanager.test.stress;

import java.io.IOException;
import java.util.Objects;

/**
 * A bounded, self-stopping load generator for tests and demos: CPU to a target share of the machine, heap,
 * parked threads and open files, for a set duration, with a report of what was asked and what was achieved.
 *
 * <pre>{@code
 * StressConfig config = StressConfig.custom().duration(Duration.ofSeconds(30))
 *     .cpuPercent(50).memory(ByteSize.parse("256Mi")).threads(100).openFiles(50).build();
 * StressReport report = StressGenerator.run(config);      // blocks for 30 s
 *
 * try (StressRun run = StressGenerator.start(config)) {   // or in the background
 *   exerciseTheSystemUnderTest();
 * }                                                      // closing ends it early and releases everything
 * }</pre>
 *
 * <p>It never takes more than asked: targets are checked against the machine when the configuration is built,
 * and each CPU thread uses at most its share of CPU time in every 50 ms period. It always gives back what it
 * took: when the duration passes, on {@link StressRun#close()}, when interrupted, and when taking or holding a
 * resource fails.
 */
public final class StressGenerator {
  private StressGenerator() {}

  /**
   * Takes the resources and returns the running run; it ends by itself when the duration passes.
   *
   * @throws IOException if the temporary files cannot be made (everything taken is released first)
   * @throws OutOfMemoryError if the heap runs out while taking the memory (the memory taken is dropped first)
   */
  public static StressRun start(StressConfig config) throws IOException {
    return StressRun.start(Objects.requireNonNull(config, "config"));
  }

  /**
   * Runs for the configured duration and returns the report.
   *
   * @throws InterruptedException if the calling thread is interrupted; the run is ended and released first
   * @throws IOException as {@link #start}
   */
  public static StressReport run(StressConfig config) throws IOException, InterruptedException {
    try (StressRun run = start(config)) {
      run.await();
      return run.report();
    }
  }
}
