package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.dashboard.Dashboard;
import io.github.resourcemanager.dashboard.DashboardConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the live web dashboard of this machine, this JVM and a few demo agents. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {"Serve a live web dashboard (charts, alerts with an Acknowledge button, scaler decisions, "
        + "allocation shares) of this machine, this JVM and demo agents.",
        "Prints the page's address, then serves it for --duration, or until Ctrl-C when the duration is 0."})
final class DashboardCommand implements Callable<Integer> {

  /** The demo's scaler, watching the wave agent's CPU. */
  static final String DEMO_SCALER = "demo-workers";
  /** The demo's alert rule, per agent on CPU. */
  static final String DEMO_ALERT = "demo-agent-busy";

  @Option(names = {"-p", "--port"}, defaultValue = "8080", paramLabel = "PORT",
      description = "TCP port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = DashboardConfig.DEFAULT_BIND_ADDRESS, paramLabel = "ADDRESS",
      description = "IP address to listen on (default: ${DEFAULT-VALUE}). Any other than a loopback address lets "
          + "whoever reaches it see the page and acknowledge alerts, and needs --allowed-host.")
  String bind;

  @Option(names = "--allowed-host", paramLabel = "HOST",
      description = "A name the page is opened at from other machines (build-box, 10.0.0.5); required with a "
          + "non-loopback --bind, whose page address names the first. Repeat for more.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--duration", defaultValue = "0", paramLabel = "DURATION",
      description = "How long to serve, e.g. 10m (default: ${DEFAULT-VALUE}, until Ctrl-C).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Time between samples, and so between chart updates (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--agents", defaultValue = "3", paramLabel = "N",
      description = "Demo agents to run, 0 to 3 (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
      description = {"Add a WARNING rule named METRIC-high that fires at or above VALUE, in the metric's unit "
          + "(system.cpu.usage=50); an agent.* metric is watched per agent. Repeat for more."})
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--demo",
      description = {"Bring every panel to life: a 'wave' agent whose CPU rises and falls each minute, a scaler "
          + "(" + DEMO_SCALER + ") and an alert (" + DEMO_ALERT + ") watching it, and allocation shares for the "
          + "demo agents."})
  boolean demo;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DashboardConfig config = validate();
    List<AlertRule> rules = Thresholds.rules(spec, thresholds);
    PrintWriter out = spec.commandLine().getOut();
    ResourceManager.Builder builder = ResourceManager.custom();
    rules.forEach(builder::alertRule);
    AtomicInteger workers = new AtomicInteger(2);
    if (demo) {
      demo(builder, workers);
    }
    builder.interval(interval);
    try (ResourceManager rm = builder.build();
         DemoAgents demoAgents = DemoAgents.start(rm.tracker(), agents, demo);
         Dashboard dashboard = Dashboard.start(rm, config)) {
      if (demo) {
        for (var agent : rm.agents()) {
          rm.allocation().admit(AgentSpec.custom(agent.id()).project(agent.id().equals(DemoAgents.WAVE) ? "batch"
              : "interactive").build());
        }
      }
      rm.start();
      out.println("dashboard: " + dashboard.uri());
      out.println(duration.isZero() ? "serving until Ctrl-C" : "serving for " + Durations.format(duration));
      out.flush();
      CountDownLatch never = new CountDownLatch(1);
      try {
        if (duration.isZero()) {
          never.await();
        } else {
          never.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException ctrlC) {
        return Cli.INTERRUPTED;
      }
    }
    return 0;
  }

  /**
   * The demo: a scaler and a per-agent alert on the wave agent's CPU, with thresholds in this machine's terms (an
   * agent's CPU is a share of all CPUs: the wave's peak, 90 % of a core, is 45 % of 2 CPUs), and allocation of
   * the machine's CPUs and 1 GiB between two weighted projects.
   */
  private static void demo(ResourceManager.Builder builder, AtomicInteger workers) {
    int cpus = Runtime.getRuntime().availableProcessors();
    double peak = 90.0 / cpus;
    builder.dynamicScaler(DEMO_SCALER, ScaleTarget.of(DEMO_SCALER, workers::get, workers::set),
        DynamicScalerConfig.custom().agentMetric(DemoAgents.WAVE, Metric.AGENT_CPU_USAGE)
            .scaleUpThreshold(round(peak * 0.6)).scaleDownThreshold(round(peak * 0.25))
            .minSize(1).maxSize(8).cooldown(Duration.ofSeconds(5)).build());
    builder.alertRule(AlertRule.custom().name(DEMO_ALERT).metric(Metric.AGENT_CPU_USAGE)
        .threshold(Severity.WARNING, round(peak * 0.5)).threshold(Severity.CRITICAL, round(peak * 0.8))
        .annotation("summary", "agent CPU at {{value}} % of all CPUs").build());
    builder.allocation(AllocationConfig.custom()
        .globalLimits(ResourceVector.of(Resource.CPU, Integer.toString(cpus)).with(Resource.MEMORY, "1Gi"))
        .strategy(SharingStrategy.weighted())
        .project(ProjectConfig.custom("interactive").weight(3).build())
        .project(ProjectConfig.custom("batch").weight(1).build())
        .build());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private DashboardConfig validate() {
    if (duration.isNegative()) {
      throw Usage.error(spec, "--duration", "must not be negative (0 serves until Ctrl-C)");
    }
    if (interval.isZero() || interval.isNegative()) {
      throw Usage.error(spec, "--interval", "must be positive");
    }
    if (agents < 0 || agents > 3) {
      throw Usage.error(spec, "--agents", "must be between 0 and 3");
    }
    DashboardConfig.Builder config = DashboardConfig.custom();
    try {
      config.port(port);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--port", "must be between 0 and 65535 (0: any free port)");
    }
    try {
      config.bindAddress(bind);
    } catch (IllegalArgumentException e) {
      throw Usage.message(spec, "--bind must be an IPv4 or IPv6 literal such as 127.0.0.1, ::1 or 0.0.0.0, was \""
          + bind + "\"");
    }
    for (String host : allowedHosts) {
      try {
        config.allowedHost(host);
      } catch (IllegalArgumentException e) {
        throw Usage.message(spec, "--allowed-host must be a host name or IP literal without port (build-box, "
            + "10.0.0.5, [fd00::5]), was \"" + host + "\"");
      }
    }
    if (allowedHosts.isEmpty() && !isLoopback(bind)) {
      throw Usage.message(spec, "--bind " + bind + " is not a loopback address, so other machines can reach the "
          + "dashboard: name the hosts it will be opened at with --allowed-host (e.g. " + hostName() + ")");
    }
    return config.build();
  }

  private static boolean isLoopback(String literal) {
    try {
      return InetAddress.getByName(literal).isLoopbackAddress(); // a validated literal: parsed, not looked up
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "this machine's name";
    }
  }
}
