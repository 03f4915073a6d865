package io.github.resourcemanager.prometheus;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * One process of a fleet, for {@link PrometheusServerTest}: a {@link ResourceManager} sampling every second whose
 * agents ({@code <prefix>-0}, {@code <prefix>-1}, ...) report the given CPU usages (percent), bound to a Prometheus
 * registry served on a free loopback port. It writes the port to {@code <dir>/<prefix>.port} and runs until its
 * standard input closes or it is killed.
 *
 * <p>Usage: {@code FleetMember <dir> <prefix> <usage%>...}
 */
public final class FleetMember {

  /** The per-agent rule every member of the fleet runs in process, and Prometheus runs exported. */
  static final AlertRule AGENT_CPU_HIGH = AlertRule.custom().name("agent-cpu-high").metric(Metric.AGENT_CPU_USAGE)
      .threshold(Severity.WARNING, 50).annotation("summary", "{{agent}} uses {{value}} % of the machine's CPU").build();

  private FleetMember() {}

  /** Starts the member; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    try (Member member = start(prefix, java.util.Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble)
        .toArray())) {
      Path port = dir.resolve(prefix + ".port");
      Path tmp = dir.resolve(prefix + ".port.tmp");
      Files.writeString(tmp, String.valueOf(member.endpoint.address().getPort()));
      Files.move(tmp, port, StandardCopyOption.ATOMIC_MOVE);
      while (System.in.read() >= 0) {
        // runs until the parent closes our standard input
      }
    }
  }

  /** A running member: the manager, its binder and its endpoint. */
  static final class Member implements AutoCloseable {
    final ResourceManager manager;
    final ResourceManagerMetrics metrics;
    final PrometheusEndpoint endpoint;

    Member(ResourceManager manager, ResourceManagerMetrics metrics, PrometheusEndpoint endpoint) {
      this.manager = manager;
      this.metrics = metrics;
      this.endpoint = endpoint;
    }

    @Override
    public void close() {
      endpoint.close();
      metrics.close();
      manager.close();
    }
  }

  static Member start(String prefix, double... usages) throws Exception {
    ScriptedSource source = ScriptedSource.named("scripted");
    ResourceManager rm = ResourceManager.custom().interval(Duration.ofSeconds(1)).platformSources(false)
        .source(source).defaultAlertRules(false).alertRule(AGENT_CPU_HIGH).build();
    for (int i = 0; i < usages.length; i++) {
      rm.tracker().register(prefix + "-" + i, Map.of("project", "fleet"));
      source.agentValues(prefix + "-" + i, Metric.AGENT_CPU_USAGE, usages[i]);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm);
    metrics.bindTo(registry);
    rm.start();
    return new Member(rm, metrics, PrometheusEndpoint.custom(registry).port(0).start());
  }
}
