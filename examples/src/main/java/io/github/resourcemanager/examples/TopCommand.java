package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Snapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A live, {@code top}-like view of the machine, this process, the JVM and a few demo agents. */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = "Print a live sample of the machine, the process and demo agents every interval, for a bounded time.")
final class TopCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @Option(names = "--duration", defaultValue = "15s", description = "How long to run (default: ${DEFAULT-VALUE}); 0 runs until Ctrl-C.")
  Duration duration;

  @Option(names = "--interval", defaultValue = "1s", description = "Time between samples (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--agents", defaultValue = "3", description = "Demo agents to run, 0 to 3 (default: ${DEFAULT-VALUE}).")
  int agents;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (agents < 0 || agents > 3) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--agents must be between 0 and 3, was " + agents);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ResourceManager rm = ResourceManager.custom().interval(interval).build();
         DemoAgents demo = DemoAgents.start(rm.tracker(), agents)) {
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook = new Thread(stop::countDown, "top-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      rm.addListener(sample -> {
        // Printing is cheap next to the interval; a real program would hand this to its own thread.
        print(out, rm.currentUsage(), rm);
      });
      rm.start();
      if (duration.isZero()) {
        stop.await();
      } else {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  static void print(PrintWriter out, Snapshot s, ResourceManager rm) {
    StringBuilder b = new StringBuilder(1024);
    b.append(String.format(Locale.ROOT, "%n== %s UTC ==============================================================%n", TIME.format(s.time())));
    b.append(String.format(Locale.ROOT, "machine  cpu %6s  mem %9s (%s)  swap %9s  load %.2f %.2f %.2f%n",
        pct(s.value(Metric.SYSTEM_CPU_USAGE)), bytes(s.value(Metric.SYSTEM_MEMORY_USED)), pct(s.value(Metric.SYSTEM_MEMORY_USAGE)),
        bytes(s.value(Metric.SYSTEM_SWAP_USED)), s.value(Metric.SYSTEM_LOAD_1M), s.value(Metric.SYSTEM_LOAD_5M), s.value(Metric.SYSTEM_LOAD_15M)));
    b.append(String.format(Locale.ROOT, "         disk r %9s/s w %9s/s  net rx %9s/s tx %9s/s  files %s  threads %s%n",
        bytes(s.value(Metric.SYSTEM_DISK_READ)), bytes(s.value(Metric.SYSTEM_DISK_WRITE)),
        bytes(s.value(Metric.SYSTEM_NETWORK_RECEIVE)), bytes(s.value(Metric.SYSTEM_NETWORK_TRANSMIT)),
        count(s.value(Metric.SYSTEM_OPEN_FILES)), count(s.value(Metric.SYSTEM_THREADS))));
    b.append(String.format(Locale.ROOT, "process  cpu %6s  rss %9s  threads %s  fds %s%n",
        pct(s.value(Metric.PROCESS_CPU_USAGE)), bytes(s.value(Metric.PROCESS_MEMORY_RESIDENT)),
        count(s.value(Metric.PROCESS_THREADS)), count(s.value(Metric.PROCESS_OPEN_FILES))));
    b.append(String.format(Locale.ROOT, "jvm      heap %9s of %9s (max %9s)  gc %6s%n",
        bytes(s.value(Metric.JVM_HEAP_USED)), bytes(s.value(Metric.JVM_HEAP_COMMITTED)), bytes(s.value(Metric.JVM_HEAP_MAX)),
        pct(s.value(Metric.JVM_GC_OVERHEAD))));
    for (Agent agent : rm.agents()) {
      b.append(String.format(Locale.ROOT, "agent    %-10s cpu %6s  alloc %9s/s  threads %s  cpu time %.2f s%n", agent.id(),
          pct(s.value(agent.id(), Metric.AGENT_CPU_USAGE)), bytes(s.value(agent.id(), Metric.AGENT_ALLOCATION_RATE)),
          count(s.value(agent.id(), Metric.AGENT_THREADS)), agent.cpuTime().toNanos() / 1e9));
    }
    out.print(b);
    out.flush();
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
  }

  static String count(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  static String bytes(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }
}
