package io.github.resourcemanager.test.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.MonitorStats;
import io.github.resourcemanager.monitor.SourceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a stress run was asked for and what it achieved.
 *
 * <p>CPU shares are of all logical CPUs over the real time the run lasted (CPU time is real, so even under a
 * manual ticker they use {@link System#nanoTime()}): {@code processCpuPercent} from this process's CPU time,
 * which includes everything else the JVM did meanwhile (GC, JIT, the code under test), and
 * {@code generatorCpuPercent} from the CPU time of the run's own CPU threads only.
 *
 * @param outcome how the run ended
 * @param failure what failed, if the outcome is {@link StressOutcome#FAILED}; else null
 * @param start when the run started (its clock, to the millisecond)
 * @param end when it ended (its clock, to the millisecond)
 * @param elapsed ticker time from start to end, at most the duration
 * @param targets what was asked for
 * @param achieved what was achieved
 * @param monitorBefore the statistics of the configured manager's monitor at the start, or null without one
 * @param monitorAfter the same at the end, or null
 * @param alerts the alerts of the configured manager that fired during the run, or null without a manager
 * @param scaling the decisions of the configured manager's scalers during the run, or null without a manager
 */
public record StressReport(StressOutcome outcome, @Nullable String failure, Instant start, Instant end,
    Duration elapsed, Targets targets, Achieved achieved, @Nullable MonitorStats monitorBefore,
    @Nullable MonitorStats monitorAfter, @Nullable Alerts alerts, @Nullable Scaling scaling) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the run was asked for.
   *
   * @param duration how long
   * @param cpuPercent the CPU target, a share of all logical CPUs (0 for none)
   * @param cpuThreads the threads generating it
   * @param memoryBytes the heap to hold
   * @param threads the parked threads
   * @param openFiles the open files
   */
  public record Targets(Duration duration, double cpuPercent, int cpuThreads, long memoryBytes, int threads, int openFiles) {}

  /**
   * What the run achieved.
   *
   * @param processCpuPercent this process's CPU use over the run, share of all logical CPUs; NaN if unknown
   * @param generatorCpuPercent the run's CPU threads' use over the run, share of all logical CPUs
   * @param peakMemoryBytes the most heap held
   * @param cpuThreads CPU threads started
   * @param threads the most parked threads alive
   * @param openFiles the most files open
   */
  public record Achieved(double processCpuPercent, double generatorCpuPercent, long peakMemoryBytes, int cpuThreads,
      int threads, int openFiles) {}

  /**
   * The alerts of the manager that fired during the run: those that had fired by its end and had not fired when it
   * started (an alert already firing at the start does not count; a new episode of the same rule does). Each is
   * counted once, at the severity it had when first seen firing: for threshold rules, the severity it fired with
   * (the run looks right after the alert pipeline evaluates each sample); for event alerts raised and resolved
   * between two samples, the severity they resolved with. Later escalations of the same alert are not counted again.
   *
   * @param raised how many alerts fired
   * @param bySeverity how many of them at each severity (every severity present, 0 included)
   * @param ids their ids, in the order they fired
   */
  public record Alerts(int raised, Map<Severity, Integer> bySeverity, List<String> ids) {
    /** Copies the collections. */
    public Alerts {
      Objects.requireNonNull(bySeverity, "bySeverity");
      Objects.requireNonNull(ids, "ids");
      Map<Severity, Integer> copy = new EnumMap<>(Severity.class);
      copy.putAll(bySeverity);
      bySeverity = Collections.unmodifiableMap(copy);
      ids = List.copyOf(ids);
    }
  }

  /**
   * The decisions of the manager's scalers during the run, as each scaler reported them.
   *
   * @param decisions every decision
   * @param scaledUp decisions that resized the target upwards
   * @param scaledDown decisions that resized it downwards
   * @param failed decisions that could not be carried out
   * @param byScaler the same counts per scaler, by name, in the manager's order
   */
  public record Scaling(int decisions, int scaledUp, int scaledDown, int failed, Map<String, ScalerCounts> byScaler) {
    /** Copies the map. */
    public Scaling {
      Objects.requireNonNull(byScaler, "byScaler");
      byScaler = Collections.unmodifiableMap(new LinkedHashMap<>(byScaler));
    }
  }

  /**
   * One scaler's decisions during the run.
   *
   * @param decisions every decision
   * @param scaledUp decisions that resized the target upwards
   * @param scaledDown decisions that resized it downwards
   * @param failed decisions that could not be carried out
   */
  public record ScalerCounts(int decisions, int scaledUp, int scaledDown, int failed) {}

  /** The report as a JSON object; see {@link #writeJson(Writer)}. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the report as a JSON object (pretty-printed): {@code outcome}, {@code failure}, {@code start} and
   * {@code end} (ISO-8601 UTC), {@code elapsed} (ISO-8601 duration) and {@code elapsedSeconds}, {@code targets},
   * {@code achieved}, {@code monitor} ({@code before} and {@code after} statistics), {@code alerts} ({@code raised},
   * {@code bySeverity} with lowercase severities, {@code ids}) and {@code scaling} ({@code decisions},
   * {@code scaledUp}, {@code scaledDown}, {@code failed}, {@code byScaler}); the last three are null without a
   * manager. NaN is null.
   * The writer is flushed and left open.
   */
  public void writeJson(Writer out) throws IOException {
    Objects.requireNonNull(out, "out");
    out.write(toJson());
    out.write('\n');
    out.flush();
  }

  /** Writes the report as JSON to {@code file} (UTF-8), replacing it. */
  public void writeJson(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
  }

  private ObjectNode tree() {
    ObjectNode root = JSON.createObjectNode();
    root.put("outcome", outcome.toString());
    root.put("failure", failure);
    root.put("start", start.toString());
    root.put("end", end.toString());
    root.put("elapsed", elapsed.toString());
    root.put("elapsedSeconds", elapsed.toNanos() / 1e9);
    ObjectNode t = root.putObject("targets");
    t.put("duration", targets.duration().toString());
    t.put("cpuPercent", targets.cpuPercent());
    t.put("cpuThreads", targets.cpuThreads());
    t.put("memoryBytes", targets.memoryBytes());
    t.put("threads", targets.threads());
    t.put("openFiles", targets.openFiles());
    ObjectNode a = root.putObject("achieved");
    number(a, "processCpuPercent", achieved.processCpuPercent());
    number(a, "generatorCpuPercent", achieved.generatorCpuPercent());
    a.put("peakMemoryBytes", achieved.peakMemoryBytes());
    a.put("cpuThreads", achieved.cpuThreads());
    a.put("threads", achieved.threads());
    a.put("openFiles", achieved.openFiles());
    if (monitorBefore == null && monitorAfter == null) {
      root.putNull("monitor");
    } else {
      ObjectNode m = root.putObject("monitor");
      stats(m, "before", monitorBefore);
      stats(m, "after", monitorAfter);
    }
    if (alerts == null) {
      root.putNull("alerts");
    } else {
      ObjectNode a2 = root.putObject("alerts");
      a2.put("raised", alerts.raised());
      ObjectNode bySeverity = a2.putObject("bySeverity");
      alerts.bySeverity().forEach((severity, count) -> bySeverity.put(severity.name().toLowerCase(Locale.ROOT), count));
      ArrayNode ids = a2.putArray("ids");
      alerts.ids().forEach(ids::add);
    }
    if (scaling == null) {
      root.putNull("scaling");
    } else {
      ObjectNode sc = root.putObject("scaling");
      counts(sc, scaling.decisions(), scaling.scaledUp(), scaling.scaledDown(), scaling.failed());
      ObjectNode byScaler = sc.putObject("byScaler");
      scaling.byScaler().forEach((name, c) ->
          counts(byScaler.putObject(name), c.decisions(), c.scaledUp(), c.scaledDown(), c.failed()));
    }
    return root;
  }

  private static void counts(ObjectNode node, int decisions, int up, int down, int failed) {
    node.put("decisions", decisions);
    node.put("scaledUp", up);
    node.put("scaledDown", down);
    node.put("failed", failed);
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static void stats(ObjectNode parent, String field, @Nullable MonitorStats stats) {
    if (stats == null) {
      parent.putNull(field);
      return;
    }
    ObjectNode s = parent.putObject(field);
    s.put("ticks", stats.ticks());
    s.put("skippedTicks", stats.skippedTicks());
    s.put("listenerFailures", stats.listenerFailures());
    s.put("droppedAgentValues", stats.droppedAgentValues());
    ArrayNode sources = s.putArray("sources");
    for (SourceStats src : stats.sources()) {
      ObjectNode o = sources.addObject();
      o.put("name", src.name());
      o.put("samples", src.samples());
      o.put("failures", src.failures());
      o.put("timeouts", src.timeouts());
    }
  }
}
