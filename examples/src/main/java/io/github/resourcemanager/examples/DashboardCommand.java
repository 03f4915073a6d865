package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.dashboard.Dashboard;
import io.github.resourcemanager.dashboard.DashboardConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the live web dashboard of this machine, this JVM and a few demo agents. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {"Serve a live web dashboard (charts, alerts with an Acknowledge button, scaler decisions) of this "
        + "machine, this JVM and demo agents.",
        "Prints the page's address, then serves it for --duration, or until Ctrl-C when the duration is 0s."})
final class DashboardCommand implements Callable<Integer> {

  @Option(names = {"-p", "--port"}, defaultValue = "8080", paramLabel = "PORT",
      description = "TCP port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = DashboardConfig.DEFAULT_BIND_ADDRESS, paramLabel = "ADDRESS",
      description = "IP address to listen on (default: ${DEFAULT-VALUE}). Any other than a loopback address lets "
          + "whoever reaches it see the page and acknowledge alerts.")
  String bind;

  @Option(names = "--duration", defaultValue = "0s", paramLabel = "DURATION",
      description = "How long to serve, e.g. 10m (default: ${DEFAULT-VALUE}, until Ctrl-C).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Time between samples, and so between chart updates (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--agents", defaultValue = "3", paramLabel = "N",
      description = "Demo agents to run, 0 to 3 (default: ${DEFAULT-VALUE}).")
  int agents;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DashboardConfig config = validate();
    PrintWriter out = spec.commandLine().getOut();
    try (ResourceManager rm = ResourceManager.custom().interval(interval).build();
         DemoAgents demo = DemoAgents.start(rm.tracker(), agents);
         Dashboard dashboard = Dashboard.start(rm, config)) {
      rm.start();
      out.println("dashboard: " + dashboard.uri());
      out.println(duration.isZero() ? "serving until Ctrl-C" : "serving for " + CollectOptions.format(duration));
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook = new Thread(stop::countDown, "dashboard-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (duration.isZero()) {
          stop.await();
        } else {
          stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the JVM is already running the hooks
        }
      }
    }
    return 0;
  }

  private DashboardConfig validate() {
    CommandLine cmd = spec.commandLine();
    if (duration.isNegative()) {
      throw new CommandLine.ParameterException(cmd, "--duration must not be negative, was " + duration);
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new CommandLine.ParameterException(cmd, "--interval must be positive, was " + interval);
    }
    if (agents < 0 || agents > 3) {
      throw new CommandLine.ParameterException(cmd, "--agents must be between 0 and 3, was " + agents);
    }
    DashboardConfig.Builder config = DashboardConfig.custom();
    try {
      config.port(port);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--" + e.getMessage()); // "port must be between ..."
    }
    try {
      config.bindAddress(bind);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage().replaceFirst("^bindAddress", "--bind"));
    }
    return config.build();
  }
}
