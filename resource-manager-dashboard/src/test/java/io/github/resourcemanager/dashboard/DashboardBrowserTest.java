package io.github.resourcemanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.allocate.AgentSpec;
import io.github.resourcemanager.allocate.AllocationConfig;
import io.github.resourcemanager.allocate.ProjectConfig;
import io.github.resourcemanager.allocate.Resource;
import io.github.resourcemanager.allocate.ResourceVector;
import io.github.resourcemanager.allocate.SharingStrategy;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real browser (headless Chromium): values appear and change as the {@link ManualTicker} moves,
 * the Acknowledge button acknowledges in the library, hostile labels and annotations show as text, and the page
 * with every panel filled is saved to {@code target/dashboard-screenshot.png}.
 */
@Tag("browser")
@ExtendWith(ChromiumExtension.class)
class DashboardBrowserTest {

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final int SAMPLES = 40;
  private static final String HOSTILE_LABEL = "<img src=x onerror=\"document.title='pwned'\">";
  private static final String HOSTILE_ANNOTATION = "<script>alert(1)</script>";
  private static final AtomicInteger WORKERS = new AtomicInteger();

  @RegisterExtension
  static final ResourceManagerExtension fixtures = ResourceManagerExtension.configure(b -> b
      .defaultAlertRules(false)
      .alertRule(AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
          .threshold(Severity.WARNING, 80).label("team", "platform")
          .annotation("summary", "<script>alert(1)</script> machine CPU at {{value}} %").build())
      .dynamicScaler("workers", ScaleTarget.of("workers", WORKERS::get, WORKERS::set), DynamicScalerConfig.custom()
          .cpu().scaleUpThreshold(90).scaleDownThreshold(82).minSize(2).maxSize(12).cooldown(Duration.ofSeconds(4)).build())
      .allocation(AllocationConfig.custom()
          .globalLimits(ResourceVector.of(Resource.CPU, "2").with(Resource.MEMORY, "4Gi"))
          .strategy(SharingStrategy.weighted())
          .project(ProjectConfig.custom("research").weight(3).build())
          .project(ProjectConfig.custom("batch").weight(1).build())
          .build())
      .interval(Duration.ofSeconds(1)));

  // Scripted values with at most one decimal, so the page's toFixed(1) and Java's %.1f agree.
  private static final double[] CPU = script(i -> 89 + 8 * Math.sin(i / 4.0));
  private static final double[] MEMORY = script(i -> Math.round((3.0 + 0.04 * i + 0.3 * Math.sin(i / 5.0)) * 10) / 10.0 * GIB);
  private static final double[] DISK_READ = script(i -> (3 + 2.5 * Math.sin(i / 3.0)) * MIB);
  private static final double[] DISK_WRITE = script(i -> (1.5 + 1.2 * Math.cos(i / 4.0)) * MIB);
  private static final double[] NET_RECEIVE = script(i -> (6 + 4 * Math.sin(i / 2.5)) * MIB);
  private static final double[] NET_TRANSMIT = script(i -> (2 + 1.5 * Math.cos(i / 3.5)) * MIB);
  private static final double[] PLANNER_CPU = script(i -> 22 + 9 * Math.sin(i / 4.0));
  private static final double[] CRAWLER_CPU = script(i -> 38 + 7 * Math.cos(i / 5.0));
  private static final double[] PLANNER_ALLOCATION = script(i -> (40 + 25 * Math.sin(i / 3.0)) * MIB);
  private static final double[] CRAWLER_ALLOCATION = script(i -> (70 + 30 * Math.cos(i / 4.0)) * MIB);

