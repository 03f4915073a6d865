package io.github.resourcemanager.test.stress;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertEvent;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.HandlerOptions;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.AgentTracker;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.units.ByteSize;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: a program that shows which alerts the rules fire on this machine, live or on a recorded series.
 *
 * <ul>
 *   <li>{@code demo MINUTES CSV}: the demo's three agents (one keeps half a core busy, one churns buffers, one
 *       naps) sampled every second for MINUTES;
 *   <li>{@code stress MINUTES CSV}: the stress generator (half of all CPUs, 256 MiB of heap, 200 parked threads,
 *       200 open files) sampled every second for MINUTES;
 *   <li>{@code replay CSV}: the machine-level columns of a recorded series (this program's CSV, or the monitor's
 *       history export) fed sample by sample, at their recorded times, to a manager on a manual ticker.
 * </ul>
 *
 * Live runs write every sample's machine metrics to CSV (for a later replay) and print each alert event as it is
 * delivered, then a summary: which alerts fired, of the default rules and, for comparison, of the rules given
 * with {@code -Dcompare=old} (the defaults before they had {@code for} durations: CPU and memory 75/80 %, disk and
 * network 100 MiB/s, 1000 open files, all firing on the first sample).
 */
public final class AlertRunRecorder {

  private static final List<Metric> COLUMNS = List.of(Metric.SYSTEM_CPU_USAGE, Metric.SYSTEM_MEMORY_USED,
      Metric.SYSTEM_MEMORY_USAGE, Metric.SYSTEM_MEMORY_TOTAL, Metric.SYSTEM_SWAP_USED, Metric.SYSTEM_SWAP_USAGE,
      Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE, Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT,
      Metric.SYSTEM_OPEN_FILES, Metric.SYSTEM_THREADS, Metric.SYSTEM_LOAD_1M, Metric.SYSTEM_LOAD_5M,
      Metric.SYSTEM_LOAD_15M, Metric.PROCESS_CPU_USAGE, Metric.PROCESS_MEMORY_RESIDENT, Metric.PROCESS_THREADS,
      Metric.PROCESS_OPEN_FILES, Metric.JVM_HEAP_USED, Metric.JVM_HEAP_COMMITTED, Metric.JVM_HEAP_MAX,
      Metric.JVM_GC_TIME, Metric.JVM_GC_OVERHEAD);

