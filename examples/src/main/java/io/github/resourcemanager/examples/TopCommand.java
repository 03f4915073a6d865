package io.github.resourcemanager.examples;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.monitor.Agent;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A live, {@code top}-like view of the machine, this process, the JVM and a few demo agents. On a terminal each
 * sample redraws the screen in place (cursor home, clear); otherwise each sample is a plain block of lines.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = {"Show a live sample of the machine, the process and demo agents every interval.",
        "On a terminal the screen is redrawn in place; into a file or a pipe each sample is a block of lines."})
final class TopCommand implements Callable<Integer> {

  /** Cursor to the top left, then clear the screen: each frame replaces the last, as top and htop do. */
  static final String HOME_AND_CLEAR = "\u001B[H\u001B[2J";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @Option(names = "--duration", defaultValue = "15s", paramLabel = "DURATION",
      description = "How long to run (default: ${DEFAULT-VALUE}); 0 runs until Ctrl-C.")
  Duration duration;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Time between samples (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--agents", defaultValue = "3", paramLabel = "N",
      description = "Demo agents to run, 0 to 3 (default: ${DEFAULT-VALUE}).")
  int agents;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (duration.isNegative()) {
      throw Usage.error(spec, "--duration", "must not be negative (0 runs until Ctrl-C)");
    }
    if (interval.isZero() || interval.isNegative()) {
      throw Usage.error(spec, "--interval", "must be positive");
    }
    if (agents < 0 || agents > 3) {
      throw Usage.error(spec, "--agents", "must be between 0 and 3");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean redraw = Cli.terminals().stdout();
    try (ResourceManager rm = ResourceManager.custom().interval(interval).build();
         DemoAgents demo = DemoAgents.start(rm.tracker(), agents)) {
      AtomicBoolean first = new AtomicBoolean(true);
      rm.addListener(sample -> {
        // Printing is cheap next to the interval; a real program would hand this to its own thread.
        String frame = frame(sample, rm.agents(), first.getAndSet(false)); // read now: the sample is reused
        out.print(redraw ? HOME_AND_CLEAR + frame : System.lineSeparator() + frame);
        out.flush();
      });
      rm.start();
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
   * One frame: the time, the machine, the process, the JVM and each agent. Rates and CPU shares need two samples,
   * so the first frame shows {@code collecting} where they will be.
   */
  static String frame(Sample s, List<Agent> agents, boolean first) {
    String nan = first ? "collecting" : "-";
    StringBuilder b = new StringBuilder(1024);
    b.append(String.format(Locale.ROOT, "== %s UTC == %s registered ==%n", TIME.format(s.time()),
        Words.countIs(agents.size(), "agent")));
    b.append(String.format(Locale.ROOT, "machine  cpu %6s  mem %9s (%s)  swap %9s  load %s %s %s%n",
        pct(s.value(Metric.SYSTEM_CPU_USAGE), nan), bytes(s.value(Metric.SYSTEM_MEMORY_USED), nan),
        pct(s.value(Metric.SYSTEM_MEMORY_USAGE), nan), bytes(s.value(Metric.SYSTEM_SWAP_USED), nan),
        decimal(s.value(Metric.SYSTEM_LOAD_1M), nan), decimal(s.value(Metric.SYSTEM_LOAD_5M), nan),
        decimal(s.value(Metric.SYSTEM_LOAD_15M), nan)));
    b.append(String.format(Locale.ROOT, "         disk r %9s w %9s  net rx %9s tx %9s  files %s  threads %s%n",
        rate(s.value(Metric.SYSTEM_DISK_READ), nan), rate(s.value(Metric.SYSTEM_DISK_WRITE), nan),
        rate(s.value(Metric.SYSTEM_NETWORK_RECEIVE), nan), rate(s.value(Metric.SYSTEM_NETWORK_TRANSMIT), nan),
        count(s.value(Metric.SYSTEM_OPEN_FILES), nan), count(s.value(Metric.SYSTEM_THREADS), nan)));
    b.append(String.format(Locale.ROOT, "process  cpu %6s  rss %9s  threads %s  fds %s%n",
        pct(s.value(Metric.PROCESS_CPU_USAGE), nan), bytes(s.value(Metric.PROCESS_MEMORY_RESIDENT), nan),
        count(s.value(Metric.PROCESS_THREADS), nan), count(s.value(Metric.PROCESS_OPEN_FILES), nan)));
    b.append(String.format(Locale.ROOT, "jvm      heap %9s of %9s (max %9s)  gc %6s%n",
        bytes(s.value(Metric.JVM_HEAP_USED), nan), bytes(s.value(Metric.JVM_HEAP_COMMITTED), nan),
        bytes(s.value(Metric.JVM_HEAP_MAX), nan), pct(s.value(Metric.JVM_GC_OVERHEAD), nan)));
    for (Agent agent : agents) {
      b.append(String.format(Locale.ROOT, "agent    %-10s cpu %6s  alloc %9s  threads %s  cpu time %.2f s%n", agent.id(),
          pct(s.value(agent.id(), Metric.AGENT_CPU_USAGE), nan), rate(s.value(agent.id(), Metric.AGENT_ALLOCATION_RATE), nan),
          count(s.value(agent.id(), Metric.AGENT_THREADS), nan), agent.cpuTime().toNanos() / 1e9));
    }
    return b.toString();
  }

  static String pct(double v) {
    return pct(v, "-");
  }

  static String count(double v) {
    return count(v, "-");
  }

  static String bytes(double v) {
    return bytes(v, "-");
  }

  private static String pct(double v, String nan) {
    return Double.isNaN(v) ? nan : String.format(Locale.ROOT, "%.1f%%", v);
  }

  private static String count(double v, String nan) {
    return Double.isNaN(v) ? nan : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String decimal(double v, String nan) {
    return Double.isNaN(v) ? nan : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String rate(double v, String nan) {
    return Double.isNaN(v) ? nan : bytes(v, nan) + "/s";
  }

  /**
   * Bytes in binary units as people write them: {@code 512 MiB}, {@code 1.5 GiB}, {@code 900 B}; one decimal only
   * when the amount is not whole in its unit.
   */
  private static String bytes(double v, String nan) {
    if (Double.isNaN(v)) {
      return nan;
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    double tenths = Math.round(v * 10) / 10.0;
    return String.format(Locale.ROOT, u == 0 || tenths == Math.rint(tenths) ? "%.0f %s" : "%.1f %s", v, units[u]);
  }
}
