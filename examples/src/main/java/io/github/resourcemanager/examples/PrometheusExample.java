package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Binds a {@link ResourceManager} to a Micrometer {@link PrometheusMeterRegistry} and prints what Prometheus would
 * scrape: the machine, this process, the JVM, two demo agents of project {@code demo} with their shares, the alert
 * gauges. Runs on its own ({@link #main}) or as the command line tool's {@code prometheus} command.
 */
@Command(name = "prometheus", mixinStandardHelpOptions = true,
    description = "Sample the machine and two demo agents, then print the Micrometer meters in the Prometheus text format.")
public final class PrometheusExample implements Callable<Integer> {

  private static final List<String> AGENTS = List.of("cruncher", "allocator"); // DemoAgents' first two

  @Option(names = "--samples", defaultValue = "3",
      description = "Samples to take before scraping, 2 to 100 (default: ${DEFAULT-VALUE}); rates need two.")
  int samples;

  @Option(names = "--interval", defaultValue = "1s",
      description = "Time between samples, up to 1m (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Spec
  CommandSpec spec;

  /** Runs the example on its own and exits with its exit code (0 success, 1 failure, 2 bad usage). */
  public static void main(String[] args) {
    CommandLine cmd = new CommandLine(new PrometheusExample());
    cmd.registerConverter(Duration.class, new DurationConverter());
    System.exit(cmd.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (samples < 2 || samples > 100) {
      throw Usage.error(spec, "--samples", "must be between 2 and 100");
    }
    if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw Usage.error(spec, "--interval", "must be more than 0 and at most 1m");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(scrape(samples, interval));
    out.flush();
    return 0;
  }

  /**
   * Starts a manager with allocation for project {@code demo}, admits and runs the demo agents, takes {@code samples}
   * samples {@code interval} apart, and returns the Prometheus scrape of the bound registry.
   */
  static String scrape(int samples, Duration interval) throws InterruptedException {
    AllocationConfig allocation = AllocationConfig.custom()
        .globalLimits(ResourceVector.of(Resource.CPU, "1").with(Resource.MEMORY, "512Mi"))
        .project(ProjectConfig.custom("demo").build())
        .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ResourceManager rm = ResourceManager.custom().interval(interval).allocation(allocation).build();
         ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm)) {
      for (String agent : AGENTS) {
        rm.allocation().admit(AgentSpec.custom(agent).project("demo").build()); // registers it with project=demo
      }
      metrics.bindTo(registry);
      try (DemoAgents demo = DemoAgents.start(rm.tracker(), AGENTS.size())) {
        // Samples taken on this thread, a real interval apart: a fixed number of them, so the example ends by itself.
        for (int i = 0; i < samples; i++) {
          if (i > 0) {
            Thread.sleep(interval.toMillis());
          }
          rm.sampleNow();
        }
        return registry.scrape();
      }
    } finally {
      registry.close();
    }
  }
}
