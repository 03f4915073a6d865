package io.github.resourcemanager.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.AlertState;
import io.github.resourcemanager.alert.Direction;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.micrometer.ResourceManagerMetrics;
import io.github.resourcemanager.micrometer.ResourceManagerMetricsConfig;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.ResourceSource;
import io.github.resourcemanager.monitor.SampleWriter;
import io.github.resourcemanager.monitor.Unit;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ScriptedSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the rule export against Prometheus' own rule engine: random rules (one to four severities,
 * either direction, clear thresholds, {@code for}, {@code keep_firing_for}, labels; machine, per-agent, sum and gauge
 * inputs) and random series (values at and around the thresholds, missing readings, agents that register late or
 * leave) are fed to the library, in process (its alert pipeline driven by a scripted source and a manual ticker), and
 * to {@code promtool test rules}, which evaluates the exported rules with Prometheus' rule manager on the series the
 * binder exposed at each step, as scraped from a {@link PrometheusMeterRegistry}. The firing alerts the library
 * reports at each evaluation (labels and severity included) are promtool's expected alerts; promtool fails on any
 * difference, and the test names the case and its random seed.
 */
class DifferentialRulesTest {

  static final long FIRST_SEED = 0x5EED_2026_0001L;
  static final int CASES = 520;
  static final int BATCH = 130;
  static final int STEPS = 30;
  static final Duration INTERVAL = Duration.ofMinutes(1);
  static final Metric AGENT_LOAD = Metric.of("agent.load.share", Unit.PERCENT, "share of the agent's budget in use");
  static final String GAUGE_NAME = "queue depth";

  private static final Pattern FAILED_ALERT = Pattern.compile("alertname: c(\\d+)(:active)?, time: ([^,]+),");
  private static final Pattern FAILED_RULE = Pattern.compile("rule: c(\\d+)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

  enum Kind { MACHINE, AGENT, SUM, GAUGE }

  /** One case: what the library did, and what promtool needs to do the same. */
  record CaseRun(int index, long seed, Kind kind, AlertRule rule, Map<String, Object> group, Map<String, String> series,
      List<Map<String, Object>> alertTests, int firingObservations, Set<Severity> severitiesSeen, boolean gate) {}

  @Test
  void libraryAndPrometheusFireTheSameAlertsAtEveryEvaluation(@TempDir Path dir) throws Exception {
    Path promtool = PrometheusBinaries.promtool();
    long started = System.nanoTime();
    List<CaseRun> runs = new ArrayList<>();
    String only = System.getProperty("differential.case"); // rerun one case: -Ddifferential.case=N
    for (int i = 0; i < CASES; i++) {
      if (only == null || only.equals(String.valueOf(i))) {
        runs.add(runCase(i, FIRST_SEED + i));
      }
    }
    if (only != null) {
      List<String> failures = promtoolFailures(promtool, dir, runs);
      System.out.println(Files.readString(dir.resolve("rules.yml")) + Files.readString(dir.resolve("test.yml")));
      assertThat(failures).isEmpty();
      return;
    }
    List<String> failures = new ArrayList<>();
    int invocations = 0;
    for (int from = 0; from < runs.size(); from += BATCH) {
      List<CaseRun> batch = runs.subList(from, Math.min(runs.size(), from + BATCH));
      failures.addAll(promtoolFailures(promtool, dir.resolve("batch-" + from), batch));
      invocations++;
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    int firing = runs.stream().mapToInt(CaseRun::firingObservations).sum();
    long gates = runs.stream().filter(CaseRun::gate).count();
    long escalations = runs.stream().filter(r -> r.severitiesSeen().size() >= 2).count();
    long hysteresis = runs.stream().filter(r -> r.rule().clearThreshold().isPresent()).count();
    long kept = runs.stream().filter(r -> !r.rule().keepFiringFor().isZero()).count();
    System.out.printf(Locale.ROOT, "differential rules: %d cases x %d evaluations in %d promtool runs, %.1f s; "
        + "%d firing alert observations, %d cases with a gate, %d with several severities firing, %d with a clear "
        + "threshold, %d with keep_firing_for%n", runs.size(), STEPS, invocations, seconds, firing, gates, escalations,
        hysteresis, kept);
    assertThat(failures).as("cases where Prometheus and the library disagree").isEmpty();
    // The random cases must exercise what they claim to: many alerts, the gate, escalation, hysteresis, keeping.
    assertThat(runs).hasSizeGreaterThanOrEqualTo(500);
    assertThat(firing).isGreaterThan(2000);
    assertThat(gates).isGreaterThan(50);
    assertThat(escalations).isGreaterThan(50);
    assertThat(hysteresis).isGreaterThan(100);
    assertThat(kept).isGreaterThan(100);
  }

  @Test
  void aDisagreementIsReportedWithTheCaseAndItsSeed(@TempDir Path dir) throws Exception {
    Path promtool = PrometheusBinaries.promtool();
    List<CaseRun> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      runs.add(runCase(i, FIRST_SEED + i));
    }
    // Take away one expected firing alert from the first case that has one: promtool must see Prometheus fire it.
    CaseRun victim = runs.stream().filter(r -> r.firingObservations() > 0).findFirst().orElseThrow();
    for (Map<String, Object> test : victim.alertTests()) {
      List<?> expected = (List<?>) test.get("exp_alerts");
      if (!expected.isEmpty()) {
        test.put("exp_alerts", List.of());
        break;
      }
    }
    List<String> failures = promtoolFailures(promtool, dir, runs);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).startsWith("case " + victim.index() + " (seed " + victim.seed() + ",")
        .contains("c" + victim.index() + " at ");
  }