  private static double[] script(IntToDoubleFunction f) {
    double[] values = new double[SAMPLES + 5];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round(f.applyAsDouble(i) * 10) / 10.0;
    }
    return values;
  }

  @BeforeEach
  void twoWorkers() {
    WORKERS.set(2);
  }

  /** Scripts a busy machine with two agents, takes {@link #SAMPLES} samples, and raises a hostile event alert. */
  private static void busyMachine(ResourceManager rm, ScriptedSource source, ManualTicker ticker) {
    source.values(Metric.SYSTEM_CPU_USAGE, CPU)
        .values(Metric.PROCESS_CPU_USAGE, script(i -> 12 + 4 * Math.sin(i / 3.0)))
        .values(Metric.SYSTEM_MEMORY_USED, MEMORY)
        .values(Metric.SYSTEM_MEMORY_TOTAL, 8.0 * GIB)
        .values(Metric.SYSTEM_MEMORY_USAGE, script(i -> MEMORY[i] / (8.0 * GIB) * 100))
        .values(Metric.PROCESS_MEMORY_RESIDENT, script(i -> (900 + 40 * Math.sin(i / 6.0)) * MIB))
        .values(Metric.JVM_HEAP_USED, script(i -> (300 + 120 * ((i * 7) % 10) / 10.0) * MIB))
        .values(Metric.SYSTEM_DISK_READ, DISK_READ)
        .values(Metric.SYSTEM_DISK_WRITE, DISK_WRITE)
        .values(Metric.SYSTEM_NETWORK_RECEIVE, NET_RECEIVE)
        .values(Metric.SYSTEM_NETWORK_TRANSMIT, NET_TRANSMIT)
        .values(Metric.SYSTEM_LOAD_1M, script(i -> 1.6 + 0.4 * Math.sin(i / 6.0)))
        .agentValues("planner", Metric.AGENT_CPU_USAGE, PLANNER_CPU)
        .agentValues("planner", Metric.AGENT_ALLOCATION_RATE, PLANNER_ALLOCATION)
        .agentValues("crawler", Metric.AGENT_CPU_USAGE, CRAWLER_CPU)
        .agentValues("crawler", Metric.AGENT_ALLOCATION_RATE, CRAWLER_ALLOCATION);
    rm.allocation().admit(AgentSpec.custom("planner").project("research").build());
    rm.allocation().admit(AgentSpec.custom("crawler").project("batch").build());
    rm.start();
    ticker.advance(Duration.ofSeconds(SAMPLES - 1)); // SAMPLES samples, one a second from 00:00:00
    rm.alerts().raise(EventAlert.of("suspicious-input", Severity.CRITICAL).withAgent("crawler")
        .withLabel("source", HOSTILE_LABEL).withAnnotation("summary", HOSTILE_ANNOTATION));
  }

  private static void open(WebDriver driver, Dashboard dashboard) {
    driver.manage().logs().get(LogType.BROWSER); // forget what earlier pages logged
    driver.get(dashboard.uri().toString());
    await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(attribute(driver, "data-ready")));
  }

  private static String attribute(WebDriver driver, String name) {
    return driver.findElement(By.tagName("body")).getAttribute(name);
  }

  private static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** Takes the next sample and waits until the page shows it. */
  private static void tick(WebDriver driver, ManualTicker ticker, long expectedSequence) {
    ticker.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(expectedSequence).equals(attribute(driver, "data-sequence")));
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", v);
  }

  private static List<String> severeBrowserLogs(WebDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  @Test
  void metricValuesAppearAndChangeBetweenTicks(ResourceManager rm, ScriptedSource source, ManualTicker ticker,
      WebDriver driver) {
    busyMachine(rm, source, ticker);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      open(driver, dashboard);
      // The agents' legends show the latest values from the first frame on, before any tick arrives.
      assertThat(legendValues(driver, "chart-agent-cpu")).containsExactly("00:00:39",
          pct(PLANNER_CPU[SAMPLES - 1]), pct(CRAWLER_CPU[SAMPLES - 1]));
      assertThat(text(driver, "tile-cpu")).isEqualTo(pct(CPU[SAMPLES - 1]));
      assertThat(text(driver, "tile-memory")).isEqualTo(String.format(Locale.ROOT, "%.1f GiB", MEMORY[SAMPLES - 1] / GIB));
      assertThat(text(driver, "tile-agents")).isEqualTo("2");
      assertThat(text(driver, "status")).isEqualTo("live");

      tick(driver, ticker, SAMPLES + 1);
      assertThat(CPU[SAMPLES]).isNotEqualTo(CPU[SAMPLES - 1]);
      assertThat(text(driver, "tile-cpu")).isEqualTo(pct(CPU[SAMPLES]));
      assertThat(text(driver, "last-sample")).isEqualTo("last sample 00:00:40 UTC · #" + (SAMPLES + 1));

      tick(driver, ticker, SAMPLES + 2);
      assertThat(text(driver, "tile-cpu")).isEqualTo(pct(CPU[SAMPLES + 1]));
      for (String chart : List.of("chart-cpu", "chart-memory", "chart-disk", "chart-network", "chart-agent-cpu",
          "chart-agent-allocation")) {
        assertThat(driver.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).hasSize(1);
      }
      List<String> agentLegend = driver.findElements(By.cssSelector("#chart-agent-cpu .u-legend .u-label")).stream()
          .map(WebElement::getText).collect(Collectors.toList());
      assertThat(agentLegend).containsExactly("time", "planner", "crawler");
      assertThat(legendValues(driver, "chart-agent-cpu")).containsExactly("00:00:41",
          pct(PLANNER_CPU[SAMPLES + 1]), pct(CRAWLER_CPU[SAMPLES + 1]));
      assertThat(severeBrowserLogs(driver)).isEmpty();
      assertThat(attribute(driver, "data-csp-violations")).isNull();
    }
  }

  @Test
  void theAcknowledgeButtonAcknowledgesTheAlertInTheLibrary(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker, WebDriver driver) {
    busyMachine(rm, source, ticker);
    Alert cpuHigh = rm.alerts().activeAlerts().stream().filter(a -> a.name().equals("cpu-high")).findFirst().orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      open(driver, dashboard);
      By row = By.cssSelector("#alerts tr[data-alert-id='" + cpuHigh.id() + "']");
      WebElement button = driver.findElement(row).findElement(By.cssSelector("button.ack"));
      assertThat(button.getText()).isEqualTo("Acknowledge");

      button.click();

      await().atMost(Duration.ofSeconds(10)).until(() -> rm.alerts().find(cpuHigh.id()).orElseThrow().isAcknowledged());
      assertThat(rm.alerts().find(cpuHigh.id()).orElseThrow().acknowledgement().orElseThrow().by()).isEqualTo("dashboard");
      assertThat(dashboard.stats().acknowledgements()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(text(driver, "action-status")).isEqualTo("Acknowledged " + cpuHigh.id() + "."));

      tick(driver, ticker, SAMPLES + 1); // the next update shows it too
      WebElement shown = driver.findElement(row);
      assertThat(shown.getAttribute("data-acknowledged")).isEqualTo("true");
      assertThat(shown.findElement(By.cssSelector(".state-acknowledged")).getText())
          .isEqualTo("acknowledged by dashboard at 00:00:39");
      WebElement after = shown.findElement(By.cssSelector("button.ack"));
      assertThat(after.getText()).isEqualTo("Acknowledged");
      assertThat(after.isEnabled()).isFalse();
      Alert other = rm.alerts().activeAlerts().stream().filter(a -> a.name().equals("suspicious-input")).findFirst()
          .orElseThrow();
      assertThat(other.isAcknowledged()).as("only the clicked alert").isFalse();
      assertThat(severeBrowserLogs(driver)).isEmpty();
    }
  }

  @Test
  void labelsAndAnnotationsAreShownAsTextAndNeverRun(ResourceManager rm, ScriptedSource source, ManualTicker ticker,
      WebDriver driver) {
    busyMachine(rm, source, ticker);
    Alert hostile = rm.alerts().activeAlerts().stream().filter(a -> a.name().equals("suspicious-input")).findFirst()
        .orElseThrow();
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      open(driver, dashboard);
      tick(driver, ticker, SAMPLES + 1);
      WebElement row = driver.findElement(By.cssSelector("#alerts tr[data-alert-id='" + hostile.id() + "']"));
      assertThat(row.findElement(By.cssSelector(".annotation-text")).getText()).isEqualTo(HOSTILE_ANNOTATION);
      List<String> labels = row.findElements(By.cssSelector(".label-pair")).stream().map(WebElement::getText)
          .collect(Collectors.toList());
      assertThat(labels).containsExactly("source=" + HOSTILE_LABEL, "agent=crawler");
      List<String> ruleAnnotations = driver.findElements(By.cssSelector("#alerts .annotation-text")).stream()
          .map(WebElement::getText).collect(Collectors.toList());
      assertThat(ruleAnnotations).contains("<script>alert(1)</script> machine CPU at " + number(CPU[SAMPLES]) + " %");

      assertThat(driver.findElements(By.cssSelector("#alerts script, #alerts img"))).isEmpty();
      assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
      assertThat(driver.getTitle()).isEqualTo("resource-manager dashboard");
      assertThat(attribute(driver, "data-csp-violations")).isNull();
      assertThat(severeBrowserLogs(driver)).isEmpty();
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static List<String> legendValues(WebDriver driver, String chart) {
    return driver.findElements(By.cssSelector("#" + chart + " .u-legend .u-value")).stream().map(WebElement::getText)
        .collect(Collectors.toList());
  }

  private static List<String> legendLabels(WebDriver driver, String chart) {
    return driver.findElements(By.cssSelector("#" + chart + " .u-legend .u-label")).stream().map(WebElement::getText)
        .collect(Collectors.toList());
  }

  /** The labels of a chart's value axis, as the page drew them on its canvas. */
  private static List<String> yTicks(WebDriver driver, String chart) {
    return List.of(driver.findElement(By.cssSelector("#" + chart + " .uplot")).getAttribute("data-y-ticks").split("\\|"));
  }

  /**
   * The round ticks expected on a byte axis whose largest value is {@code max}, worked out as a person would: the
   * unit is the largest binary unit in which max is at least 1; the step is the smallest of {@code steps} (in that
   * unit) giving at most 5 intervals; the ticks run from 0 to the first multiple of the step at or above max.
   */
  private static List<String> roundTicks(double max, int[] steps, String suffix) {
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int unit = 0;
    double top = max;
    while (top >= 1024) {
      top /= 1024;
      unit++;
    }
    int step = steps[steps.length - 1];
    for (int s : steps) {
      if (top / s <= 5) {
        step = s;
        break;
      }
    }
    List<String> ticks = new java.util.ArrayList<>();
    for (long v = 0; v < top + step; v += step) {
      ticks.add(v == 0 ? "0" : v + " " + units[unit] + suffix);
      if (v >= top) {
        break;
      }
    }
    return ticks;
  }

  private static double max(double[]... series) {
    double m = 0;
    for (double[] s : series) {
      for (int i = 0; i <= SAMPLES; i++) { // the samples the page shows: the first SAMPLES and one tick more
        m = Math.max(m, s[i]);
      }
    }
    return m;
  }

  @Test
  void chartsTickAtRoundValuesInTheUnitShownAndTheMemoryChartShowsTheMachineTotal(ResourceManager rm,
      ScriptedSource source, ManualTicker ticker, WebDriver driver) {
    busyMachine(rm, source, ticker);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      open(driver, dashboard);
      tick(driver, ticker, SAMPLES + 1);
      // Memory: the machine total, 8 GiB, is the largest value: GiB, step 2 (8 / 2 = 4 intervals), 0 to 8 GiB.
      assertThat(yTicks(driver, "chart-memory")).containsExactly("0", "2 GiB", "4 GiB", "6 GiB", "8 GiB");
      assertThat(legendLabels(driver, "chart-memory")).containsExactly("time", "machine total", "machine used",
          "process resident", "JVM heap used");
      assertThat(legendValues(driver, "chart-memory").get(1)).isEqualTo("8.0 GiB");
      // Rates: steps of 1, 2, 5, 10 ... in MiB/s.
      int[] decimal = {1, 2, 5, 10, 20, 50, 100, 200, 500};
      assertThat(yTicks(driver, "chart-disk")).containsExactlyElementsOf(roundTicks(max(DISK_READ, DISK_WRITE), decimal, "/s"));
      assertThat(yTicks(driver, "chart-network"))
          .containsExactlyElementsOf(roundTicks(max(NET_RECEIVE, NET_TRANSMIT), decimal, "/s"));
      assertThat(yTicks(driver, "chart-agent-allocation"))
          .containsExactlyElementsOf(roundTicks(max(PLANNER_ALLOCATION, CRAWLER_ALLOCATION), decimal, "/s"));
      for (String chart : List.of("chart-disk", "chart-network", "chart-agent-allocation")) {
        assertThat(yTicks(driver, chart)).as(chart).allMatch(t -> t.equals("0") || t.matches("\\d+ MiB/s"));
      }
      assertThat(severeBrowserLogs(driver)).isEmpty();
    }
  }

  @Test
  void showsScalerDecisionsAndAllocationSharesAndSavesAScreenshot(ResourceManager rm, ScriptedSource source,
      ManualTicker ticker, WebDriver driver) throws IOException {
    busyMachine(rm, source, ticker);
    try (Dashboard dashboard = Dashboard.start(rm, 0)) {
      open(driver, dashboard);
      tick(driver, ticker, SAMPLES + 1);

      var scaler = rm.scaler("workers");
      var decisions = scaler.decisions(); // the decisions that changed something
      var newest = scaler.lastDecision().orElseThrow();
      // The rows: the latest evaluation, then the earlier decisions that changed something, newest first, up to
      // DEFAULT_DECISIONS rows in all; none of the unchanged evaluations between them.
      List<String> expectedTimes = new java.util.ArrayList<>(List.of(newest.time().toString().substring(11, 19)));
      for (int i = decisions.size() - 1; i >= 0 && expectedTimes.size() < DashboardConfig.DEFAULT_DECISIONS; i--) {
        if (!decisions.get(i).equals(newest)) {
          expectedTimes.add(decisions.get(i).time().toString().substring(11, 19));
        }
      }
      assertThat(expectedTimes.size()).as("the script scales more than once").isGreaterThan(2);
      List<WebElement> decisionRows = driver.findElements(By.cssSelector("#decisions tbody tr"));
      assertThat(decisionRows).extracting(r -> r.findElement(By.tagName("td")).getText())
          .containsExactlyElementsOf(expectedTimes);
      assertThat(decisionRows.get(0).getAttribute("data-latest")).isEqualTo("true");
      assertThat(decisionRows.subList(1, decisionRows.size()))
          .allSatisfy(r -> assertThat(r.getAttribute("data-latest")).isEqualTo("false"))
          .allSatisfy(r -> assertThat(r.findElements(By.tagName("td")).get(3).getText()).doesNotStartWith("UNCHANGED"));
      List<String> firstRow = decisionRows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText)
          .collect(Collectors.toList());
      String size = newest.current() + " → " + newest.applied()
          + (newest.desired() != newest.applied() ? " (desired " + newest.desired() + ")" : "");
      String direction = newest.desired() > newest.current() ? " UP" : newest.desired() < newest.current() ? " DOWN" : "";
      String outcome = newest.outcome().name() + direction;
      long unchanged = scaler.unchangedEvaluations();
      assertThat(firstRow).containsExactly("00:00:40", "workers\n" + (unchanged > 1 ? "latest · unchanged " + unchanged
          + " times in a row" : "latest"), size, outcome, newest.reason() + (newest.error().isEmpty() ? "" : " — " + newest.error()));

      assertThat(driver.findElement(By.id("allocation-section")).isDisplayed()).isTrue();
      List<String> header = driver.findElements(By.cssSelector("#allocation thead th")).stream().map(WebElement::getText)
          .collect(Collectors.toList());
      assertThat(header).containsExactly("Level", "Name", "Project", "State", "cpu", "memory");
      List<String> names = driver.findElements(By.cssSelector("#allocation .share-name")).stream()
          .map(WebElement::getText).collect(Collectors.toList());
      assertThat(names).containsExactly("global", "batch", "research", "crawler", "planner");
      assertThat(severeBrowserLogs(driver)).isEmpty();

      // The whole page: the window is made as tall as the document, then put back for the other tests.
      Dimension window = driver.manage().window().getSize();
      long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
      driver.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 16));
      Path screenshot = Path.of("target", "dashboard-screenshot.png");
      Files.createDirectories(screenshot.getParent());
      Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, screenshot, StandardCopyOption.REPLACE_EXISTING);
      driver.manage().window().setSize(window);
      byte[] png = Files.readAllBytes(screenshot);
      assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      assertThat(png.length).isGreaterThan(20_000);
    }
  }
}