  private AlertRunRecorder() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    switch (args[0]) {
      case "demo" -> live(out, Duration.ofMinutes(Long.parseLong(args[1])), Path.of(args[2]), false);
      case "stress" -> live(out, Duration.ofMinutes(Long.parseLong(args[1])), Path.of(args[2]), true);
      case "replay" -> replay(out, Path.of(args[1]));
      default -> throw new IllegalArgumentException("mode must be demo, stress or replay, was " + args[0]);
    }
  }

  /** The rules evaluated: the defaults, plus the former defaults as {@code old-...} with -Dcompare=old. */
  static List<AlertRule> rules() {
    List<AlertRule> rules = new ArrayList<>(AlertRule.defaultRules());
    if ("old".equals(System.getProperty("compare"))) {
      long mb = 1L << 20;
      rules.add(AlertRule.custom().name("old-cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build());
      rules.add(AlertRule.custom().name("old-memory-high").metric(Metric.SYSTEM_MEMORY_USAGE)
          .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build());
      rules.add(AlertRule.custom().name("old-disk-io-high").sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE)
          .threshold(Severity.WARNING, 100 * mb).build());
      rules.add(AlertRule.custom().name("old-network-io-high")
          .sumOf(Metric.SYSTEM_NETWORK_RECEIVE, Metric.SYSTEM_NETWORK_TRANSMIT).threshold(Severity.WARNING, 100 * mb)
          .build());
      rules.add(AlertRule.custom().name("old-open-files-high").metric(Metric.PROCESS_OPEN_FILES)
          .threshold(Severity.CRITICAL, 1000).build());
    }
    return rules;
  }

  private static void live(PrintStream out, Duration duration, Path csv, boolean stress) throws Exception {
    Tally tally = new Tally(out);
    try (ResourceManager rm = ResourceManager.custom().interval(Duration.ofSeconds(1)).defaultAlertRules(false)
        .alertRules(rules()).alertHandler(tally, HandlerOptions.ofDefaults().withName("tally")
            .withRateLimit(1_000_000, Duration.ofSeconds(1)).withQueueCapacity(100_000)).build();
         PrintWriter writer = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
      writer.println(header());
      // The demo run ends once the monitor has taken the run's samples, one per second.
      long samples = duration.toSeconds();
      java.util.concurrent.CountDownLatch sampled = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicLong taken = new java.util.concurrent.atomic.AtomicLong();
      rm.addListener(sample -> {
        writer.println(row(sample));
        writer.flush();
        if (taken.incrementAndGet() >= samples) {
          sampled.countDown();
        }
      });
      rm.start();
      out.printf("%s run of %s started %s; rules: %s%n", stress ? "stress" : "demo", duration, Instant.now(),
          rm.alerts().rules());
      if (stress) {
        try (StressRun run = StressGenerator.start(StressConfig.custom().duration(duration).cpuPercent(50)
            .memory(ByteSize.parse("256Mi")).threads(200).openFiles(200).manager(rm).build())) {
          while (!run.await(Duration.ofSeconds(60))) {
            out.printf("  %s%n", run.progress());
          }
          out.println("stress report: " + run.report().toJson());
        }
      } else {
        try (Demo demo = Demo.start(rm.tracker())) {
          sampled.await();
        }
      }
      rm.alerts().awaitDelivered(Duration.ofSeconds(10));
      tally.summary(rm.alerts().activeAlerts());
    }
  }

  private static void replay(PrintStream out, Path csv) throws Exception {
    Tally tally = new Tally(out);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    Map<Metric, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      String name = header[i].replaceAll(" \\[.*\\]$", "");
      for (Metric m : COLUMNS) {
        if (m.name().equals(name)) {
          columns.put(m, i);
        }
      }
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length > 1 && cells[1].isEmpty()) { // machine rows; agent rows name their agent
        rows.add(cells);
      }
    }
    Instant start = Instant.parse(rows.get(0)[0]);
    ManualTicker ticker = new ManualTicker();
    String[][] current = new String[1][];
    ResourceSource source = new ResourceSource() {
      @Override
      public String name() {
        return "recorded";
      }

      @Override
      public boolean mayBlock() {
        return false;
      }

      @Override
      public void close() {}

      @Override
      public void sample(SampleWriter writer) {
        columns.forEach((metric, column) -> {
          String cell = current[0][column];
          writer.set(metric, cell.isEmpty() ? Double.NaN : Double.parseDouble(cell));
        });
      }
    };
    try (ResourceManager rm = ResourceManager.custom().platformSources(false).source(source).ticker(ticker)
        .clock(ticker.clock(start)).interval(Duration.ofSeconds(1)).defaultAlertRules(false).alertRules(rules())
        .alertHandler(tally, HandlerOptions.ofDefaults().withName("tally")
            .withRateLimit(1_000_000, Duration.ofSeconds(1)).withQueueCapacity(100_000)).build()) {
      out.printf("replay of %s: %d samples from %s to %s%n", csv, rows.size(), start, rows.get(rows.size() - 1)[0]);
      for (String[] row : rows) {
        long at = Duration.between(start, Instant.parse(row[0])).toNanos();
        ticker.advance(Duration.ofNanos(at - ticker.read()));
        current[0] = row;
        rm.sampleNow();
      }
      rm.alerts().awaitDelivered(Duration.ofSeconds(10));
      tally.summary(rm.alerts().activeAlerts());
    }
  }

  private static String header() {
    StringBuilder sb = new StringBuilder("time,agent");
    for (Metric m : COLUMNS) {
      sb.append(',').append(m.name()).append(m.unit().symbol().isEmpty() ? "" : " [" + m.unit().symbol() + "]");
    }
    return sb.toString();
  }

  private static String row(Sample sample) {
    StringBuilder sb = new StringBuilder(Instant.ofEpochMilli(sample.epochMillis()).toString()).append(',');
    for (Metric m : COLUMNS) {
      double v = sample.value(m);
      sb.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
    }
    return sb.toString();
  }

  /** Prints every event and counts what fired, per rule and severity. */
  private static final class Tally implements AlertHandler {
    private final PrintStream out;
    private final Map<String, Integer> fired = new LinkedHashMap<>();

    Tally(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void handle(AlertEvent event) {
      Alert a = event.alert();
      out.printf("%s %-14s %-28s %-9s value=%s %s%n", event.time(), event.getClass().getSimpleName(), a.id(),
          a.severity(), String.format(Locale.ROOT, "%.1f", a.value()), a.annotations());
      if (event instanceof AlertEvent.Fired) {
        fired.merge(a.name() + " " + a.severity(), 1, Integer::sum);
      }
    }

    synchronized void summary(List<Alert> active) {
      out.println("fired: " + (fired.isEmpty() ? "nothing" : fired));
      out.println("active at the end: " + active.stream().map(a -> a.id() + " " + a.state() + " " + a.severity()).toList());
    }
  }

  /** The demo's three agents, as the CLI's demo runs them. */
  private static final class Demo implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private volatile boolean running = true;
    static volatile Object sink;

    static Demo start(AgentTracker tracker) {
      Demo demo = new Demo();
      for (String name : List.of("cruncher", "allocator", "napper")) {
        tracker.register(name);
        Runnable body = switch (name) {
          case "cruncher" -> demo::crunch;
          case "allocator" -> demo::allocate;
          default -> demo::nap;
        };
        demo.pool.execute(tracker.wrap(name, body));
      }
      return demo;
    }

    private void crunch() {
      long x = 0;
      while (running) {
        long end = System.nanoTime() + 5_000_000; // 5 ms busy, 5 ms idle
        while (System.nanoTime() < end) {
          x += x * 31 + 7;
        }
        sink = x;
        LockSupport.parkNanos(5_000_000);
      }
    }

    private void allocate() {
      while (running) {
        for (int i = 0; i < 64; i++) {
          sink = new byte[64 * 1024];
        }
        LockSupport.parkNanos(10_000_000);
      }
    }

    private void nap() {
      while (running) {
        LockSupport.parkNanos(50_000_000);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
