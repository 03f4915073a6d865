package io.github.resourcemanager.test.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.Alert;
import io.github.resourcemanager.alert.AlertRule;
import io.github.resourcemanager.alert.EventAlert;
import io.github.resourcemanager.alert.Severity;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.scale.DynamicScalerConfig;
import io.github.resourcemanager.scale.ScaleTarget;
import io.github.resourcemanager.test.ManualScheduler;
import io.github.resourcemanager.test.ManualTicker;
import io.github.resourcemanager.test.ResourceManagerExtension;
import io.github.resourcemanager.test.ScriptedSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alerts fired and the scaling decisions made while a run lasts, from the manager given to the run. */
class StressAlertsAndScalingTest {
  private static final AtomicInteger WORKERS = new AtomicInteger();

  /**
   * Rules that fire on the first breaching sample (CPU and memory at 75 % WARNING and 80 % CRITICAL, 1000 open files
   * CRITICAL), and a scaler "workers" that follows the CPU (up at 75 %, down at 25 %), no cooldown.
   */
  @RegisterExtension
  static final ResourceManagerExtension EXTENSION = ResourceManagerExtension.configure(b -> b.defaultAlertRules(false)
      .alertRules(List.of(
          AlertRule.custom().name("cpu-high").metric(Metric.SYSTEM_CPU_USAGE)
              .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build(),
          AlertRule.custom().name("memory-high").metric(Metric.SYSTEM_MEMORY_USAGE)
              .threshold(Severity.WARNING, 75).threshold(Severity.CRITICAL, 80).build(),
          AlertRule.custom().name("open-files-high").metric(Metric.PROCESS_OPEN_FILES)
              .threshold(Severity.CRITICAL, 1000).build()))
      .dynamicScaler("workers", ScaleTarget.of("workers", WORKERS::get, WORKERS::set),
          DynamicScalerConfig.custom().cpu().cooldown(Duration.ZERO).maxSize(10).build()));

  /**
   * A run from 0 s to 22 s. Before it (the sample at 0 s): open-files-high fires and the scaler scales down; neither
   * counts. During it: cpu-high fires at WARNING (5 s) and escalates (10 s: not a new alert), memory-high fires at
   * CRITICAL (5 s), an event alert is raised (12 s) and resolved (13 s) between two samples, cpu-high resolves
   * (15 s) and fires again at CRITICAL (20 s); the scaler goes up (5 s), up (10 s), down (15 s), up (20 s).
   */
  private static StressRun watchedRun(ResourceManager rm, ManualTicker ticker, ManualScheduler scheduler,
      ScriptedSource source, Clock clock) throws IOException {
    WORKERS.set(2);
    source.values(Metric.SYSTEM_CPU_USAGE, 10, 78, 85, 20, 90)
        .values(Metric.SYSTEM_MEMORY_USAGE, 50, 90)
        .values(Metric.PROCESS_OPEN_FILES, 2000);
    rm.start();
    ticker.advance(Duration.ZERO);
    StressRun run = StressGenerator.start(StressConfig.custom().duration(Duration.ofSeconds(22)).threads(1)
        .manager(rm).ticker(ticker).scheduler(scheduler).clock(clock).build());
    ticker.advance(Duration.ofSeconds(12));
    Alert oom = rm.alerts().raise(EventAlert.of("oom-killed", Severity.WARNING).withAgent("w1"));
    ticker.advance(Duration.ofSeconds(1));
    rm.alerts().resolve(oom.id());
    ticker.advance(Duration.ofSeconds(9));
    assertThat(run.isDone()).isTrue();
    return run;
  }

  @Test
  void countsEachAlertThatFiredDuringTheRunOnceAtItsSeverityWhenItFired(ResourceManager rm, ManualTicker ticker,
      ManualScheduler scheduler, ScriptedSource source, Clock clock) throws IOException {
    StressReport.Alerts alerts = watchedRun(rm, ticker, scheduler, source, clock).report().alerts();
    assertThat(alerts.raised()).isEqualTo(4);
    assertThat(alerts.bySeverity()).isEqualTo(Map.of(Severity.INFO, 0, Severity.WARNING, 2, Severity.CRITICAL, 2,
        Severity.EMERGENCY, 0));
    assertThat(alerts.ids()).containsExactly("cpu-high#2", "memory-high#3", "oom-killed/w1#4", "cpu-high#5");
  }

  @Test
  void countsTheScalingDecisionsMadeDuringTheRun(ResourceManager rm, ManualTicker ticker, ManualScheduler scheduler,
      ScriptedSource source, Clock clock) throws IOException {
    StressReport.Scaling scaling = watchedRun(rm, ticker, scheduler, source, clock).report().scaling();
    assertThat(scaling).isEqualTo(new StressReport.Scaling(4, 3, 1, 0,
        Map.of("workers", new StressReport.ScalerCounts(4, 3, 1, 0))));
    assertThat(WORKERS.get()).isEqualTo(3); // 2, down to 1 before the run, then 2, 3, 2, 3
    assertThat(rm.scaler("workers").decisions()).hasSize(5);
  }

  @Test
  void stopsWatchingWhenTheRunEnds(ResourceManager rm, ManualTicker ticker, ManualScheduler scheduler,
      ScriptedSource source, Clock clock) throws IOException {
    StressRun run = watchedRun(rm, ticker, scheduler, source, clock);
    assertThat(rm.removeListener(run.watch())).isFalse();
    assertThat(rm.scaler("workers").removeListener(run.watch())).isFalse();
  }

  @Test
  void writesAlertsAndScalingInTheJsonAndNullWithoutAManager(ResourceManager rm, ManualTicker ticker,
      ManualScheduler scheduler, ScriptedSource source, Clock clock) throws IOException {
    JsonNode json = new ObjectMapper().readTree(watchedRun(rm, ticker, scheduler, source, clock).report().toJson());
    assertThat(json.get("alerts").toString()).isEqualTo("{\"raised\":4,\"bySeverity\":{\"info\":0,\"warning\":2,"
        + "\"critical\":2,\"emergency\":0},\"ids\":[\"cpu-high#2\",\"memory-high#3\",\"oom-killed/w1#4\",\"cpu-high#5\"]}");
    assertThat(json.get("scaling").toString()).isEqualTo("{\"decisions\":4,\"scaledUp\":3,\"scaledDown\":1,\"failed\":0,"
        + "\"byScaler\":{\"workers\":{\"decisions\":4,\"scaledUp\":3,\"scaledDown\":1,\"failed\":0}}}");
    StressRun alone = StressGenerator.start(StressConfig.custom().duration(Duration.ofSeconds(1)).threads(1)
        .ticker(ticker).scheduler(scheduler).clock(clock).build());
    ticker.advance(Duration.ofSeconds(1));
    JsonNode without = new ObjectMapper().readTree(alone.report().toJson());
    assertThat(without.get("alerts").isNull()).isTrue();
    assertThat(without.get("scaling").isNull()).isTrue();
    assertThat(List.of(alone.report().alerts() == null, alone.report().scaling() == null)).containsOnly(true);
  }
}