  // ---------------------------------------------------------------- promtool

  private static List<String> promtoolFailures(Path promtool, Path dir, List<CaseRun> batch) throws Exception {
    Files.createDirectories(dir);
    YAMLMapper yaml = new YAMLMapper();
    List<Object> groups = new ArrayList<>();
    List<Object> series = new ArrayList<>();
    List<Object> tests = new ArrayList<>();
    for (CaseRun run : batch) {
      groups.add(run.group());
      run.series().forEach((name, values) -> series.add(Map.of("series", name, "values", values)));
      tests.addAll(run.alertTests());
    }
    yaml.writeValue(dir.resolve("rules.yml").toFile(), Map.of("groups", groups));
    Map<String, Object> testGroup = new LinkedHashMap<>();
    testGroup.put("interval", "1m");
    testGroup.put("input_series", series);
    testGroup.put("alert_rule_test", tests);
    Map<String, Object> testFile = new LinkedHashMap<>();
    testFile.put("rule_files", List.of("rules.yml"));
    testFile.put("evaluation_interval", "1m");
    testFile.put("tests", List.of(testGroup));
    yaml.writeValue(dir.resolve("test.yml").toFile(), testFile);

    PrometheusBinaries.Run result = PrometheusBinaries.run(dir, 600, promtool.toString(), "test", "rules", "test.yml");
    if (result.exitCode() == 0) {
      return List.of();
    }
    System.out.println(result.output().length() > 20_000 ? result.output().substring(0, 20_000) + "..." : result.output());
    Map<Integer, Set<String>> byCase = new TreeMap<>();
    Matcher m = FAILED_ALERT.matcher(result.output());
    while (m.find()) {
      byCase.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeSet<>())
          .add("c" + m.group(1) + (m.group(2) == null ? "" : m.group(2)) + " at " + m.group(3));
    }
    Matcher r = FAILED_RULE.matcher(result.output());
    while (r.find()) {
      byCase.computeIfAbsent(Integer.parseInt(r.group(1)), k -> new TreeSet<>()).add("rule evaluation failed");
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<Integer, Set<String>> e : byCase.entrySet()) {
      CaseRun run = batch.stream().filter(c -> c.index() == e.getKey()).findFirst().orElseThrow();
      String line = "case " + run.index() + " (seed " + run.seed() + ", " + run.kind() + ", " + run.rule() + "): "
          + e.getValue();
      System.out.println("DIFFERENTIAL FAILURE " + line);
      failures.add(line);
    }
    if (failures.isEmpty()) {
      failures.add("promtool failed without naming a case: " + result.output());
    }
    return failures;
  }

  // ---------------------------------------------------------------- one case, in process

  static CaseRun runCase(int index, long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    Kind kind = pick(rnd, Kind.MACHINE, Kind.MACHINE, Kind.AGENT, Kind.AGENT, Kind.SUM, Kind.GAUGE);
    double unit = kind == Kind.SUM ? 1_000_000 : 1;
    boolean above = rnd.nextInt(10) < 7;

    List<Severity> severities = new ArrayList<>();
    while (severities.isEmpty()) {
      for (Severity s : Severity.values()) {
        if (rnd.nextInt(100) < 45) {
          severities.add(s);
        }
      }
    }
    List<Integer> points = new ArrayList<>();
    for (int i = 0; i < severities.size(); i++) {
      points.add(i > 0 && rnd.nextInt(8) == 0 ? points.get(i - 1) : 5 + rnd.nextInt(91));
    }
    points.sort(above ? Integer::compare : (a, b) -> Integer.compare(b, a));
    AlertRule.Builder b = AlertRule.custom().name("c" + index).direction(above ? Direction.ABOVE : Direction.BELOW);
    List<Double> landmarks = new ArrayList<>();
    for (int i = 0; i < severities.size(); i++) {
      b.threshold(severities.get(i), points.get(i) * unit);
      landmarks.add((double) points.get(i));
    }
    if (rnd.nextInt(100) < 45) {
      double clear = points.get(0) + (above ? -1 : 1) * (1 + rnd.nextInt(15));
      b.clearThreshold(clear * unit);
      landmarks.add(clear);
    }
    b.forDuration(Duration.ofSeconds(pick(rnd, 0, 0, 60, 120, 180, 90)));
    b.keepFiringFor(Duration.ofSeconds(pick(rnd, 0, 0, 60, 120, 150)));
    if (rnd.nextInt(100) < 30) {
      b.label("team", "t" + rnd.nextInt(3));
    }

    ManualTicker ticker = new ManualTicker();
    ScriptedSource source = ScriptedSource.named("scripted");
    double[] gaugeValues = new double[STEPS];
    int[] step = {0};
    List<String> agentIds = new ArrayList<>();
    Map<String, Map<String, String>> agentLabels = new LinkedHashMap<>();
    int[] registerAt = new int[3];
    int[] unregisterAt = new int[3];
    Map<String, double[]> agentValues = new LinkedHashMap<>();
    switch (kind) {
      case MACHINE:
        b.metric(Metric.SYSTEM_CPU_USAGE);
        source.values(Metric.SYSTEM_CPU_USAGE, stream(rnd, landmarks, 1));
        break;
      case SUM: {
        b.sumOf(Metric.SYSTEM_DISK_READ, Metric.SYSTEM_DISK_WRITE);
        double[] sum = stream(rnd, landmarks, 1);
        double[] read = new double[STEPS];
        double[] write = new double[STEPS];
        for (int j = 0; j < STEPS; j++) {
          double part = Double.isNaN(sum[j]) ? 0 : Math.floor(sum[j] * rnd.nextDouble() * 2) / 2;
          read[j] = Double.isNaN(sum[j]) && rnd.nextBoolean() ? Double.NaN : part * unit;
          write[j] = Double.isNaN(sum[j]) && !Double.isNaN(read[j]) ? Double.NaN : (sum[j] - part) * unit;
        }
        source.values(Metric.SYSTEM_DISK_READ, read).values(Metric.SYSTEM_DISK_WRITE, write);
        break;
      }
      case AGENT: {
        b.metric(AGENT_LOAD);
        int agents = 1 + rnd.nextInt(3);
        for (int a = 0; a < agents; a++) {
          String id = "a" + a;
          agentIds.add(id);
          int project = rnd.nextInt(3);
          agentLabels.put(id, project == 0 ? Map.of() : Map.of("project", "p" + project));
          registerAt[a] = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(10) : 0;
          unregisterAt[a] = rnd.nextInt(4) == 0 ? 12 + rnd.nextInt(14) : Integer.MAX_VALUE;
          agentValues.put(id, stream(rnd, landmarks, 1));
        }
        break;
      }
      case GAUGE:
        System.arraycopy(stream(rnd, landmarks, 1), 0, gaugeValues, 0, STEPS);
        b.gauge(GAUGE_NAME, () -> gaugeValues[step[0]]);
        break;
      default:
        throw new AssertionError(kind);
    }
    AlertRule rule = b.build();

    ResourceManagerMetricsConfig config = ResourceManagerMetricsConfig.custom().tags("case", String.valueOf(index))
        .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusRules.Builder exporter = PrometheusRules.custom().metrics(config).groupName("case-" + index)
        .evaluationInterval(INTERVAL);
    if (kind == Kind.GAUGE) {
      Gauge meter = Gauge.builder("app.queue.depth", gaugeValues, v -> v[step[0]]).tags("case", String.valueOf(index))
          .strongReference(true).register(registry);
      exporter.gaugeMeter(GAUGE_NAME, meter.getId());
    }
    PrometheusRuleFile file = exporter.build().export(List.of(rule));
    assertThat(file.notExported()).as("case %d (seed %d): %s", index, seed, rule).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> group = (Map<String, Object>) ((List<Object>) new YAMLMapper().readValue(file.yaml(), Map.class)
        .get("groups")).get(0);
    Set<String> alertNames = new LinkedHashSet<>();
    for (Object r : (List<?>) group.get("rules")) {
      alertNames.add((String) ((Map<?, ?>) r).get("alert"));
    }
    boolean gate = alertNames.contains(rule.name() + RuleTranslator.GATE_SUFFIX);
    Set<String> referenced = new LinkedHashSet<>();
    Matcher ids = IDENTIFIER.matcher(new ObjectMapper().writeValueAsString(group.get("rules")));
    while (ids.find()) {
      referenced.add(ids.group());
    }

    Map<String, String[]> values = new LinkedHashMap<>();
    List<Map<String, Object>> alertTests = new ArrayList<>();
    int firingObservations = 0;
    Set<Severity> severitiesSeen = new TreeSet<>();
    // Agents' values are written only while they are registered: a source writing for an unknown agent registers it.
    Set<String> present = new LinkedHashSet<>();
    ResourceSource agentSource = new ResourceSource() {
      @Override
      public String name() {
        return "agents";
      }

      @Override
      public void sample(SampleWriter out) {
        for (String id : present) {
          out.setAgent(id, AGENT_LOAD, agentValues.get(id)[step[0]]);
        }
      }
    };
    try (ResourceManager rm = ResourceManager.custom().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .clock(ticker.clock(Instant.parse("2026-01-01T00:00:00Z"))).platformSources(false).source(source)
        .source(agentSource)
        .interval(INTERVAL).defaultAlertRules(false).alertRule(rule).build();
         ResourceManagerMetrics metrics = new ResourceManagerMetrics(rm, config)) {
      metrics.bindTo(registry);
      rm.start();
      for (int j = 0; j < STEPS; j++) {
        step[0] = j;
        for (int a = 0; a < agentIds.size(); a++) {
          if (registerAt[a] == j) {
            rm.tracker().register(agentIds.get(a), agentLabels.get(agentIds.get(a)));
            present.add(agentIds.get(a));
          }
          if (unregisterAt[a] == j) {
            rm.tracker().unregister(agentIds.get(a));
            present.remove(agentIds.get(a));
          }
        }
        ticker.advance(j == 0 ? Duration.ZERO : INTERVAL);

        Map<String, String> scraped = scrape(registry, referenced);
        for (Map.Entry<String, String> e : scraped.entrySet()) {
          values.computeIfAbsent(e.getKey(), k -> new String[STEPS])[j] = e.getValue();
        }
        List<Map<String, Object>> expected = new ArrayList<>();
        List<Map<String, Object>> expectedGate = new ArrayList<>();
        for (Alert alert : rm.alerts().activeAlerts()) {
          if (alert.state() != AlertState.FIRING) {
            continue;
          }
          firingObservations++;
          severitiesSeen.add(alert.severity());
          Map<String, String> labels = new TreeMap<>(alert.labels());
          labels.remove("alertname");
          labels.put("case", String.valueOf(index));
          expectedGate.add(Map.of("exp_labels", new TreeMap<>(labels)));
          labels.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
          expected.add(Map.of("exp_labels", labels));
        }
        alertTests.add(alertTest(j, rule.name(), expected));
        if (gate) {
          alertTests.add(alertTest(j, rule.name() + RuleTranslator.GATE_SUFFIX, expectedGate));
        }
      }
    } finally {
      registry.close();
    }
    Map<String, String> series = new LinkedHashMap<>();
    values.forEach((name, perStep) -> series.put(name, seriesValues(perStep)));
    return new CaseRun(index, seed, kind, rule, group, series, alertTests, firingObservations, severitiesSeen, gate);
  }

  private static Map<String, Object> alertTest(int step, String alertname, List<Map<String, Object>> expected) {
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("eval_time", step + "m");
    test.put("alertname", alertname);
    test.put("exp_alerts", expected);
    return test;
  }

  /** promtool's notation of one series: a value per step, {@code _} before it appeared, {@code stale} when it went. */
  private static String seriesValues(String[] perStep) {
    StringBuilder sb = new StringBuilder();
    boolean present = false;
    for (int j = 0; j < perStep.length; j++) {
      String v = perStep[j];
      sb.append(j == 0 ? "" : " ").append(v != null ? v : present ? "stale" : "_");
      present = v != null;
    }
    return sb.toString();
  }

  /** The samples of the text exposition whose metric name the rules refer to, by series, value as promtool reads it. */
  static Map<String, String> scrape(PrometheusMeterRegistry registry, Set<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : registry.scrape().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && names.contains(m.group(1))) {
        String series = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        String value = m.group(3);
        double v = Double.parseDouble(value);
        out.put(series, Double.isNaN(v) ? "NaN" : new BigDecimal(Double.toString(v)).toPlainString());
      }
    }
    return out;
  }

  /**
   * A series of readings around the landmarks (thresholds and clear threshold): often at one, or half a unit or a unit
   * off it, often anywhere from 0 to 100, sometimes missing (NaN), and repeated half of the time, so that breaches
   * last long enough for {@code for}.
   */
  private static double[] stream(SplittableRandom rnd, List<Double> landmarks, double scale) {
    double[] out = new double[STEPS];
    double previous = 50;
    double[] offsets = {-1, -0.5, 0, 0, 0.5, 1};
    for (int j = 0; j < STEPS; j++) {
      int r = rnd.nextInt(100);
      double v;
      if (j > 0 && r < 45) {
        v = previous;
      } else if (r < 52) {
        v = Double.NaN;
      } else if (r < 80) {
        v = landmarks.get(rnd.nextInt(landmarks.size())) + offsets[rnd.nextInt(offsets.length)];
      } else {
        v = rnd.nextInt(101);
      }
      out[j] = v * scale;
      previous = v;
    }
    return out;
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom rnd, T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }
}
